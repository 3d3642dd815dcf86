// One segment of a partition log: batches from `baseOffset`, stored through a SegmentIo (a file with its two
// index files, or memory). The indexes live in memory and are written to their files when the segment is closed
// by a roll or a clean shutdown. The segment tracks its committed size (only whole, written batches count), next
// offset, largest timestamp and the sparse indexes. Readers hold a reference so a segment deleted by retention or
// replaced by compaction is closed only once no read uses it.
import type { BatchHeader } from '../records/batch.ts'
import { OffsetIndex, TimeIndex } from './indexes.ts'
import { scanBatches, type BatchVisitor, type ScanOptions, type ScanResult } from './batch-scan.ts'

export interface SegmentIo {
  /** A name for log lines (the file path, or memory:<topic>-<partition>/<base>). */
  readonly name: string
  /** Up to `length` bytes from `position` (fewer at the end). */
  read (position: number, length: number): Promise<Buffer>
  write (data: Buffer, position: number): Promise<void>
  sync (): Promise<void>
  truncate (size: number): Promise<void>
  /** Replaces both index files durably (no-op in memory). */
  writeIndexes (offsetIndex: Buffer, timeIndex: Buffer): Promise<void>
  close (): Promise<void>
  /** Closes and deletes the segment's files. */
  remove (): Promise<void>
}

/** A batch about to be appended: its header and where it starts in the appended buffer. */
export interface AppendedBatch { baseOffset: number, lastOffset: number, maxTimestamp: number, size: number, position: number }

export interface SegmentState {
  size: number
  nextOffset: number
  maxTimestamp: number
  /** Base offset of the last batch (for the final time-index entry). */
  lastBatchOffset: number
  offsetIndex: OffsetIndex
  timeIndex: TimeIndex
  /** When the segment.ms clock started: first append (broker time) or, for a loaded segment, its first timestamp. */
  rollStartMs?: number
  /** False when the index files on disk match (restored from them, or just written). Default true. */
  indexesDirty?: boolean
}

export class Segment {
  readonly baseOffset: number
  readonly io: SegmentIo
  size: number
  nextOffset: number
  maxTimestamp: number
  lastBatchOffset: number
  rollStartMs: number | undefined
  readonly offsetIndex: OffsetIndex
  readonly timeIndex: TimeIndex
  /** The index files do not match the in-memory indexes (written on roll, clean close, or after compaction). */
  indexesDirty: boolean
  #bytesSinceIndex = 0
  #refs = 0
  #disposal: 'close' | 'remove' | undefined
  #disposed: Promise<void> | undefined

  constructor (baseOffset: number, io: SegmentIo, state?: SegmentState) {
    this.baseOffset = baseOffset
    this.io = io
    this.size = state?.size ?? 0
    this.nextOffset = state?.nextOffset ?? baseOffset
    this.maxTimestamp = state?.maxTimestamp ?? -1
    this.lastBatchOffset = state?.lastBatchOffset ?? -1
    this.rollStartMs = state?.rollStartMs
    this.offsetIndex = state?.offsetIndex ?? new OffsetIndex(baseOffset)
    this.timeIndex = state?.timeIndex ?? new TimeIndex(baseOffset)
    this.indexesDirty = state?.indexesDirty ?? true
    // a loaded segment continues indexing as if its last indexed batch had just been written
    this.#bytesSinceIndex = this.size - (this.offsetIndex.length === 0 ? 0 : this.offsetIndex.positions[this.offsetIndex.length - 1])
  }

  get empty (): boolean { return this.size === 0 }

  /**
   * Writes `data` (whole batches, offsets already assigned) at the end, then indexes them. The size and next
   * offset move only once the write has completed.
   */
  async append (data: Buffer, batches: AppendedBatch[], indexIntervalBytes: number, nowMs: number): Promise<void> {
    const start = this.size
    await this.io.write(data, start)
    this.rollStartMs ??= nowMs
    for (const b of batches) {
      const maxTs = Math.max(this.maxTimestamp, b.maxTimestamp)
      if (this.#bytesSinceIndex > indexIntervalBytes) {
        this.offsetIndex.append(b.baseOffset, start + b.position)
        this.timeIndex.maybeAppend(maxTs, b.baseOffset)
        this.#bytesSinceIndex = 0
      }
      this.#bytesSinceIndex += b.size
      this.maxTimestamp = maxTs
      this.lastBatchOffset = b.baseOffset
      this.nextOffset = b.lastOffset + 1
    }
    this.size = start + data.length
    this.indexesDirty = true
  }

  /**
   * Writes the index files (on roll and clean close; they are only trusted after those, a crash re-indexes).
   * The time index first gets a final entry with the segment's largest timestamp, so a reload knows it.
   */
  async persistIndexes (): Promise<void> {
    if (this.lastBatchOffset >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.lastBatchOffset)
    await this.io.writeIndexes(this.offsetIndex.encode(), this.timeIndex.encode())
    this.indexesDirty = false
  }

  /** Closes the segment for writing: fsync, then the index files. */
  async seal (): Promise<void> {
    await this.io.sync()
    await this.persistIndexes()
  }

  read (position: number, length: number): Promise<Buffer> {
    return this.io.read(position, length)
  }

  /** Walks the batches from `position` (default: start) up to the committed size. */
  scan (visit: BatchVisitor, opts: ScanOptions = {}, position = 0): Promise<ScanResult> {
    return scanBatches((p, l) => this.io.read(p, l), position, this.size, opts, visit)
  }

  /** The first batch whose last offset is >= offset, via the offset index; undefined when none is left. */
  async findBatch (offset: number): Promise<{ header: BatchHeader, position: number } | undefined> {
    let found: { header: BatchHeader, position: number } | undefined
    await this.scan((header, position) => {
      if (header.lastOffset < offset) return true
      found = { header, position }
      return false
    }, {}, this.offsetIndex.lookup(offset).position)
    return found
  }

  /** Takes a reference for the duration of a read. */
  retain (): void { this.#refs++ }

  release (): void {
    this.#refs--
    if (this.#refs === 0 && this.#disposal !== undefined) void this.#dispose()
  }

  /** Closes (or removes) the segment once no reader holds it. */
  dispose (how: 'close' | 'remove'): Promise<void> {
    this.#disposal = how === 'remove' || this.#disposal === 'remove' ? 'remove' : 'close'
    if (this.#refs === 0) return this.#dispose()
    return Promise.resolve()
  }

  #dispose (): Promise<void> {
    this.#disposed ??= (this.#disposal === 'remove' ? this.io.remove() : this.io.close()).catch(() => {})
    return this.#disposed
  }
}
