// Compression codecs both ways, and batches compared with @platformatic/kafka's record encoder/decoder (an
// independent implementation): its batches decode here and ours decode there, for every codec.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { snappyCompress, lz4Compress } from '@platformatic/wasm-utils'
import { createRecordsBatch, readRecordsBatch, Reader } from '@platformatic/kafka'
import { compress, decompress, Codec, isXerialFramed, xerialSnappy } from '../../../src/broker/records/compression.ts'
import { buildBatch } from '../../../src/broker/records/builder.ts'
import { decodeRecords } from '../../../src/broker/records/records.ts'
import { validateBatches, readBatchHeader, codecOf } from '../../../src/broker/records/batch.ts'

const sample = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(2000))

test('each codec decodes what its library encodes, and the other way round', () => {
  assert.deepEqual(decompress(Codec.GZIP, gzipSync(sample)), sample)
  assert.deepEqual(decompress(Codec.ZSTD, zstdCompressSync(sample)), sample)
  assert.deepEqual(decompress(Codec.LZ4, lz4Compress(sample)), sample)
  assert.deepEqual(decompress(Codec.SNAPPY, snappyCompress(sample)), sample, 'raw snappy block')
  for (const codec of [Codec.NONE, Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD]) {
    assert.deepEqual(decompress(codec, compress(codec, sample)), sample, `codec ${codec}`)
    assert.deepEqual(decompress(codec, compress(codec, Buffer.alloc(0))), Buffer.alloc(0), `codec ${codec}, empty`)
  }
})

test('snappy: xerial framing with several blocks', () => {
  const framed = xerialSnappy(sample)
  assert.ok(isXerialFramed(framed))
  assert.deepEqual(framed.subarray(8, 16), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]), 'version 1, compatible version 1')
  let blocks = 0
  for (let pos = 16; pos < framed.length; pos += 4 + framed.readInt32BE(pos)) blocks++
  assert.equal(blocks, Math.ceil(sample.length / 32768), '32 KiB blocks')
  assert.deepEqual(decompress(Codec.SNAPPY, framed), sample)
  const big = Buffer.alloc(100 * 1024, 7)
  assert.deepEqual(decompress(Codec.SNAPPY, xerialSnappy(big)), big)
  assert.ok(isXerialFramed(compress(Codec.SNAPPY, big)))
})

test('corrupt compressed data throws a RecordsFormatError', () => {
  for (const codec of [Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD]) {
    assert.throws(() => decompress(codec, Buffer.from('definitely not compressed data')), { name: 'RecordsFormatError' }, `codec ${codec}`)
  }
  assert.throws(() => decompress(7, sample), { name: 'RecordsFormatError' })
})

const algorithms = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const

test('@platformatic/kafka batches decode here, for every codec', () => {
  for (const [i, name] of algorithms.entries()) {
    const messages = [
      { topic: 't', key: Buffer.from('k1'), value: Buffer.from('v1'.repeat(100)), timestamp: 1700000000000n, headers: new Map([[Buffer.from('h'), Buffer.from('x')]]) },
      { topic: 't', key: Buffer.from('k2'), value: Buffer.from('v2'), timestamp: 1700000000005n }
    ]
    const batch = createRecordsBatch(messages, { compression: name, producerId: 5n, producerEpoch: 1, partitionLeaderEpoch: -1 }).buffer
    const checked = validateBatches(batch, 1 << 20)
    assert.ok(checked.ok, `${name}: ${checked.ok ? '' : checked.message}`)
    assert.equal(codecOf(readBatchHeader(batch).attributes), i)
    const records = decodeRecords(batch)
    assert.deepEqual(records.map(r => [r.offset, r.key?.toString(), r.value?.toString(), r.timestamp]), [[0, 'k1', 'v1'.repeat(100), 1700000000000], [1, 'k2', 'v2', 1700000000005]], name)
    assert.deepEqual(records[0].headers.map(h => [h.key.toString(), h.value?.toString()]), [['h', 'x']])
  }
})

test('our batches decode in @platformatic/kafka, for every codec', () => {
  for (const [i, name] of algorithms.entries()) {
    const batch = buildBatch([
      { key: 'a', value: 'x'.repeat(500), timestamp: 1000, headers: [{ key: 'h1', value: 'y' }] },
      { key: 'b', value: null, timestamp: 1010 }
    ], { codec: i, producerId: 9n, producerEpoch: 2, baseSequence: 4 })
    const decoded = readRecordsBatch(Reader.from(batch))
    assert.equal(decoded.crc, readBatchHeader(batch).crc, name)
    assert.equal(decoded.producerId, 9n)
    assert.equal(decoded.firstSequence, 4)
    assert.deepEqual(decoded.records.map(r => [r.offsetDelta, r.key?.toString(), r.value?.toString() ?? null]), [[0, 'a', 'x'.repeat(500)], [1, 'b', null]], name)
    assert.equal(decoded.records[0].headers[0][0]?.toString(), 'h1')
  }
})
