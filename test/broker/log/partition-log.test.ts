// PartitionLog on both storages (memory and files): offsets, reads (KIP-74), validation, idempotent producers,
// timestamps, DeleteRecords, LogAppendTime, compacted-topic key checks, append notifications.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { readBatchHeader, isLogAppendTime, crcMatches } from '../../../src/broker/records/batch.ts'
import { splitBatches } from '../../../src/broker/records/records.ts'
import { Codec } from '../../../src/broker/records/compression.ts'
import { buildBatch } from '../../../src/broker/records/builder.ts'
import { batchOf, FakeClock, openLog, readAll, tempDir, type OpenOptions } from './helpers.ts'
import type { PartitionLog } from '../../../src/broker/log/partition-log.ts'

const storages = ['memory', 'file'] as const
const noWait = { minOneBatch: true, committed: false }

async function open (t: TestContext, storage: typeof storages[number], opts: OpenOptions = {}): Promise<PartitionLog> {
  const log = await openLog({ ...opts, dir: storage === 'file' ? await tempDir(t) : undefined })
  t.after(() => log.close())
  return log
}

for (const storage of storages) {
  test(`${storage}: offsets are dense from 0 and reads return whole batches with assigned offsets`, async t => {
    const log = await open(t, storage)
    assert.equal((await log.append(batchOf(['a', 'b']))).baseOffset, 0)
    assert.equal((await log.append(batchOf(['c']))).baseOffset, 2)
    assert.equal((await log.append(Buffer.concat([batchOf(['d']), batchOf(['e', 'f'])]))).baseOffset, 3, 'several batches in one append')
    assert.deepEqual([log.logStartOffset, log.logEndOffset, log.highWatermark, log.lastStableOffset], [0, 6, 6, 6])
    const read = await log.read(1, 1 << 20, noWait)
    assert.equal(read.errorCode, 0)
    const batches = [...splitBatches(read.records as Buffer)]
    assert.deepEqual(batches.map(b => [b.baseOffset, b.lastOffset, b.partitionLeaderEpoch]), [[0, 1, 0], [2, 2, 0], [3, 3, 0], [4, 5, 0]], 'from the batch holding offset 1')
    assert.deepEqual((await readAll(log)).map(r => [r.offset, r.value]), [[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e'], [5, 'f']])
    assert.equal((await log.read(6, 1000, noWait)).records, null, 'reading at the end is empty')
    assert.equal((await log.read(6, 1000, noWait)).errorCode, 0)
    assert.equal((await log.read(7, 1000, noWait)).errorCode, 1, 'past the end is OFFSET_OUT_OF_RANGE')
    assert.equal((await log.read(-1, 1000, noWait)).errorCode, 1)
  })

  test(`${storage}: KIP-74: the first batch is returned even when larger than the limit, but only when asked`, async t => {
    const log = await open(t, storage)
    const big = batchOf(['x'.repeat(500)])
    await log.append(big)
    await log.append(batchOf(['y']))
    assert.equal((await log.read(0, 10, noWait)).records?.length, big.length, 'exactly one batch')
    assert.equal((await log.read(0, 10, { minOneBatch: false, committed: false })).records, null)
    assert.equal((await log.read(0, big.length + 5, noWait)).records?.length, big.length, 'the second batch does not fit')
    assert.ok(((await log.read(0, 1 << 20, { minOneBatch: false, committed: true })).records?.length ?? 0) > big.length, 'read_committed reads to the LSO (= HW)')
  })

  test(`${storage}: corrupt or oversized input is refused and nothing is appended`, async t => {
    const log = await open(t, storage, { configs: { 'max.message.bytes': '200' } })
    const bad = batchOf(['a'])
    bad[bad.length - 1] ^= 0xff
    assert.equal((await log.append(bad)).errorCode, 2)
    assert.equal((await log.append(Buffer.from('garbage'))).errorCode, 2)
    assert.equal((await log.append(batchOf(['x'.repeat(300)]))).errorCode, 10)
    assert.equal((await log.append(Buffer.concat([batchOf(['ok']), bad]))).errorCode, 2, 'one bad batch fails the whole append')
    assert.equal(log.highWatermark, 0)
  })

  test(`${storage}: idempotent producer: a retried batch gets its original offset; gaps and old epochs are refused`, async t => {
    const log = await open(t, storage)
    const first = batchOf(['a', 'b'], { producerId: 7n, producerEpoch: 0, baseSequence: 0 })
    assert.equal((await log.append(first)).baseOffset, 0)
    assert.equal((await log.append(batchOf(['c'], { producerId: 7n, producerEpoch: 0, baseSequence: 2 }))).baseOffset, 2)
    const retry = await log.append(first)
    assert.deepEqual([retry.errorCode, retry.baseOffset], [0, 0], 'duplicate answered with the original offset')
    assert.equal(log.highWatermark, 3, 'duplicate not appended')
    const gap = await log.append(batchOf(['e'], { producerId: 7n, producerEpoch: 0, baseSequence: 5 }))
    assert.equal(gap.errorCode, 45)
    assert.match(gap.errorMessage ?? '', /expected sequence 3/)
    assert.equal((await log.append(batchOf(['f'], { producerId: 7n, producerEpoch: 1, baseSequence: 3 }))).errorCode, 45, 'a new epoch starts at 0')
    assert.equal((await log.append(batchOf(['g'], { producerId: 7n, producerEpoch: 1, baseSequence: 0 }))).baseOffset, 3)
    assert.equal((await log.append(batchOf(['h'], { producerId: 7n, producerEpoch: 0, baseSequence: 4 }))).errorCode, 47)
    assert.equal((await log.append(batchOf(['i'], { producerId: 8n, producerEpoch: 0, baseSequence: 17 }))).baseOffset, 4, 'an unknown producer starts anywhere')
    assert.equal((await log.append(batchOf(['plain']))).baseOffset, 5, 'producer id -1 skips the checks')
    assert.equal((await log.append(batchOf(['plain'], { producerId: -1n, producerEpoch: 0, baseSequence: 0 }))).baseOffset, 6)
    assert.equal(log.highWatermark, 7)
  })

  test(`${storage}: idempotent state wraps sequences at 2^31-1 and remembers the last five batches`, async t => {
    const log = await open(t, storage)
    const seqs = [0, 1, 2, 3, 4, 5]
    const sent = seqs.map(s => batchOf(['v'], { producerId: 1n, producerEpoch: 0, baseSequence: s }))
    for (const b of sent) await log.append(b)
    assert.equal((await log.append(sent[1])).baseOffset, 1, 'fifth-newest is still known')
    assert.equal((await log.append(sent[0])).errorCode, 45, 'sixth-newest is forgotten')
    const top = 0x7fffffff
    assert.equal((await log.append(batchOf(['a', 'b'], { producerId: 2n, producerEpoch: 0, baseSequence: top }))).errorCode, 0)
    assert.equal((await log.append(batchOf(['c'], { producerId: 2n, producerEpoch: 0, baseSequence: 0 }))).errorCode, 45, 'a 2-record batch from 2^31-1 ends at 0')
    assert.equal((await log.append(batchOf(['c'], { producerId: 2n, producerEpoch: 0, baseSequence: 1 }))).errorCode, 0, 'so the next one starts at 1')
    assert.equal((await log.append(batchOf(['a', 'b'], { producerId: 2n, producerEpoch: 0, baseSequence: top }))).baseOffset, 6, 'and the wrapped batch is still recognised as a retry')
  })

  test(`${storage}: offsets by timestamp and the max timestamp`, async t => {
    const log = await open(t, storage)
    await log.append(batchOf(['a'], { timestamp: 1000 }))
    await log.append(batchOf(['b'], { timestamp: 3000 }))
    await log.append(batchOf(['c'], { timestamp: 2000 }))
    await log.append(buildBatch([1500, 4000, 3500].map(ts => ({ value: String(ts), timestamp: ts }))))
    assert.deepEqual(await log.offsetForTimestamp(0), { errorCode: 0, offset: 0, timestamp: 1000 })
    assert.deepEqual(await log.offsetForTimestamp(1500), { errorCode: 0, offset: 1, timestamp: 3000 })
    assert.deepEqual(await log.offsetForTimestamp(3200), { errorCode: 0, offset: 4, timestamp: 4000 }, 'inside a batch: the record, not the batch')
    assert.deepEqual(await log.offsetForTimestamp(9000), { errorCode: 0, offset: -1, timestamp: -1 })
    assert.deepEqual(await log.maxTimestampOffset(), { errorCode: 0, offset: 4, timestamp: 4000 })
  })

  test(`${storage}: DeleteRecords moves the log start offset, at most to the high watermark`, async t => {
    const log = await open(t, storage)
    for (const v of ['a', 'b', 'c']) await log.append(batchOf([v], { timestamp: 1700000000000 }))
    assert.deepEqual(await log.deleteRecordsBefore(2), { errorCode: 0, lowWatermark: 2 })
    assert.equal((await log.read(0, 1000, noWait)).errorCode, 1)
    assert.deepEqual((await readAll(log)).map(r => r.value), ['c'])
    assert.deepEqual(await log.deleteRecordsBefore(9), { errorCode: 1, lowWatermark: 2 })
    assert.deepEqual(await log.deleteRecordsBefore(1), { errorCode: 0, lowWatermark: 2 }, 'never moves back')
    assert.deepEqual(await log.offsetForTimestamp(0), { errorCode: 0, offset: 2, timestamp: 1700000000000 })
    assert.deepEqual(await log.deleteRecordsBefore(3), { errorCode: 0, lowWatermark: 3 })
    assert.equal((await log.append(batchOf(['d']))).baseOffset, 3)
    assert.deepEqual((await readAll(log)).map(r => r.value), ['d'])
  })

  test(`${storage}: LogAppendTime stamps the batch max timestamp with broker time`, async t => {
    const clock = new FakeClock(5_000_000)
    const log = await open(t, storage, { configs: { 'message.timestamp.type': 'LogAppendTime' }, clock })
    const result = await log.append(batchOf(['a'], { timestamp: 10 }))
    assert.equal(result.logAppendTimeMs, 5_000_000)
    const h = readBatchHeader((await log.read(0, 1000, noWait)).records as Buffer)
    assert.ok(isLogAppendTime(h.attributes))
    assert.equal(h.maxTimestamp, 5_000_000)
    assert.deepEqual(await log.offsetForTimestamp(4_000_000), { errorCode: 0, offset: 0, timestamp: 5_000_000 })
  })

  test(`${storage}: compacted topics refuse records without a key (INVALID_RECORD)`, async t => {
    const log = await open(t, storage, { configs: { 'cleanup.policy': 'compact' } })
    const refused = await log.append(batchOf(['v', 'w'], { keys: ['k', null] }))
    assert.equal(refused.errorCode, 87)
    assert.equal((await log.append(batchOf(['v'], { keys: ['k'], codec: Codec.GZIP }))).errorCode, 0)
    assert.equal((await log.append(batchOf([null], { keys: ['k'] }))).errorCode, 0, 'tombstones have keys')
    assert.equal((await log.append(batchOf(['v'], { codec: Codec.LZ4 }))).errorCode, 87, 'checked inside compressed batches too')
  })

  test(`${storage}: concurrent appends and reads: offsets stay dense, reads only see whole written batches`, async t => {
    const log = await open(t, storage, { configs: { 'segment.bytes': '2000', 'index.interval.bytes': '300' } })
    const reads: Array<Promise<void>> = []
    const appends = Array.from({ length: 200 }, (_, i) => {
      if (i % 10 === 0) {
        reads.push(log.read(Math.floor(log.highWatermark / 2), 5000, noWait).then(r => {
          assert.equal(r.errorCode, 0)
          for (const b of splitBatches(r.records ?? Buffer.alloc(0))) assert.ok(b.baseOffset < r.highWatermark && crcMatches((r.records as Buffer).subarray(b.position, b.position + b.size)))
        }))
      }
      return log.append(batchOf([`v${i}`, `w${i}`]))
    })
    const results = await Promise.all(appends)
    await Promise.all(reads)
    assert.deepEqual(results.map(r => r.baseOffset), Array.from({ length: 200 }, (_, i) => i * 2), 'offsets in call order')
    const all = await readAll(log)
    assert.equal(all.length, 400)
    assert.ok(all.every((r, i) => r.offset === i && r.value === `${i % 2 === 0 ? 'v' : 'w'}${Math.floor(i / 2)}`))
  })

  test(`${storage}: onAppend wakes a waiting reader`, async t => {
    const log = await open(t, storage)
    let calls = 0
    const woke = new Promise<void>(resolve => {
      const off = log.onAppend(() => { calls++; off(); resolve() })
    })
    await log.append(batchOf(['a']))
    await woke
    await log.append(batchOf(['b']))
    assert.equal(calls, 1, 'unsubscribed')
  })
}

