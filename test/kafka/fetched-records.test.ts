// Fetch response batches → ConsumerRecords (offsets, timestamps, control batches, aborted transactions under
// read_committed) and the range assignor; pure unit tests on synthetic batches.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ClusterMetadata, ExtendedGroupProtocolSubscription, RecordsBatch } from '@platformatic/kafka'
import { convertBatches } from '../../src/kafka/fetched-records.ts'
import { rangeAssigner } from '../../src/kafka/range-assignor.ts'

function batch (firstOffset: number, values: Array<string | null>, opts: { producerId?: number, transactional?: boolean, control?: 'commit' | 'abort', logAppend?: number } = {}): RecordsBatch {
  const control = opts.control !== undefined
  let attributes = 0
  if (opts.transactional === true || control) attributes |= 0x10
  if (control) attributes |= 0x20
  if (opts.logAppend !== undefined) attributes |= 0x08
  const controlKey = Buffer.from([0, 0, 0, opts.control === 'commit' ? 1 : 0])
  const records = control
    ? [{ length: 0, attributes: 0, timestampDelta: 0n, offsetDelta: 0, key: controlKey, value: Buffer.alloc(6), headers: [] }]
    : values.map((v, i) => ({ length: 0, attributes: 0, timestampDelta: BigInt(i * 10), offsetDelta: i, key: null, value: v === null ? null : Buffer.from(v), headers: [[Buffer.from('h'), null]] as Array<[Buffer | null, Buffer | null]> }))
  return {
    firstOffset: BigInt(firstOffset), length: 0, partitionLeaderEpoch: 0, magic: 2, crc: 0, attributes, lastOffsetDelta: records.length - 1,
    firstTimestamp: 1000n, maxTimestamp: BigInt(opts.logAppend ?? 1000), producerId: BigInt(opts.producerId ?? -1), producerEpoch: 0, firstSequence: 0, records
  }
}

const view = (r: ReturnType<typeof convertBatches>): Array<[number, string | null]> => r.records.map(x => [x.offset, x.value === null ? null : x.value.toString()])

test('offsets and timestamps are absolute; records below the fetch offset and control batches are skipped', () => {
  const r = convertBatches('t', 3, 2, [batch(0, ['a', 'b', 'c', null]), batch(4, [], { control: 'commit', producerId: 1 }), batch(5, ['d'])], null, false)
  assert.deepEqual(view(r), [[2, 'c'], [3, null], [5, 'd']])
  assert.equal(r.nextOffset, 6)
  assert.deepEqual(r.records[0], { topic: 't', partition: 3, offset: 2, timestamp: 1020, timestampType: 'CreateTime', key: null, value: Buffer.from('c'), headers: [['h', null]] })
  const onlyControl = convertBatches('t', 0, 4, [batch(4, [], { control: 'commit', producerId: 1 })], null, false)
  assert.deepEqual(onlyControl, { records: [], nextOffset: 5 })
  assert.deepEqual(convertBatches('t', 0, 0, [], null, false), { records: [], nextOffset: null })
  const lat = convertBatches('t', 0, 0, [batch(0, ['x', 'y'], { logAppend: 777 })], null, false)
  assert.deepEqual(lat.records.map(x => [x.timestamp, x.timestampType]), [[777, 'LogAppendTime'], [777, 'LogAppendTime']])
})

test('read_committed drops the batches of aborted transactions up to their abort marker', () => {
  const batches = [
    batch(0, ['p1-a', 'p1-b'], { producerId: 1, transactional: true }), // aborted
    batch(2, ['p2-a'], { producerId: 2, transactional: true }), // committed
    batch(3, [], { producerId: 1, control: 'abort' }),
    batch(4, [], { producerId: 2, control: 'commit' }),
    batch(5, ['p1-c'], { producerId: 1, transactional: true }), // a later, committed transaction of producer 1
    batch(6, [], { producerId: 1, control: 'commit' }),
    batch(7, ['plain'])
  ]
  const aborted = [{ producerId: 1n, firstOffset: 0n }]
  assert.deepEqual(view(convertBatches('t', 0, 0, batches, aborted, true)), [[2, 'p2-a'], [5, 'p1-c'], [7, 'plain']])
  assert.deepEqual(view(convertBatches('t', 0, 0, batches, aborted, false)), [[0, 'p1-a'], [1, 'p1-b'], [2, 'p2-a'], [5, 'p1-c'], [7, 'plain']], 'read_uncommitted keeps everything')
  assert.equal(convertBatches('t', 0, 0, batches, aborted, true).nextOffset, 8)
})

test('range assignor: contiguous ranges per topic, members sorted by id, the first ones get the extra partitions', () => {
  const md = { topics: new Map([['a', { partitionsCount: 5 }], ['b', { partitionsCount: 1 }], ['c', { partitionsCount: 2 }]]) } as unknown as ClusterMetadata
  const member = (memberId: string, topics: string[]): [string, ExtendedGroupProtocolSubscription] => [memberId, { memberId, topics, version: 0 }]
  const members = new Map([member('m2', ['a', 'b']), member('m1', ['a', 'b', 'c']), member('m3', ['a'])])
  const result = rangeAssigner('m1', members, new Set(['a', 'b', 'c']), md)
  const byMember = Object.fromEntries(result.map(r => [r.memberId, Object.fromEntries([...r.assignments].map(([t, g]) => [t, g.partitions]))]))
  assert.deepEqual(byMember, {
    m1: { a: [0, 1], b: [0], c: [0, 1] },
    m2: { a: [2, 3] },
    m3: { a: [4] }
  })
})
