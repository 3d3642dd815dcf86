// In-memory storage (no data dir): fast tests and throwaway brokers. Segments keep their batches as Buffers; the
// partition logic (offsets, indexes, roll, retention, compaction) is the same as for files.
import { Segment, type SegmentIo } from './segment.ts'
import type { PartitionStore, LoadedPartition, CheckpointState, SegmentWriter } from './store.ts'
import { indexSegment } from './recovery.ts'
import { StorageError } from './errors.ts'

export class MemoryIo implements SegmentIo {
  readonly name: string
  #chunks: Buffer[] = []
  #starts: number[] = []
  #size = 0

  constructor (name: string) {
    this.name = name
  }

  async read (position: number, length: number): Promise<Buffer> {
    const end = Math.min(this.#size, position + length)
    if (end <= position) return Buffer.alloc(0)
    // last chunk starting at or before position
    let lo = 0
    let hi = this.#starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.#starts[mid] <= position) lo = mid
      else hi = mid - 1
    }
    const first = this.#chunks[lo]
    const local = position - this.#starts[lo]
    if (local + (end - position) <= first.length) return first.subarray(local, local + end - position)
    const out = Buffer.allocUnsafe(end - position)
    let written = 0
    for (let i = lo; written < out.length; i++) {
      const from = i === lo ? local : 0
      written += this.#chunks[i].copy(out, written, from, Math.min(this.#chunks[i].length, from + out.length - written))
    }
    return out
  }

  async write (data: Buffer, position: number): Promise<void> {
    if (position !== this.#size) await this.truncate(position)
    this.#chunks.push(data)
    this.#starts.push(this.#size)
    this.#size += data.length
  }

  async truncate (size: number): Promise<void> {
    while (this.#chunks.length > 0 && this.#starts[this.#starts.length - 1] >= size) {
      this.#chunks.pop()
      this.#starts.pop()
    }
    const n = this.#chunks.length
    if (n > 0 && this.#starts[n - 1] + this.#chunks[n - 1].length > size) this.#chunks[n - 1] = this.#chunks[n - 1].subarray(0, size - this.#starts[n - 1])
    this.#size = Math.min(this.#size, size)
  }

  async sync (): Promise<void> {}
  async writeIndexes (): Promise<void> {}
  async close (): Promise<void> {}
  async remove (): Promise<void> {
    this.#chunks = []
    this.#starts = []
    this.#size = 0
  }
}

export class MemoryStore implements PartitionStore {
  readonly kind = 'memory'
  readonly name: string
  #checkpoint: CheckpointState = { logStartOffset: 0, cleanerOffset: 0 }

  constructor (name: string) {
    this.name = name
  }

  async load (): Promise<LoadedPartition> {
    return { segments: [await this.createSegment(0)], checkpoint: this.#checkpoint, clean: true }
  }

  async createSegment (baseOffset: number): Promise<Segment> {
    return new Segment(baseOffset, new MemoryIo(`memory:${this.name}/${baseOffset}`))
  }

  async writeCheckpoint (state: CheckpointState): Promise<void> {
    this.#checkpoint = { ...state }
  }

  async writeProducerSnapshot (): Promise<void> {}
  async readProducerSnapshot (): Promise<undefined> { return undefined }

  async beginReplace (old: Segment, indexIntervalBytes: number): Promise<SegmentWriter> {
    const io = new MemoryIo(`memory:${this.name}/${old.baseOffset}`)
    let size = 0
    return {
      write: async (data: Buffer): Promise<void> => {
        await io.write(Buffer.from(data), size)
        size += data.length
      },
      abort: async (): Promise<void> => {},
      commit: async (): Promise<Segment> => {
        const { state, problem } = await indexSegment(old.baseOffset, (p, l) => io.read(p, l), size, { verifyCrc: false, contiguous: false, indexIntervalBytes })
        if (problem !== undefined) throw new StorageError(`compacted segment ${io.name} does not read back: ${problem}`)
        return new Segment(old.baseOffset, io, state)
      }
    }
  }

  async removeAll (): Promise<void> {}
  async syncDir (): Promise<void> {}
}
