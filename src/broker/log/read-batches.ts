// Serving reads (embedded-broker-scope.md §2.4): whole batches only, from the batch holding the fetch offset,
// below an upper offset (high watermark or last stable offset), within a byte budget, except that the first
// batch is returned whatever its size when asked (KIP-74). A read may span segments.
import { BATCH_HEADER_SIZE, readBatchHeader } from '../records/batch.ts'
import type { Segment } from './segment.ts'

/**
 * Reads from `segments` (the first holds `offset`; the caller holds references to all of them). Null when no
 * batch qualifies.
 */
export async function readFromSegments (segments: readonly Segment[], offset: number, maxBytes: number, minOneBatch: boolean, upper: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let total = 0
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]
    if (segment.baseOffset >= upper) break
    let position = 0
    if (i === 0) {
      const found = await segment.findBatch(offset)
      if (found === undefined) continue
      position = found.position
    }
    const part = await readBatches(segment, position, maxBytes - total, minOneBatch && total === 0, upper)
    if (part.data.length > 0) {
      chunks.push(part.data)
      total += part.data.length
    }
    if (!part.toEnd) break
  }
  return chunks.length === 0 ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)
}

/**
 * Whole batches of `segment` from `position` while they fit in `budget` bytes and start below `upper`; with
 * `minOne` the first batch even when larger. `toEnd`: every batch up to the segment's end was taken.
 */
async function readBatches (segment: Segment, position: number, budget: number, minOne: boolean, upper: number): Promise<{ data: Buffer, toEnd: boolean }> {
  const size = segment.size
  if (position >= size) return { data: Buffer.alloc(0), toEnd: true }
  const want = Math.min(size - position, Math.max(budget, 0))
  const buf = want >= BATCH_HEADER_SIZE ? await segment.read(position, want) : Buffer.alloc(0)
  let used = 0
  let stopped = false
  while (buf.length - used >= BATCH_HEADER_SIZE) {
    const h = readBatchHeader(buf, used)
    if (h.baseOffset >= upper) { stopped = true; break }
    if (used + h.size > buf.length) break
    used += h.size
  }
  if (used === 0 && minOne && !stopped) {
    const h = readBatchHeader(await segment.read(position, BATCH_HEADER_SIZE))
    if (h.baseOffset < upper) return { data: await segment.read(position, h.size), toEnd: position + h.size >= size }
  }
  return { data: buf.subarray(0, used), toEnd: !stopped && position + used >= size }
}
