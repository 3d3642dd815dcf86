// The records inside a v2 batch: decompress the records section if needed, then walk the records
//   length varint | attributes int8 | timestamp delta varlong | offset delta varint | key | value | headers
// where key and value are varint length (-1 = null) + bytes, and headers a varint count of (key, value) pairs.
import { BATCH_HEADER_SIZE, codecOf, isLogAppendTime, readBatchHeader, type BatchHeader } from './batch.ts'
import { decompress } from './compression.ts'
import { RecordsFormatError, VarReader } from './varint.ts'

export interface RecordHeader {
  /** Header key bytes (UTF-8 in practice; kept as bytes so rewrites are exact). */
  key: Buffer
  value: Buffer | null
}

export interface BatchRecord {
  /** Absolute offset: base offset + offset delta. */
  offset: number
  offsetDelta: number
  /** base timestamp + timestamp delta (for LogAppendTime batches consumers use the batch max timestamp instead). */
  timestamp: number
  timestampDelta: number
  attributes: number
  key: Buffer | null
  value: Buffer | null
  headers: RecordHeader[]
}

/** The uncompressed records section of the batch of `size` bytes at `at`. Throws RecordsFormatError. */
export function recordsSection (batch: Buffer, at = 0, size?: number): Buffer {
  const header = readBatchHeader(batch, at)
  const end = at + (size ?? header.size)
  if (end > batch.length) throw new RecordsFormatError('record batch is cut off')
  return decompress(codecOf(header.attributes), batch.subarray(at + BATCH_HEADER_SIZE, end))
}

function readRecord (r: VarReader, header: BatchHeader): BatchRecord {
  const length = r.varint()
  if (length < 0) throw new RecordsFormatError(`negative record length ${length}`)
  const end = r.pos + length
  if (end > r.end) throw new RecordsFormatError(`record of ${length} bytes does not fit its batch`)
  const inner = new VarReader(r.buf, r.pos, end)
  const attributes = inner.bytes(1)[0]
  const timestampDelta = inner.varlong()
  const offsetDelta = inner.varint()
  const key = inner.nullableBytes()
  const value = inner.nullableBytes()
  const count = inner.varint()
  if (count < 0) throw new RecordsFormatError(`negative header count ${count}`)
  const headers: RecordHeader[] = []
  for (let i = 0; i < count; i++) {
    const hk = inner.nullableBytes()
    if (hk === null) throw new RecordsFormatError('record header key is null')
    headers.push({ key: hk, value: inner.nullableBytes() })
  }
  if (inner.pos !== end) throw new RecordsFormatError(`record has ${end - inner.pos} unread bytes`)
  r.pos = end
  return {
    offset: header.baseOffset + offsetDelta,
    offsetDelta,
    timestamp: header.baseTimestamp + timestampDelta,
    timestampDelta,
    attributes,
    key,
    value,
    headers
  }
}

/**
 * Iterates the records of the batch at `at` (decompressing first). Buffers in the results are views of the
 * batch, or of the decompressed section. Throws RecordsFormatError on malformed or undecodable data.
 */
export function * iterateRecords (batch: Buffer, at = 0): Generator<BatchRecord> {
  const header = readBatchHeader(batch, at)
  const section = recordsSection(batch, at, header.size)
  const r = new VarReader(section)
  for (let i = 0; i < header.recordCount; i++) yield readRecord(r, header)
  if (r.pos !== r.end) throw new RecordsFormatError(`record batch has ${r.end - r.pos} bytes after its ${header.recordCount} records`)
}

export function decodeRecords (batch: Buffer, at = 0): BatchRecord[] {
  return [...iterateRecords(batch, at)]
}

/** The timestamp a consumer sees for a record: the batch max timestamp under LogAppendTime, else its own. */
export function effectiveTimestamp (header: BatchHeader, record: BatchRecord): number {
  return isLogAppendTime(header.attributes) ? header.maxTimestamp : record.timestamp
}

/** Whole batches in `data` (the batch header of each, plus its position); stops at the first incomplete one. */
export function * splitBatches (data: Buffer): Generator<BatchHeader & { position: number }> {
  let pos = 0
  while (data.length - pos >= BATCH_HEADER_SIZE) {
    const header = readBatchHeader(data, pos)
    if (header.length < BATCH_HEADER_SIZE - 12 || pos + header.size > data.length) return
    yield { ...header, position: pos }
    pos += header.size
  }
}

/**
 * Compacted topics refuse records without a key (Kafka answers INVALID_RECORD 87). Returns the offset delta of the
 * first key-less record of the batch at `at`, or -1. Throws RecordsFormatError when the records cannot be read.
 */
export function firstNullKey (batch: Buffer, at = 0): number {
  for (const record of iterateRecords(batch, at)) if (record.key === null) return record.offsetDelta
  return -1
}
