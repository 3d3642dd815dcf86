// The config keys of the Redis connectors, named as redis-kafka-connect (com.redis.kafka.connect) names them so its
// connector configs run unchanged: the connection keys every connector has (`redis.uri`, or `redis.host` and
// `redis.port`, TLS, credentials, timeout), the sink's (`redis.command` or the older `redis.type`, `redis.key` or the
// older `redis.keyspace`, `redis.separator`, `redis.multiexec`, `redis.wait.*`) and the stream source's
// (`redis.stream.*`, `topic`, `batch.size` or the older `redis.stream.count`).
//
// Keys kconnect accepts but cannot honour are reported by validate() and refused by start() with a clear message:
// `redis.cluster=true`, and the commands that need Redis Stack modules (JSONSET, JSONMERGE, TSADD; `redis.type` JSON
// and TIMESERIES).
import { ConfigValue, defineConfig, validators, type Props } from '../../api/index.ts'

/** The version the Redis connectors and their tasks report. */
export const REDIS_CONNECTOR_VERSION = '0.1.0'

export const TOKEN_TOPIC = '${topic}'
export const TOKEN_STREAM = '${stream}'
export const TOKEN_TASK = '${task}'

/** The task config key carrying the task's index (redis-kafka-connect's RedisStreamSourceTask.TASK_ID). */
export const TASK_ID_CONFIG = 'task.id'
/** How many tasks the connector started (kconnect's own task config key). */
export const TASK_COUNT_CONFIG = 'kconnect.task.count'

/** The connection keys of every Redis connector (redis-kafka-connect's RedisConfigDef). */
const connectionSpec = {
  'redis.cluster': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'Connect to a Redis Cluster database (not supported by kconnect: must be false)'
  },
  'redis.host': { type: 'STRING', default: 'localhost', importance: 'HIGH', doc: 'The Redis host to connect to' },
  'redis.port': { type: 'INT', default: 6379, importance: 'HIGH', doc: 'The Redis port to connect to' },
  'redis.uri': {
    type: 'STRING', default: '', importance: 'MEDIUM',
    doc: 'URI of the Redis database to connect to, e.g. redis://redis-12000.redis.com:12000. For secure connections use rediss URI scheme, e.g. rediss://...'
  },
  'redis.tls': { type: 'BOOLEAN', default: false, importance: 'MEDIUM', doc: 'Establish a secure TLS connection' },
  'redis.insecure': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'Allow insecure connections (e.g. invalid certificates) to Redis when using SSL'
  },
  'redis.password': { type: 'PASSWORD', default: '', importance: 'MEDIUM', doc: 'Password to use to connect to Redis' },
  'redis.username': { type: 'STRING', default: '', importance: 'MEDIUM', doc: 'Username to use to connect to Redis' },
  'redis.timeout': {
    type: 'LONG', default: 60, importance: 'MEDIUM', validator: validators.atLeast(1),
    doc: 'Redis command timeout in seconds (kconnect: also the connection timeout)'
  },
  'redis.pool': {
    type: 'INT', default: 8, importance: 'MEDIUM',
    doc: 'Max pool connections (accepted for compatibility; kconnect pipelines over one connection per task)'
  },
  'redis.key.file': {
    type: 'STRING', default: '', importance: 'MEDIUM', doc: 'PKCS#8 private key file to authenticate with (PEM format)'
  },
  'redis.key.cert': {
    type: 'STRING', default: '', importance: 'MEDIUM', doc: 'X.509 certificate chain file to authenticate with (PEM format)'
  },
  'redis.key.password': {
    type: 'PASSWORD', default: '', importance: 'MEDIUM',
    doc: 'Password of the private key file. Leave empty if key file is not password-protected'
  },
  'redis.cacert': { type: 'STRING', default: '', importance: 'MEDIUM', doc: 'X.509 CA certificate file to verify with' }
} as const

/** Commands the sink runs (redis-kafka-connect's RedisCommand, less the Redis Stack ones). */
export const SINK_COMMANDS = ['HSET', 'SET', 'XADD', 'LPUSH', 'RPUSH', 'SADD', 'ZADD', 'DEL'] as const
export type SinkCommand = typeof SINK_COMMANDS[number]
/** Commands redis-kafka-connect has that need Redis Stack modules. */
const MODULE_COMMANDS = ['JSONSET', 'JSONMERGE', 'TSADD']
/** The older `redis.type` data structures. */
const DATA_TYPES = ['HASH', 'JSON', 'TIMESERIES', 'STRING', 'STREAM', 'LIST', 'SET', 'ZSET']

/** Charsets `redis.charset` may name, as Node.js encodings (Java's names and aliases, case-insensitive). */
const CHARSETS: Readonly<Record<string, BufferEncoding>> = {
  'UTF-8': 'utf8', UTF8: 'utf8',
  'US-ASCII': 'ascii', ASCII: 'ascii',
  'ISO-8859-1': 'latin1', 'ISO8859-1': 'latin1', LATIN1: 'latin1',
  'UTF-16LE': 'utf16le', UTF16LE: 'utf16le'
}

export const redisSinkConfigDef = defineConfig({
  ...connectionSpec,
  'redis.charset': {
    type: 'STRING', default: 'UTF-8', importance: 'HIGH',
    doc: 'Character set to encode Redis key and value strings (UTF-8, US-ASCII, ISO-8859-1 or UTF-16LE).'
  },
  'redis.command': {
    type: 'STRING', default: 'XADD', importance: 'HIGH',
    validator: validators.oneOfIgnoreCase(...SINK_COMMANDS, ...MODULE_COMMANDS),
    doc: `Destination data structure: ${[...SINK_COMMANDS, ...MODULE_COMMANDS].join(',')} (JSONSET, JSONMERGE and TSADD are not supported by kconnect). Takes precedence over redis.type.`
  },
  'redis.type': {
    type: 'STRING', default: null, importance: 'HIGH',
    validator: validators.optional(validators.oneOfIgnoreCase(...DATA_TYPES)),
    doc: `Destination data structure, as older versions name it: ${DATA_TYPES.join(', ')} (HASH = HSET, STRING = SET, STREAM = XADD, LIST = LPUSH/RPUSH, SET = SADD, ZSET = ZADD; JSON and TIMESERIES are not supported by kconnect). Used when redis.command is not set.`
  },
  'redis.push.direction': {
    type: 'STRING', default: 'LEFT', importance: 'MEDIUM', validator: validators.oneOfIgnoreCase('LEFT', 'RIGHT'),
    doc: 'List push direction for redis.type LIST: LEFT (LPUSH) or RIGHT (RPUSH)'
  },
  'redis.key': {
    type: 'STRING', default: TOKEN_TOPIC, importance: 'MEDIUM',
    doc: `A format string for destination key space, which may contain '${TOKEN_TOPIC}' as a placeholder for the originating topic name. For example, kafka_${TOKEN_TOPIC} for the topic 'orders' will map to the Redis key space 'kafka_orders'. Leave empty for passthrough (only applicable to non-collection data structures).`
  },
  'redis.keyspace': {
    type: 'STRING', default: null, importance: 'MEDIUM',
    doc: 'The key space as older versions name it; when set it takes the place of redis.key.'
  },
  'redis.separator': {
    type: 'STRING', default: ':', importance: 'MEDIUM', doc: 'Separator for non-collection destination keys.'
  },
  'redis.multiexec': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'Whether to execute Redis commands in multi/exec transactions (one transaction per batch of records).'
  },
  'redis.wait.replicas': {
    type: 'INT', default: 0, importance: 'MEDIUM', validator: validators.atLeast(0),
    doc: 'Number of replicas to wait for. Use 0 to disable waiting for replicas.'
  },
  'redis.wait.timeout': {
    type: 'LONG', default: 1000, importance: 'MEDIUM', validator: validators.atLeast(0),
    doc: 'Timeout in millis for WAIT command.'
  }
})

export const redisStreamSourceConfigDef = defineConfig({
  ...connectionSpec,
  topic: {
    type: 'STRING', default: TOKEN_STREAM, importance: 'MEDIUM', validator: validators.nonEmptyString(),
    doc: `Name of the destination topic, which may contain '${TOKEN_STREAM}' as a placeholder for the originating stream name. For example redis_${TOKEN_STREAM} for the stream 'orders' will map to the topic name 'redis_orders'.`
  },
  'redis.stream.name': {
    type: 'STRING', importance: 'HIGH', validator: validators.nonEmptyString(), doc: 'Name of the Redis stream to read from'
  },
  'redis.stream.offset': {
    type: 'STRING', default: '0-0', importance: 'MEDIUM',
    doc: 'Stream offset to start reading from when the consumer group does not exist yet (and no offset was committed)'
  },
  'redis.stream.delivery': {
    type: 'STRING', default: 'at-least-once', importance: 'MEDIUM',
    validator: validators.oneOf('at-least-once', 'at-most-once'),
    doc: "Stream message delivery guarantee, either 'at-least-once' (XACK once Kafka acknowledged the record) or 'at-most-once' (XREADGROUP NOACK)"
  },
  'redis.stream.consumer.group': {
    type: 'STRING', default: 'kafka-consumer-group', importance: 'MEDIUM', validator: validators.nonEmptyString(),
    doc: 'Stream consumer group'
  },
  'redis.stream.consumer.name': {
    type: 'STRING', default: `consumer-${TOKEN_TASK}`, importance: 'MEDIUM', validator: validators.nonEmptyString(),
    doc: `A format string for the stream consumer, which may contain '${TOKEN_TASK}' as a placeholder for the task id. For example, 'consumer-${TOKEN_TASK}' for the task id '123' will map to the consumer name 'consumer-123'.`
  },
  'redis.stream.block': {
    type: 'LONG', default: 100, importance: 'LOW', validator: validators.atLeast(0),
    doc: 'The max amount of time in milliseconds to wait while polling for stream messages (XREAD [BLOCK milliseconds])'
  },
  'redis.stream.count': {
    type: 'INT', default: null, importance: 'LOW', validator: validators.optional(validators.atLeast(1)),
    doc: 'Maximum number of stream messages to read in one poll (XREAD [COUNT count]), as older versions name it; when set it takes the place of batch.size.'
  },
  'batch.size': {
    type: 'INT', default: 500, importance: 'LOW', validator: validators.atLeast(1),
    doc: 'Maximum number of records to include in a single read when polling for new data. This setting can be used to limit the amount of data buffered internally in the connector.'
  }
})

type ConnectionConfig = ReturnType<typeof redisSinkConfigDef.parse>
export type RedisSinkConfig = ReturnType<typeof redisSinkConfigDef.parse>
export type RedisStreamSourceConfig = ReturnType<typeof redisStreamSourceConfigDef.parse>

/** Where and how to connect, from the connection keys. */
export interface RedisEndpoint {
  url: string
  username: string | undefined
  password: string | undefined
  tls: boolean
  insecure: boolean
  timeoutMs: number
  keyFile: string
  certFile: string
  keyPassword: string
  caFile: string
}

/** The URL to connect to: `redis.uri`, else `redis://host:port` (`rediss://` with `redis.tls`). */
export function redisEndpoint (c: Pick<ConnectionConfig, keyof typeof connectionSpec>): RedisEndpoint {
  const uri = c['redis.uri'].trim()
  const scheme = c['redis.tls'] ? 'rediss' : 'redis'
  let url = uri !== '' ? uri : `${scheme}://${hostForUrl(c['redis.host'])}:${c['redis.port']}`
  if (uri !== '' && c['redis.tls'] && url.startsWith('redis://')) url = 'rediss://' + url.slice('redis://'.length)
  const username = c['redis.username'] === '' ? undefined : c['redis.username']
  const password = c['redis.password'].value() === '' ? undefined : c['redis.password'].value()
  return {
    url,
    username,
    password,
    tls: url.startsWith('rediss://'),
    insecure: c['redis.insecure'],
    timeoutMs: c['redis.timeout'] * 1000,
    keyFile: c['redis.key.file'],
    certFile: c['redis.key.cert'],
    keyPassword: c['redis.key.password'].value(),
    caFile: c['redis.cacert']
  }
}

function hostForUrl (host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** The URL shown in messages: credentials left out. */
export function displayUrl (url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    return u.toString().replace(/\/$/, '')
  } catch {
    return url
  }
}

/** The command the sink runs: `redis.command` when given, else the one `redis.type` names, else XADD. */
export function sinkCommand (props: Props, c: RedisSinkConfig): string {
  if (props['redis.command'] == null && c['redis.type'] !== null) {
    switch (c['redis.type'].toUpperCase()) {
      case 'HASH': return 'HSET'
      case 'STRING': return 'SET'
      case 'STREAM': return 'XADD'
      case 'LIST': return c['redis.push.direction'].toUpperCase() === 'RIGHT' ? 'RPUSH' : 'LPUSH'
      case 'SET': return 'SADD'
      case 'ZSET': return 'ZADD'
      case 'JSON': return 'JSONSET'
      case 'TIMESERIES': return 'TSADD'
    }
  }
  return c['redis.command'].toUpperCase()
}

/** The key space pattern: `redis.keyspace` when set, else `redis.key` (trimmed, as redis-kafka-connect does). */
export function sinkKeyspace (c: RedisSinkConfig): string {
  return (c['redis.keyspace'] ?? c['redis.key']).trim()
}

export function charsetEncoding (name: string): BufferEncoding | undefined {
  return CHARSETS[name.trim().toUpperCase()]
}

/** Cross-key problems of the connection keys: key → messages. */
function connectionProblems (props: Props, add: (key: string, message: string) => void): void {
  if (String(props['redis.cluster'] ?? '').trim().toLowerCase() === 'true') {
    add('redis.cluster', 'Redis Cluster is not supported by kconnect yet; connect to a standalone Redis (or a cluster proxy)')
  }
  const uri = (props['redis.uri'] ?? '').trim()
  if (uri !== '') {
    let protocol = ''
    try {
      protocol = new URL(uri).protocol
    } catch {
      add('redis.uri', `Invalid Redis URI '${displayUrl(uri)}': expected redis://host:port or rediss://host:port`)
      return
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      add('redis.uri', `Unsupported Redis URI scheme '${protocol.replace(/:$/, '')}': use redis:// or rediss://`)
    }
  }
}

function addProblems (values: ConfigValue[], collect: (add: (key: string, message: string) => void) => void): ConfigValue[] {
  const byName = new Map(values.map(v => [v.name, v]))
  collect((key, message) => {
    let v = byName.get(key)
    if (v === undefined) {
      v = new ConfigValue(key)
      values.push(v)
      byName.set(key, v)
    }
    v.addErrorMessage(message)
  })
  return values
}

/** Problems no single key's validator sees (the sink's validate() adds them; start() refuses them). */
export function sinkProblems (props: Props, add: (key: string, message: string) => void): void {
  connectionProblems(props, add)
  const parsed = redisSinkConfigDef.safeParse(props)
  if (!parsed.ok) return
  const c = parsed.value
  const command = sinkCommand(props, c)
  if (MODULE_COMMANDS.includes(command)) {
    const key = props['redis.command'] == null && c['redis.type'] !== null ? 'redis.type' : 'redis.command'
    add(key, `${command} needs the RedisJSON/RedisTimeSeries modules and is not supported by kconnect; supported: ${SINK_COMMANDS.join(', ')}`)
  }
  if (charsetEncoding(c['redis.charset']) === undefined) {
    add('redis.charset', `Unsupported charset '${c['redis.charset']}': use UTF-8, US-ASCII, ISO-8859-1 or UTF-16LE`)
  }
}

export function sourceProblems (props: Props, add: (key: string, message: string) => void): void {
  connectionProblems(props, add)
}

export function validateSink (values: ConfigValue[], props: Props): ConfigValue[] {
  return addProblems(values, add => sinkProblems(props, add))
}

export function validateSource (values: ConfigValue[], props: Props): ConfigValue[] {
  return addProblems(values, add => sourceProblems(props, add))
}

/** Throws a ConfigException-style error listing the cross-key problems (start() of connectors and tasks). */
export function ensureNoProblems (props: Props, check: (props: Props, add: (key: string, message: string) => void) => void, error: (message: string) => Error): void {
  const messages: string[] = []
  check(props, (key, message) => messages.push(`Invalid value for configuration ${key}: ${message}`))
  if (messages.length > 0) throw error(messages.join('; '))
}
