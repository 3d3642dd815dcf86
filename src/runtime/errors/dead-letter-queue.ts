// Dead letter queue (kafka-connect-behavior.md §11.3). Sinks: the original consumed bytes, headers and timestamp,
// plus the `__connect.errors.*` context headers when enabled. Sources (kconnect; Kafka Connect has no source DLQ):
// the record as JSON text (topic, source partition and offset, key and value as Java prints them), with the same
// context headers plus `__connect.errors.source.partition` / `.offset`.
import type { ProducerClient, ProducerRecord } from '../clients.ts'
import type { Logger } from '../logger.ts'
import type { ErrorMetrics, ErrorReporter, ProcessingFailure } from './stage.ts'
import { traceOf } from '../status-store.ts'
import { javaToString } from '../../data/java-class.ts'

export interface DlqOptions {
  topic: string
  contextHeaders: boolean
  connector: string
  task: number
  producer: ProducerClient
  log: Logger
  metrics: ErrorMetrics
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8')

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly #o: DlqOptions

  constructor (o: DlqOptions) {
    this.#o = o
  }

  #contextHeaders (f: ProcessingFailure): Array<[string, Buffer | null]> {
    const h: Array<[string, Buffer | null]> = []
    if (f.consumed !== undefined) {
      h.push(['__connect.errors.topic', utf8(f.consumed.topic)])
      h.push(['__connect.errors.partition', utf8(String(f.consumed.partition))])
      h.push(['__connect.errors.offset', utf8(String(f.consumed.offset))])
    } else if (f.source !== undefined) {
      h.push(['__connect.errors.topic', utf8(f.source.topic)])
      h.push(['__connect.errors.source.partition', utf8(JSON.stringify(f.source.sourcePartition))])
      h.push(['__connect.errors.source.offset', utf8(JSON.stringify(f.source.sourceOffset))])
    }
    h.push(['__connect.errors.connector.name', utf8(this.#o.connector)])
    h.push(['__connect.errors.task.id', utf8(String(this.#o.task))])
    h.push(['__connect.errors.stage', utf8(f.stage)])
    h.push(['__connect.errors.class.name', utf8(f.className)])
    if (f.error !== undefined && f.error !== null) {
      const e = f.error as Error
      h.push(['__connect.errors.exception.class.name', utf8(e?.constructor?.name ?? 'Error')])
      h.push(['__connect.errors.exception.message', e?.message === undefined || e.message === null ? null : utf8(e.message)])
      h.push(['__connect.errors.exception.stacktrace', utf8(traceOf(e))])
    }
    return h
  }

  async report (f: ProcessingFailure): Promise<void> {
    let record: ProducerRecord
    if (f.consumed !== undefined) {
      const c = f.consumed
      record = { topic: this.#o.topic, key: c.key, value: c.value, headers: [...c.headers], timestamp: c.timestamp >= 0 ? c.timestamp : null }
    } else if (f.source !== undefined) {
      const s = f.source
      const value = JSON.stringify({ topic: s.topic, sourcePartition: s.sourcePartition, sourceOffset: s.sourceOffset, key: javaToString(s.key), value: javaToString(s.value) })
      record = { topic: this.#o.topic, key: null, value: utf8(value), headers: [], timestamp: s.timestamp }
    } else {
      return
    }
    if (this.#o.contextHeaders) record.headers.push(...this.#contextHeaders(f))
    this.#o.metrics.dlqProduceRequests++
    try {
      await this.#o.producer.send([record])
    } catch (err) {
      this.#o.metrics.dlqProduceFailures++
      this.#o.log.error({ err }, `Could not produce message to dead letter queue. topic=${this.#o.topic}`)
    }
  }

  async close (): Promise<void> {
    await this.#o.producer.close(5000)
  }
}
