// ListOffsets by time over a partition's segments.
// - offsetForTimestamp(ts): the first offset (>= log start) whose record timestamp is >= ts. Segments whose
//   largest timestamp is below ts are skipped; inside a segment the time index gives a starting batch, batch max
//   timestamps pick the batch and its records give the exact offset (LogAppendTime batches: the batch time). A
//   batch whose records cannot be read answers with its base offset and max timestamp.
// - maxTimestampOffset(): the record with the largest timestamp (ListOffsets -3), first such in offset order.
import { isLogAppendTime, type BatchHeader } from '../records/batch.ts'
import { iterateRecords, effectiveTimestamp } from '../records/records.ts'
import type { Segment } from './segment.ts'

export interface TimestampOffset { offset: number, timestamp: number }

const NONE: TimestampOffset = { offset: -1, timestamp: -1 }

/** The first record of the batch at or after `minOffset` with an effective timestamp matching `accept`. */
function firstRecord (h: BatchHeader, data: Buffer, minOffset: number, accept: (ts: number) => boolean): TimestampOffset | undefined {
  if (isLogAppendTime(h.attributes)) return accept(h.maxTimestamp) ? { offset: Math.max(h.baseOffset, minOffset), timestamp: h.maxTimestamp } : undefined
  try {
    for (const r of iterateRecords(data)) {
      const ts = effectiveTimestamp(h, r)
      if (r.offset >= minOffset && accept(ts)) return { offset: r.offset, timestamp: ts }
    }
    return undefined
  } catch {
    return accept(h.maxTimestamp) ? { offset: Math.max(h.baseOffset, minOffset), timestamp: h.maxTimestamp } : undefined
  }
}

export async function offsetForTimestamp (segments: readonly Segment[], logStartOffset: number, ts: number): Promise<TimestampOffset> {
  for (const segment of segments) {
    if (segment.nextOffset <= logStartOffset || segment.maxTimestamp < ts) continue
    const from = segment.timeIndex.lastBefore(ts) ?? segment.baseOffset
    let found: TimestampOffset | undefined
    await segment.scan((h, _position, data) => {
      if (h.lastOffset < logStartOffset || h.maxTimestamp < ts) return true
      found = firstRecord(h, data as Buffer, logStartOffset, t => t >= ts)
      return found === undefined
    }, { withData: true }, segment.offsetIndex.lookup(from).position)
    if (found !== undefined) return found
  }
  return NONE
}

export async function maxTimestampOffset (segments: readonly Segment[], logStartOffset: number): Promise<TimestampOffset> {
  const candidates = segments.filter(s => s.nextOffset > logStartOffset && !s.empty).sort((a, b) => b.maxTimestamp - a.maxTimestamp || a.baseOffset - b.baseOffset)
  let best: TimestampOffset = NONE
  for (const segment of candidates) {
    if (best.offset >= 0 && segment.maxTimestamp < best.timestamp) break
    // the segment's own maximum above the log start (usually its recorded maxTimestamp)
    let localMax = -Infinity
    let at: { h: BatchHeader, position: number } | undefined
    await segment.scan((h, position) => {
      if (h.lastOffset < logStartOffset || h.maxTimestamp <= localMax) return true
      localMax = h.maxTimestamp
      at = { h, position }
      return true
    })
    if (at === undefined) continue
    const data = await segment.read(at.position, at.h.size)
    const candidate = firstRecord(at.h, data, logStartOffset, t => t === localMax) ?? { offset: at.h.lastOffset, timestamp: localMax }
    if (best.offset < 0 || candidate.timestamp > best.timestamp || (candidate.timestamp === best.timestamp && candidate.offset < best.offset)) best = candidate
  }
  return best
}
