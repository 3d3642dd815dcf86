// Record batch v2 (magic 2) header: layout, parsing, validation of produced data, and the in-place patches the
// broker makes. Base offset (0) and partition leader epoch (12) lie outside the CRC, so patching them needs no
// CRC work; LogAppendTime changes attributes and max timestamp, which are inside it, so the CRC is recomputed.
// CRC-32C covers bytes 21..end (attributes onwards).
import { crc32c } from '@platformatic/wasm-utils'
import { RecordErrors } from './errors.ts'

export const BASE_OFFSET = 0
export const LENGTH = 8
export const PARTITION_LEADER_EPOCH = 12
export const MAGIC = 16
export const CRC = 17
export const ATTRIBUTES = 21
export const LAST_OFFSET_DELTA = 23
export const BASE_TIMESTAMP = 27
export const MAX_TIMESTAMP = 35
export const PRODUCER_ID = 43
export const PRODUCER_EPOCH = 51
export const BASE_SEQUENCE = 53
export const RECORD_COUNT = 57
export const RECORDS = 61

/** Bytes before the batch length field is counted (base offset + length). */
export const LOG_OVERHEAD = 12
/** Header size = the smallest possible batch. */
export const BATCH_HEADER_SIZE = 61
/** Smallest legal value of the length field. */
export const MIN_BATCH_LENGTH = BATCH_HEADER_SIZE - LOG_OVERHEAD

export const CODEC_MASK = 0x07
export const TIMESTAMP_TYPE_FLAG = 0x08
export const TRANSACTIONAL_FLAG = 0x10
export const CONTROL_FLAG = 0x20
export const DELETE_HORIZON_FLAG = 0x40

export interface BatchHeader {
  baseOffset: number
  /** The length field: bytes after it. */
  length: number
  /** Whole batch size in bytes (length + 12). */
  size: number
  partitionLeaderEpoch: number
  magic: number
  crc: number
  attributes: number
  lastOffsetDelta: number
  /** baseOffset + lastOffsetDelta. */
  lastOffset: number
  baseTimestamp: number
  maxTimestamp: number
  producerId: bigint
  producerEpoch: number
  baseSequence: number
  recordCount: number
}

/** Parses the 61-byte header at `at` (the caller makes sure the bytes are there). Does not validate. */
export function readBatchHeader (buf: Buffer, at = 0): BatchHeader {
  const baseOffset = Number(buf.readBigInt64BE(at + BASE_OFFSET))
  const length = buf.readInt32BE(at + LENGTH)
  const lastOffsetDelta = buf.readInt32BE(at + LAST_OFFSET_DELTA)
  return {
    baseOffset,
    length,
    size: length + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(at + PARTITION_LEADER_EPOCH),
    magic: buf.readInt8(at + MAGIC),
    crc: buf.readUInt32BE(at + CRC),
    attributes: buf.readInt16BE(at + ATTRIBUTES),
    lastOffsetDelta,
    lastOffset: baseOffset + lastOffsetDelta,
    baseTimestamp: Number(buf.readBigInt64BE(at + BASE_TIMESTAMP)),
    maxTimestamp: Number(buf.readBigInt64BE(at + MAX_TIMESTAMP)),
    producerId: buf.readBigInt64BE(at + PRODUCER_ID),
    producerEpoch: buf.readInt16BE(at + PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(at + BASE_SEQUENCE),
    recordCount: buf.readInt32BE(at + RECORD_COUNT)
  }
}

export const codecOf = (attributes: number): number => attributes & CODEC_MASK
export const isLogAppendTime = (attributes: number): boolean => (attributes & TIMESTAMP_TYPE_FLAG) !== 0
export const isTransactional = (attributes: number): boolean => (attributes & TRANSACTIONAL_FLAG) !== 0
export const isControl = (attributes: number): boolean => (attributes & CONTROL_FLAG) !== 0
export const hasDeleteHorizon = (attributes: number): boolean => (attributes & DELETE_HORIZON_FLAG) !== 0

/** CRC-32C of bytes 21..end of the batch of `size` bytes at `at`. */
export function computeCrc (buf: Buffer, at = 0, size = buf.length - at): number {
  return crc32c(buf.subarray(at + ATTRIBUTES, at + size)) >>> 0
}

export function crcMatches (buf: Buffer, at = 0, size = buf.length - at): boolean {
  return computeCrc(buf, at, size) === buf.readUInt32BE(at + CRC)
}

export function writeCrc (buf: Buffer, at = 0, size = buf.length - at): void {
  buf.writeUInt32BE(computeCrc(buf, at, size), at + CRC)
}

/** Overwrites the base offset (outside the CRC). */
export function patchBaseOffset (buf: Buffer, at: number, offset: number): void {
  buf.writeBigInt64BE(BigInt(offset), at + BASE_OFFSET)
}

/** Overwrites the partition leader epoch (outside the CRC). */
export function patchLeaderEpoch (buf: Buffer, at: number, epoch: number): void {
  buf.writeInt32BE(epoch, at + PARTITION_LEADER_EPOCH)
}

/** LogAppendTime: sets attribute bit 3 and the max timestamp to `timestamp`, then recomputes the CRC. */
export function setLogAppendTime (buf: Buffer, at: number, size: number, timestamp: number): void {
  buf.writeInt16BE(buf.readInt16BE(at + ATTRIBUTES) | TIMESTAMP_TYPE_FLAG, at + ATTRIBUTES)
  buf.writeBigInt64BE(BigInt(timestamp), at + MAX_TIMESTAMP)
  writeCrc(buf, at, size)
}

export interface LocatedBatch extends BatchHeader {
  /** Where the batch starts in the validated buffer. */
  position: number
}

export type ValidationResult =
  | { ok: true, batches: LocatedBatch[] }
  | { ok: false, errorCode: number, message: string }

const fail = (errorCode: number, message: string): ValidationResult => ({ ok: false, errorCode, message })

/**
 * Validates produced data: one or more whole v2 batches, each with length between 49 and the frame, total size at
 * most `maxMessageBytes` (MESSAGE_TOO_LARGE), magic 2, a matching CRC-32C, a record count consistent with the last
 * offset delta, and no control batches (clients may not write those).
 */
export function validateBatches (buf: Buffer, maxMessageBytes: number): ValidationResult {
  const batches: LocatedBatch[] = []
  let pos = 0
  while (pos < buf.length) {
    if (buf.length - pos < BATCH_HEADER_SIZE) return fail(RecordErrors.CORRUPT_MESSAGE, `truncated record batch at byte ${pos}: ${buf.length - pos} bytes left, a batch needs at least ${BATCH_HEADER_SIZE}`)
    const length = buf.readInt32BE(pos + LENGTH)
    if (length < MIN_BATCH_LENGTH) return fail(RecordErrors.CORRUPT_MESSAGE, `record batch length ${length} at byte ${pos} is below the minimum ${MIN_BATCH_LENGTH}`)
    const size = length + LOG_OVERHEAD
    if (size > maxMessageBytes) return fail(RecordErrors.MESSAGE_TOO_LARGE, `record batch of ${size} bytes is larger than max.message.bytes (${maxMessageBytes})`)
    if (pos + size > buf.length) return fail(RecordErrors.CORRUPT_MESSAGE, `record batch at byte ${pos} claims ${size} bytes but only ${buf.length - pos} are present`)
    const magic = buf.readInt8(pos + MAGIC)
    if (magic !== 2) return fail(RecordErrors.CORRUPT_MESSAGE, `record batch magic ${magic} is not supported (only v2)`)
    if (!crcMatches(buf, pos, size)) return fail(RecordErrors.CORRUPT_MESSAGE, `record batch at byte ${pos} fails its CRC-32C check`)
    const header = readBatchHeader(buf, pos)
    if (isControl(header.attributes)) return fail(RecordErrors.INVALID_RECORD, 'producers may not write control batches')
    if (header.recordCount < 1 || header.lastOffsetDelta !== header.recordCount - 1) {
      return fail(RecordErrors.INVALID_RECORD, `record batch has ${header.recordCount} records but last offset delta ${header.lastOffsetDelta}`)
    }
    batches.push({ ...header, position: pos })
    pos += size
  }
  if (batches.length === 0) return fail(RecordErrors.CORRUPT_MESSAGE, 'no record batch')
  return { ok: true, batches }
}
