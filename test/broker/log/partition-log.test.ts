// PartitionLog (in memory): offsets, validation, idempotent-producer sequence checks, reads and timestamps.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { crc32c } from '@platformatic/wasm-utils'
import { PartitionLog } from '../../../src/broker/log/partition-log.ts'

function zigzag (n: number): number[] {
  let v = (n << 1) ^ (n >> 31)
  const out: number[] = []
  while ((v & ~0x7f) !== 0) { out.push((v & 0x7f) | 0x80); v >>>= 7 }
  out.push(v)
  return out
}

/** A record batch v2 with one record per value, written by hand from the format (so the test does not use our code). */
function batch (values: string[], opts: { producerId?: bigint, epoch?: number, baseSequence?: number, timestamp?: number, deltas?: number[] } = {}): Buffer {
  const ts = opts.timestamp ?? 1700000000000
  const records = values.map((value, i) => {
    const v = Buffer.from(value)
    const body = Buffer.from([0, ...zigzag(opts.deltas?.[i] ?? 0), ...zigzag(i), ...zigzag(-1), ...zigzag(v.length), ...v, ...zigzag(0)])
    return Buffer.concat([Buffer.from(zigzag(body.length)), body])
  })
  const head = Buffer.alloc(61)
  head.writeBigInt64BE(0n, 0)
  head.writeInt8(2, 16)
  head.writeInt16BE(0, 21)
  head.writeInt32BE(values.length - 1, 23)
  head.writeBigInt64BE(BigInt(ts), 27)
  head.writeBigInt64BE(BigInt(ts + Math.max(0, ...(opts.deltas ?? [0]))), 35)
  head.writeBigInt64BE(opts.producerId ?? -1n, 43)
  head.writeInt16BE(opts.epoch ?? -1, 51)
  head.writeInt32BE(opts.baseSequence ?? -1, 53)
  head.writeInt32BE(values.length, 57)
  const all = Buffer.concat([head, ...records])
  all.writeInt32BE(all.length - 12, 8)
  all.writeUInt32BE(crc32c(all.subarray(21)) >>> 0, 17)
  return all
}

const newLog = (): PartitionLog => new PartitionLog('t', 0, () => 1048588)

test('offsets are dense from 0 and reads return whole batches with assigned offsets', async () => {
  const log = newLog()
  assert.equal((await log.append(batch(['a', 'b']))).baseOffset, 0)
  assert.equal((await log.append(batch(['c']))).baseOffset, 2)
  assert.equal(log.highWatermark, 3)
  const read = await log.read(1, 1 << 20, { minOneBatch: true, committed: false })
  assert.equal(read.errorCode, 0)
  assert.equal(read.records?.readBigInt64BE(0), 0n, 'the batch holding offset 1 starts at 0')
  const second = (read.records as Buffer).subarray((read.records as Buffer).readInt32BE(8) + 12)
  assert.equal(second.readBigInt64BE(0), 2n)
  assert.equal((await log.read(3, 1000, { minOneBatch: true, committed: false })).records, null, 'reading at the end is empty')
  assert.equal((await log.read(4, 1000, { minOneBatch: true, committed: false })).errorCode, 1, 'past the end is OFFSET_OUT_OF_RANGE')
})

test('KIP-74: the first batch is returned even when larger than the limit, but only when asked', async () => {
  const log = newLog()
  await log.append(batch(['x'.repeat(500)]))
  assert.ok((await log.read(0, 10, { minOneBatch: true, committed: false })).records !== null)
  assert.equal((await log.read(0, 10, { minOneBatch: false, committed: false })).records, null)
})

test('corrupt input is refused with CORRUPT_MESSAGE and nothing is appended', async () => {
  const log = newLog()
  const bad = batch(['a'])
  bad[bad.length - 1] ^= 0xff
  assert.equal((await log.append(bad)).errorCode, 2)
  assert.equal((await log.append(Buffer.from('garbage'))).errorCode, 2)
  assert.equal(log.highWatermark, 0)
})

test('idempotent producer: a retried batch gets its original offset; gaps and old epochs are refused', async () => {
  const log = newLog()
  const first = batch(['a', 'b'], { producerId: 7n, epoch: 0, baseSequence: 0 })
  assert.equal((await log.append(first)).baseOffset, 0)
  assert.equal((await log.append(batch(['c'], { producerId: 7n, epoch: 0, baseSequence: 2 }))).baseOffset, 2)
  const retry = await log.append(first)
  assert.equal(retry.errorCode, 0)
  assert.equal(retry.baseOffset, 0, 'duplicate answered with the original offset')
  assert.equal(log.highWatermark, 3, 'duplicate not appended')
  assert.equal((await log.append(batch(['e'], { producerId: 7n, epoch: 0, baseSequence: 5 }))).errorCode, 45)
  assert.equal((await log.append(batch(['f'], { producerId: 7n, epoch: 1, baseSequence: 3 }))).errorCode, 45, 'a new epoch starts at 0')
  assert.equal((await log.append(batch(['g'], { producerId: 7n, epoch: 1, baseSequence: 0 }))).baseOffset, 3)
  assert.equal((await log.append(batch(['h'], { producerId: 7n, epoch: 0, baseSequence: 4 }))).errorCode, 47)
  assert.equal((await log.append(batch(['plain']))).baseOffset, 4, 'producer id -1 skips the checks')
})

test('offsets by timestamp, max timestamp and DeleteRecords', async () => {
  const log = newLog()
  await log.append(batch(['a'], { timestamp: 1000 }))
  await log.append(batch(['b'], { timestamp: 3000 }))
  await log.append(batch(['c'], { timestamp: 2000 }))
  assert.deepEqual(await log.offsetForTimestamp(1500), { offset: 1, timestamp: 3000 })
  assert.deepEqual(await log.offsetForTimestamp(9000), { offset: -1, timestamp: -1 })
  assert.deepEqual(await log.maxTimestampOffset(), { offset: 1, timestamp: 3000 })
  assert.deepEqual(await log.deleteRecordsBefore(2), { errorCode: 0, lowWatermark: 2 })
  assert.equal((await log.read(0, 1000, { minOneBatch: true, committed: false })).errorCode, 1)
  assert.deepEqual(await log.deleteRecordsBefore(9), { errorCode: 1, lowWatermark: 2 })
})

test('offsets by timestamp look at the records inside an uncompressed batch', async () => {
  const log = newLog()
  await log.append(batch(['a'], { timestamp: 500 }))
  await log.append(batch(['r0', 'r1', 'r2', 'r3', 'r4'], { timestamp: 1000, deltas: [0, 10, 20, 30, 40] }))
  assert.deepEqual(await log.offsetForTimestamp(501), { offset: 1, timestamp: 1000 })
  assert.deepEqual(await log.offsetForTimestamp(1025), { offset: 4, timestamp: 1030 })
  assert.deepEqual(await log.offsetForTimestamp(1040), { offset: 5, timestamp: 1040 })
  assert.deepEqual(await log.offsetForTimestamp(1041), { offset: -1, timestamp: -1 })
})
