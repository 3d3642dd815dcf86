// Record batch v2: CRC-32C, header parsing, validation of produced data, patches, builder/iterator round trips,
// and a batch written by hand from the format description (independent of our encoder).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { crc32c } from '@platformatic/wasm-utils'
import {
  readBatchHeader, validateBatches, patchBaseOffset, patchLeaderEpoch, setLogAppendTime, crcMatches, isLogAppendTime, hasDeleteHorizon, CONTROL_FLAG
} from '../../../src/broker/records/batch.ts'
import { buildBatch } from '../../../src/broker/records/builder.ts'
import { decodeRecords, firstNullKey, splitBatches } from '../../../src/broker/records/records.ts'
import { VarReader, writeVarint, writeVarlong, sizeOfVarint, sizeOfVarlong } from '../../../src/broker/records/varint.ts'
import { RecordErrors } from '../../../src/broker/records/errors.ts'

function zigzag (n: number): number[] {
  let v = ((n << 1) ^ (n >> 31)) >>> 0
  const out: number[] = []
  while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v >>>= 7 }
  out.push(v)
  return out
}

/** One-record-per-value batch written by hand from the format description. */
function handBatch (values: string[], ts = 1700000000000): Buffer {
  const records = values.map((value, i) => {
    const v = Buffer.from(value)
    const body = Buffer.from([0, ...zigzag(0), ...zigzag(i), ...zigzag(-1), ...zigzag(v.length), ...v, ...zigzag(0)])
    return Buffer.concat([Buffer.from(zigzag(body.length)), body])
  })
  const head = Buffer.alloc(61)
  head.writeInt8(2, 16)
  head.writeInt32BE(values.length - 1, 23)
  head.writeBigInt64BE(BigInt(ts), 27)
  head.writeBigInt64BE(BigInt(ts), 35)
  head.writeBigInt64BE(-1n, 43)
  head.writeInt16BE(-1, 51)
  head.writeInt32BE(-1, 53)
  head.writeInt32BE(values.length, 57)
  const all = Buffer.concat([head, ...records])
  all.writeInt32BE(all.length - 12, 8)
  all.writeUInt32BE(crc32c(all.subarray(21)), 17)
  return all
}

test('CRC-32C test vector', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xE3069283)
})

test('varints round trip, including negative and large values', () => {
  const buf = Buffer.alloc(64)
  for (const n of [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 31 - 1, -(2 ** 31)]) {
    const end = writeVarint(buf, 0, n)
    assert.equal(end, sizeOfVarint(n))
    assert.equal(new VarReader(buf).varint(), n)
  }
  for (const n of [0, -1, 1700000000000, -1700000000000, 2 ** 52, -(2 ** 52)]) {
    const end = writeVarlong(buf, 0, n)
    assert.equal(end, sizeOfVarlong(n))
    assert.equal(new VarReader(buf).varlong(), n)
  }
})

test('a hand-written batch parses, validates and decodes', () => {
  const batch = handBatch(['a', 'bb', 'ccc'])
  const h = readBatchHeader(batch)
  assert.equal(h.size, batch.length)
  assert.equal(h.magic, 2)
  assert.equal(h.recordCount, 3)
  assert.equal(h.lastOffset, 2)
  assert.equal(h.producerId, -1n)
  const checked = validateBatches(batch, 1 << 20)
  assert.ok(checked.ok)
  assert.deepEqual(decodeRecords(batch).map(r => [r.offset, r.key, r.value?.toString()]), [[0, null, 'a'], [1, null, 'bb'], [2, null, 'ccc']])
  assert.deepEqual(buildBatch([{ value: 'a' }, { value: 'bb' }, { value: 'ccc' }], { baseTimestamp: 1700000000000, partitionLeaderEpoch: 0 }), batch, 'the builder writes the same bytes')
})

test('builder and iterator round trip keys, values, headers, timestamps and producer fields', () => {
  const batch = buildBatch([
    { key: 'k1', value: 'v1', timestamp: 1000, headers: [{ key: 'h', value: 'x' }, { key: 'n', value: null }] },
    { key: null, value: null, timestamp: 900 },
    { key: Buffer.from([0, 255]), value: 'v3', timestamp: 1200 }
  ], { baseOffset: 42, producerId: 7n, producerEpoch: 3, baseSequence: 10, partitionLeaderEpoch: 5 })
  const h = readBatchHeader(batch)
  assert.deepEqual([h.baseOffset, h.lastOffsetDelta, h.baseTimestamp, h.maxTimestamp, h.producerId, h.producerEpoch, h.baseSequence, h.partitionLeaderEpoch], [42, 2, 1000, 1200, 7n, 3, 10, 5])
  assert.ok(crcMatches(batch))
  const records = decodeRecords(batch)
  assert.deepEqual(records.map(r => [r.offset, r.timestamp, r.key?.toString('hex') ?? null, r.value?.toString() ?? null]), [[42, 1000, '6b31', 'v1'], [43, 900, null, null], [44, 1200, '00ff', 'v3']])
  assert.deepEqual(records[0].headers.map(x => [x.key.toString(), x.value?.toString() ?? null]), [['h', 'x'], ['n', null]])
  assert.equal(firstNullKey(batch), 1)
  assert.equal(firstNullKey(buildBatch([{ key: 'a', value: null }])), -1)
})

test('delete horizon: attribute bit 6, horizon as base timestamp, record timestamps preserved', () => {
  const batch = buildBatch([{ key: 'k', value: null, timestamp: 5000 }], { deleteHorizonMs: 90000, lastOffsetDelta: 4, baseOffset: 10 })
  const h = readBatchHeader(batch)
  assert.ok(hasDeleteHorizon(h.attributes))
  assert.equal(h.baseTimestamp, 90000)
  assert.equal(h.lastOffset, 14)
  assert.equal(decodeRecords(batch)[0].timestamp, 5000)
})

test('validation refuses short, oversized, bad-magic, bad-CRC, inconsistent and control batches', () => {
  const good = buildBatch([{ value: 'x' }])
  const expect = (buf: Buffer, code: number, max = 1 << 20): void => {
    const r = validateBatches(buf, max)
    assert.equal(r.ok, false)
    if (!r.ok) assert.equal(r.errorCode, code, r.message)
  }
  expect(good.subarray(0, 40), RecordErrors.CORRUPT_MESSAGE)
  expect(good.subarray(0, good.length - 1), RecordErrors.CORRUPT_MESSAGE)
  const short = Buffer.from(good)
  short.writeInt32BE(48, 8)
  expect(short, RecordErrors.CORRUPT_MESSAGE)
  expect(good, RecordErrors.MESSAGE_TOO_LARGE, good.length - 1)
  assert.ok(validateBatches(good, good.length).ok, 'exactly max.message.bytes is fine')
  const magic = Buffer.from(good)
  magic[16] = 1
  expect(magic, RecordErrors.CORRUPT_MESSAGE)
  const crc = Buffer.from(good)
  crc[crc.length - 1] ^= 1
  expect(crc, RecordErrors.CORRUPT_MESSAGE)
  expect(buildBatch([{ value: 'x' }], { lastOffsetDelta: 3 }), RecordErrors.INVALID_RECORD)
  expect(buildBatch([{ value: 'x' }], { control: true }), RecordErrors.INVALID_RECORD)
  expect(Buffer.alloc(0), RecordErrors.CORRUPT_MESSAGE)
  const two = validateBatches(Buffer.concat([good, good]), 1 << 20)
  assert.ok(two.ok && two.batches.length === 2 && two.batches[1].position === good.length)
  assert.equal(CONTROL_FLAG, 0x20)
})

test('base offset and leader epoch patches keep the CRC; LogAppendTime recomputes it', () => {
  const batch = buildBatch([{ value: 'x', timestamp: 100 }])
  patchBaseOffset(batch, 0, 123456789012)
  patchLeaderEpoch(batch, 0, 0)
  assert.ok(crcMatches(batch))
  assert.equal(readBatchHeader(batch).baseOffset, 123456789012)
  setLogAppendTime(batch, 0, batch.length, 999)
  assert.ok(crcMatches(batch))
  const h = readBatchHeader(batch)
  assert.ok(isLogAppendTime(h.attributes))
  assert.equal(h.maxTimestamp, 999)
  assert.equal(h.baseTimestamp, 100)
})

test('splitBatches walks concatenated batches and stops at a partial one', () => {
  const a = buildBatch([{ value: 'a' }], { baseOffset: 0 })
  const b = buildBatch([{ value: 'b' }, { value: 'c' }], { baseOffset: 1 })
  const all = Buffer.concat([a, b])
  assert.deepEqual([...splitBatches(all)].map(x => [x.baseOffset, x.position]), [[0, 0], [1, a.length]])
  assert.equal([...splitBatches(all.subarray(0, all.length - 1))].length, 1)
})

test('malformed records throw instead of returning garbage', () => {
  const batch = buildBatch([{ value: 'hello' }])
  batch.writeInt32BE(2, 57)
  assert.throws(() => decodeRecords(batch), /RecordsFormatError|varint|does not fit/)
})
