// Rebuilding a segment's state from its bytes, and checking a stored segment on start.
// - indexSegment: walks every batch (optionally CRC-checking it) and rebuilds the offset and time indexes, size,
//   next offset and largest timestamp. Offsets must grow batch after batch (compacted segments have gaps); in the
//   active segment they must also be contiguous. The walk stops at the first bad batch; the caller decides
//   between truncating (torn tail of the last segment) and taking the partition offline (damage anywhere else).
// - restoreSegment: for a cleanly closed log, trusts the index files when they are consistent and only walks the
//   batches after the last offset-index entry; otherwise falls back to indexSegment.
import { OffsetIndex, TimeIndex } from './indexes.ts'
import { scanBatches, type ReadFn } from './batch-scan.ts'
import type { SegmentState } from './segment.ts'

export interface IndexOptions {
  verifyCrc: boolean
  /** Require base offset = previous last offset + 1 (the active segment is never compacted). */
  contiguous: boolean
  indexIntervalBytes: number
  /** Offsets must be above this one (the previous segment's last offset). */
  afterOffset?: number
}

export interface IndexResult {
  state: SegmentState
  /** Bytes of whole, valid batches from the start. */
  validEnd: number
  /** Why the walk stopped before the end of the data. */
  problem?: string
}

export async function indexSegment (baseOffset: number, read: ReadFn, size: number, opts: IndexOptions): Promise<IndexResult> {
  const offsetIndex = new OffsetIndex(baseOffset)
  const timeIndex = new TimeIndex(baseOffset)
  let bytesSince = 0
  let maxTimestamp = -1
  let lastBatchOffset = -1
  let prevLast = Math.max(baseOffset - 1, opts.afterOffset ?? -1)
  let first = true
  let rollStartMs: number | undefined
  const result = await scanBatches(read, 0, size, { verifyCrc: opts.verifyCrc }, (h, position) => {
    if (h.baseOffset <= prevLast || h.lastOffset < h.baseOffset) return `batch at position ${position} has offsets ${h.baseOffset}..${h.lastOffset} after offset ${prevLast}`
    if (opts.contiguous && !first && h.baseOffset !== prevLast + 1) return `batch at position ${position} starts at offset ${h.baseOffset}, expected ${prevLast + 1}`
    const maxTs = Math.max(maxTimestamp, h.maxTimestamp)
    if (bytesSince > opts.indexIntervalBytes) {
      offsetIndex.append(h.baseOffset, position)
      timeIndex.maybeAppend(maxTs, h.baseOffset)
      bytesSince = 0
    }
    bytesSince += h.size
    rollStartMs ??= h.maxTimestamp
    maxTimestamp = maxTs
    lastBatchOffset = h.baseOffset
    prevLast = h.lastOffset
    first = false
  })
  if (lastBatchOffset >= 0) timeIndex.maybeAppend(maxTimestamp, lastBatchOffset)
  const state: SegmentState = {
    size: result.end,
    nextOffset: lastBatchOffset < 0 ? baseOffset : prevLast + 1,
    maxTimestamp,
    lastBatchOffset,
    offsetIndex,
    timeIndex,
    rollStartMs
  }
  return { state, validEnd: result.end, problem: result.problem }
}

/**
 * Restores a cleanly closed segment from its index files plus a walk of the batches after the last indexed one.
 * Undefined when the index files are missing, torn or do not match the data (then indexSegment is needed).
 */
export async function restoreSegment (baseOffset: number, read: ReadFn, size: number, offsetData: Buffer | undefined, timeData: Buffer | undefined, opts: IndexOptions): Promise<SegmentState | undefined> {
  if (offsetData === undefined || timeData === undefined) return undefined
  const offsetIndex = OffsetIndex.decode(baseOffset, offsetData, size)
  const timeIndex = TimeIndex.decode(baseOffset, timeData)
  if (offsetIndex === undefined || timeIndex === undefined) return undefined
  if (size > 0 && timeIndex.length === 0) return undefined
  const start = offsetIndex.lookup(Number.MAX_SAFE_INTEGER)
  let maxTimestamp = -1
  let lastBatchOffset = -1
  let prevLast = -1
  let bad = false
  let rollStartMs: number | undefined
  const result = await scanBatches(read, start.position, size, { verifyCrc: opts.verifyCrc }, (h, position) => {
    if (position === start.position && offsetIndex.length > 0 && h.baseOffset !== start.offset) { bad = true; return false }
    if (prevLast >= 0 && (h.baseOffset <= prevLast || (opts.contiguous && h.baseOffset !== prevLast + 1))) { bad = true; return false }
    if (position === 0) rollStartMs = h.maxTimestamp
    maxTimestamp = Math.max(maxTimestamp, h.maxTimestamp)
    lastBatchOffset = h.baseOffset
    prevLast = h.lastOffset
  })
  if (bad || result.problem !== undefined || result.end !== size) return undefined
  // the final time entry written on close holds the segment's largest timestamp; entries point into the segment
  if (maxTimestamp > timeIndex.lastTimestamp) return undefined
  const lastOffset = lastBatchOffset < 0 ? baseOffset : lastBatchOffset
  if (timeIndex.length > 0 && timeIndex.offsets[timeIndex.length - 1] > lastOffset) return undefined
  if (offsetIndex.length > 0 && offsetIndex.offsets[offsetIndex.length - 1] > lastOffset) return undefined
  if (rollStartMs === undefined && size > 0) {
    const firstBatch = await read(0, 61)
    rollStartMs = firstBatch.length >= 61 ? Number(firstBatch.readBigInt64BE(35)) : undefined
  }
  return {
    size,
    nextOffset: lastBatchOffset < 0 ? baseOffset : prevLast + 1,
    maxTimestamp: timeIndex.lastTimestamp,
    lastBatchOffset,
    offsetIndex,
    timeIndex,
    rollStartMs,
    indexesDirty: false
  }
}
