// Runs one SinkTask (Kafka's WorkerSinkTask): consumer group `connect-<name>` → converters → transformations →
// put(), offsets committed through preCommit() every `offset.flush.interval.ms`, on request, on revocation and on
// stop. A RetriableError from put() pauses consumption and redelivers the same batch.
import type { Props } from '../api/connector.ts'
import { RetriableError } from '../api/errors.ts'
import { SinkRecord, TimestampType } from '../api/records.ts'
import { ConnectHeaders } from '../data/headers.ts'
import type { OffsetAndMetadata, SinkTask, SinkTaskContext, TopicPartition } from '../api/task.ts'
import type { ConsumerClient, ConsumerRecord } from './clients.ts'
import type { ConnectorConverters } from './converters.ts'
import type { TransformationChain } from './transformation-chain.ts'
import { WorkerTask, type WorkerTaskOptions } from './worker-task.ts'
import { SKIPPED, type RetryWithToleranceOperator } from './errors/retry-with-tolerance.ts'
import type { ErrorMetrics } from './errors/stage.ts'
import { classNameOf } from './errors/class-name.ts'
import { ConnectError } from '../api/errors.ts'

export interface SinkTaskOptions extends WorkerTaskOptions {
  task: SinkTask
  converters: ConnectorConverters
  chain: TransformationChain<SinkRecord>
  /** Creates the consumer; the runner passes itself as rebalance listener. */
  consumer: (listener: { onAssigned (tps: TopicPartition[]): Promise<void>, onRevoked (tps: TopicPartition[]): Promise<void> }) => Promise<ConsumerClient>
  offsetFlushIntervalMs: number
  offsetFlushTimeoutMs: number
  errors: RetryWithToleranceOperator
}

const key = (tp: TopicPartition): string => `${tp.topic}:${tp.partition}`

export class WorkerSinkTask extends WorkerTask {
  readonly #o: SinkTaskOptions
  #consumer: ConsumerClient | null = null
  /** Next offset to commit per partition (last put record + 1). */
  readonly #current = new Map<string, { tp: TopicPartition, offset: number }>()
  readonly #lastCommitted = new Map<string, number>()
  readonly #taskPaused = new Set<string>()
  readonly #rewinds = new Map<string, { tp: TopicPartition, offset: number }>()
  #pendingBatch: SinkRecord[] | null = null
  #pendingOffsets: Array<{ tp: TopicPartition, offset: number }> = []
  #nextCommit = 0
  #commitRequested = false
  #timeoutMs: number | null = null
  #targetPaused = false
  #redeliveryPaused = false
  readonly topics = new Set<string>()
  /** Latest known end offset per partition (from consumed batches). */
  readonly #highWatermarks = new Map<string, number>()
  recordsRead = 0
  recordsPut = 0
  /** The consumed records of the batch being put, by `topic:partition:offset` (for the errant record reporter). */
  #batchOriginals = new Map<string, ConsumerRecord>()
  /** Partitions currently assigned. */
  #assigned: TopicPartition[] = []

  constructor (o: SinkTaskOptions) {
    super(o)
    this.#o = o
  }

  protected override async initializeAndStart (): Promise<void> {
    const config = this.#o.taskConfig
    const context: SinkTaskContext = {
      configs: () => config,
      offset: (what, offset) => {
        if (what instanceof Map) for (const [tp, o] of what) this.#rewinds.set(key(tp), { tp, offset: o })
        else if (offset !== undefined) this.#rewinds.set(key(what as TopicPartition), { tp: what as TopicPartition, offset })
      },
      timeout: (ms) => { this.#timeoutMs = ms },
      assignment: () => [...this.#assigned],
      pause: (...tps) => {
        for (const tp of tps) this.#taskPaused.add(key(tp))
        this.#consumer?.pause(tps)
      },
      resume: (...tps) => {
        for (const tp of tps) this.#taskPaused.delete(key(tp))
        if (!this.#targetPaused && !this.#redeliveryPaused) this.#consumer?.resume(tps)
      },
      requestCommit: () => { this.#commitRequested = true },
      errantRecordReporter: () => {
        if (!this.#o.errors.hasReporters) return null
        return async (record: SinkRecord, error: Error) => {
          const consumed = this.#batchOriginals.get(`${record.originalTopic}:${record.originalKafkaPartition}:${record.originalKafkaOffset}`)
          this.#o.errors.metrics.totalRecordErrors++
          this.#o.errors.metrics.lastErrorTimestamp = Date.now()
          await this.#o.errors.report({ stage: 'TASK_PUT', className: classNameOf(this.#o.task), error, consumed })
          if (this.#o.errors.tolerance === 'none') throw new ConnectError('Tolerance exceeded in error handler', { cause: error })
          this.#o.errors.metrics.totalRecordsSkipped++
        }
      }
    }
    this.#o.task.initialize(context)
    await this.#o.task.start(config)
    this.#consumer = await this.#o.consumer({
      onAssigned: async (tps) => {
        this.#assigned.push(...tps)
        for (const tp of tps) this.topics.add(tp.topic)
        await this.#o.task.open(tps)
        if (this.#targetPaused || this.#redeliveryPaused) this.#consumer?.pause(tps)
      },
      onRevoked: async (tps) => {
        await this.#commit(tps)
        await this.#o.task.close(tps)
        const gone = new Set(tps.map(key))
        this.#assigned = this.#assigned.filter(tp => !gone.has(key(tp)))
        for (const k of gone) { this.#current.delete(k); this.#lastCommitted.delete(k) }
        if (this.#pendingBatch !== null) {
          this.#pendingBatch = this.#pendingBatch.filter(r => !gone.has(`${r.topic}:${r.kafkaPartition}`))
        }
      }
    })
    this.#nextCommit = Date.now() + this.#o.offsetFlushIntervalMs
  }

  protected override async iterate (signal: AbortSignal): Promise<void> {
    const consumer = this.#consumer!
    const now = Date.now()
    if (this.#commitRequested || now >= this.#nextCommit) {
      this.#commitRequested = false
      this.#nextCommit = now + this.#o.offsetFlushIntervalMs
      await this.#commit(null)
      await this.#refreshEndOffsets()
    }
    for (const { tp, offset } of this.#rewinds.values()) {
      consumer.seek(tp, offset)
      this.#current.set(key(tp), { tp, offset })
    }
    this.#rewinds.clear()
    let timeout = Math.max(0, this.#nextCommit - Date.now())
    if (this.#timeoutMs !== null) { timeout = Math.min(timeout, this.#timeoutMs); this.#timeoutMs = null }
    if (this.#pendingBatch !== null) {
      // Redelivery after a RetriableError: keep the group alive, then retry the same batch.
      await consumer.poll(Math.min(timeout, 1000), signal)
      await this.#put(this.#pendingBatch, this.#pendingOffsets)
      return
    }
    const consumed = await consumer.poll(Math.min(timeout, 1000), signal)
    if (signal.aborted && consumed.length === 0) return
    this.recordsRead += consumed.length
    const batch: SinkRecord[] = []
    const offsets: Array<{ tp: TopicPartition, offset: number }> = []
    const reporting = this.#o.errors.hasReporters
    if (reporting) this.#batchOriginals = new Map()
    for (const r of consumed) {
      offsets.push({ tp: { topic: r.topic, partition: r.partition }, offset: r.offset + 1 })
      if (reporting) this.#batchOriginals.set(`${r.topic}:${r.partition}:${r.offset}`, r)
      const converted = await this.#convert(r)
      if (converted === null) continue
      let outs = this.#o.errors.run('TRANSFORMATION', 'TransformationChain', () => this.#o.chain.apply(converted), { consumed: r })
      if (outs instanceof Promise) outs = await outs
      if (outs === SKIPPED) continue
      for (const out of outs) batch.push(out)
    }
    await this.#put(batch, offsets)
  }

  /** Converters as error-handling stages; null when a tolerated failure dropped the record. */
  async #convert (r: ConsumerRecord): Promise<SinkRecord | null> {
    const { converters, errors } = this.#o
    const ctx = { consumed: r }
    let key = errors.run('KEY_CONVERTER', converters.names.key, () => converters.key.toConnectData(r.topic, null, r.key), ctx)
    if (key instanceof Promise) key = await key
    if (key === SKIPPED) return null
    let value = errors.run('VALUE_CONVERTER', converters.names.value, () => converters.value.toConnectData(r.topic, null, r.value), ctx)
    if (value instanceof Promise) value = await value
    if (value === SKIPPED) return null
    let headers = errors.run('HEADER_CONVERTER', converters.names.header, () => {
      const hs = new ConnectHeaders()
      for (const [k, v] of r.headers) {
        const sv = converters.header.toConnectHeader(r.topic, k, v)
        hs.add(k, sv.value, sv.schema)
      }
      return hs
    }, ctx)
    if (headers instanceof Promise) headers = await headers
    if (headers === SKIPPED) return null
    return new SinkRecord({
      topic: r.topic,
      kafkaPartition: r.partition,
      keySchema: key.schema,
      key: key.value,
      valueSchema: value.schema,
      value: value.value,
      kafkaOffset: r.offset,
      timestamp: r.timestamp,
      timestampType: r.timestampType === 'LogAppendTime' ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
      headers
    })
  }

  async #put (batch: SinkRecord[], offsets: Array<{ tp: TopicPartition, offset: number }>): Promise<void> {
    try {
      await this.#o.task.put(batch)
    } catch (err) {
      if (!(err instanceof RetriableError)) throw err
      this.log.warn({ err }, 'RetriableException from SinkTask; will retry the same batch')
      this.#pendingBatch = batch
      this.#pendingOffsets = offsets
      if (!this.#redeliveryPaused) { this.#redeliveryPaused = true; this.#consumer!.pause(this.#assigned) }
      return
    }
    this.#pendingBatch = null
    this.#pendingOffsets = []
    this.recordsPut += batch.length
    for (const o of offsets) this.#current.set(key(o.tp), o)
    if (this.#redeliveryPaused) {
      this.#redeliveryPaused = false
      if (!this.#targetPaused) this.#consumer!.resume(this.#assigned.filter(tp => !this.#taskPaused.has(key(tp))))
    }
  }

  async #refreshEndOffsets (): Promise<void> {
    const consumer = this.#consumer
    if (consumer?.endOffsets === undefined || this.#assigned.length === 0) return
    try {
      const ends = await consumer.endOffsets(this.#assigned)
      this.#highWatermarks.clear()
      for (const [k, v] of ends) this.#highWatermarks.set(k, v)
    } catch (err) {
      this.log.debug({ err }, 'Could not read end offsets for the lag metric')
    }
  }

  /** preCommit then commit (all partitions, or only `only`). */
  async #commit (only: TopicPartition[] | null): Promise<void> {
    const consumer = this.#consumer
    if (consumer === null) return
    const filter = only === null ? null : new Set(only.map(key))
    const offered = new Map<TopicPartition, OffsetAndMetadata>()
    for (const [k, { tp, offset }] of this.#current) {
      if (filter !== null && !filter.has(k)) continue
      offered.set(tp, { offset })
    }
    let chosen: ReadonlyMap<TopicPartition, OffsetAndMetadata>
    try {
      chosen = await this.#o.task.preCommit(offered)
    } catch (err) {
      this.log.error({ err }, 'Commit of offsets threw an unexpected exception; rewinding to the last committed offsets')
      for (const [k, { tp }] of this.#current) {
        const last = this.#lastCommitted.get(k)
        if (last !== undefined) { consumer.seek(tp, last); this.#current.set(k, { tp, offset: last }) }
      }
      return
    }
    const toCommit = new Map<TopicPartition, number>()
    for (const [tp, om] of chosen) {
      const k = key(tp)
      const consumed = this.#current.get(k)?.offset
      if (consumed !== undefined && om.offset > consumed) {
        this.log.warn(`Ignoring invalid task provided offset ${tp.topic}-${tp.partition}/${om.offset} -- partition not assigned or offset beyond consumed`)
        continue
      }
      if (this.#lastCommitted.get(k) === om.offset) continue
      toCommit.set({ topic: tp.topic, partition: tp.partition }, om.offset)
    }
    if (toCommit.size === 0) return
    try {
      await consumer.commit(toCommit)
      for (const [tp, o] of toCommit) this.#lastCommitted.set(key(tp), o)
    } catch (err) {
      this.log.warn({ err }, 'Offset commit failed')
    }
  }

  protected override async onAbandon (): Promise<void> {
    await this.#o.errors.close()
    await this.#consumer?.close()
  }

  protected override async onPause (): Promise<void> {
    this.#targetPaused = true
    this.#consumer?.pause(this.#assigned)
    this.#commitRequested = true
    await this.#commit(null)
  }

  protected override onResume (): void {
    this.#targetPaused = false
    if (!this.#redeliveryPaused) this.#consumer?.resume(this.#assigned.filter(tp => !this.#taskPaused.has(key(tp))))
  }

  override get errorMetrics (): ErrorMetrics {
    return this.#o.errors.metrics
  }

  protected override async cleanup (): Promise<void> {
    const consumer = this.#consumer
    if (consumer !== null) {
      await this.#commit(null)
      try {
        await this.#o.task.close([...this.#assigned])
      } catch (err) {
        this.log.error({ err }, 'Error closing partitions')
      }
    }
    await this.stopTaskAndChain(this.#o.task, this.#o.chain, this.#o.errors)
    await consumer?.close().catch((err: unknown) => this.log.warn({ err }, 'Error closing consumer'))
  }

  get assignedCount (): number {
    return this.#assigned.length
  }

  /** Per partition: records between what was last put and the partition's end (high watermark), when known. */
  lag (): Array<{ topic: string, partition: number, lag: number }> {
    const out: Array<{ topic: string, partition: number, lag: number }> = []
    for (const [k, end] of this.#highWatermarks) {
      const pos = this.#current.get(k)
      const [topic, partition] = [k.slice(0, k.lastIndexOf(':')), Number(k.slice(k.lastIndexOf(':') + 1))]
      out.push({ topic, partition, lag: Math.max(0, end - (pos?.offset ?? 0)) })
    }
    return out
  }
}

export type { Props }
