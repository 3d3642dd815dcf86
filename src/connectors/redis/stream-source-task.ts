// com.redis.kafka.connect.source.RedisStreamSourceTask: reads a Redis stream as a member of a consumer group and
// returns one record per stream entry — key: the entry id (STRING), value: a `com.redis.kafka.connect.stream.Value`
// struct {id, body: map<string,string>, stream} — with source partition {"stream": <name>} and source offset
// {"offset": <entry id>}.
//
// Delivery (`redis.stream.delivery`): at-least-once (default) acknowledges an entry (XACK) only once Kafka
// acknowledged its record (commitRecord); the acks of one batch go out together. After a restart the task first
// re-reads its own pending entries (delivered before but never acknowledged: XREADGROUP … 0), then new ones (>), so
// nothing read but not yet written to Kafka is lost. A single task also skips (and acknowledges) pending entries at or
// before the committed source offset: those reached Kafka before the crash that kept their XACK from being sent.
// at-most-once reads with NOACK: nothing is pending, nothing is re-read.
//
// The consumer group is created when missing (XGROUP CREATE … MKSTREAM) at the committed offset, else at
// `redis.stream.offset`; an existing group keeps its position. Reads block for at most `redis.stream.block` ms on a
// connection of their own, so acknowledgements never wait behind a blocked read.
import {
  ConfigException, ConnectError, RetriableError, Schema, SchemaBuilder, SourceRecord, SourceTask, Struct,
  type Props, type RecordMetadata, type SourceMap
} from '../../api/index.ts'
import { closeRedis, connectRedis, redisError, withTimeout, type RedisArg, type RedisClient } from './client.ts'
import {
  REDIS_CONNECTOR_VERSION, TASK_COUNT_CONFIG, TASK_ID_CONFIG, TOKEN_STREAM, TOKEN_TASK, ensureNoProblems, redisEndpoint,
  redisStreamSourceConfigDef, sourceProblems
} from './config.ts'

export const STREAM_FIELD = 'stream'
export const OFFSET_FIELD = 'offset'

export const STREAM_VALUE_SCHEMA = SchemaBuilder.struct().name('com.redis.kafka.connect.stream.Value')
  .field('id', Schema.STRING_SCHEMA)
  .field('body', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
  .field('stream', Schema.STRING_SCHEMA)
  .build()

/** How long a poll waits after a failed read before reporting it (so a Redis outage is not a busy loop). */
const RETRY_PAUSE_MS = 500

/** Orders stream entry ids (`<ms>-<seq>`); ids missing a sequence count it as 0. */
export function compareStreamIds (a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-')
  const [bm = '0', bs = '0'] = b.split('-')
  const d = BigInt(am) - BigInt(bm)
  if (d !== 0n) return d < 0n ? -1 : 1
  const e = BigInt(as) - BigInt(bs)
  return e === 0n ? 0 : e < 0n ? -1 : 1
}

function isStreamId (s: string): boolean {
  return /^\d+(-\d+)?$/.test(s)
}

/** An XREADGROUP entry: its id and fields (null when the entry was deleted after delivery). */
interface Entry { id: string, fields: string[] | null }

/** The entries of a RESP2 XREADGROUP reply for one stream: `[[name, [[id, [f, v, …] | null], …]]]` or null. */
function entriesOf (reply: unknown): Entry[] {
  if (!Array.isArray(reply) || reply.length === 0) return []
  const stream = reply[0] as unknown[]
  const entries = (Array.isArray(stream) ? stream[1] : null) as unknown[] | null
  if (!Array.isArray(entries)) return []
  return entries.map(e => {
    const [id, fields] = e as [unknown, unknown]
    return { id: String(id), fields: Array.isArray(fields) ? fields.map(String) : null }
  })
}

function pause (ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

export class RedisStreamSourceTask extends SourceTask {
  static readonly className = 'com.redis.kafka.connect.source.RedisStreamSourceTask'

  #reader: RedisClient | null = null
  #writer: RedisClient | null = null
  #stream = ''
  #group = ''
  #consumer = ''
  #topic = ''
  #count = 500
  #blockMs = 100
  #timeoutMs = 60000
  #atLeastOnce = true
  #partition: SourceMap = {}
  /** Where re-reading this consumer's pending entries goes on; null once they are all read (then: new entries). */
  #pendingCursor: string | null = '0'
  /** The committed offset when pending entries up to it may be skipped (a single task), else null. */
  #skipUpTo: string | null = null
  /** Entry ids whose records Kafka acknowledged, waiting for XACK. */
  #acks: string[] = []
  #acking: Promise<void> | null = null
  #ackScheduled = false
  #stopping = new AbortController()

  version (): string {
    return REDIS_CONNECTOR_VERSION
  }

  async start (props: Props): Promise<void> {
    const c = redisStreamSourceConfigDef.parse(props)
    ensureNoProblems(props, sourceProblems, m => new ConfigException(m))
    const taskId = props[TASK_ID_CONFIG] ?? '0'
    const taskCount = Number(props[TASK_COUNT_CONFIG] ?? '1')
    this.#stream = c['redis.stream.name']
    this.#group = c['redis.stream.consumer.group']
    this.#consumer = c['redis.stream.consumer.name'].replaceAll(TOKEN_TASK, taskId)
    this.#topic = c.topic.replaceAll(TOKEN_STREAM, this.#stream)
    this.#count = c['redis.stream.count'] ?? c['batch.size']
    this.#blockMs = c['redis.stream.block']
    this.#timeoutMs = c['redis.timeout'] * 1000
    this.#atLeastOnce = c['redis.stream.delivery'] === 'at-least-once'
    this.#partition = Object.freeze({ [STREAM_FIELD]: this.#stream })
    this.#pendingCursor = this.#atLeastOnce ? '0' : null
    this.#acks = []
    this.#stopping = new AbortController()

    const committed = await this.#committedOffset()
    this.#skipUpTo = this.#atLeastOnce && taskCount <= 1 ? committed : null
    const startAt = committed ?? c['redis.stream.offset'].trim()
    const endpoint = redisEndpoint(c)
    this.#reader = await connectRedis(endpoint, `kconnect-redis-stream-${this.#consumer}`)
    try {
      this.#writer = await connectRedis(endpoint, `kconnect-redis-stream-${this.#consumer}-ack`)
      await this.#ensureGroup(startAt)
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  /** The committed entry id: for {"stream": name}, else for redis-kafka-connect's own partition ({}). */
  async #committedOffset (): Promise<string | null> {
    const legacy: SourceMap = {}
    const stored = await this.context.offsetStorageReader.offsets([this.#partition, legacy])
    let found: SourceMap | undefined
    for (const [p, o] of stored) {
      if (p[STREAM_FIELD] === this.#stream) found = o
      else if (found === undefined && Object.keys(p).length === 0) found = o
    }
    const id = found?.[OFFSET_FIELD]
    if (id == null) return null
    if (typeof id !== 'string' || !isStreamId(id)) throw new ConnectError(`Committed offset ${JSON.stringify(found)} is not a stream entry id`)
    return id
  }

  async #ensureGroup (startAt: string): Promise<void> {
    try {
      await this.#reader!.sendCommand(['XGROUP', 'CREATE', this.#stream, this.#group, startAt, 'MKSTREAM'])
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('BUSYGROUP')) return
      throw redisError(`Could not create consumer group '${this.#group}' for stream '${this.#stream}'`, err)
    }
  }

  async poll (signal: AbortSignal): Promise<SourceRecord[] | null> {
    const reader = this.#reader
    if (reader === null || this.#stopping.signal.aborted) return null
    try {
      while (this.#pendingCursor !== null) {
        const entries = entriesOf(await this.#read(reader, this.#readArgs(this.#pendingCursor, false)))
        if (entries.length === 0) {
          this.#pendingCursor = null
          break
        }
        this.#pendingCursor = entries[entries.length - 1]!.id
        const records = this.#records(entries)
        if (records.length > 0) return records
        if (signal.aborted || this.#stopping.signal.aborted) return null
      }
      const entries = entriesOf(await this.#read(reader, this.#readArgs('>', true)))
      const records = this.#records(entries)
      return records.length > 0 ? records : null
    } catch (err) {
      if (this.#stopping.signal.aborted) return null
      const failure = redisError(`Could not read stream '${this.#stream}'`, err)
      if (failure instanceof RetriableError) await pause(RETRY_PAUSE_MS, AbortSignal.any([signal, this.#stopping.signal]))
      throw failure
    }
  }

  /** One read, bounded by the block time plus `redis.timeout`. */
  #read (reader: RedisClient, args: RedisArg[]): Promise<unknown> {
    return withTimeout(reader.sendCommand(args), this.#blockMs + this.#timeoutMs, `Could not read stream '${this.#stream}'`)
  }

  #readArgs (from: string, block: boolean): RedisArg[] {
    const args: RedisArg[] = ['XREADGROUP', 'GROUP', this.#group, this.#consumer, 'COUNT', String(this.#count)]
    if (block && this.#blockMs > 0) args.push('BLOCK', String(this.#blockMs))
    if (!this.#atLeastOnce) args.push('NOACK')
    args.push('STREAMS', this.#stream, from)
    return args
  }

  /** Records for the entries; deleted entries and pending ones Kafka already has are acknowledged instead. */
  #records (entries: Entry[]): SourceRecord[] {
    const records: SourceRecord[] = []
    const timestamp = Date.now()
    for (const { id, fields } of entries) {
      if (fields === null || (this.#skipUpTo !== null && compareStreamIds(id, this.#skipUpTo) <= 0)) {
        if (this.#atLeastOnce) this.#ack(id)
        continue
      }
      const body = new Map<string, string>()
      for (let i = 0; i + 1 < fields.length; i += 2) body.set(fields[i]!, fields[i + 1]!)
      records.push(new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { [OFFSET_FIELD]: id },
        topic: this.#topic,
        keySchema: Schema.STRING_SCHEMA,
        key: id,
        valueSchema: STREAM_VALUE_SCHEMA,
        value: new Struct(STREAM_VALUE_SCHEMA).put('id', id).put('body', body).put('stream', this.#stream),
        timestamp
      }))
    }
    return records
  }

  /** Kafka acknowledged the record (or a transformation dropped it): its entry is acknowledged in Redis. */
  override commitRecord (record: SourceRecord, _metadata: RecordMetadata | null): void {
    if (!this.#atLeastOnce) return
    const id = record.sourceOffset?.[OFFSET_FIELD]
    if (typeof id === 'string') this.#ack(id)
  }

  #ack (id: string): void {
    this.#acks.push(id)
    if (this.#ackScheduled) return
    this.#ackScheduled = true
    // Gather the acks of a whole batch (commitRecord is called once per record, back to back) into one XACK.
    setImmediate(() => {
      this.#ackScheduled = false
      void this.#flushAcks()
    })
  }

  /** Sends the gathered acks; ids whose XACK failed are kept for the next try. */
  #flushAcks (): Promise<void> {
    if (this.#acking !== null) return this.#acking.then(() => this.#acks.length > 0 ? this.#flushAcks() : undefined)
    const writer = this.#writer
    if (writer === null || this.#acks.length === 0) return Promise.resolve()
    const ids = this.#acks
    this.#acks = []
    this.#acking = withTimeout(writer.sendCommand(['XACK', this.#stream, this.#group, ...ids]), this.#timeoutMs, 'XACK').then(() => {}, (err: unknown) => {
      this.#acks = ids.concat(this.#acks)
      console.warn(`Redis stream source: XACK of ${ids.length} entries of '${this.#stream}' failed (kept for the next commit): ${(err as Error).message}`)
    }).finally(() => { this.#acking = null })
    return this.#acking
  }

  /** After the framework committed offsets: make sure every acknowledged entry was XACKed. */
  override async commit (): Promise<void> {
    await this.#flushAcks()
  }

  async stop (): Promise<void> {
    this.#stopping.abort()
    await this.#flushAcks().catch(() => {})
    const reader = this.#reader
    const writer = this.#writer
    this.#reader = null
    this.#writer = null
    // A read may be blocked for redis.stream.block ms: drop that connection rather than wait.
    reader?.destroy()
    await closeRedis(writer)
  }
}
