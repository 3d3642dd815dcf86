// Runs one SourceTask (Kafka's WorkerSourceTask): poll → transformations → converters → producer, with source
// offsets committed every `offset.flush.interval.ms` for acknowledged records only, pause/resume, and a final
// commit on stop. Sends are pipelined: up to MAX_IN_FLIGHT batches wait for acks while the task polls again.
import type { Props } from '../api/connector.ts'
import { ConnectError, RetriableError } from '../api/errors.ts'
import type { SourceRecord } from '../api/records.ts'
import type { SourceTask, SourceTaskContext } from '../api/task.ts'
import type { ProducerClient, ProducerRecord } from './clients.ts'
import type { ConnectorConverters } from './converters.ts'
import type { OffsetBackingStore } from './storage/offset-store.ts'
import { offsetKey } from './storage/offset-store.ts'
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.ts'
import type { TransformationChain } from './transformation-chain.ts'
import { WorkerTask, type WorkerTaskOptions } from './worker-task.ts'
import type { OffsetStorageReader } from '../api/task.ts'
import { SKIPPED, type RetryWithToleranceOperator } from './errors/retry-with-tolerance.ts'
import type { ErrorMetrics } from './errors/stage.ts'
import type { TopicCreation } from './topic-creation.ts'

const MAX_IN_FLIGHT = 8

export interface SourceTaskOptions extends WorkerTaskOptions {
  task: SourceTask
  converters: ConnectorConverters
  chain: TransformationChain<SourceRecord>
  producer: ProducerClient
  offsetReader: OffsetStorageReader
  offsetStore: OffsetBackingStore
  offsetFlushIntervalMs: number
  offsetFlushTimeoutMs: number
  errors: RetryWithToleranceOperator
  /** Source topic creation (topic.creation.*), or null. */
  topicCreation: TopicCreation | null
}

export class WorkerSourceTask extends WorkerTask {
  readonly #o: SourceTaskOptions
  readonly #submitted = new SubmittedRecords()
  readonly #inFlight = new Set<Promise<void>>()
  #sendError: unknown = null
  #flushTimer: NodeJS.Timeout | undefined
  #flushing: Promise<void> | null = null
  /** Topics this task wrote to (for GET /connectors/{c}/topics). */
  readonly topics = new Set<string>()
  recordsPolled = 0
  recordsWritten = 0

  constructor (o: SourceTaskOptions) {
    super(o)
    this.#o = o
  }

  protected override async initializeAndStart (): Promise<void> {
    const config = this.#o.taskConfig
    const context: SourceTaskContext = { configs: () => config, offsetStorageReader: this.#o.offsetReader }
    this.#o.task.initialize(context)
    await this.#o.task.start(config)
    this.#flushTimer = setInterval(() => { void this.commitOffsets() }, this.#o.offsetFlushIntervalMs)
    this.#flushTimer.unref()
  }

  protected override async iterate (signal: AbortSignal): Promise<void> {
    if (this.#sendError !== null) throw this.#sendError
    let batch: SourceRecord[] | null
    try {
      batch = await this.#o.task.poll(signal)
    } catch (err) {
      if (err instanceof RetriableError) {
        this.log.warn({ err }, 'Retriable error from poll(); polling again')
        return
      }
      throw err
    }
    if (batch === null || batch.length === 0) return
    this.recordsPolled += batch.length
    await this.#send(batch)
  }

  /** Transformations and converters for one polled record, each as an error-handling stage; null = dropped. */
  async #convert (polled: SourceRecord): Promise<Array<[SourceRecord, ProducerRecord]> | null> {
    const { converters, chain, errors } = this.#o
    const ctx = { source: polled }
    let transformed = errors.run('TRANSFORMATION', 'TransformationChain', () => chain.apply(polled), ctx)
    if (transformed instanceof Promise) transformed = await transformed
    if (transformed === SKIPPED || transformed.length === 0) return null
    const out: Array<[SourceRecord, ProducerRecord]> = []
    for (const r of transformed) {
      const rctx = { source: r }
      let headers = errors.run('HEADER_CONVERTER', converters.names.header, () => {
        const hs: Array<[string, Buffer | null]> = []
        for (const h of r.headers) hs.push([h.key(), converters.header.fromConnectHeader(r.topic, h.key(), h.schema(), h.value())])
        return hs
      }, rctx)
      if (headers instanceof Promise) headers = await headers
      if (headers === SKIPPED) return null
      let key = errors.run('KEY_CONVERTER', converters.names.key, () => converters.key.fromConnectData(r.topic, r.headers, r.keySchema, r.key), rctx)
      if (key instanceof Promise) key = await key
      if (key === SKIPPED) return null
      let value = errors.run('VALUE_CONVERTER', converters.names.value, () => converters.value.fromConnectData(r.topic, r.headers, r.valueSchema, r.value), rctx)
      if (value instanceof Promise) value = await value
      if (value === SKIPPED) return null
      if (r.timestamp !== null && r.timestamp < 0 && r.timestamp !== -1) throw new Error(`Invalid record timestamp ${r.timestamp}`)
      out.push([r, { topic: r.topic, partition: r.kafkaPartition, key, value, headers, timestamp: r.timestamp === null || r.timestamp === -1 ? null : r.timestamp }])
    }
    return out
  }

  async #send (batch: SourceRecord[]): Promise<void> {
    const out: ProducerRecord[] = []
    const handles: Array<SubmittedRecord | null> = []
    const originals: SourceRecord[] = []
    // commitRecord gets the record as polled (as Kafka does), once, with the metadata of its last output.
    const polledAt: Array<SourceRecord | null> = []
    for (const polled of batch) {
      const converted = await this.#convert(polled)
      if (converted === null || converted.length === 0) {
        // Dropped by a transformation or a tolerated error: counts as processed, so its offset may be committed.
        this.#submitted.ack(this.#submitted.submit(polled.sourcePartition, polled.sourceOffset))
        await this.#o.task.commitRecord(polled, null)
        continue
      }
      converted.forEach(([r, pr], i) => {
        out.push(pr)
        originals.push(r)
        polledAt.push(i === converted.length - 1 ? polled : null)
        this.topics.add(r.topic)
      })
      // One offset per polled record, acked when all its outputs are acked (they are sent in one request).
      const handle = this.#submitted.submit(polled.sourcePartition, polled.sourceOffset)
      for (let i = 0; i < converted.length; i++) handles.push(i === converted.length - 1 ? handle : null)
    }
    if (out.length === 0) return
    if (this.#o.topicCreation !== null) await this.#o.topicCreation.ensure(out.map(r => r.topic))
    while (this.#inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.#inFlight)
    if (this.#sendError !== null) throw this.#sendError
    const p: Promise<void> = this.#o.producer.send(out).then(async metadata => {
      this.#inFlight.delete(p)
      this.recordsWritten += out.length
      for (let i = 0; i < out.length; i++) {
        this.#submitted.ack(handles[i] ?? null)
        const polled = polledAt[i]
        if (polled != null) await this.#o.task.commitRecord(polled, metadata[i] ?? null)
      }
    }, async (err: unknown) => {
      this.#inFlight.delete(p)
      if (this.#o.errors.tolerance === 'all') {
        // Tolerated produce failure: report every record of the request, then treat them as processed.
        for (let i = 0; i < out.length; i++) {
          await this.#o.errors.report({ stage: 'KAFKA_PRODUCE', className: 'KafkaProducer', error: err, source: originals[i]! })
          this.#o.errors.metrics.totalRecordsSkipped++
          this.#submitted.ack(handles[i] ?? null)
          const polled = polledAt[i]
          if (polled != null) await this.#o.task.commitRecord(polled, null)
        }
        return
      }
      this.log.error({ err }, 'Unrecoverable exception from producer send callback')
      this.#sendError ??= new ConnectError('Unrecoverable exception from producer send callback', { cause: err })
    })
    this.#inFlight.add(p)
  }

  /** Commit the offsets of everything acknowledged so far, then call the task's commit(). */
  commitOffsets (): Promise<void> {
    if (this.#flushing !== null) return this.#flushing
    const run = (async () => {
      const ready = this.#submitted.committable()
      if (ready.size > 0) {
        const entries = new Map<string, string | null>()
        for (const { partition, offset } of ready.values()) {
          entries.set(offsetKey(this.id.connector, partition), offset === null ? null : JSON.stringify(offset))
        }
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`Timed out flushing offsets after ${this.#o.offsetFlushTimeoutMs} ms`)), this.#o.offsetFlushTimeoutMs)
        })
        try {
          await Promise.race([this.#o.offsetStore.set(entries), timeout])
        } catch (err) {
          this.log.error({ err }, 'Failed to commit offsets')
          return
        } finally {
          clearTimeout(timer)
        }
      }
      try {
        await this.#o.task.commit()
      } catch (err) {
        this.log.error({ err }, 'Exception thrown while calling task.commit()')
      }
    })()
    this.#flushing = run.finally(() => { this.#flushing = null })
    return this.#flushing
  }

  override get errorMetrics (): ErrorMetrics {
    return this.#o.errors.metrics
  }

  protected override async cleanup (): Promise<void> {
    clearInterval(this.#flushTimer)
    // Wait (bounded) for outstanding acks, then commit what was acknowledged.
    const deadline = Date.now() + this.#o.offsetFlushTimeoutMs
    while (this.#inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.race(this.#inFlight), new Promise(resolve => setTimeout(resolve, Math.max(1, deadline - Date.now())))])
    }
    await this.#flushing
    await this.commitOffsets()
    await this.stopTaskAndChain(this.#o.task, this.#o.chain, this.#o.errors)
    await this.#o.producer.close(this.#o.offsetFlushTimeoutMs).catch((err: unknown) => this.log.warn({ err }, 'Error closing producer'))
  }

  protected override async onAbandon (): Promise<void> {
    clearInterval(this.#flushTimer)
    await this.#o.errors.close()
    await this.#o.producer.close(0)
  }

  protected override onPause (): void {}
  protected override onResume (): void {}
}

export type { Props }
