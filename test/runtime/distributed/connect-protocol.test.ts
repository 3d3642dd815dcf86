import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CONFIG_MISMATCH, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, offeredProtocols, type Assignment
} from '../../../src/runtime/distributed/connect-protocol.ts'
import { eagerAssign } from '../../../src/runtime/distributed/eager-assignor.ts'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

test('v0 metadata: INT16 version | STRING url | INT64 configOffset (golden bytes)', () => {
  const bytes = encodeMetadata({ version: 0, url: 'http://a:8083/', configOffset: 5n, allocation: null })
  assert.deepEqual(bytes, hex('0000 000e 687474703a2f2f613a383038332f 0000000000000005'))
  assert.deepEqual(decodeMetadata(bytes), { version: 0, url: 'http://a:8083/', configOffset: 5n, allocation: null })
})

test('v1 metadata carries the current allocation as nullable bytes', () => {
  const none = encodeMetadata({ version: 1, url: 'u', configOffset: -1n, allocation: null })
  assert.deepEqual(none, hex('0001 0001 75 ffffffffffffffff ffffffff'))
  const allocation: Assignment = {
    version: 1, error: 0, leader: 'L', leaderUrl: 'U', configOffset: 3n, assigned: new Map([['c', [-1, 0]]]), revoked: new Map(), delay: 0
  }
  const withAlloc = encodeMetadata({ version: 2, url: 'u', configOffset: 3n, allocation })
  const decoded = decodeMetadata(withAlloc)
  assert.equal(decoded.version, 2)
  assert.deepEqual(decoded.allocation?.assigned, new Map([['c', [-1, 0]]]))
})

test('v0 assignment layout (golden bytes) and v1 with revoked + delay', () => {
  const v0: Assignment = { version: 0, error: 0, leader: 'L', leaderUrl: 'U', configOffset: 7n, assigned: new Map([['c', [-1, 1]]]), revoked: new Map(), delay: 0 }
  const b0 = encodeAssignment(v0)
  assert.deepEqual(b0, hex('0000 0000 0001 4c 0001 55 0000000000000007 00000001 0001 63 00000002 ffffffff 00000001'))
  // v0 bytes parse with the v1 layout: revoked empty, delay 0.
  assert.deepEqual(decodeAssignment(b0), v0)
  const v1: Assignment = { ...v0, version: 1, revoked: new Map([['d', [2]]]), delay: 300000 }
  const b1 = encodeAssignment(v1)
  assert.deepEqual(b1.subarray(b0.length), hex('00000001 0001 64 00000001 00000002 000493e0'))
  assert.deepEqual(decodeAssignment(b1), v1)
})

test('bad input: negative version, truncated bytes', () => {
  assert.throws(() => decodeAssignment(hex('ffff')), /Unsupported subscription version: -1/)
  assert.throws(() => decodeMetadata(hex('0000 0005 6162')), /Error reading field/)
})

test('offered protocols follow connect.protocol', () => {
  assert.deepEqual(offeredProtocols('eager'), ['default'])
  assert.deepEqual(offeredProtocols('compatible'), ['compatible', 'default'])
  assert.deepEqual(offeredProtocols('sessioned'), ['sessioned', 'compatible', 'default'])
})

test('eager assignor: connectors round-robin, then tasks continuing the same iterator', () => {
  const out = eagerAssign({
    leaderId: 'm1', leaderUrl: 'http://1/', leaderConfigOffset: 10n,
    members: new Map([['m2', 10n], ['m1', 10n], ['m3', 9n]]),
    connectors: new Map([['b', 2], ['a', 3]])
  })
  const view = (m: string): Record<string, number[]> => Object.fromEntries(out.get(m)!.assigned)
  // a→m1, b→m2; a0→m3, a1→m1, a2→m2, b0→m3, b1→m1
  assert.deepEqual(view('m1'), { a: [-1, 1], b: [1] })
  assert.deepEqual(view('m2'), { b: [-1], a: [2] })
  assert.deepEqual(view('m3'), { a: [0], b: [0] })
  assert.equal(out.get('m1')!.configOffset, 10n)
})

test('eager assignor: 3 workers × tasks.max=6 spread 2/2/2 tasks', () => {
  const out = eagerAssign({ leaderId: 'w1', leaderUrl: 'u', leaderConfigOffset: 1n, members: new Map([['w1', 1n], ['w2', 1n], ['w3', 1n]]), connectors: new Map([['c', 6]]) })
  const tasks = [...out.values()].map(a => (a.assigned.get('c') ?? []).filter(t => t >= 0).length)
  assert.deepEqual(tasks, [2, 2, 2])
})

test('eager assignor: a leader behind the members answers CONFIG_MISMATCH to all', () => {
  const out = eagerAssign({ leaderId: 'w1', leaderUrl: 'u', leaderConfigOffset: 4n, members: new Map([['w1', 4n], ['w2', 6n]]), connectors: new Map([['c', 1]]) })
  for (const a of out.values()) {
    assert.equal(a.error, CONFIG_MISMATCH)
    assert.equal(a.configOffset, 6n)
    assert.equal(a.assigned.size, 0)
  }
})
