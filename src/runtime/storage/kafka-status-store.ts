// Connector, task and topic statuses in the status topic (kafka-connect-behavior.md §4.3; Kafka's
// KafkaStatusBackingStore). Keys `status-connector-{c}`, `status-task-{c}-{n}`, `status-topic-{topic}:connector-{c}`;
// values the compact JSON of Kafka's schemaless JsonConverter (`{"state":…,"trace":…,"worker_id":…,"generation":N}`,
// trace null when absent; `{"topic":{"name":…,"connector":…,"task":N,"discoverTimestamp":ms}}`); null = tombstone.
// As in Kafka a write is visible only once read back from the topic (readToEnd() to wait for it); the cache keeps the
// latest value per key. Safe writes (UNASSIGNED, FAILED) are skipped when the status read last came from another
// worker with a newer generation; a retriable send failure is retried unless a newer write superseded it.
import { RetriableError } from '../../api/errors.ts'
import type { ConsumerRecord } from '../../kafka/types.ts'
import type { ConnectorState } from '../entities.ts'
import { parseTaskStatusKey, statusKeys, statusValue, topicStatusValue } from '../distributed/config-records.ts'
import type { Status } from '../status-store.ts'
import { KafkaBasedLog, type InternalTopicOptions } from './kafka-based-log.ts'

export interface TopicStatus {
  readonly topic: string
  readonly connector: string
  readonly task: number
  /** Epoch millis of the first time the task used the topic. */
  readonly discoverTimestamp: number
}

/** What a read from the topic changed (status null = the key was tombstoned). */
export type StatusChange =
  | { kind: 'connector', connector: string, status: Status | null }
  | { kind: 'task', connector: string, task: number, status: Status | null }
  | { kind: 'topic', connector: string, topic: string, status: TopicStatus | null }

export type StatusListener = (change: StatusChange) => void

/** How a put ended: acknowledged, not sent (safe write refused), dropped (a newer write superseded a retry), failed. */
export type StatusWriteResult = 'written' | 'skipped' | 'superseded' | 'failed'

export interface KafkaStatusStoreOptions extends InternalTopicOptions {
  /** status.storage.partitions (Kafka's default 5). */
  partitions?: number
  /** Called after each record read changed the cache. */
  onChange?: StatusListener
  /** Pause before re-sending after a retriable failure (default: the producer's retry.backoff.ms, else 100). */
  retryBackoffMs?: number
}

const STATES: ReadonlySet<string> = new Set<ConnectorState>(['UNASSIGNED', 'RUNNING', 'PAUSED', 'FAILED', 'RESTARTING', 'STOPPED'])
const CONNECTOR_PREFIX = 'status-connector-'
const TASK_PREFIX = 'status-task-'
const TOPIC_PREFIX = 'status-topic-'
const TOPIC_SEPARATOR = ':connector-'

/** One cached key: the value last read, the count of sends (a retry is dropped once a later send happened). */
class Entry {
  value: Status | null = null
  sequence = 0
  deleted = false

  canWriteSafely (status: Status, sequence?: number): boolean {
    const ok = this.value === null || this.value.workerId === status.workerId || this.value.generation <= status.generation
    return ok && (sequence === undefined || sequence === this.sequence)
  }
}

export class KafkaStatusBackingStore {
  readonly #log: KafkaBasedLog
  readonly #o: KafkaStatusStoreOptions
  readonly #connectors = new Map<string, Entry>()
  readonly #tasks = new Map<string, Map<number, Entry>>()
  readonly #topics = new Map<string, Map<string, TopicStatus>>()
  readonly #listeners = new Set<StatusListener>()
  readonly #pending = new Set<Promise<unknown>>()
  /** Generation of the latest put; a retry of a write from another generation is dropped. */
  #generation = -1
  #stopped = false

  constructor (o: KafkaStatusStoreOptions) {
    this.#o = o
    if (o.onChange !== undefined) this.#listeners.add(o.onChange)
    this.#log = new KafkaBasedLog({
      ...o,
      partitions: o.partitions ?? 5,
      property: 'status.storage.topic',
      purpose: 'connector and task statuses',
      onRecord: r => this.#read(r)
    })
  }

  /** Creates the topic if missing (compacted), refuses a non-compacted one, reads it to the end, then tails it. */
  async start (): Promise<void> {
    this.#stopped = false
    await this.#log.start()
  }

  /** Stops retrying, waits (up to 5 s) for the writes in flight, then closes the clients (failing what is left). */
  async stop (): Promise<void> {
    this.#stopped = true
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.flush(), new Promise<void>(resolve => { timer = setTimeout(resolve, 5000) })])
    clearTimeout(timer)
    await this.#log.stop()
    await this.flush()
  }

  /** Resolves once every record written before the call has been read into the cache. */
  readToEnd (timeoutMs?: number): Promise<void> {
    return this.#log.readToEnd(timeoutMs)
  }

  /** Waits until every put/delete issued so far has settled. */
  async flush (): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending])
  }

  addListener (listener: StatusListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  putConnector (connector: string, status: Status): Promise<StatusWriteResult> {
    return this.#send(statusKeys.connector(connector), status, this.#connectorEntry(connector), false)
  }

  /** Kafka's putSafe (used for UNASSIGNED and FAILED). */
  putConnectorSafe (connector: string, status: Status): Promise<StatusWriteResult> {
    return this.#send(statusKeys.connector(connector), status, this.#connectorEntry(connector), true)
  }

  putTask (connector: string, task: number, status: Status): Promise<StatusWriteResult> {
    return this.#send(statusKeys.task(connector, task), status, this.#taskEntry(connector, task), false)
  }

  putTaskSafe (connector: string, task: number, status: Status): Promise<StatusWriteResult> {
    return this.#send(statusKeys.task(connector, task), status, this.#taskEntry(connector, task), true)
  }

  /** Kafka's DESTROYED status: a tombstone for the connector's key. */
  deleteConnector (connector: string, generation = this.#generation): Promise<StatusWriteResult> {
    return this.#send(statusKeys.connector(connector), null, this.#connectorEntry(connector), false, generation)
  }

  deleteTask (connector: string, task: number, generation = this.#generation): Promise<StatusWriteResult> {
    return this.#send(statusKeys.task(connector, task), null, this.#taskEntry(connector, task), false, generation)
  }

  /** Topic tracking record (the first time a task of the connector used the topic). */
  putTopic (status: TopicStatus): Promise<StatusWriteResult> {
    const value = topicStatusValue(status.topic, status.connector, status.task, status.discoverTimestamp)
    return this.#sendTopic(statusKeys.topic(status.topic, status.connector), value)
  }

  deleteTopic (connector: string, topic: string): Promise<StatusWriteResult> {
    return this.#sendTopic(statusKeys.topic(topic, connector), null)
  }

  connector (name: string): Status | undefined {
    return this.#connectors.get(name)?.value ?? undefined
  }

  task (connector: string, task: number): Status | undefined {
    return this.#tasks.get(connector)?.get(task)?.value ?? undefined
  }

  /** The connector's task statuses, by task number. */
  tasks (connector: string): Array<[number, Status]> {
    const out: Array<[number, Status]> = []
    for (const [n, e] of this.#tasks.get(connector) ?? []) if (e.value !== null) out.push([n, e.value])
    return out.sort((a, b) => a[0] - b[0])
  }

  /** Connectors with a connector status. */
  connectors (): string[] {
    return [...this.#connectors].filter(([, e]) => e.value !== null).map(([c]) => c)
  }

  topic (connector: string, topic: string): TopicStatus | undefined {
    return this.#topics.get(connector)?.get(topic)
  }

  topics (connector: string): TopicStatus[] {
    return [...(this.#topics.get(connector)?.values() ?? [])]
  }

  #connectorEntry (connector: string): Entry {
    let e = this.#connectors.get(connector)
    if (e === undefined) this.#connectors.set(connector, e = new Entry())
    return e
  }

  #taskEntry (connector: string, task: number): Entry {
    let row = this.#tasks.get(connector)
    if (row === undefined) this.#tasks.set(connector, row = new Map())
    let e = row.get(task)
    if (e === undefined) row.set(task, e = new Entry())
    return e
  }

  #track<T> (p: Promise<T>): Promise<T> {
    this.#pending.add(p)
    void p.finally(() => this.#pending.delete(p)).catch(() => {})
    return p
  }

  #send (key: string, status: Status | null, entry: Entry, safe: boolean, tombstoneGeneration = this.#generation): Promise<StatusWriteResult> {
    const generation = status?.generation ?? tombstoneGeneration
    this.#generation = generation
    if (safe && status !== null && !entry.canWriteSafely(status)) {
      this.#o.log.debug({ key }, 'Skipping status write: a newer generation of another worker wrote the last status')
      return Promise.resolve('skipped')
    }
    const sequence = ++entry.sequence
    const value = status === null ? null : statusValue(status.state, status.trace ?? null, status.workerId, status.generation)
    const superseded = (): boolean =>
      entry.deleted || generation !== this.#generation || (safe && status !== null && !entry.canWriteSafely(status, sequence))
    return this.#track(this.#write(key, value, superseded))
  }

  #sendTopic (key: string, value: string | null): Promise<StatusWriteResult> {
    return this.#track(this.#write(key, value, () => false))
  }

  async #write (key: string, value: string | null, superseded: () => boolean): Promise<StatusWriteResult> {
    const backoff = this.#o.retryBackoffMs ?? (Number(this.#o.producerProps['retry.backoff.ms'] ?? 100) || 100)
    let attempt = 0
    while (true) {
      try {
        await this.#log.send(key, value)
        return 'written'
      } catch (err) {
        if (!(err instanceof RetriableError) || this.#stopped) {
          this.#o.log.error({ err, key }, 'Failed to write status update')
          return 'failed'
        }
        if (superseded()) return 'superseded'
        if (attempt++ === 0) this.#o.log.warn({ err, key }, 'Retrying a status update after a retriable failure')
        else this.#o.log.debug({ key, attempt }, 'Retrying a status update')
        await new Promise(resolve => setTimeout(resolve, backoff))
        if (this.#stopped) return 'failed'
        if (superseded()) return 'superseded'
      }
    }
  }

  #emit (change: StatusChange): void {
    for (const l of this.#listeners) {
      try {
        l(change)
      } catch (err) {
        this.#o.log.error({ err }, 'A status listener failed')
      }
    }
  }

  #read (r: ConsumerRecord): void {
    if (r.key === null) {
      this.#o.log.warn(`Discarding a record without key at ${r.topic}-${r.partition}@${r.offset}`)
      return
    }
    const key = r.key.toString('utf8')
    const value = r.value === null ? null : r.value.toString('utf8')
    if (key.startsWith(CONNECTOR_PREFIX)) this.#readConnector(key, value)
    else if (key.startsWith(TASK_PREFIX)) this.#readTask(key, value)
    else if (key.startsWith(TOPIC_PREFIX)) this.#readTopic(key, value)
    else this.#o.log.warn(`Discarding record with invalid key ${key}`)
  }

  #parseStatus (key: string, value: string): Status | null {
    try {
      const v = JSON.parse(value) as unknown
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object')
      const m = v as Record<string, unknown>
      if (typeof m.state !== 'string' || !STATES.has(m.state)) throw new Error(`unknown state ${String(m.state)}`)
      if (typeof m.worker_id !== 'string') throw new Error('worker_id is not a string')
      if (typeof m.generation !== 'number' || !Number.isInteger(m.generation)) throw new Error('generation is not an integer')
      if (m.trace !== undefined && m.trace !== null && typeof m.trace !== 'string') throw new Error('trace is not a string')
      const status: Status = { state: m.state as ConnectorState, workerId: m.worker_id, generation: m.generation }
      return typeof m.trace === 'string' ? { ...status, trace: m.trace } : status
    } catch (err) {
      this.#o.log.error({ err, key }, 'Failed to deserialize status')
      return null
    }
  }

  #readConnector (key: string, value: string | null): void {
    const connector = key.slice(CONNECTOR_PREFIX.length)
    if (connector === '') {
      this.#o.log.warn(`Discarding record with invalid connector status key ${key}`)
      return
    }
    if (value === null) {
      // As in Kafka, a connector tombstone also forgets the statuses of its tasks.
      const e = this.#connectors.get(connector)
      if (e !== undefined) e.deleted = true
      this.#connectors.delete(connector)
      for (const t of this.#tasks.get(connector)?.values() ?? []) t.deleted = true
      this.#tasks.delete(connector)
      this.#emit({ kind: 'connector', connector, status: null })
      return
    }
    const status = this.#parseStatus(key, value)
    if (status === null) return
    this.#connectorEntry(connector).value = status
    this.#emit({ kind: 'connector', connector, status })
  }

  #readTask (key: string, value: string | null): void {
    const id = parseTaskStatusKey(key)
    if (id === null) {
      this.#o.log.warn(`Discarding record with invalid task status key ${key}`)
      return
    }
    if (value === null) {
      const row = this.#tasks.get(id.connector)
      const e = row?.get(id.task)
      if (e !== undefined) e.deleted = true
      row?.delete(id.task)
      if (row?.size === 0) this.#tasks.delete(id.connector)
      this.#emit({ kind: 'task', connector: id.connector, task: id.task, status: null })
      return
    }
    const status = this.#parseStatus(key, value)
    if (status === null) {
      this.#o.log.warn(`Failed to parse task status with key ${key}`)
      return
    }
    const entry = this.#taskEntry(id.connector, id.task)
    const cached = entry.value
    // §4.3 reader quirk: a stale UNASSIGNED does not replace a RUNNING status of the same or a newer generation.
    if (status.state === 'UNASSIGNED' && cached !== null && cached.state === 'RUNNING' && cached.generation >= status.generation) {
      this.#o.log.trace({ key }, 'Ignoring a stale UNASSIGNED task status')
      return
    }
    entry.value = status
    this.#emit({ kind: 'task', connector: id.connector, task: id.task, status })
  }

  #readTopic (key: string, value: string | null): void {
    const sep = key.indexOf(':')
    const topic = sep < 0 ? '' : key.slice(TOPIC_PREFIX.length, sep)
    const connector = sep < 0 || !key.startsWith(TOPIC_SEPARATOR, sep) ? '' : key.slice(sep + TOPIC_SEPARATOR.length)
    if (topic === '' || connector === '') {
      this.#o.log.warn(`Discarding record with invalid topic status key ${key}`)
      return
    }
    if (value === null) {
      const m = this.#topics.get(connector)
      m?.delete(topic)
      if (m?.size === 0) this.#topics.delete(connector)
      this.#emit({ kind: 'topic', connector, topic, status: null })
      return
    }
    let status: TopicStatus
    try {
      const v = JSON.parse(value) as { topic?: Record<string, unknown> }
      const t = v?.topic
      if (t === null || typeof t !== 'object' || Array.isArray(t)) throw new Error('no "topic" object')
      if (typeof t.name !== 'string' || typeof t.connector !== 'string' || !Number.isInteger(t.task) || !Number.isInteger(t.discoverTimestamp)) {
        throw new Error('missing or mistyped fields')
      }
      status = { topic: t.name, connector: t.connector, task: t.task as number, discoverTimestamp: t.discoverTimestamp as number }
    } catch (err) {
      this.#o.log.warn({ err, key }, `Failed to parse topic status with key ${key}`)
      return
    }
    let m = this.#topics.get(connector)
    if (m === undefined) this.#topics.set(connector, m = new Map())
    m.set(topic, status)
    this.#emit({ kind: 'topic', connector, topic, status })
  }
}
