// com.redis.kafka.connect.sink.RedisSinkTask: writes each record with one Redis command.
//
//   command      key                           arguments                    null value (tombstone)
//   SET          keyspace + separator + key    the value (string/bytes)     DEL key
//   HSET         keyspace + separator + key    the Struct/map fields        DEL key
//   XADD         keyspace                      * + the Struct/map fields    ignored
//   LPUSH/RPUSH  keyspace                      the record key               LREM keyspace 0 key
//   SADD         keyspace                      the record key               SREM keyspace key
//   ZADD         keyspace                      score (the value), key       ZREM keyspace key
//   DEL          keyspace + separator + key    -                            DEL key
//
// `keyspace` is `redis.key` (or `redis.keyspace`) with `${topic}` replaced; when it is empty, the record key itself is
// the Redis key. All commands of one put() go out in one pipeline (or one MULTI/EXEC transaction with
// `redis.multiexec`), then `WAIT` when `redis.wait.replicas` > 0. A record that cannot be converted, or that Redis
// rejects (WRONGTYPE...), goes to the errant record reporter when there is one, else fails the task; a lost
// connection is a RetriableError, so the runtime hands the same batch again.
//
// Like redis-kafka-connect, flush() also stores each partition's consumed offset in Redis
// (`com.redis.kafka.connect.sink.offset.<topic>.<partition>` = `{"topic":…,"partition":…,"offset":…}`), for tools
// that look there. Those keys are only written: the position comes from Kafka, as it does in redis-kafka-connect
// (whose start() rewinds to them only for partitions already assigned, which a starting task has none of). Rewinding
// to them would skip records of a topic deleted and created again under the same name.
import {
  ConfigException, ConnectError, DataError, RetriableError, SinkTask, type OffsetAndMetadata, type Props, type SinkRecord,
  type TopicPartition
} from '../../api/index.ts'
import { closeRedis, connectRedis, redisError, withTimeout, type RedisArg, type RedisClient } from './client.ts'
import {
  REDIS_CONNECTOR_VERSION, TOKEN_TOPIC, charsetEncoding, ensureNoProblems, redisEndpoint, redisSinkConfigDef,
  sinkCommand, sinkKeyspace, sinkProblems, type SinkCommand
} from './config.ts'
import { appendFields, argOf, encodeText, scoreOf, textOf } from './values.ts'

const OFFSET_KEY_PREFIX = 'com.redis.kafka.connect.sink.offset.'

export function sinkOffsetKey (topic: string, partition: number): string {
  return `${OFFSET_KEY_PREFIX}${topic}.${partition}`
}

function where (r: SinkRecord): string {
  return `topic ${r.topic}, partition ${r.kafkaPartition}, offset ${r.kafkaOffset}`
}

export class RedisSinkTask extends SinkTask {
  static readonly className = 'com.redis.kafka.connect.sink.RedisSinkTask'

  #client: RedisClient | null = null
  #command: SinkCommand = 'XADD'
  #keyspace = ''
  #separator = ':'
  #encoding: BufferEncoding = 'utf8'
  #multiexec = false
  #waitReplicas = 0
  #waitTimeoutMs = 1000
  /** `redis.timeout`: the most one batch (or one offsets write) may take. */
  #timeoutMs = 60000
  /** Topic → key space (the pattern with `${topic}` replaced). */
  readonly #keyspaces = new Map<string, string>()

  version (): string {
    return REDIS_CONNECTOR_VERSION
  }

  async start (props: Props): Promise<void> {
    const c = redisSinkConfigDef.parse(props)
    ensureNoProblems(props, sinkProblems, m => new ConfigException(m))
    this.#command = sinkCommand(props, c) as SinkCommand
    this.#keyspace = sinkKeyspace(c)
    this.#separator = c['redis.separator'].trim()
    this.#encoding = charsetEncoding(c['redis.charset'])!
    this.#multiexec = c['redis.multiexec']
    this.#waitReplicas = c['redis.wait.replicas']
    this.#waitTimeoutMs = c['redis.wait.timeout']
    this.#timeoutMs = c['redis.timeout'] * 1000
    this.#keyspaces.clear()
    this.#client = await connectRedis(redisEndpoint(c), 'kconnect-redis-sink')
  }

  #connected (): RedisClient {
    if (this.#client === null) throw new ConnectError('The Redis sink task is not started')
    return this.#client
  }

  #keyspaceOf (topic: string): string {
    let ks = this.#keyspaces.get(topic)
    if (ks === undefined) {
      ks = this.#keyspace.replaceAll(TOKEN_TOPIC, topic)
      this.#keyspaces.set(topic, ks)
    }
    return ks
  }

  /** The Redis key of a non-collection command. */
  #key (r: SinkRecord): RedisArg {
    if (this.#keyspace === '') return argOf(r.key, 'key', this.#encoding)
    return encodeText(this.#keyspaceOf(r.topic) + this.#separator + textOf(r.key, 'key', this.#encoding), this.#encoding)
  }

  #collectionKey (r: SinkRecord): RedisArg {
    const ks = this.#keyspaceOf(r.topic)
    if (ks === '') throw new DataError(`${this.#command} needs a key space: set redis.key`)
    return encodeText(ks, this.#encoding)
  }

  /** The command for one record, or null when there is nothing to write (a tombstone for XADD). */
  #commandFor (r: SinkRecord): RedisArg[] | null {
    const enc = this.#encoding
    const tombstone = r.value == null
    switch (this.#command) {
      case 'SET':
        return tombstone ? ['DEL', this.#key(r)] : ['SET', this.#key(r), argOf(r.value, 'value', enc)]
      case 'HSET': {
        if (tombstone) return ['DEL', this.#key(r)]
        const args: RedisArg[] = ['HSET', this.#key(r)]
        return appendFields(args, r.value, 'HSET', enc) > 0 ? args : null
      }
      case 'XADD': {
        if (tombstone) return null
        const args: RedisArg[] = ['XADD', this.#collectionKey(r), '*']
        return appendFields(args, r.value, 'XADD', enc) > 0 ? args : null
      }
      case 'LPUSH': case 'RPUSH': {
        const member = argOf(r.key, 'key', enc)
        return tombstone ? ['LREM', this.#collectionKey(r), '0', member] : [this.#command, this.#collectionKey(r), member]
      }
      case 'SADD': {
        const member = argOf(r.key, 'key', enc)
        return tombstone ? ['SREM', this.#collectionKey(r), member] : ['SADD', this.#collectionKey(r), member]
      }
      case 'ZADD': {
        const member = argOf(r.key, 'key', enc)
        return tombstone ? ['ZREM', this.#collectionKey(r), member] : ['ZADD', this.#collectionKey(r), scoreOf(r.value), member]
      }
      case 'DEL':
        return ['DEL', this.#key(r)]
    }
  }

  /** Reports an errant record, or throws when no reporter is configured. */
  async #errant (r: SinkRecord, err: Error): Promise<void> {
    const reporter = this.context?.errantRecordReporter() ?? null
    if (reporter === null) throw err
    await reporter(r, err)
  }

  async put (records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return
    const client = this.#connected()
    const commands: RedisArg[][] = []
    const owners: SinkRecord[] = []
    for (const r of records) {
      let args: RedisArg[] | null
      try {
        args = this.#commandFor(r)
      } catch (err) {
        if (!(err instanceof DataError)) throw err
        await this.#errant(r, new DataError(`${err.message} (${where(r)})`, { cause: err }))
        continue
      }
      if (args === null) continue
      commands.push(args)
      owners.push(r)
    }
    if (commands.length === 0) return
    const failures = this.#multiexec ? await this.#transaction(client, commands) : await this.#pipeline(client, commands)
    for (const [i, err] of failures) {
      const r = owners[i]!
      await this.#errant(r, new ConnectError(`Redis rejected ${String(commands[i]![0])} for the record at ${where(r)}: ${err.message}`, { cause: err }))
    }
    if (this.#waitReplicas > 0) await this.#wait(client)
  }

  /** Sends every command at once (node-redis pipelines commands issued together); returns the rejected ones. */
  async #pipeline (client: RedisClient, commands: RedisArg[][]): Promise<Array<[number, Error]>> {
    let results: Array<PromiseSettledResult<unknown>>
    try {
      results = await withTimeout(Promise.allSettled(commands.map(args => client.sendCommand(args))), this.#timeoutMs, 'Could not write records to Redis')
    } catch (err) {
      throw redisError('Could not write records to Redis', err)
    }
    const failures: Array<[number, Error]> = []
    for (let i = 0; i < results.length; i++) {
      const res = results[i]!
      if (res.status === 'fulfilled') continue
      const err = redisError('Could not write records to Redis', res.reason)
      // A lost connection fails the whole batch, which the runtime retries; an error reply concerns one record.
      if (err instanceof RetriableError) throw err
      failures.push([i, res.reason instanceof Error ? res.reason : new Error(String(res.reason))])
    }
    return failures
  }

  /** One MULTI … EXEC for the batch; returns the commands that failed inside it (Redis applies the others). */
  async #transaction (client: RedisClient, commands: RedisArg[][]): Promise<Array<[number, Error]>> {
    const multi = client.multi()
    for (const args of commands) multi.addCommand(args)
    try {
      await withTimeout(multi.exec(), this.#timeoutMs, 'Could not write records to Redis (MULTI/EXEC)')
      return []
    } catch (err) {
      const replies = (err as { replies?: unknown[] }).replies
      const indexes = (err as { errorIndexes?: number[] }).errorIndexes
      if (Array.isArray(replies) && Array.isArray(indexes)) {
        return indexes.map(i => [i, replies[i] instanceof Error ? replies[i] : new Error(String(replies[i]))])
      }
      throw redisError('Could not write records to Redis (MULTI/EXEC)', err)
    }
  }

  async #wait (client: RedisClient): Promise<void> {
    let acked: unknown
    try {
      acked = await withTimeout(client.sendCommand(['WAIT', String(this.#waitReplicas), String(this.#waitTimeoutMs)]), this.#waitTimeoutMs + this.#timeoutMs, 'WAIT for replicas')
    } catch (err) {
      throw redisError('WAIT for replicas failed', err)
    }
    if (typeof acked === 'number' && acked < this.#waitReplicas) {
      throw new RetriableError(`Insufficient replication level: ${acked} of ${this.#waitReplicas} replicas acknowledged the writes within ${this.#waitTimeoutMs} ms`)
    }
  }

  /** Stores each partition's consumed offset in Redis, as redis-kafka-connect does. */
  override async flush (offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<void> {
    if (offsets.size === 0 || this.#client === null) return
    const args: RedisArg[] = ['MSET']
    for (const [tp, om] of offsets) {
      args.push(sinkOffsetKey(tp.topic, tp.partition), JSON.stringify({ topic: tp.topic, partition: tp.partition, offset: om.offset }))
    }
    try {
      await withTimeout(this.#client.sendCommand(args), this.#timeoutMs, 'Could not write offsets to Redis')
    } catch (err) {
      throw redisError('Could not write offsets to Redis', err)
    }
  }

  async stop (): Promise<void> {
    const client = this.#client
    this.#client = null
    await closeRedis(client)
  }
}
