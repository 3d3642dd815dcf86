// Background and on-demand maintenance of one partition, serialized by its own lock (appends go on meanwhile):
// DeleteRecords, retention (retention.ts) and compaction (compaction.ts). Segments leave the log first and are
// closed or deleted once no read holds them; the log start offset and cleaner checkpoint are persisted.
import { LogErrors } from './errors.ts'
import { Mutex } from './mutex.ts'
import { planRetention, activeSegmentExpired } from './retention.ts'
import { compactSegments } from './compaction.ts'
import type { PartitionCore } from './partition-log.ts'
import type { Segment } from './segment.ts'

export class PartitionMaintenance {
  readonly #core: PartitionCore
  readonly #lock = new Mutex()
  #stopping = false

  constructor (core: PartitionCore) {
    this.#core = core
  }

  #run<T> (fallback: T, what: string, fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(async () => {
      if (this.#stopping || this.#core.closed || this.#core.failed()) return fallback
      try {
        return await fn()
      } catch (err) {
        this.#core.fail(err, what)
        return fallback
      }
    })
  }

  /** Waits for the running task and refuses new ones. */
  async stop (): Promise<void> {
    this.#stopping = true
    await this.#lock.run(async () => {})
  }

  async #checkpoint (): Promise<void> {
    const core = this.#core
    await core.store.writeCheckpoint({ logStartOffset: core.logStartOffset, cleanerOffset: core.cleanerOffset })
  }

  /** Removes the `count` oldest segments (never the active one). */
  async #deleteOldest (count: number, reason: string): Promise<number> {
    const core = this.#core
    if (count <= 0) return 0
    const removed = core.segments.splice(0, Math.min(count, core.segments.length - 1))
    const start = core.segments[0].baseOffset
    if (start > core.logStartOffset) core.logStartOffset = start
    await this.#checkpoint()
    for (const s of removed) {
      core.flusher.forget(s)
      await s.dispose('remove')
    }
    await core.store.syncDir()
    core.logger.info({ partition: core.name, segments: removed.map(s => s.baseOffset), logStartOffset: core.logStartOffset, reason }, 'deleted log segments')
    return removed.length
  }

  /** Rolls the active segment so it can be deleted or compacted (takes the append lock). */
  async #rollActive (): Promise<void> {
    const core = this.#core
    await core.appendLock.run(async () => {
      if (!core.closed && !core.failed() && !core.segments[core.segments.length - 1].empty) await core.roll()
    })
  }

  deleteRecordsBefore (offset: number): Promise<{ errorCode: number, lowWatermark: number }> {
    const core = this.#core
    return this.#run({ errorCode: LogErrors.KAFKA_STORAGE_ERROR, lowWatermark: -1 }, 'DeleteRecords failed', async () => {
      if (!Number.isSafeInteger(offset) || offset < 0 || offset > core.end) return { errorCode: LogErrors.OFFSET_OUT_OF_RANGE, lowWatermark: core.logStartOffset }
      if (offset > core.logStartOffset) {
        core.logStartOffset = offset
        await this.#checkpoint()
        if (offset === core.end) await this.#rollActive()
        await this.#deleteOldest(planRetention(core.segments, core.logStartOffset, { ...core.config(), delete: false }, core.now()).count, 'DeleteRecords')
      }
      return { errorCode: 0, lowWatermark: core.logStartOffset }
    })
  }

  runRetention (): Promise<{ deletedSegments: number }> {
    const core = this.#core
    return this.#run({ deletedSegments: 0 }, 'retention failed', async () => {
      const config = core.config()
      const now = core.now()
      if ((config.delete || config.compact) && activeSegmentExpired(core.segments[core.segments.length - 1], config, now)) await this.#rollActive()
      const plan = planRetention(core.segments, core.logStartOffset, config, now)
      return { deletedSegments: await this.#deleteOldest(plan.count, plan.reasons.join(', ')) }
    })
  }

  /** Closed segments the cleaner may touch: a prefix of those old enough for min.compaction.lag.ms. */
  #cleanable (now: number): Segment[] {
    const core = this.#core
    const lag = core.config().minCompactionLagMs
    const closed = core.segments.slice(0, -1)
    const out: Segment[] = []
    for (const s of closed) {
      if (lag > 0 && s.maxTimestamp > now - lag) break
      out.push(s)
    }
    return out
  }

  needsCompaction (): boolean {
    const core = this.#core
    const config = core.config()
    if (!config.compact) return false
    const now = core.now()
    const cleanable = this.#cleanable(now)
    if (cleanable.length === 0) return false
    if (core.nextHorizonMs <= now) return true
    let dirty = 0
    let total = 0
    let oldestDirty: number | undefined
    for (const s of cleanable) {
      total += s.size
      if (s.baseOffset >= core.cleanerOffset) {
        dirty += s.size
        oldestDirty ??= s.rollStartMs ?? s.maxTimestamp
      }
    }
    if (dirty === 0) return false
    if (oldestDirty !== undefined && config.maxCompactionLagMs < Number.MAX_SAFE_INTEGER && now - oldestDirty >= config.maxCompactionLagMs) return true
    return dirty / total >= config.minCleanableDirtyRatio
  }

  compact (force: boolean): Promise<{ segmentsRewritten: number, recordsRemoved: number } | undefined> {
    const core = this.#core
    return this.#run(undefined, 'compaction failed', async () => {
      const config = core.config()
      if (!config.compact || (!force && !this.needsCompaction())) return undefined
      const now = core.now()
      const segments = this.#cleanable(now)
      if (segments.length === 0) return { segmentsRewritten: 0, recordsRemoved: 0 }
      const result = await compactSegments({
        segments,
        now,
        deleteRetentionMs: config.deleteRetentionMs,
        begin: old => core.store.beginReplace(old, config.indexIntervalBytes),
        aborted: () => this.#stopping || core.closed
      })
      for (const { old, cleaned } of result.replaced) {
        const i = core.segments.indexOf(old)
        if (i >= 0) core.segments[i] = cleaned
        core.flusher.forget(old)
        await old.dispose('close')
      }
      if (result.error !== undefined) core.logger.warn({ err: result.error, partition: core.name }, 'compaction abandoned; the segment is kept as it was')
      if (result.aborted) return { segmentsRewritten: result.replaced.length, recordsRemoved: result.recordsRemoved }
      core.cleanerOffset = segments[segments.length - 1].nextOffset
      core.nextHorizonMs = result.nextHorizonMs
      await this.#checkpoint()
      core.logger.info({
        partition: core.name, segments: segments.length, rewritten: result.replaced.length, recordsRemoved: result.recordsRemoved,
        tombstonesRemoved: result.tombstonesRemoved, bytesBefore: result.bytesBefore, bytesAfter: result.bytesAfter, undecodable: result.undecodable
      }, 'compacted log')
      return { segmentsRewritten: result.replaced.length, recordsRemoved: result.recordsRemoved }
    })
  }
}
