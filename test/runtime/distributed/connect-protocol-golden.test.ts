// More hand-computed bytes of §5.2, next to connect-protocol.test.ts: the sessioned metadata with a nested
// allocation, null arrays, and the wire order ConnectorsAndTasks produces (connector instance first, then tasks).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, type Assignment } from '../../../src/runtime/distributed/connect-protocol.ts'
import { ConnectorsAndTasks } from '../../../src/runtime/distributed/connectors-and-tasks.ts'

/** Hex with whitespace and `# comments`. */
const hex = (s: string): Buffer => Buffer.from(s.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex')

test('v2 metadata with an allocation (golden bytes)', () => {
  const allocation: Assignment = {
    version: 2, error: 0, leader: 'm1', leaderUrl: 'u', configOffset: 12n, assigned: new Map([['c', [-1, 0]]]), revoked: new Map(), delay: 0
  }
  const bytes = encodeMetadata({ version: 2, url: 'http://w:8083/', configOffset: 12n, allocation })
  assert.deepEqual(bytes, hex(`
    0002                                   # version 2
    000e 687474703a2f2f773a383038332f      # url
    000000000000000c                       # config offset 12
    0000002e                               # allocation: 46 bytes
      0002 0000                            # version 2, error 0
      0002 6d31 0001 75                    # leader m1, leader url u
      000000000000000c                     # config offset
      00000001 0001 63 00000002 ffffffff 00000000   # assigned: c → [-1, 0]
      00000000                             # revoked: none
      00000000                             # delay 0
  `))
  assert.deepEqual(decodeMetadata(bytes), { version: 2, url: 'http://w:8083/', configOffset: 12n, allocation })
})

test('null assignment and revoked arrays (count -1) read as empty', () => {
  const a = decodeAssignment(hex('0001 0000 0001 4c 0001 55 0000000000000001 ffffffff ffffffff 00000000'))
  assert.deepEqual(a, { version: 1, error: 0, leader: 'L', leaderUrl: 'U', configOffset: 1n, assigned: new Map(), revoked: new Map(), delay: 0 })
})

test('a later version parses with the v1 layout (forward compatibility)', () => {
  const a = decodeAssignment(hex('0007 0000 0001 4c 0001 55 0000000000000001 00000000 00000000 00000064'))
  assert.equal(a.version, 7)
  assert.equal(a.delay, 100)
})

test('wire order: per connector the instance (-1) first, then its tasks in assignment order', () => {
  const set = ConnectorsAndTasks.of(['b'], [{ connector: 'a', task: 2 }, { connector: 'b', task: 1 }, { connector: 'a', task: 0 }])
  assert.deepEqual([...set.toAssignments()], [['b', [-1, 1]], ['a', [2, 0]]])
  const bytes = encodeAssignment({ version: 1, error: 0, leader: 'L', leaderUrl: 'U', configOffset: 0n, assigned: set.toAssignments(), revoked: new Map(), delay: 0 })
  assert.deepEqual(bytes.subarray(2 + 2 + 3 + 3 + 8), hex(`
    00000002
    0001 62 00000002 ffffffff 00000001
    0001 61 00000002 00000002 00000000
    00000000 00000000`))
  const back = ConnectorsAndTasks.fromAssignments(decodeAssignment(bytes).assigned)
  assert.deepEqual([...back.connectors], ['b'])
  assert.deepEqual(back.toStrings(), ['b', 'b-1', 'a-2', 'a-0'])
})
