// Walks the batches stored in a byte range (a segment file or a memory segment) through positional reads of
// 64 KiB chunks, checking each batch's framing: whole 61-byte header, length >= 49 and inside the range, magic 2,
// and (when asked) the CRC-32C. The visitor sees each header with its position (and the batch bytes when asked),
// and may stop the walk (return false) or reject the batch with a reason (return a string).
import { BATCH_HEADER_SIZE, LENGTH, LOG_OVERHEAD, MAGIC, MIN_BATCH_LENGTH, crcMatches, readBatchHeader, type BatchHeader } from '../records/batch.ts'

const CHUNK = 64 * 1024

export type ReadFn = (position: number, length: number) => Promise<Buffer>

export interface ScanOptions {
  /** Check each batch's CRC-32C (reads every byte). */
  verifyCrc?: boolean
  /** Hand the whole batch bytes to the visitor. */
  withData?: boolean
}

/** `end`: where the walk stopped (after the last accepted batch); `problem`: why the batch there was refused. */
export interface ScanResult { end: number, problem?: string, stopped?: boolean }

export type BatchVisitor = (header: BatchHeader, position: number, data: Buffer | undefined) => boolean | string | undefined | void

export async function scanBatches (read: ReadFn, from: number, end: number, opts: ScanOptions, visit: BatchVisitor): Promise<ScanResult> {
  let chunk: Buffer = Buffer.alloc(0)
  let chunkStart = from
  let pos = from
  const ensure = async (length: number): Promise<void> => {
    if (pos >= chunkStart && pos + length <= chunkStart + chunk.length) return
    chunk = await read(pos, Math.min(Math.max(CHUNK, length), end - pos))
    chunkStart = pos
  }
  while (pos < end) {
    const left = end - pos
    if (left < BATCH_HEADER_SIZE) return { end: pos, problem: `${left} bytes at position ${pos} are not a whole batch header` }
    await ensure(BATCH_HEADER_SIZE)
    if (chunk.length < pos - chunkStart + BATCH_HEADER_SIZE) return { end: pos, problem: `short read at position ${pos}` }
    const local = pos - chunkStart
    const length = chunk.readInt32BE(local + LENGTH)
    if (length < MIN_BATCH_LENGTH) return { end: pos, problem: `batch length ${length} at position ${pos} is below ${MIN_BATCH_LENGTH}` }
    const size = length + LOG_OVERHEAD
    if (size > left) return { end: pos, problem: `batch at position ${pos} needs ${size} bytes, ${left} are left` }
    const magic = chunk.readInt8(local + MAGIC)
    if (magic !== 2) return { end: pos, problem: `batch at position ${pos} has magic ${magic}` }
    const header = readBatchHeader(chunk, local)
    let data: Buffer | undefined
    if (opts.verifyCrc === true || opts.withData === true) {
      await ensure(size)
      data = chunk.subarray(pos - chunkStart, pos - chunkStart + size)
      if (data.length < size) return { end: pos, problem: `short read at position ${pos}` }
      if (opts.verifyCrc === true && !crcMatches(data)) return { end: pos, problem: `batch at position ${pos} (offset ${header.baseOffset}) fails its CRC-32C check` }
    }
    const verdict = visit(header, pos, data)
    if (verdict === false) return { end: pos, stopped: true }
    if (typeof verdict === 'string') return { end: pos, problem: verdict }
    pos += size
  }
  return { end: pos }
}
