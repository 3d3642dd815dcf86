// The consumer of sink tasks (group subscription to a topic list or a pattern) and of the internal stores (manual
// assignment). poll() returns batches; partitions can be paused, resumed and sought; commits are explicit and
// synchronous. Rebalance callbacks run inside poll(), as in Kafka's Java consumer: onRevoked before the
// partitions go (offsets can still be committed then: the group waits for this member's JoinGroup), onAssigned
// before anything of the new partitions is fetched (a seek there decides where fetching starts).
//
// @platformatic/kafka's Consumer is used for group membership (JoinGroup, SyncGroup, heartbeats, LeaveGroup) and
// offset lookups. Its MessagesStream is not: it has no per-partition pause or seek and commits only what it
// delivered. Fetch and OffsetCommit requests are sent here through the library's API codecs (kGetApi), on a
// connection pool of our own for fetches so long polls never delay heartbeats. The hooks into membership are the
// library's `protocolsMetadata` callback, awaited before every JoinGroup (the revocation point of the eager
// protocol), and its `consumer:group:join` event, which carries the new assignment.
import { randomUUID } from 'node:crypto'
import { Admin, ConnectionPool, Consumer, type GroupAssignment } from '@platformatic/kafka'
import type { Logger } from 'pino'
import { toClientOptions, type BaseClientOptions, type ClientConfig, type ConsumerSettings } from './client-config.ts'
import { KafkaClientError, isRetriable, toConnectError } from './errors.ts'
import { Fetcher } from './consumer-fetcher.ts'
import { commitOffsets, resolveSubscription } from './consumer-group.ts'
import { rangeAssigner } from './range-assignor.ts'
import { tpKey, type ConsumerRecord, type TopicPartition } from './types.ts'
import { PartitionPositions, type PartitionState } from './consumer-positions.ts'

export interface RebalanceListener {
  onAssigned? (partitions: TopicPartition[]): Promise<void> | void
  onRevoked? (partitions: TopicPartition[]): Promise<void> | void
}

export type Subscription = { topics: readonly string[] } | { pattern: RegExp }

export interface KafkaConsumerOptions {
  logger?: Logger
}

const EMPTY = Buffer.alloc(0)

interface Deferred { promise: Promise<void>, resolve: () => void, reject: (err: Error) => void }

function deferred (): Deferred {
  let resolve!: () => void
  let reject!: (err: Error) => void
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej })
  promise.catch(() => {})
  return { promise, resolve, reject }
}

export class KafkaConsumer {
  readonly #client: Consumer
  readonly #fetchPool: ConnectionPool
  readonly #settings: ConsumerSettings
  readonly #base: BaseClientOptions
  readonly #logger: Logger | undefined
  readonly #positions: PartitionPositions
  readonly #fetcher: Fetcher
  readonly #hasGroup: boolean
  readonly ignoredKeys: readonly string[]
  readonly clientId: string

  #listener: RebalanceListener = {}
  #subscription: Subscription | null = null
  #manual = false
  /** Partitions handed to the listener by onAssigned and not revoked since. */
  #owned: TopicPartition[] = []
  #pendingAssignment: TopicPartition[] | null = null
  #revokeRequest: Deferred | null = null
  #subscribedTopics: string[] = []
  #partitionCounts = new Map<string, number>()
  #refreshTimer: NodeJS.Timeout | null = null
  #refreshing: Promise<void> | null = null
  #rejoinTimer: NodeJS.Timeout | null = null
  #patternAdmin: Admin | null = null
  #fatal: Error | null = null
  #waiter: (() => void) | null = null
  #wakeupRequested = false
  #polling: Promise<unknown> | null = null
  #closing = false
  #closed = false

  static async create (props: Readonly<Record<string, string>>, options: KafkaConsumerOptions = {}): Promise<KafkaConsumer> {
    return new KafkaConsumer(toClientOptions(props, 'consumer'), options)
  }

  constructor (config: ClientConfig, options: KafkaConsumerOptions = {}) {
    if (config.consumer === undefined) throw new KafkaClientError('KafkaConsumer needs a consumer client config')
    const s = config.consumer
    this.#settings = s
    this.#base = config.base
    this.#logger = options.logger
    this.ignoredKeys = config.ignored
    this.clientId = config.base.clientId
    this.#hasGroup = s.groupId !== null
    const sessionTimeout = s.sessionTimeoutMs
    const rebalanceTimeout = Math.max(s.rebalanceTimeoutMs, sessionTimeout)
    this.#client = new Consumer({
      ...config.base,
      // The library needs a group id even for a consumer that only reads by assignment; that one never joins.
      groupId: s.groupId ?? `kconnect-assign-only-${randomUUID()}`,
      ...(s.groupInstanceId === null ? {} : { groupInstanceId: s.groupInstanceId }),
      autocommit: false,
      sessionTimeout,
      rebalanceTimeout,
      heartbeatInterval: Math.min(s.heartbeatIntervalMs, sessionTimeout),
      protocols: [{ name: s.assignor, version: 0 }],
      ...(s.assignor === 'range' ? { partitionAssigner: rangeAssigner } : {}),
      protocolsMetadata: () => this.#beforeJoin(),
      isolationLevel: s.isolationLevel,
      minBytes: s.fetchMinBytes,
      maxBytes: s.fetchMaxBytes,
      maxWaitTime: s.fetchMaxWaitMs,
      autocreateTopics: s.allowAutoCreateTopics
    })
    this.#fetchPool = new ConnectionPool(`${config.base.clientId}-fetch`, {
      connectTimeout: config.base.connectTimeout,
      requestTimeout: Math.max(config.base.requestTimeout, s.fetchMaxWaitMs + 5000),
      ...(config.base.tls === undefined ? {} : { tls: config.base.tls }),
      ...(config.base.sasl === undefined ? {} : { sasl: config.base.sasl })
    })
    this.#positions = new PartitionPositions({
      client: this.#client,
      hasGroup: this.#hasGroup,
      policy: s.autoOffsetReset,
      isolationLevel: s.isolationLevel,
      backoffMs: () => this.#backoffMs(),
      onChange: () => { this.#wake(); this.#fetcher.maybeFetch() },
      onFatal: err => this.#setFatal(err),
      logger: this.#logger
    })
    this.#fetcher = new Fetcher({
      client: this.#client,
      pool: this.#fetchPool,
      settings: s,
      positions: this.#positions,
      backoffMs: () => this.#backoffMs(),
      onData: () => this.#wake(),
      onFatal: err => this.#setFatal(err),
      logger: this.#logger,
      clientId: this.clientId
    })
    this.#client.on('consumer:group:join', payload => {
      if (payload.assignments !== undefined) this.#onJoined(payload.assignments)
    })
    // Failed rejoins end up here (an 'error' event without a listener would crash the process).
    this.#client.on('error', (err: Error) => this.#onGroupError(err))
    if (config.ignored.length > 0) this.#logger?.debug({ clientId: this.clientId, ignored: config.ignored }, 'consumer ignores these keys')
  }

  /** The group id, null for a consumer without `group.id`. */
  get groupId (): string | null {
    return this.#settings.groupId
  }

  /**
   * Joins the group for a topic list or a pattern (matched with `RegExp.test`: anchor it for Kafka's full
   * match). Topics that do not exist yet, and for a pattern new matching topics, are picked up every
   * `metadata.max.age.ms`; a change of the topic set or of a partition count triggers a rebalance.
   */
  subscribe (subscription: Subscription | readonly string[] | RegExp, listener: RebalanceListener = {}): void {
    this.#checkOpen()
    if (!this.#hasGroup) throw new KafkaClientError('subscribe() needs group.id')
    if (this.#manual) throw new KafkaClientError('Subscription to topics and manual assignment are mutually exclusive')
    if (this.#subscription !== null) throw new KafkaClientError('Already subscribed')
    this.#subscription = subscription instanceof RegExp ? { pattern: subscription } : Array.isArray(subscription) ? { topics: [...subscription] } : subscription as Subscription
    this.#listener = listener
    this.#refreshSubscription()
    this.#refreshTimer = setInterval(() => this.#refreshSubscription(), Math.max(100, this.#settings.metadataMaxAgeMs))
    this.#refreshTimer.unref()
  }

  /** Reads these partitions without a group; positions: committed offsets when `group.id` is set, else the reset policy. */
  assign (partitions: readonly TopicPartition[]): void {
    this.#checkOpen()
    if (this.#subscription !== null) throw new KafkaClientError('Subscription to topics and manual assignment are mutually exclusive')
    this.#manual = true
    const topics = [...new Set(partitions.map(tp => tp.topic))]
    this.#client.topics.untrackAll(...this.#client.topics.current)
    this.#client.topics.trackAll(...topics)
    this.#positions.setAssignment(partitions)
    this.#positions.resolveMissing()
    this.#fetcher.maybeFetch()
  }

  assignment (): TopicPartition[] {
    return this.#positions.partitions()
  }

  /**
   * The next batch: up to `max.poll.records` records, waiting up to timeoutMs (or until the signal aborts or
   * wakeup() is called) when none is buffered. Runs the rebalance callbacks that are due.
   */
  async poll (timeoutMs: number, signal?: AbortSignal): Promise<ConsumerRecord[]> {
    this.#checkOpen()
    if (this.#polling !== null) throw new KafkaClientError('KafkaConsumer.poll() is already running: one poll at a time')
    const run = this.#poll(timeoutMs, signal)
    this.#polling = run
    try {
      return await run
    } finally {
      this.#polling = null
    }
  }

  async #poll (timeoutMs: number, signal: AbortSignal | undefined): Promise<ConsumerRecord[]> {
    const deadline = Date.now() + Math.max(0, timeoutMs)
    const stop = (): boolean => signal?.aborted === true || this.#closing || this.#wakeupRequested
    while (true) {
      if (this.#fatal !== null) {
        const err = this.#fatal
        this.#fatal = null
        throw err
      }
      const err = await this.#runCallbacks()
      if (err !== null) throw toConnectError(err, 'A rebalance callback failed')
      this.#positions.resolveMissing()
      const records = this.#positions.drain(this.#settings.maxPollRecords)
      this.#fetcher.maybeFetch()
      if (records.length > 0) return records
      const remaining = deadline - Date.now()
      if (remaining <= 0 || stop()) {
        this.#wakeupRequested = false
        return []
      }
      await this.#waitForEvent(remaining, signal)
      if (stop()) {
        this.#wakeupRequested = false
        // Callbacks that became due still run before returning.
        const late = this.#closing ? null : await this.#runCallbacks()
        if (late !== null) throw toConnectError(late, 'A rebalance callback failed')
        return this.#positions.drain(this.#settings.maxPollRecords)
      }
    }
  }

  /** Makes a waiting poll() return (with what is buffered, possibly nothing). */
  wakeup (): void {
    if (this.#polling === null) return
    this.#wakeupRequested = true
    this.#wake()
  }

  pause (partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) this.#state(tp).paused = true
  }

  resume (partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) this.#state(tp).paused = false
    this.#fetcher.maybeFetch()
  }

  paused (): TopicPartition[] {
    return this.#positions.all().filter(s => s.paused).map(s => ({ topic: s.topic, partition: s.partition }))
  }

  /** The next poll() returns the records of this partition from `offset` on. */
  seek (tp: TopicPartition, offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new KafkaClientError(`Invalid offset ${offset} for ${tp.topic}-${tp.partition}`)
    this.#positions.seek(this.#state(tp), offset)
    this.#fetcher.maybeFetch()
  }

  seekToBeginning (partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) this.#positions.reset(this.#state(tp), 'earliest')
    this.#positions.resolveMissing()
  }

  seekToEnd (partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) this.#positions.reset(this.#state(tp), 'latest')
    this.#positions.resolveMissing()
  }

  /** Offset of the next record poll() returns for the partition; null while it is being looked up. */
  position (tp: TopicPartition): number | null {
    return this.#state(tp).position
  }

  async beginningOffsets (partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    return await this.#positions.listOffsets(partitions, 'earliest')
  }

  async endOffsets (partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    return await this.#positions.listOffsets(partitions, 'latest')
  }

  /**
   * Commits the offsets (each the offset of the next record to read) for the group, synchronously. A group that
   * rebalanced away from this member's generation refuses with CommitFailedError.
   */
  async commit (offsets: ReadonlyMap<TopicPartition, number> | Iterable<readonly [TopicPartition, number]>): Promise<void> {
    this.#checkOpen(true)
    if (!this.#hasGroup) throw new KafkaClientError('commit() needs group.id')
    // A member commits with its generation; a consumer by assignment as a "simple" consumer (generation -1).
    const member = this.#subscription !== null
    await commitOffsets(this.#client, {
      groupId: this.#settings.groupId!,
      generation: member ? this.#client.generationId : -1,
      memberId: member ? this.#client.memberId ?? '' : '',
      groupInstanceId: this.#settings.groupInstanceId
    }, offsets)
  }

  /**
   * Stops fetching, runs onRevoked for the owned partitions (as the Java consumer does on close), leaves the group
   * and closes the connections. A poll() in progress returns first.
   */
  async close (): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    this.#wake()
    if (this.#polling !== null) await this.#polling.catch(() => {})
    if (this.#refreshTimer !== null) clearInterval(this.#refreshTimer)
    if (this.#rejoinTimer !== null) clearTimeout(this.#rejoinTimer)
    const owned = this.#owned
    this.#owned = []
    this.#pendingAssignment = null
    if (owned.length > 0) {
      try {
        await this.#listener.onRevoked?.(owned)
      } catch (err) {
        this.#logger?.warn({ err, clientId: this.clientId }, 'onRevoked failed while closing the consumer')
      }
    }
    if (this.#revokeRequest !== null) {
      // A JoinGroup waits for this member's revocation: it must not be sent now.
      this.#revokeRequest.reject(new KafkaClientError('Consumer closed'))
      this.#revokeRequest = null
    }
    this.#positions.clear()
    this.#fetcher.close()
    this.#closed = true
    const errors: unknown[] = []
    await this.#client.close(true).catch((err: unknown) => errors.push(err))
    await this.#fetchPool.close().catch((err: unknown) => errors.push(err))
    await this.#patternAdmin?.close().catch((err: unknown) => errors.push(err))
    if (errors.length > 0) this.#logger?.debug({ err: errors[0], clientId: this.clientId }, 'error while closing the consumer')
  }

  // ---- group membership -------------------------------------------------------------------------------------

  /** Awaited by the library before each JoinGroup: the owned partitions are revoked first (eager protocol). */
  async #beforeJoin (): Promise<Buffer> {
    if (this.#closing) throw new KafkaClientError('Consumer closed')
    if (this.#owned.length === 0) {
      // Nothing was handed out (an assignment not yet delivered by poll is simply dropped).
      this.#pendingAssignment = null
      this.#positions.clear()
      return EMPTY
    }
    this.#revokeRequest ??= deferred()
    const request = this.#revokeRequest
    this.#wake()
    await request.promise
    return EMPTY
  }

  #onJoined (assignments: GroupAssignment[]): void {
    const tps: TopicPartition[] = []
    for (const { topic, partitions } of assignments) for (const partition of partitions) tps.push({ topic, partition })
    tps.sort((a, b) => a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)
    this.#pendingAssignment = tps
    this.#logger?.debug({ clientId: this.clientId, generation: this.#client.generationId, assignment: tps.map(tp => `${tp.topic}-${tp.partition}`) }, 'joined group')
    this.#wake()
  }

  /** Revocation and assignment callbacks that are due; returns the first callback error. */
  async #runCallbacks (): Promise<unknown> {
    let error: unknown = null
    if (this.#revokeRequest !== null) {
      const request = this.#revokeRequest
      const owned = this.#owned
      this.#owned = []
      try {
        await this.#listener.onRevoked?.(owned)
      } catch (err) {
        error = err
      }
      this.#positions.clear()
      this.#revokeRequest = null
      request.resolve()
    }
    if (this.#pendingAssignment !== null && this.#revokeRequest === null) {
      const tps = this.#pendingAssignment
      this.#pendingAssignment = null
      this.#positions.setAssignment(tps)
      this.#owned = tps
      try {
        await this.#listener.onAssigned?.(tps)
      } catch (err) {
        error ??= err
      }
      this.#positions.resolveMissing()
    }
    return error
  }

  #onGroupError (err: Error): void {
    if (this.#closing) return
    if (!isRetriable(err)) {
      this.#setFatal(toConnectError(err, `Consumer group ${this.#settings.groupId} failed`))
      return
    }
    this.#logger?.warn({ err, clientId: this.clientId }, 'consumer group membership failed; rejoining')
    this.#scheduleRejoin()
  }

  #scheduleRejoin (): void {
    if (this.#rejoinTimer !== null || this.#closing) return
    this.#rejoinTimer = setTimeout(() => {
      this.#rejoinTimer = null
      this.#join()
    }, Math.max(100, this.#backoffMs()))
    this.#rejoinTimer.unref()
  }

  #join (): void {
    if (this.#closing) return
    this.#client.joinGroup({}).catch((err: Error) => this.#onGroupError(err))
  }

  /** Resolves the subscription to existing topics; joins or rejoins when the topics or their partition counts changed. */
  #refreshSubscription (): void {
    if (this.#refreshing !== null || this.#closing) return
    this.#refreshing = (async () => {
      try {
        const topics = await this.#resolveTopics()
        const counts = new Map<string, number>()
        if (topics.length > 0) {
          const md = await this.#client.metadata({ topics, forceUpdate: true })
          for (const t of topics) counts.set(t, md.topics.get(t)?.partitionsCount ?? 0)
        }
        const changed = topics.join('\n') !== this.#subscribedTopics.join('\n') || topics.some(t => counts.get(t) !== this.#partitionCounts.get(t))
        if (!changed || this.#closing) return
        const first = this.#subscribedTopics.length === 0 && this.#client.memberId === null
        this.#subscribedTopics = topics
        this.#partitionCounts = counts
        this.#client.topics.untrackAll(...this.#client.topics.current)
        this.#client.topics.trackAll(...topics)
        if (first && topics.length === 0) return
        this.#logger?.debug({ clientId: this.clientId, topics }, first ? 'joining group' : 'subscribed topics changed; rejoining group')
        this.#join()
      } catch (err) {
        this.#logger?.warn({ err, clientId: this.clientId }, 'cannot resolve the subscribed topics')
        if (!isRetriable(err)) this.#setFatal(toConnectError(err, 'Cannot resolve the subscribed topics'))
      } finally {
        this.#refreshing = null
      }
    })()
  }

  #resolveTopics (): Promise<string[]> {
    const admin = (): Admin => {
      this.#patternAdmin ??= new Admin({ ...this.#base, clientId: `${this.clientId}-metadata` })
      return this.#patternAdmin
    }
    return resolveSubscription(this.#client, admin, this.#subscription!, this.#settings.allowAutoCreateTopics)
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  #state (tp: TopicPartition): PartitionState {
    const s = this.#positions.get(tpKey(tp.topic, tp.partition))
    if (s === undefined) throw new KafkaClientError(`No current assignment for partition ${tp.topic}-${tp.partition}`)
    return s
  }

  #backoffMs (): number {
    return this.#base.retryDelay(null, 'consumer', 1)
  }

  #setFatal (err: Error): void {
    this.#fatal ??= err
    this.#wake()
  }

  #wake (): void {
    const w = this.#waiter
    this.#waiter = null
    w?.()
  }

  #waitForEvent (timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise(resolve => {
      const finish = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', finish)
        if (this.#waiter === finish) this.#waiter = null
        resolve()
      }
      const timer = setTimeout(finish, timeoutMs)
      signal?.addEventListener('abort', finish, { once: true })
      this.#waiter = finish
    })
  }

  #checkOpen (allowClosing = false): void {
    if (this.#closed || (this.#closing && !allowClosing)) throw new KafkaClientError('The consumer is closed')
  }
}
