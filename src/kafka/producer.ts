// The producer of source tasks, DLQs and the internal stores: send(records) resolves with one RecordMetadata per
// record, in order. Many send() calls may be pending at once; they are queued in order and merged into Produce
// requests of up to `max.request.size` (and 128 KiB) bytes, at most `max.in.flight.requests.per.connection` in flight
// (Connect's source producer sets 1, as Kafka's accumulator does). The partition of every record is chosen here
// (murmur2 of the key as the Java client, else one partition per request and topic, round robin), so per-record
// offsets follow from the base offset the broker returns for each partition: records of one partition keep their
// submission order inside a request, and requests leave in order.
import { Producer, type MessageToProduce, type ProduceResult } from '@platformatic/kafka'
import type { Logger } from 'pino'
import { toClientOptions, type ClientConfig, type ProducerSettings } from './client-config.ts'
import { KafkaClientError, toConnectError } from './errors.ts'
import { partitionForKey } from './partitioner.ts'
import type { Header, ProducerRecord, RecordMetadata } from './types.ts'

export interface KafkaProducerOptions {
  logger?: Logger
}

interface Pending {
  readonly records: readonly ProducerRecord[]
  readonly results: RecordMetadata[]
  /** Next record of this send() not yet put in a request. */
  next: number
  /** Requests carrying records of this send() still unanswered. */
  inflight: number
  failed: boolean
  readonly resolve: (results: RecordMetadata[]) => void
  readonly reject: (err: Error) => void
}

/** Records start..end-1 of a send() are messages[offset..] of the request. */
interface Segment {
  readonly pending: Pending
  readonly start: number
  readonly end: number
  readonly offset: number
}

interface Chunk {
  readonly messages: Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>>
  readonly segments: Segment[]
  /** The timestamp of records without one. */
  readonly now: number
}

const RECORD_OVERHEAD = 24
/**
 * Merged requests stop growing here even when `max.request.size` allows more: @platformatic/kafka's encoding costs
 * more per record in bigger requests (about 3x at 1 MiB than at 64-128 KiB, measured with 100-byte records).
 */
const REQUEST_TARGET_BYTES = 128 * 1024
/**
 * Largest timestamp spread inside one request. @platformatic/dynamic-buffer 0.3.1 writes varlongs of 2^31 and more
 * wrongly (its zigzag step shifts by 31, not 63), and a record's timestamp is written as a varlong delta from the
 * first timestamp of its batch: requests are cut so that every delta stays below 2^30.
 */
const MAX_TIMESTAMP_SPREAD = 2 ** 30 - 1
const HEADER_KEY_CACHE_MAX = 1024

export class KafkaProducer {
  readonly #client: Producer<Buffer, Buffer, Buffer, Buffer>
  readonly #settings: ProducerSettings
  readonly #queue: Pending[] = []
  readonly #roundRobin = new Map<string, number>()
  readonly #headerKeys = new Map<string, Buffer>()
  readonly #idleWaiters: Array<() => void> = []
  readonly #logger: Logger | undefined
  #inflight = 0
  #unsettled = 0
  #queuedBytes = 0
  #pumping = false
  #metadataLoading = false
  #lingerTimer: NodeJS.Timeout | null = null
  #lingerSince = 0
  #flushing = 0
  #closed = false
  /** Input keys this producer does not use (for a debug log). */
  readonly ignoredKeys: readonly string[]
  readonly clientId: string

  static async create (props: Readonly<Record<string, string>>, options: KafkaProducerOptions = {}): Promise<KafkaProducer> {
    return new KafkaProducer(toClientOptions(props, 'producer'), options)
  }

  constructor (config: ClientConfig, options: KafkaProducerOptions = {}) {
    if (config.producer === undefined) throw new KafkaClientError('KafkaProducer needs a producer client config')
    this.#settings = config.producer
    this.#logger = options.logger
    this.ignoredKeys = config.ignored
    this.clientId = config.base.clientId
    this.#client = new Producer({
      ...config.base,
      acks: this.#settings.acks,
      compression: this.#settings.compression,
      idempotent: this.#settings.idempotent,
      autocreateTopics: true
    })
    if (config.ignored.length > 0) this.#logger?.debug({ clientId: this.clientId, ignored: config.ignored }, 'producer ignores these keys')
  }

  /** send() calls not settled yet (queued or in flight). */
  get pendingSends (): number {
    return this.#unsettled
  }

  /**
   * Queues the records (in this order, after those of earlier calls) and resolves with their metadata once all are
   * acknowledged; rejects if any of them fails. The array and its buffers must not change until it settles.
   */
  send (records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    if (this.#closed) return Promise.reject(new KafkaClientError('Cannot send: the producer is closed'))
    if (records.length === 0) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      this.#unsettled++
      const settle = (): void => {
        this.#unsettled--
        this.#checkIdle()
      }
      const pending: Pending = {
        records, results: new Array(records.length), next: 0, inflight: 0, failed: false,
        resolve: results => { settle(); resolve(results) },
        reject: err => { settle(); reject(err) }
      }
      if (this.#queue.length === 0) this.#lingerSince = Date.now()
      this.#queue.push(pending)
      if (this.#settings.lingerMs > 0) for (const r of records) this.#queuedBytes += recordSize(r)
      this.#pump()
    })
  }

  /** Sends what is queued now, without lingering, and waits until every pending send() has settled. */
  async flush (): Promise<void> {
    if (this.#unsettled === 0) return
    this.#flushing++
    try {
      this.#pump()
      await new Promise<void>(resolve => this.#idleWaiters.push(resolve))
    } finally {
      this.#flushing--
    }
  }

  /**
   * Flushes (pending sends complete or fail) for up to `timeoutMs` (Kafka's producer close timeout, 30 s by
   * default), then closes the connections, forcibly if sends are still pending (they fail).
   */
  async close (timeoutMs = 30000): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([this.flush(), new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })])
    } finally {
      clearTimeout(timer)
      if (this.#lingerTimer !== null) clearTimeout(this.#lingerTimer)
      await this.#client.close(true)
    }
  }

  #pump (): void {
    if (this.#pumping) return
    this.#pumping = true
    try {
      this.#pumpLoop()
    } finally {
      this.#pumping = false
    }
  }

  #pumpLoop (): void {
    while (this.#inflight < this.#settings.maxInFlight) {
      while (this.#queue.length > 0 && (this.#queue[0]!.failed || this.#queue[0]!.next >= this.#queue[0]!.records.length)) {
        // Fully dispatched (or failed) sends leave the queue; they settle when their requests answer.
        this.#queue.shift()
      }
      if (this.#queue.length === 0) break
      if (this.#mustLinger()) break
      const chunk = this.#buildChunk()
      if (chunk.messages.length > 0) {
        this.#dispatch(chunk)
      } else if (this.#queue.some(p => !p.failed && p.next < p.records.length)) {
        // The next record's topic has no metadata yet: load it (with the next few topics) and come back.
        const missing = this.#unknownTopics()
        if (missing.length > 0) {
          this.#loadMetadata(missing)
          break
        }
        // Cannot happen (a first record always fits); never spin on it.
        this.#fail(this.#queue.find(p => !p.failed && p.next < p.records.length)!, new KafkaClientError('Cannot build a produce request'))
      }
    }
    this.#checkIdle()
  }

  #mustLinger (): boolean {
    const linger = this.#settings.lingerMs
    if (linger <= 0 || this.#flushing > 0 || this.#closed || this.#queuedBytes >= this.#settings.batchSize) return false
    const wait = this.#lingerSince + linger - Date.now()
    if (wait <= 0) return false
    if (this.#lingerTimer === null) {
      this.#lingerTimer = setTimeout(() => {
        this.#lingerTimer = null
        this.#pump()
      }, wait)
    }
    return true
  }

  /** Topics of the next records whose partition count is not known yet. */
  #unknownTopics (): string[] {
    const topics = this.#client.currentMetadata?.topics
    const missing = new Set<string>()
    let budget = 64
    for (const pending of this.#queue) {
      if (pending.failed) continue
      for (let i = pending.next; i < pending.records.length && budget > 0; i++, budget--) {
        const topic = pending.records[i]!.topic
        if (topics?.get(topic) === undefined) missing.add(topic)
      }
      if (budget <= 0) break
    }
    return [...missing]
  }

  #loadMetadata (topics: string[]): void {
    if (this.#metadataLoading) return
    this.#metadataLoading = true
    this.#client.metadata({ topics, autocreateTopics: true }, err => {
      this.#metadataLoading = false
      if (err !== null && err !== undefined) {
        // Fail the sends that wait for these topics; the rest of the queue goes on.
        const error = toConnectError(err, `Cannot get metadata of ${topics.join(', ')}`)
        const failing = new Set(topics)
        for (const pending of this.#queue) {
          if (!pending.failed && pending.records.slice(pending.next).some(r => failing.has(r.topic))) this.#fail(pending, error)
        }
      }
      this.#pump()
    })
  }

  /** The next request: queued records in order, up to max.request.size, stopping at a topic without metadata. */
  #buildChunk (): Chunk {
    const topics = this.#client.currentMetadata?.topics
    const maxBytes = Math.min(this.#settings.maxRequestSize, REQUEST_TARGET_BYTES)
    const now = Date.now()
    const nowBig = BigInt(now)
    const chunk: Chunk = { messages: [], segments: [], now }
    const sticky = new Map<string, number>()
    let bytes = 0
    let full = false
    let lastTopic: string | undefined
    let lastCount: number | undefined
    let minTs = Number.POSITIVE_INFINITY
    let maxTs = Number.NEGATIVE_INFINITY
    for (const pending of this.#queue) {
      if (pending.failed || pending.next >= pending.records.length) continue
      const records = pending.records
      const start = chunk.messages.length
      let i = pending.next
      for (; i < records.length; i++) {
        const r = records[i]!
        const size = recordSize(r)
        if (bytes > 0 && bytes + size > maxBytes) break
        if (r.topic !== lastTopic) {
          lastTopic = r.topic
          lastCount = topics?.get(r.topic)?.partitionsCount
        }
        const count = lastCount
        if (count === undefined) break
        const ts = r.timestamp ?? now
        if (ts < minTs) minTs = ts
        if (ts > maxTs) maxTs = ts
        if (maxTs - minTs > MAX_TIMESTAMP_SPREAD) break
        bytes += size
        let partition: number
        if (r.partition !== null && r.partition !== undefined) {
          partition = r.partition
          if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
            // Nothing of this send() goes into this request.
            chunk.messages.length = start
            this.#fail(pending, new KafkaClientError(`Invalid partition ${partition} of topic ${r.topic}: it has ${count} partitions`))
            break
          }
        } else if (r.key !== null) {
          partition = partitionForKey(r.key, count)
        } else {
          let p = sticky.get(r.topic)
          if (p === undefined) {
            const n = this.#roundRobin.get(r.topic) ?? 0
            this.#roundRobin.set(r.topic, n + 1)
            p = n % count
            sticky.set(r.topic, p)
          }
          partition = p
        }
        chunk.messages.push({
          topic: r.topic,
          partition,
          key: r.key as Buffer,
          value: r.value as Buffer,
          headers: r.headers.length === 0 ? undefined : this.#headers(r.headers),
          timestamp: ts === now ? nowBig : BigInt(ts)
        })
      }
      if (pending.failed) continue
      if (chunk.messages.length > start) {
        chunk.segments.push({ pending, start: pending.next, end: i, offset: start })
        pending.inflight++
        if (this.#settings.lingerMs > 0) for (let j = pending.next; j < i; j++) this.#queuedBytes -= recordSize(records[j]!)
      }
      pending.next = i
      if (i < records.length) {
        full = true
        break
      }
    }
    if (!full) this.#queuedBytes = 0
    this.#lingerSince = now
    return chunk
  }

  /** Header keys as Buffers (cached); duplicate keys stay separate entries of the Map. */
  #headers (headers: readonly Header[]): Map<Buffer, Buffer> {
    const map = new Map<Buffer, Buffer>()
    for (const [key, value] of headers) {
      let k = this.#headerKeys.get(key)
      if (k === undefined) {
        k = Buffer.from(key, 'utf8')
        if (this.#headerKeys.size >= HEADER_KEY_CACHE_MAX) this.#headerKeys.clear()
        this.#headerKeys.set(key, k)
      }
      if (map.has(k)) k = Buffer.from(key, 'utf8')
      map.set(k, value as Buffer)
    }
    return map
  }

  #dispatch (chunk: Chunk): void {
    if (chunk.messages.length === 0) return
    this.#inflight++
    const acks = this.#settings.acks
    this.#client.send({ messages: chunk.messages, acks }, (err, result) => {
      this.#inflight--
      if (err !== null && err !== undefined) {
        const error = toConnectError(err, `Failed to send ${chunk.messages.length} records`)
        for (const { pending } of chunk.segments) {
          pending.inflight--
          this.#fail(pending, error)
        }
      } else {
        this.#complete(chunk, result ?? {}, acks)
      }
      this.#pump()
    })
  }

  #complete (chunk: Chunk, result: ProduceResult, acks: number): void {
    // Next offset per topic and partition, from the base offset of each partition's batch.
    const next = new Map<string, number[]>()
    if (acks !== 0) {
      for (const { topic, partition, offset } of result.offsets ?? []) {
        let arr = next.get(topic)
        if (arr === undefined) next.set(topic, arr = [])
        arr[partition] = Number(offset)
      }
    }
    const { messages, now } = chunk
    for (const { pending, start, end, offset } of chunk.segments) {
      const records = pending.records
      const results = pending.results
      let lastTopic = ''
      let lastArr: number[] | undefined
      for (let i = start, k = offset; i < end; i++, k++) {
        const m = messages[k]!
        if (m.topic !== lastTopic) {
          lastTopic = m.topic
          lastArr = next.get(m.topic)
        }
        const p = m.partition!
        let o = -1
        if (lastArr !== undefined && lastArr[p] !== undefined) o = lastArr[p]++
        results[i] = { topic: m.topic, partition: p, offset: o, timestamp: records[i]!.timestamp ?? now }
      }
    }
    for (const { pending } of chunk.segments) {
      pending.inflight--
      if (!pending.failed && pending.inflight === 0 && pending.next >= pending.records.length) pending.resolve(pending.results)
    }
  }

  #fail (pending: Pending, err: Error): void {
    if (pending.failed) return
    pending.failed = true
    if (this.#settings.lingerMs > 0) for (let j = pending.next; j < pending.records.length; j++) this.#queuedBytes -= recordSize(pending.records[j]!)
    pending.next = pending.records.length
    pending.reject(err)
  }

  #checkIdle (): void {
    if (this.#unsettled > 0) return
    for (const resolve of this.#idleWaiters.splice(0)) resolve()
  }
}

function recordSize (r: ProducerRecord): number {
  let size = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0)
  for (const [k, v] of r.headers) size += k.length + (v?.length ?? 0) + 4
  return size
}
