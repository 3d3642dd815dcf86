// Builds v2 record batches: for tests, compaction rewrites and (later) control batches. Offsets and timestamps are
// stored as deltas from the base offset / base timestamp; the CRC is computed at the end.
import {
  BASE_SEQUENCE, BASE_TIMESTAMP, BATCH_HEADER_SIZE, CONTROL_FLAG, DELETE_HORIZON_FLAG, LAST_OFFSET_DELTA, LOG_OVERHEAD,
  MAX_TIMESTAMP, PRODUCER_EPOCH, PRODUCER_ID, RECORD_COUNT, TIMESTAMP_TYPE_FLAG, TRANSACTIONAL_FLAG, writeCrc
} from './batch.ts'
import { compress, Codec } from './compression.ts'
import { sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from './varint.ts'

type Bytes = Buffer | string

export interface RecordInput {
  key?: Bytes | null
  value?: Bytes | null
  headers?: Array<{ key: Bytes, value?: Bytes | null }>
  /** Absolute timestamp; defaults to the batch's base timestamp. */
  timestamp?: number
  /** Defaults to the record's index. */
  offsetDelta?: number
  attributes?: number
}

export interface BatchOptions {
  baseOffset?: number
  /** Default -1, as clients send it (the log overwrites it). */
  partitionLeaderEpoch?: number
  /** Codec id (compression.ts `Codec`), default none. */
  codec?: number
  logAppendTime?: boolean
  transactional?: boolean
  control?: boolean
  producerId?: bigint
  producerEpoch?: number
  baseSequence?: number
  /** Default: the first record's timestamp, else Date.now(). Replaced by deleteHorizonMs when that is given. */
  baseTimestamp?: number
  /** Default: the largest record timestamp (-1 without records). */
  maxTimestamp?: number
  /** Default: the largest offset delta. Compaction keeps the original one so the batch spans the same offsets. */
  lastOffsetDelta?: number
  /** KIP-534: sets attribute bit 6 and stores the horizon as the base timestamp. */
  deleteHorizonMs?: number
}

const toBytes = (b: Bytes | null | undefined): Buffer | null => b === null || b === undefined ? null : typeof b === 'string' ? Buffer.from(b) : b

interface Prepared { attributes: number, tsDelta: number, offsetDelta: number, key: Buffer | null, value: Buffer | null, headers: Array<[Buffer, Buffer | null]>, bodySize: number }

const fieldSize = (b: Buffer | null): number => b === null ? sizeOfVarint(-1) : sizeOfVarint(b.length) + b.length

function writeField (buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) return writeVarint(buf, pos, -1)
  pos = writeVarint(buf, pos, b.length)
  return pos + b.copy(buf, pos)
}

/** Encodes the records section (uncompressed) of a batch. */
function encodeRecords (records: Prepared[]): Buffer {
  let total = 0
  for (const r of records) total += sizeOfVarint(r.bodySize) + r.bodySize
  const buf = Buffer.allocUnsafe(total)
  let pos = 0
  for (const r of records) {
    pos = writeVarint(buf, pos, r.bodySize)
    buf[pos++] = r.attributes
    pos = writeVarlong(buf, pos, r.tsDelta)
    pos = writeVarint(buf, pos, r.offsetDelta)
    pos = writeField(buf, pos, r.key)
    pos = writeField(buf, pos, r.value)
    pos = writeVarint(buf, pos, r.headers.length)
    for (const [hk, hv] of r.headers) {
      pos = writeField(buf, pos, hk)
      pos = writeField(buf, pos, hv)
    }
  }
  return buf
}

export function buildBatch (records: RecordInput[], options: BatchOptions = {}): Buffer {
  const firstTs = records.find(r => r.timestamp !== undefined)?.timestamp
  const defaultTs = options.baseTimestamp ?? firstTs ?? Date.now()
  const timestamps = records.map(r => r.timestamp ?? defaultTs)
  const baseTimestamp = options.deleteHorizonMs ?? defaultTs
  const prepared: Prepared[] = records.map((r, i) => {
    const key = toBytes(r.key)
    const value = toBytes(r.value)
    const headers = (r.headers ?? []).map(h => [toBytes(h.key) as Buffer, toBytes(h.value)] as [Buffer, Buffer | null])
    const tsDelta = timestamps[i] - baseTimestamp
    const offsetDelta = r.offsetDelta ?? i
    let bodySize = 1 + sizeOfVarlong(tsDelta) + sizeOfVarint(offsetDelta) + fieldSize(key) + fieldSize(value) + sizeOfVarint(headers.length)
    for (const [hk, hv] of headers) bodySize += fieldSize(hk) + fieldSize(hv)
    return { attributes: r.attributes ?? 0, tsDelta, offsetDelta, key, value, headers, bodySize }
  })
  const codec = options.codec ?? Codec.NONE
  const section = compress(codec, encodeRecords(prepared))
  let attributes = codec
  if (options.logAppendTime === true) attributes |= TIMESTAMP_TYPE_FLAG
  if (options.transactional === true) attributes |= TRANSACTIONAL_FLAG
  if (options.control === true) attributes |= CONTROL_FLAG
  if (options.deleteHorizonMs !== undefined) attributes |= DELETE_HORIZON_FLAG
  const maxOffsetDelta = prepared.reduce((m, r) => Math.max(m, r.offsetDelta), 0)
  const maxTimestamp = options.maxTimestamp ?? (timestamps.length === 0 ? -1 : Math.max(...timestamps))
  const batch = Buffer.alloc(BATCH_HEADER_SIZE + section.length)
  batch.writeBigInt64BE(BigInt(options.baseOffset ?? 0), 0)
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8)
  batch.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12)
  batch.writeInt8(2, 16)
  batch.writeInt16BE(attributes, 21)
  batch.writeInt32BE(options.lastOffsetDelta ?? maxOffsetDelta, LAST_OFFSET_DELTA)
  batch.writeBigInt64BE(BigInt(records.length === 0 && options.deleteHorizonMs === undefined ? options.baseTimestamp ?? -1 : baseTimestamp), BASE_TIMESTAMP)
  batch.writeBigInt64BE(BigInt(maxTimestamp), MAX_TIMESTAMP)
  batch.writeBigInt64BE(options.producerId ?? -1n, PRODUCER_ID)
  batch.writeInt16BE(options.producerEpoch ?? -1, PRODUCER_EPOCH)
  batch.writeInt32BE(options.baseSequence ?? -1, BASE_SEQUENCE)
  batch.writeInt32BE(records.length, RECORD_COUNT)
  section.copy(batch, BATCH_HEADER_SIZE)
  writeCrc(batch)
  return batch
}
