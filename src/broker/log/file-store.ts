// Segment files of one partition in <dataDir>/<topic>-<partition>/:
//   <20-digit base offset>.log        record batches as stored (base offset and leader epoch patched)
//   <base>.index / <base>.timeindex   sparse indexes (indexes.ts), written on roll and clean close; rebuilt when
//                                     missing or inconsistent, and for every segment after an unclean shutdown
//   partition.json                    log start offset and cleaner checkpoint (temp + fsync + rename)
//   producer-state.json               idempotent-producer state, written on clean close
//   <base>.log.cleaned / .log.swap    compaction output before / after it is complete (see replaceSegment)
// load() recovers: leftovers of an interrupted compaction are finished (.swap) or dropped (.cleaned); without a
// clean shutdown every segment is CRC-checked and re-indexed, with one only the batches after the last index
// entry. A bad batch in the last segment is a torn write: the file is truncated there. A bad batch in an older
// segment, or a file that cannot be opened, is a StorageError (the partition goes offline; nothing is deleted).
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { Segment, type SegmentIo } from './segment.ts'
import { indexSegment, restoreSegment, type IndexOptions } from './recovery.ts'
import { StorageError } from './errors.ts'
import type { LogLogger } from './logger.ts'
import { isNotFound, readFully, syncDir, writeFileDurably, writeFully } from './fs-util.ts'
import type { CheckpointState, LoadedPartition, PartitionStore, ProducerSnapshotData, SegmentWriter } from './store.ts'

const SEGMENT_RE = /^(\d{20})\.log$/
const SWAP_RE = /^(\d{20})\.log\.swap$/

export const segmentFileName = (base: number): string => `${String(base).padStart(20, '0')}.log`

class FileIo implements SegmentIo {
  readonly name: string
  readonly #fh: FileHandle
  readonly #indexPath: string
  readonly #timePath: string

  constructor (path: string, fh: FileHandle) {
    this.name = path
    this.#fh = fh
    this.#indexPath = path.replace(/\.log$/, '.index')
    this.#timePath = path.replace(/\.log$/, '.timeindex')
  }

  read (position: number, length: number): Promise<Buffer> { return readFully(this.#fh, position, length) }
  write (data: Buffer, position: number): Promise<void> { return writeFully(this.#fh, data, position) }
  sync (): Promise<void> { return this.#fh.datasync() }
  truncate (size: number): Promise<void> { return this.#fh.truncate(size) }

  async writeIndexes (offsetIndex: Buffer, timeIndex: Buffer): Promise<void> {
    await writeFileDurably(this.#indexPath, offsetIndex)
    await writeFileDurably(this.#timePath, timeIndex)
  }

  close (): Promise<void> { return this.#fh.close() }

  async remove (): Promise<void> {
    await this.close().catch(() => {})
    for (const path of [this.name, this.#indexPath, this.#timePath]) await rm(path, { force: true })
  }
}

async function readOptional (path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
  } catch (err) {
    if (isNotFound(err)) return undefined
    throw err
  }
}

export interface FileStoreOptions {
  dir: string
  /** topic-partition, for log lines. */
  name: string
  /** Whether the previous run shut down cleanly (the data dir's marker). */
  clean: boolean
  indexIntervalBytes: () => number
  logger: LogLogger
}

export class FileStore implements PartitionStore {
  readonly kind = 'file'
  readonly name: string
  readonly dir: string
  readonly #opts: FileStoreOptions

  constructor (opts: FileStoreOptions) {
    this.#opts = opts
    this.name = opts.name
    this.dir = opts.dir
  }

  #path (file: string): string { return join(this.dir, file) }

  async load (): Promise<LoadedPartition> {
    const log = this.#opts.logger
    try {
      await mkdir(this.dir, { recursive: true })
      const files = await readdir(this.dir)
      for (const f of files) {
        if (f.endsWith('.cleaned') || f.endsWith('.tmp')) await rm(this.#path(f), { force: true })
        const swap = SWAP_RE.exec(f)
        if (swap !== null) {
          log.warn({ partition: this.name, file: f }, 'completing a compaction interrupted after its output was complete')
          await rm(this.#path(`${swap[1]}.index`), { force: true })
          await rm(this.#path(`${swap[1]}.timeindex`), { force: true })
          await rename(this.#path(f), this.#path(`${swap[1]}.log`))
        }
      }
      const checkpoint = await this.#readCheckpoint()
      const bases = (await readdir(this.dir)).map(f => SEGMENT_RE.exec(f)).filter(m => m !== null).map(m => Number(m[1])).sort((a, b) => a - b)
      if (bases.length === 0) return { segments: [await this.createSegment(checkpoint.logStartOffset)], checkpoint, clean: this.#opts.clean }
      const segments: Segment[] = []
      try {
        for (let i = 0; i < bases.length; i++) {
          segments.push(await this.#loadSegment(bases[i], i === bases.length - 1, segments[i - 1]))
        }
      } catch (err) {
        for (const s of segments) await s.io.close().catch(() => {})
        throw err
      }
      return { segments, checkpoint, clean: this.#opts.clean }
    } catch (err) {
      if (err instanceof StorageError) throw err
      throw new StorageError(`cannot load partition ${this.name} from ${this.dir}: ${(err as Error).message}`, { cause: err })
    }
  }

  async #loadSegment (base: number, last: boolean, previous: Segment | undefined): Promise<Segment> {
    const path = this.#path(segmentFileName(base))
    let fh: FileHandle
    try {
      fh = await open(path, 'r+')
    } catch (err) {
      throw new StorageError(`cannot open segment ${path}: ${(err as Error).message}`, { cause: err })
    }
    const io = new FileIo(path, fh)
    try {
      const size = (await fh.stat()).size
      const read = (p: number, l: number): Promise<Buffer> => readFully(fh, p, l)
      const opts: IndexOptions = { verifyCrc: true, contiguous: last, indexIntervalBytes: this.#opts.indexIntervalBytes(), afterOffset: previous === undefined ? undefined : previous.nextOffset - 1 }
      if (this.#opts.clean) {
        const indexPath = path.replace(/\.log$/, '.index')
        const restored = await restoreSegment(base, read, size, await readOptional(indexPath), await readOptional(path.replace(/\.log$/, '.timeindex')), opts)
        if (restored !== undefined) return this.#checkOrder(new Segment(base, io, restored), previous)
        this.#opts.logger.info({ partition: this.name, segment: path }, 'rebuilding the indexes of a segment')
      }
      const rebuilt = await indexSegment(base, read, size, opts)
      if (rebuilt.problem !== undefined) {
        if (!last) throw new StorageError(`segment ${path} is damaged at byte ${rebuilt.validEnd} of ${size}: ${rebuilt.problem}`)
        this.#opts.logger.warn({ partition: this.name, segment: path, keptBytes: rebuilt.validEnd, droppedBytes: size - rebuilt.validEnd, reason: rebuilt.problem }, 'truncating a torn write at the end of the log')
        await fh.truncate(rebuilt.validEnd)
        await fh.sync()
      }
      // the rebuilt indexes stay in memory (indexesDirty) and are written on roll or clean close
      return this.#checkOrder(new Segment(base, io, rebuilt.state), previous)
    } catch (err) {
      await io.close().catch(() => {})
      throw err
    }
  }

  #checkOrder (segment: Segment, previous: Segment | undefined): Segment {
    if (previous !== undefined && previous.nextOffset > segment.baseOffset) {
      throw new StorageError(`segment ${previous.io.name} ends at offset ${previous.nextOffset - 1}, past the next segment's base offset ${segment.baseOffset}`)
    }
    return segment
  }

  async createSegment (baseOffset: number): Promise<Segment> {
    const path = this.#path(segmentFileName(baseOffset))
    // 'wx+': never truncate an existing segment (its base offset would be reused, which must not happen)
    const fh = await open(path, 'wx+')
    const io = new FileIo(path, fh)
    await rm(path.replace(/\.log$/, '.index'), { force: true })
    await rm(path.replace(/\.log$/, '.timeindex'), { force: true })
    return new Segment(baseOffset, io)
  }

  async #readCheckpoint (): Promise<CheckpointState> {
    const data = await readOptional(this.#path('partition.json'))
    if (data === undefined) return { logStartOffset: 0, cleanerOffset: 0 }
    try {
      const parsed = JSON.parse(data.toString('utf8')) as Partial<CheckpointState>
      return { logStartOffset: Number(parsed.logStartOffset ?? 0), cleanerOffset: Number(parsed.cleanerOffset ?? 0) }
    } catch {
      this.#opts.logger.warn({ partition: this.name }, 'ignoring an unreadable partition.json')
      return { logStartOffset: 0, cleanerOffset: 0 }
    }
  }

  writeCheckpoint (state: CheckpointState): Promise<void> {
    return writeFileDurably(this.#path('partition.json'), JSON.stringify(state))
  }

  writeProducerSnapshot (snapshot: ProducerSnapshotData): Promise<void> {
    return writeFileDurably(this.#path('producer-state.json'), JSON.stringify(snapshot))
  }

  async readProducerSnapshot (): Promise<ProducerSnapshotData | undefined> {
    const data = await readOptional(this.#path('producer-state.json'))
    if (data === undefined) return undefined
    try {
      return JSON.parse(data.toString('utf8')) as ProducerSnapshotData
    } catch {
      return undefined
    }
  }

  /**
   * Streams a compacted replacement into <base>.log.cleaned; commit() fsyncs it, renames it to .swap (from then on
   * a restart completes the swap), drops the old index files, renames it over <base>.log and indexes it.
   */
  async beginReplace (old: Segment, indexIntervalBytes: number): Promise<SegmentWriter> {
    const baseOffset = old.baseOffset
    const path = this.#path(segmentFileName(baseOffset))
    const cleaned = `${path}.cleaned`
    const out = await open(cleaned, 'w')
    let size = 0
    let outOpen = true
    const closeOut = async (): Promise<void> => {
      if (outOpen) {
        outOpen = false
        await out.close()
      }
    }
    return {
      write: async (data: Buffer): Promise<void> => {
        await writeFully(out, data, size)
        size += data.length
      },
      abort: async (): Promise<void> => {
        await closeOut().catch(() => {})
        await rm(cleaned, { force: true })
      },
      commit: async (): Promise<Segment> => {
        try {
          await out.sync()
        } finally {
          await closeOut()
        }
        await rename(cleaned, `${path}.swap`)
        await syncDir(this.dir)
        await rm(path.replace(/\.log$/, '.index'), { force: true })
        await rm(path.replace(/\.log$/, '.timeindex'), { force: true })
        await rename(`${path}.swap`, path)
        await syncDir(this.dir)
        const fh = await open(path, 'r+')
        const io = new FileIo(path, fh)
        try {
          const { state, problem } = await indexSegment(baseOffset, (p, l) => readFully(fh, p, l), size, { verifyCrc: false, contiguous: false, indexIntervalBytes })
          if (problem !== undefined) throw new StorageError(`compacted segment ${path} does not read back: ${problem}`)
          const segment = new Segment(baseOffset, io, state)
          await segment.persistIndexes()
          return segment
        } catch (err) {
          await io.close().catch(() => {})
          throw err
        }
      }
    }
  }

  async removeAll (): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }

  syncDir (): Promise<void> { return syncDir(this.dir) }
}
