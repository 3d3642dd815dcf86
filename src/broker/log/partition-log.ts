// One partition's log: record batches (v2) stored as received with their assigned base offset, in segments held
// in memory or in files (see log-manager.ts for the API overview). Appends are serialized; reads run beside
// them and only ever see whole, written batches below the high watermark. A storage failure takes the partition
// offline (KAFKA_STORAGE_ERROR) with one clear log line; other partitions are unaffected.
import { patchBaseOffset, patchLeaderEpoch, setLogAppendTime, validateBatches } from '../records/batch.ts'
import { firstNullKey } from '../records/records.ts'
import { LogErrors } from './errors.ts'
import { silentLogger, type LogLogger } from './logger.ts'
import { Mutex } from './mutex.ts'
import { ProducerState, batchIdentity } from './producer-state.ts'
import { Flusher } from './flush.ts'
import { MemoryStore } from './memory-store.ts'
import { FileStore } from './file-store.ts'
import { offsetForTimestamp, maxTimestampOffset, type TimestampOffset } from './timestamps.ts'
import { PartitionMaintenance } from './maintenance.ts'
import { readFromSegments } from './read-batches.ts'
import type { Segment, AppendedBatch } from './segment.ts'
import type { PartitionStore } from './store.ts'
import type { TopicConfig } from './topic-config.ts'

export interface AppendResult { errorCode: number, errorMessage?: string, baseOffset: number, logAppendTimeMs: number, logStartOffset: number }
export interface ReadOptions { minOneBatch: boolean, committed: boolean }
export interface ReadResult { errorCode: number, records: Buffer | null, highWatermark: number, lastStableOffset: number, logStartOffset: number }
export interface OffsetAtTime extends TimestampOffset { errorCode: number }

export interface PartitionLogOptions {
  topic: string
  partition: number
  /** Directory of the segment files; undefined keeps the log in memory. */
  dir?: string
  /** The topic's effective config, read at each use (config changes apply at once). */
  config: () => TopicConfig
  now?: () => number
  logger?: LogLogger
  /** The previous run closed cleanly: trust index files (default false: check and re-index everything). */
  cleanShutdown?: boolean
}

/** Internal state shared with PartitionMaintenance (retention, DeleteRecords, compaction). */
export interface PartitionCore {
  readonly name: string
  readonly store: PartitionStore
  readonly segments: Segment[]
  readonly flusher: Flusher
  readonly appendLock: Mutex
  readonly logger: LogLogger
  logStartOffset: number
  end: number
  cleanerOffset: number
  nextHorizonMs: number
  closed: boolean
  config (): TopicConfig
  now (): number
  roll (): Promise<void>
  fail (err: unknown, what: string): void
  failed (): boolean
}

const LEADER_EPOCH = 0

export class PartitionLog {
  readonly topic: string
  readonly partition: number
  readonly #core: PartitionCore
  readonly #producers = new ProducerState()
  readonly #listeners = new Set<() => void>()
  readonly #maintenance: PartitionMaintenance
  #error: { code: number, message: string } | undefined

  private constructor (opts: PartitionLogOptions, store: PartitionStore) {
    this.topic = opts.topic
    this.partition = opts.partition
    const logger = (opts.logger ?? silentLogger).child({ topic: opts.topic, partition: opts.partition })
    const now = opts.now ?? Date.now
    this.#core = {
      name: `${opts.topic}-${opts.partition}`,
      store,
      segments: [],
      flusher: new Flusher(err => this.#fail(err, 'fsync failed')),
      appendLock: new Mutex(),
      logger,
      logStartOffset: 0,
      end: 0,
      cleanerOffset: 0,
      nextHorizonMs: Infinity,
      closed: false,
      config: opts.config,
      now,
      roll: () => this.#roll(),
      fail: (err, what) => this.#fail(err, what),
      failed: () => this.#error !== undefined
    }
    this.#maintenance = new PartitionMaintenance(this.#core)
  }

  /** Opens (and recovers) the log. Never throws for storage problems: the log then reports KAFKA_STORAGE_ERROR. */
  static async open (opts: PartitionLogOptions): Promise<PartitionLog> {
    const name = `${opts.topic}-${opts.partition}`
    const logger = (opts.logger ?? silentLogger).child({ topic: opts.topic, partition: opts.partition })
    const store: PartitionStore = opts.dir === undefined
      ? new MemoryStore(name)
      : new FileStore({ dir: opts.dir, name, clean: opts.cleanShutdown === true, indexIntervalBytes: () => opts.config().indexIntervalBytes, logger })
    const log = new PartitionLog(opts, store)
    await log.#load()
    return log
  }

  async #load (): Promise<void> {
    const core = this.#core
    try {
      const loaded = await core.store.load()
      core.segments.push(...loaded.segments)
      core.end = loaded.segments[loaded.segments.length - 1].nextOffset
      core.logStartOffset = Math.min(core.end, Math.max(loaded.checkpoint.logStartOffset, loaded.segments[0].baseOffset))
      core.cleanerOffset = loaded.checkpoint.cleanerOffset
      await this.#rebuildProducerState()
    } catch (err) {
      this.#fail(err, 'cannot open the log')
    }
  }

  async #rebuildProducerState (): Promise<void> {
    const snapshot = await this.#core.store.readProducerSnapshot()
    let from = 0
    if (snapshot !== undefined && snapshot.offset <= this.#core.end) {
      this.#producers.restore(snapshot)
      from = snapshot.offset
    }
    for (const segment of this.#core.segments) {
      if (segment.nextOffset <= from) continue
      await segment.scan(h => {
        if (h.baseOffset >= from && h.producerId >= 0n) this.#producers.record(batchIdentity(h), h.baseOffset)
      })
    }
  }

  get errorCode (): number { return this.#error?.code ?? 0 }
  get errorMessage (): string | undefined { return this.#error?.message }
  get logStartOffset (): number { return this.#core.logStartOffset }
  get logEndOffset (): number { return this.#core.end }
  get highWatermark (): number { return this.#core.end }
  /** No transactions yet: the last stable offset is the high watermark. */
  get lastStableOffset (): number { return this.#core.end }
  /** Bytes stored (all segments). */
  get size (): number { return this.#core.segments.reduce((n, s) => n + s.size, 0) }
  /** Segments as [base offset, bytes, next offset], oldest first (for tests and DescribeLogDirs). */
  segmentInfo (): Array<{ baseOffset: number, size: number, nextOffset: number }> {
    return this.#core.segments.map(s => ({ baseOffset: s.baseOffset, size: s.size, nextOffset: s.nextOffset }))
  }

  #unavailable (): { code: number, message: string } | undefined {
    if (this.#core.closed) return { code: LogErrors.UNKNOWN_TOPIC_OR_PARTITION, message: `partition ${this.#core.name} is closed or deleted` }
    return this.#error
  }

  #fail (err: unknown, what: string): void {
    if (this.#error !== undefined || this.#core.closed) return
    const message = `${what}: ${(err as Error)?.message ?? String(err)}`
    this.#error = { code: LogErrors.KAFKA_STORAGE_ERROR, message }
    this.#core.logger.error({ err, partition: this.#core.name }, `partition ${this.#core.name} is offline (KAFKA_STORAGE_ERROR): ${message}`)
    this.#notify()
  }

  #notify (): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener()
      } catch (err) {
        this.#core.logger.warn({ err }, 'append listener threw')
      }
    }
  }

  /**
   * Calls `listener` after every append that moves the high watermark, and when the partition goes offline,
   * is closed or deleted (so a waiting Fetch re-reads and sees the error). Returns the unsubscribe function.
   */
  onAppend (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  #result (errorCode: number, errorMessage?: string): AppendResult {
    return { errorCode, errorMessage, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: this.#core.logStartOffset }
  }

  /**
   * Validates every batch in `records` (a view of the request; it is copied), checks idempotent-producer
   * sequences, assigns offsets and writes. Resolves after the bytes are in the file (and fsynced when the flush
   * policy asks).
   */
  async append (records: Buffer): Promise<AppendResult> {
    const down = this.#unavailable()
    if (down !== undefined) return this.#result(down.code, down.message)
    const config = this.#core.config()
    const checked = validateBatches(records, config.maxMessageBytes)
    if (!checked.ok) return this.#result(checked.errorCode, checked.message)
    if (config.compact) {
      for (const b of checked.batches) {
        try {
          if (firstNullKey(records, b.position) >= 0) return this.#result(LogErrors.INVALID_RECORD, 'Compacted topic cannot accept message without key')
        } catch (err) {
          return this.#result(LogErrors.CORRUPT_MESSAGE, `cannot read the records to check their keys: ${(err as Error).message}`)
        }
      }
    }
    const pending: { sync?: Promise<void> } = {}
    const result = await this.#core.appendLock.run(async (): Promise<AppendResult> => {
      const down = this.#unavailable()
      if (down !== undefined) return this.#result(down.code, down.message)
      const core = this.#core
      const ids = checked.batches.map(b => batchIdentity(b))
      const offsets: number[] = []
      let next = core.end
      for (const b of checked.batches) { offsets.push(next); next += b.lastOffsetDelta + 1 }
      const seq = this.#producers.checkAll(ids, offsets)
      if (seq.kind === 'duplicate') return { errorCode: 0, baseOffset: seq.baseOffset, logAppendTimeMs: -1, logStartOffset: core.logStartOffset }
      if (seq.kind === 'error') return this.#result(seq.errorCode, seq.message)
      const now = core.now()
      const data = Buffer.from(records)
      const appended: AppendedBatch[] = []
      let messages = 0
      checked.batches.forEach((b, i) => {
        patchBaseOffset(data, b.position, offsets[i])
        patchLeaderEpoch(data, b.position, LEADER_EPOCH)
        if (config.logAppendTime) setLogAppendTime(data, b.position, b.size, now)
        appended.push({ baseOffset: offsets[i], lastOffset: offsets[i] + b.lastOffsetDelta, maxTimestamp: config.logAppendTime ? now : b.maxTimestamp, size: b.size, position: b.position })
        messages += b.recordCount
      })
      try {
        let active = core.segments[core.segments.length - 1]
        const lastOffset = appended[appended.length - 1].lastOffset
        if (!active.empty && (active.size + data.length > config.segmentBytes || lastOffset - active.baseOffset > 0x7fffffff ||
            (active.rollStartMs !== undefined && now - active.rollStartMs >= config.segmentMs))) {
          await this.#roll()
          active = core.segments[core.segments.length - 1]
        }
        await active.append(data, appended, config.indexIntervalBytes, now)
        pending.sync = core.flusher.written(active, messages, config.flushMessages, config.flushMs)
      } catch (err) {
        this.#fail(err, 'write failed')
        return this.#result(LogErrors.KAFKA_STORAGE_ERROR, this.#error?.message)
      }
      ids.forEach((id, i) => this.#producers.record(id, offsets[i]))
      core.end = next
      this.#notify()
      return { errorCode: 0, baseOffset: offsets[0], logAppendTimeMs: config.logAppendTime ? now : -1, logStartOffset: core.logStartOffset }
    })
    if (pending.sync !== undefined && result.errorCode === 0) {
      try {
        await pending.sync
      } catch (err) {
        this.#fail(err, 'fsync failed')
        return this.#result(LogErrors.KAFKA_STORAGE_ERROR, this.#error?.message)
      }
    }
    return result
  }

  /** Closes the active segment and starts a new one at the log end offset (caller holds the append lock). */
  async #roll (): Promise<void> {
    const core = this.#core
    const active = core.segments[core.segments.length - 1]
    await active.seal()
    core.segments.push(await core.store.createSegment(core.end))
    await core.store.syncDir()
    core.logger.debug({ segment: active.baseOffset, next: core.end, bytes: active.size }, 'rolled segment')
  }

  /**
   * Whole batches from the one holding `offset`, up to the high watermark (or last stable offset when
   * `committed`), at most `maxBytes` unless `minOneBatch` (KIP-74: then at least the first batch, whatever its
   * size). OFFSET_OUT_OF_RANGE below the log start or above the log end; exactly at the end: no records.
   */
  async read (offset: number, maxBytes: number, opts: ReadOptions): Promise<ReadResult> {
    const core = this.#core
    const reply = (errorCode: number, records: Buffer | null = null): ReadResult =>
      ({ errorCode, records, highWatermark: core.end, lastStableOffset: core.end, logStartOffset: core.logStartOffset })
    const down = this.#unavailable()
    if (down !== undefined) return reply(down.code)
    if (offset < core.logStartOffset || offset > core.end) return reply(LogErrors.OFFSET_OUT_OF_RANGE)
    const upper = opts.committed ? this.lastStableOffset : this.highWatermark
    if (offset >= upper) return reply(0)
    const first = this.#segmentIndex(offset)
    const segments = core.segments.slice(first)
    for (const s of segments) s.retain()
    try {
      return reply(0, await readFromSegments(segments, offset, maxBytes, opts.minOneBatch, upper))
    } catch (err) {
      this.#fail(err, 'read failed')
      return reply(LogErrors.KAFKA_STORAGE_ERROR)
    } finally {
      for (const s of segments) s.release()
    }
  }

  /** Index of the last segment whose base offset is <= offset. */
  #segmentIndex (offset: number): number {
    const segments = this.#core.segments
    let lo = 0
    let hi = segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (segments[mid].baseOffset <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  async #query (fn: (segments: Segment[]) => Promise<TimestampOffset>): Promise<OffsetAtTime> {
    const down = this.#unavailable()
    if (down !== undefined) return { errorCode: down.code, offset: -1, timestamp: -1 }
    const segments = this.#core.segments.slice()
    for (const s of segments) s.retain()
    try {
      return { errorCode: 0, ...await fn(segments) }
    } catch (err) {
      this.#fail(err, 'read failed')
      return { errorCode: LogErrors.KAFKA_STORAGE_ERROR, offset: -1, timestamp: -1 }
    } finally {
      for (const s of segments) s.release()
    }
  }

  /** The first offset whose record timestamp is >= ts (ListOffsets with a timestamp), else offset -1, timestamp -1. */
  offsetForTimestamp (ts: number): Promise<OffsetAtTime> {
    return this.#query(segments => offsetForTimestamp(segments, this.#core.logStartOffset, ts))
  }

  /** The record with the largest timestamp (ListOffsets -3), else offset -1, timestamp -1. */
  maxTimestampOffset (): Promise<OffsetAtTime> {
    return this.#query(segments => maxTimestampOffset(segments, this.#core.logStartOffset))
  }

  /** DeleteRecords: moves the log start offset (<= high watermark, else OFFSET_OUT_OF_RANGE) and drops whole segments below it. */
  deleteRecordsBefore (offset: number): Promise<{ errorCode: number, lowWatermark: number }> {
    const down = this.#unavailable()
    if (down !== undefined) return Promise.resolve({ errorCode: down.code, lowWatermark: -1 })
    return this.#maintenance.deleteRecordsBefore(offset)
  }

  /** One retention pass (segment.ms roll of an idle active segment, then time/size/log-start deletion). */
  runRetention (): Promise<{ deletedSegments: number }> {
    if (this.#unavailable() !== undefined) return Promise.resolve({ deletedSegments: 0 })
    return this.#maintenance.runRetention()
  }

  /** Whether the cleaner should compact now (dirty ratio, tombstone horizon passed, max.compaction.lag.ms). */
  needsCompaction (): boolean {
    return this.#unavailable() === undefined && this.#maintenance.needsCompaction()
  }

  /** Compacts the closed segments (compacted topics only); `force` ignores the dirty ratio. */
  compact (force = false): Promise<{ segmentsRewritten: number, recordsRemoved: number } | undefined> {
    if (this.#unavailable() !== undefined) return Promise.resolve(undefined)
    return this.#maintenance.compact(force)
  }

  /** fsyncs everything written so far. */
  async flush (): Promise<void> {
    if (this.#unavailable() !== undefined) return
    try {
      await this.#core.flusher.sync()
    } catch (err) {
      this.#fail(err, 'fsync failed')
    }
  }

  /** Clean close: waits for appends and maintenance, writes final index entries, fsyncs, saves producer state. */
  async close (): Promise<void> {
    const core = this.#core
    if (core.closed) return
    await this.#maintenance.stop()
    await core.appendLock.run(async () => {
      core.closed = true
      core.flusher.stop()
      if (this.#error === undefined && core.segments.length > 0) {
        try {
          await core.flusher.sync()
          await core.segments[core.segments.length - 1].seal()
          for (const s of core.segments) if (s.indexesDirty) await s.persistIndexes()
          await core.store.writeCheckpoint({ logStartOffset: core.logStartOffset, cleanerOffset: core.cleanerOffset })
          await core.store.writeProducerSnapshot(this.#producers.snapshot(core.end))
        } catch (err) {
          core.logger.error({ err, partition: core.name }, `partition ${core.name}: clean close failed`)
        }
      }
      for (const s of core.segments) await s.dispose('close')
    })
    this.#notify()
  }

  /** Closes without saving state and deletes the partition's data. */
  async delete (): Promise<void> {
    const core = this.#core
    await this.#maintenance.stop()
    await core.appendLock.run(async () => {
      core.closed = true
      core.flusher.stop()
      for (const s of core.segments) await s.dispose('close')
      await core.store.removeAll()
    })
    this.#notify()
  }
}
