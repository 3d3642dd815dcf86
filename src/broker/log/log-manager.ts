// The topic registry and its partition logs.
//
// API (offsets are JS numbers; Kafka-level failures are error codes in results, never exceptions):
//
//   const logs = await LogManager.open({ dataDir?, numPartitions?, topicDefaults?, flushIntervalMessages?,
//                                        flushIntervalMs?, cleanupIntervalMs?, now?, logger? })
//     dataDir undefined = everything in memory. With a data dir: <dataDir>/meta/topics.json (registry),
//     <dataDir>/meta/clean-shutdown (marker written by close()), <dataDir>/<topic>-<partition>/ (segments, see
//     file-store.ts). Opening recovers every partition; a partition that cannot be read is reported offline
//     (errorCode 56) and the rest open normally. `new LogManager(opts)` without open() works in memory only
//     (with a data dir, mutations throw until the registry is loaded), and runs no cleanup timer.
//   logs.topics(): TopicInfo[]            TopicInfo = { name, id (UUID), partitions, configs (overrides) }
//   logs.topic(name) / logs.topicById(id): TopicInfo | undefined
//   logs.partition(topic, index): PartitionLog | undefined
//   logs.topicConfig(name): TopicConfig | undefined          parsed effective config (topic-config.ts)
//   logs.createTopic(name, { numPartitions, replicationFactor?, configs, validateOnly? })
//     -> { errorCode, errorMessage?, topic? }   17 bad name, 36 exists, 37 bad count, 38 replication factor
//        other than 1 or -1, 40 bad config, 56 cannot store it; numPartitions -1 = broker default; validateOnly
//        checks and returns the would-be topic (its id is not kept).
//   logs.deleteTopic(name) -> Promise<number>              0 or 3; removes the data
//   logs.createPartitions(name, count, validateOnly) -> { errorCode, errorMessage? }   grow only (37)
//   logs.alterTopicConfigs(name, changes: { key: value | null }, validateOnly?) -> { errorCode, errorMessage? }
//   logs.describeTopicConfigs(name): DescribedConfig[] | undefined
//     every key: { name, value, source (1 topic, 4 broker options, 5 default), readOnly, sensitive, isDefault,
//     typeName ('LONG', 'LIST', ...), configType (DescribeConfigs number), documentation }
//   logs.runRetentionNow(topic?), logs.compactNow(topic?)    on-demand maintenance (tests); also on a timer
//   logs.close()                                              clean close (fsync, state, marker)
//
//   PartitionLog (partition-log.ts):
//     errorCode / errorMessage (56 when offline), logStartOffset, logEndOffset, highWatermark (= LEO),
//     lastStableOffset (= HW: no transactions yet), size, segmentInfo()
//     append(records: Buffer) -> { errorCode, errorMessage?, baseOffset, logAppendTimeMs, logStartOffset }
//       validates every batch (2 corrupt, 10 too large, 87 control batch / null key on compacted topics),
//       idempotent producers (duplicate -> original base offset, 45 out of order, 47 old epoch); resolves after
//       the write (and the fsync the flush policy asks for). logAppendTimeMs is -1 unless LogAppendTime.
//     read(offset, maxBytes, { minOneBatch, committed }) -> { errorCode, records: Buffer | null, highWatermark,
//       lastStableOffset, logStartOffset }   whole batches from the one holding offset; KIP-74 with minOneBatch;
//       1 below log start or above LEO, none exactly at LEO.
//     onAppend(listener) -> unsubscribe     Fetch long-polling: called after each append (and when the
//       partition goes offline, is closed or deleted); no polling loop needed.
//     offsetForTimestamp(ts) / maxTimestampOffset() -> { errorCode, offset, timestamp } (-1/-1 when none)
//     deleteRecordsBefore(offset) -> { errorCode, lowWatermark }   1 when offset > HW
//     runRetention(), compact(force?), needsCompaction(), flush(), close(), delete()
//     After close()/delete() every call answers 3 (UNKNOWN_TOPIC_OR_PARTITION). Standalone (tests):
//     PartitionLog.open({ topic, partition, dir?, config: () => TopicConfig, now?, logger?, cleanShutdown? }).
//
// Durability: a produce is answered after write() of its bytes (kill -9 loses nothing acknowledged); fsync
// happens when flush.messages / flush.ms say so (group commit), on roll and on close. Offline partitions:
// one error line `partition <t>-<p> is offline (KAFKA_STORAGE_ERROR): <cause>`, then 56 on every call until
// restart; other partitions are unaffected.
import { randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { PartitionLog } from './partition-log.ts'
import { LogErrors } from './errors.ts'
import { silentLogger, type LogLogger } from './logger.ts'
import { Mutex } from './mutex.ts'
import { describeConfigs, resolveTopicConfig, validateTopicConfigs, type DescribedConfig, type TopicConfig } from './topic-config.ts'
import { invalidTopicName, loadTopics, partitionDir, saveTopics, takeCleanShutdownMarker, writeCleanShutdownMarker, type TopicInfo } from './topic-registry.ts'

export { PartitionLog, LogErrors }
export type { TopicInfo, DescribedConfig, TopicConfig, LogLogger }
export type { AppendResult, ReadResult, ReadOptions, OffsetAtTime } from './partition-log.ts'

export interface CreateTopicResult { errorCode: number, errorMessage?: string, topic?: TopicInfo }
export interface ErrorResult { errorCode: number, errorMessage?: string }

export interface LogManagerOptions {
  /** Data directory; undefined keeps all data in memory. */
  dataDir?: string
  /** `num.partitions`: used for numPartitions -1. Default 1. */
  numPartitions?: number
  /** Broker-level topic config defaults (topic key names), reported as STATIC_BROKER_CONFIG. */
  topicDefaults?: Record<string, string>
  /** `log.flush.interval.messages`: default for flush.messages. */
  flushIntervalMessages?: number
  /** `log.flush.interval.ms`: default for flush.ms. */
  flushIntervalMs?: number
  /** How often retention and compaction run (ms); 0 disables the timer. Default 30000. */
  cleanupIntervalMs?: number
  now?: () => number
  logger?: LogLogger
}

interface Topic { info: TopicInfo, logs: PartitionLog[], config: TopicConfig }

export class LogManager {
  readonly #opts: LogManagerOptions
  readonly #dataDir: string | undefined
  readonly #brokerDefaults: Record<string, string>
  readonly #logger: LogLogger
  readonly #now: () => number
  readonly #topics = new Map<string, Topic>()
  readonly #byId = new Map<string, Topic>()
  readonly #registryLock = new Mutex()
  #clean = false
  #loaded: boolean
  #timer: NodeJS.Timeout | undefined
  #cleanup: Promise<void> | undefined
  #closed = false

  constructor (options: LogManagerOptions = {}) {
    this.#opts = options
    this.#dataDir = options.dataDir
    this.#logger = (options.logger ?? silentLogger).child({ component: 'log' })
    this.#now = options.now ?? Date.now
    const defaults: Record<string, string> = {}
    if (options.flushIntervalMessages !== undefined) defaults['flush.messages'] = String(options.flushIntervalMessages)
    if (options.flushIntervalMs !== undefined) defaults['flush.ms'] = String(options.flushIntervalMs)
    Object.assign(defaults, options.topicDefaults)
    const problem = validateTopicConfigs(defaults)
    if (problem !== undefined) throw new Error(`invalid broker topic defaults: ${problem}`)
    this.#brokerDefaults = defaults
    this.#loaded = options.dataDir === undefined
  }

  /** A data dir must be loaded first: writing the registry before that would drop the stored topics. */
  #assertLoaded (): void {
    if (!this.#loaded) throw new Error('LogManager with a data dir must be created with LogManager.open()')
  }

  /** Creates the manager, loads the registry and recovers every partition, and starts the cleanup timer. */
  static async open (options: LogManagerOptions = {}): Promise<LogManager> {
    const manager = new LogManager(options)
    await manager.#load()
    manager.#startTimer()
    return manager
  }

  async #load (): Promise<void> {
    if (this.#dataDir === undefined) return
    this.#clean = await takeCleanShutdownMarker(this.#dataDir)
    this.#loaded = true
    const infos = await loadTopics(this.#dataDir)
    const started = this.#now()
    for (const info of infos) {
      const topic: Topic = { info, logs: [], config: resolveTopicConfig(info.configs, this.#brokerDefaults) }
      await this.#addLogs(topic, info.partitions)
      this.#topics.set(info.name, topic)
      this.#byId.set(info.id, topic)
    }
    const offline = infos.flatMap(t => this.#topics.get(t.name)?.logs.filter(l => l.errorCode !== 0).map(l => `${l.topic}-${l.partition}`) ?? [])
    this.#logger.info({ dataDir: this.#dataDir, topics: infos.length, cleanShutdown: this.#clean, offline, ms: this.#now() - started }, 'logs loaded')
  }

  #startTimer (): void {
    const interval = this.#opts.cleanupIntervalMs ?? 30000
    if (interval <= 0) return
    this.#timer = setInterval(() => {
      if (this.#cleanup !== undefined) return
      this.#cleanup = this.#maintain(false).catch(err => this.#logger.error({ err }, 'log cleanup failed')).finally(() => { this.#cleanup = undefined })
    }, interval)
    this.#timer.unref()
  }

  async #maintain (force: boolean, only?: string): Promise<void> {
    for (const topic of [...this.#topics.values()]) {
      if (only !== undefined && topic.info.name !== only) continue
      for (const log of topic.logs) {
        if (this.#closed) return
        await log.runRetention()
        if (force || log.needsCompaction()) await log.compact(force)
      }
    }
  }

  topics (): TopicInfo[] { return [...this.#topics.values()].map(t => t.info) }
  topic (name: string): TopicInfo | undefined { return this.#topics.get(name)?.info }
  topicById (id: string): TopicInfo | undefined { return this.#byId.get(id)?.info }
  partition (topic: string, index: number): PartitionLog | undefined { return this.#topics.get(topic)?.logs[index] }
  topicConfig (name: string): TopicConfig | undefined { return this.#topics.get(name)?.config }

  /** Opens partitions [current count, count) (recovering them in parallel). */
  async #addLogs (topic: Topic, count: number): Promise<void> {
    const indexes = Array.from({ length: Math.max(0, count - topic.logs.length) }, (_, i) => topic.logs.length + i)
    const opened = await Promise.all(indexes.map(p => PartitionLog.open({
      topic: topic.info.name,
      partition: p,
      dir: this.#dataDir === undefined ? undefined : partitionDir(this.#dataDir, topic.info.name, p),
      config: () => topic.config,
      now: this.#now,
      logger: this.#logger,
      cleanShutdown: this.#clean
    })))
    topic.logs.push(...opened)
  }

  async #persist (): Promise<void> {
    if (this.#dataDir !== undefined) await saveTopics(this.#dataDir, [...this.#topics.values()].map(t => t.info))
  }

  /** Removes leftover data of a topic that no longer exists (a crash between registry update and deletion). */
  async #clearStaleDirs (name: string, from: number, to: number): Promise<void> {
    if (this.#dataDir === undefined) return
    for (let p = from; p < to; p++) {
      const dir = partitionDir(this.#dataDir, name, p)
      const exists = await stat(dir).then(() => true, () => false)
      if (!exists) continue
      this.#logger.warn({ dir }, 'removing stale data of a topic partition that did not exist')
      await rm(dir, { recursive: true, force: true })
    }
  }

  createTopic (name: string, opts: { numPartitions: number, replicationFactor?: number, configs?: Record<string, string>, validateOnly?: boolean }): Promise<CreateTopicResult> {
    this.#assertLoaded()
    return this.#registryLock.run(async () => {
      const badName = invalidTopicName(name)
      if (badName !== undefined) return { errorCode: LogErrors.INVALID_TOPIC_EXCEPTION, errorMessage: badName }
      if (this.#topics.has(name)) return { errorCode: LogErrors.TOPIC_ALREADY_EXISTS, errorMessage: `Topic '${name}' already exists.` }
      const partitions = opts.numPartitions === -1 ? this.#opts.numPartitions ?? 1 : opts.numPartitions
      if (!Number.isInteger(partitions) || partitions < 1) return { errorCode: LogErrors.INVALID_PARTITIONS, errorMessage: `Number of partitions must be larger than 0, got ${partitions}.` }
      const rf = opts.replicationFactor ?? -1
      if (rf !== -1 && rf !== 1) return { errorCode: LogErrors.INVALID_REPLICATION_FACTOR, errorMessage: `Replication factor must be larger than 0 and not larger than the number of brokers (1), got ${rf}.` }
      const configs = { ...opts.configs }
      const invalid = validateTopicConfigs(configs)
      if (invalid !== undefined) return { errorCode: LogErrors.INVALID_CONFIG, errorMessage: invalid }
      const info: TopicInfo = { name, id: randomUUID(), partitions, configs }
      if (opts.validateOnly === true) return { errorCode: 0, topic: info }
      const topic: Topic = { info, logs: [], config: resolveTopicConfig(configs, this.#brokerDefaults) }
      try {
        await this.#clearStaleDirs(name, 0, partitions)
        await this.#addLogs(topic, partitions)
        const offline = topic.logs.find(l => l.errorCode !== 0)
        if (offline !== undefined) throw new Error(offline.errorMessage ?? 'partition offline')
        this.#topics.set(name, topic)
        this.#byId.set(info.id, topic)
        await this.#persist()
      } catch (err) {
        this.#topics.delete(name)
        this.#byId.delete(info.id)
        for (const log of topic.logs) await log.delete().catch(() => {})
        this.#logger.error({ err, topic: name }, `cannot create topic ${name}: ${(err as Error).message}`)
        return { errorCode: LogErrors.KAFKA_STORAGE_ERROR, errorMessage: `cannot store topic ${name}: ${(err as Error).message}` }
      }
      this.#logger.info({ topic: name, id: info.id, partitions, configs }, 'topic created')
      return { errorCode: 0, topic: info }
    })
  }

  async #persistOrLog (what: string, topic: string): Promise<void> {
    try {
      await this.#persist()
    } catch (err) {
      this.#logger.error({ err, topic }, `${what}: cannot write the topic registry; the change is lost on restart`)
    }
  }

  deleteTopic (name: string): Promise<number> {
    this.#assertLoaded()
    return this.#registryLock.run(async () => {
      const topic = this.#topics.get(name)
      if (topic === undefined) return LogErrors.UNKNOWN_TOPIC_OR_PARTITION
      this.#topics.delete(name)
      this.#byId.delete(topic.info.id)
      await this.#persistOrLog('deleteTopic', name)
      for (const log of topic.logs) {
        await log.delete().catch(err => this.#logger.error({ err, topic: name, partition: log.partition }, 'cannot delete partition data'))
      }
      this.#logger.info({ topic: name, id: topic.info.id }, 'topic deleted')
      return 0
    })
  }

  createPartitions (name: string, count: number, validateOnly: boolean): Promise<ErrorResult> {
    this.#assertLoaded()
    return this.#registryLock.run(async () => {
      const topic = this.#topics.get(name)
      if (topic === undefined) return { errorCode: LogErrors.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${name}' does not exist.` }
      if (!Number.isInteger(count) || count <= topic.info.partitions) {
        return { errorCode: LogErrors.INVALID_PARTITIONS, errorMessage: `Topic currently has ${topic.info.partitions} partitions, which is higher than or equal to the requested ${count}.` }
      }
      if (validateOnly) return { errorCode: 0 }
      await this.#clearStaleDirs(name, topic.info.partitions, count)
      await this.#addLogs(topic, count)
      topic.info = { ...topic.info, partitions: count }
      await this.#persistOrLog('createPartitions', name)
      return { errorCode: 0 }
    })
  }

  /** Sets (string) or removes (null) topic config overrides. */
  alterTopicConfigs (name: string, changes: Record<string, string | null>, validateOnly = false): Promise<ErrorResult> {
    this.#assertLoaded()
    return this.#registryLock.run(async () => {
      const topic = this.#topics.get(name)
      if (topic === undefined) return { errorCode: LogErrors.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${name}' does not exist.` }
      const configs: Record<string, string> = { ...topic.info.configs }
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete configs[key]
        else configs[key] = value
      }
      const set = Object.fromEntries(Object.entries(changes).filter((e): e is [string, string] => e[1] !== null))
      const invalid = validateTopicConfigs(set)
      if (invalid !== undefined) return { errorCode: LogErrors.INVALID_CONFIG, errorMessage: invalid }
      if (validateOnly) return { errorCode: 0 }
      topic.info = { ...topic.info, configs }
      topic.config = resolveTopicConfig(configs, this.#brokerDefaults)
      await this.#persistOrLog('alterTopicConfigs', name)
      return { errorCode: 0 }
    })
  }

  describeTopicConfigs (name: string): DescribedConfig[] | undefined {
    const topic = this.#topics.get(name)
    return topic === undefined ? undefined : describeConfigs(topic.info.configs, this.#brokerDefaults)
  }

  /** Runs retention now on every partition (or one topic's). */
  async runRetentionNow (topic?: string): Promise<void> {
    for (const t of [...this.#topics.values()]) {
      if (topic !== undefined && t.info.name !== topic) continue
      for (const log of t.logs) await log.runRetention()
    }
  }

  /** Compacts now every compacted partition (or one topic's), regardless of the dirty ratio. */
  async compactNow (topic?: string): Promise<void> {
    for (const t of [...this.#topics.values()]) {
      if (topic !== undefined && t.info.name !== topic) continue
      for (const log of t.logs) await log.compact(true)
    }
  }

  /** Stops the timer, closes every partition cleanly and writes the clean-shutdown marker. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#timer !== undefined) clearInterval(this.#timer)
    await this.#registryLock.run(async () => {
      const logs = [...this.#topics.values()].flatMap(t => t.logs)
      await Promise.all(logs.map(log => log.close()))
      if (this.#dataDir === undefined) return
      const healthy = logs.every(log => log.errorCode === 0 || log.errorCode === LogErrors.UNKNOWN_TOPIC_OR_PARTITION)
      try {
        await this.#persist()
        if (healthy) await writeCleanShutdownMarker(this.#dataDir)
      } catch (err) {
        this.#logger.error({ err }, 'cannot complete the clean shutdown; the next start runs full recovery')
      }
    })
    await this.#cleanup
  }
}
