// Topic-level configs: definitions (Kafka's names, defaults, types and docs), validation (INVALID_CONFIG with a
// message) and the parsed effective config a partition log works with. Effective value = the topic's own
// override (DYNAMIC_TOPIC_CONFIG), else a broker-level default from the broker options (STATIC_BROKER_CONFIG),
// else the default below (DEFAULT_CONFIG).

export type ConfigTypeName = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD'

/** DescribeConfigs v3+ `config_type` numbers (Kafka's DescribeConfigsResponse.ConfigType). */
export const CONFIG_TYPE_CODES: Readonly<Record<ConfigTypeName, number>> = { BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7, CLASS: 8, PASSWORD: 9 }

/** DescribeConfigs `config_source` numbers. */
export const ConfigSource = { DYNAMIC_TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const

export interface TopicConfigDef {
  readonly name: string
  readonly type: ConfigTypeName
  readonly defaultValue: string
  readonly doc: string
  /** A problem with a value that already parses as `type`, or undefined. */
  readonly check?: (value: string) => string | undefined
}

const LONG_MAX = '9223372036854775807'
const atLeast = (min: number) => (v: string): string | undefined => Number(v) >= min ? undefined : `Value must be at least ${min}`
const oneOf = (...allowed: string[]) => (v: string): string | undefined => allowed.includes(v) ? undefined : `String must be one of: ${allowed.join(', ')}`

export const topicConfigDefs: readonly TopicConfigDef[] = [
  { name: 'cleanup.policy', type: 'LIST', defaultValue: 'delete', doc: 'Either "delete" (remove old segments by time or size), "compact" (keep the latest value per key) or both, comma-separated.', check: v => v.split(',').every(p => ['delete', 'compact'].includes(p.trim())) ? undefined : 'Each policy must be one of: delete, compact' },
  { name: 'compression.type', type: 'STRING', defaultValue: 'producer', doc: 'Final compression of the stored data. Only "producer" (keep the codec the producer used) is supported.', check: oneOf('producer') },
  { name: 'delete.retention.ms', type: 'LONG', defaultValue: '86400000', doc: 'How long tombstones (null values) are kept on compacted topics after the cleaner first sees them.', check: atLeast(0) },
  { name: 'flush.messages', type: 'LONG', defaultValue: LONG_MAX, doc: 'fsync the log after this many messages (the default leaves flushing to the OS).', check: atLeast(1) },
  { name: 'flush.ms', type: 'LONG', defaultValue: LONG_MAX, doc: 'fsync the log at least this often, in ms (the default leaves flushing to the OS).', check: atLeast(0) },
  { name: 'index.interval.bytes', type: 'INT', defaultValue: '4096', doc: 'Bytes between entries of the sparse offset index.', check: atLeast(0) },
  { name: 'max.compaction.lag.ms', type: 'LONG', defaultValue: LONG_MAX, doc: 'Longest time a record may stay uncompacted on a compacted topic.', check: atLeast(1) },
  { name: 'max.message.bytes', type: 'INT', defaultValue: '1048588', doc: 'Largest record batch size the topic accepts.', check: atLeast(0) },
  { name: 'message.timestamp.type', type: 'STRING', defaultValue: 'CreateTime', doc: 'CreateTime keeps producer timestamps; LogAppendTime stamps batches with broker time.', check: oneOf('CreateTime', 'LogAppendTime') },
  { name: 'min.cleanable.dirty.ratio', type: 'DOUBLE', defaultValue: '0.5', doc: 'Share of uncompacted bytes in closed segments above which the cleaner compacts the log.', check: v => Number(v) >= 0 && Number(v) <= 1 ? undefined : 'Value must be between 0 and 1' },
  { name: 'min.compaction.lag.ms', type: 'LONG', defaultValue: '0', doc: 'Shortest time a record stays uncompacted.', check: atLeast(0) },
  { name: 'min.insync.replicas', type: 'INT', defaultValue: '1', doc: 'Replicas that must acknowledge an acks=all write. This broker has one replica.', check: atLeast(1) },
  { name: 'retention.bytes', type: 'LONG', defaultValue: '-1', doc: 'Largest size of a partition before old segments are deleted (-1: no limit).' },
  { name: 'retention.ms', type: 'LONG', defaultValue: '604800000', doc: 'How long a segment is kept after its newest record (-1: forever).', check: atLeast(-1) },
  { name: 'segment.bytes', type: 'INT', defaultValue: '1073741824', doc: 'Size at which the active segment file is closed and a new one started.', check: atLeast(14) },
  { name: 'segment.ms', type: 'LONG', defaultValue: '604800000', doc: 'Time after which the active segment is closed even if not full.', check: atLeast(1) }
]

export const topicConfigDefsByName: ReadonlyMap<string, TopicConfigDef> = new Map(topicConfigDefs.map(d => [d.name, d]))

const INT_RE = /^[+-]?\d+$/

function checkType (type: ConfigTypeName, v: string): string | undefined {
  const s = v.trim()
  switch (type) {
    case 'INT':
    case 'LONG': {
      if (!INT_RE.test(s)) return `Expected value to be a ${type === 'INT' ? '32-bit' : '64-bit'} integer, but it was ${v}`
      const n = BigInt(s)
      const bits = type === 'INT' ? 31n : 63n
      if (n < -(1n << bits) || n >= (1n << bits)) return `Value ${v} is out of range for ${type}`
      return undefined
    }
    case 'DOUBLE':
      return s === '' || !Number.isFinite(Number(s)) ? `Expected value to be a number, but it was ${v}` : undefined
    case 'BOOLEAN':
      return /^(true|false)$/i.test(s) ? undefined : `Expected value to be true or false, but it was ${v}`
    default:
      return undefined
  }
}

/** The error message for the first invalid name or value, or undefined. */
export function validateTopicConfigs (configs: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(configs)) {
    const def = topicConfigDefsByName.get(name)
    if (def === undefined) return `Unknown topic config name: ${name}`
    if (typeof value !== 'string') return `Invalid value ${String(value)} for configuration ${name}: must be a string`
    const problem = checkType(def.type, value) ?? def.check?.(value.trim())
    if (problem !== undefined) return `Invalid value ${value} for configuration ${name}: ${problem}`
  }
  return undefined
}

/** The parsed effective config of a topic. Long "infinite" defaults (2^63-1) become numbers > 2^53. */
export interface TopicConfig {
  readonly compact: boolean
  readonly delete: boolean
  readonly retentionMs: number
  readonly retentionBytes: number
  readonly segmentBytes: number
  readonly segmentMs: number
  readonly deleteRetentionMs: number
  readonly minCompactionLagMs: number
  readonly maxCompactionLagMs: number
  readonly minCleanableDirtyRatio: number
  readonly maxMessageBytes: number
  readonly logAppendTime: boolean
  readonly minInsyncReplicas: number
  readonly flushMessages: number
  readonly flushMs: number
  readonly indexIntervalBytes: number
}

/** Effective string value of every key: own override, else broker default, else the definition's default. */
export function effectiveTopicConfigs (own: Readonly<Record<string, string>>, broker: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const def of topicConfigDefs) out[def.name] = own[def.name] ?? broker[def.name] ?? def.defaultValue
  return out
}

export function resolveTopicConfig (own: Readonly<Record<string, string>> = {}, broker: Readonly<Record<string, string>> = {}): TopicConfig {
  const v = effectiveTopicConfigs(own, broker)
  const num = (name: string): number => Number(v[name].trim())
  const policies = v['cleanup.policy'].split(',').map(p => p.trim())
  return {
    compact: policies.includes('compact'),
    delete: policies.includes('delete'),
    retentionMs: num('retention.ms'),
    retentionBytes: num('retention.bytes'),
    segmentBytes: num('segment.bytes'),
    segmentMs: num('segment.ms'),
    deleteRetentionMs: num('delete.retention.ms'),
    minCompactionLagMs: num('min.compaction.lag.ms'),
    maxCompactionLagMs: num('max.compaction.lag.ms'),
    minCleanableDirtyRatio: num('min.cleanable.dirty.ratio'),
    maxMessageBytes: num('max.message.bytes'),
    logAppendTime: v['message.timestamp.type'].trim() === 'LogAppendTime',
    minInsyncReplicas: num('min.insync.replicas'),
    flushMessages: num('flush.messages'),
    flushMs: num('flush.ms'),
    indexIntervalBytes: num('index.interval.bytes')
  }
}

export interface DescribedConfig {
  name: string
  value: string
  /** ConfigSource: 1 set on the topic, 4 from the broker options, 5 default. */
  source: number
  readOnly: boolean
  sensitive: boolean
  isDefault: boolean
  /** Kafka's type name (STRING, INT, LONG, DOUBLE, BOOLEAN, LIST, ...). */
  typeName: ConfigTypeName
  /** The DescribeConfigs v3+ config_type number for typeName. */
  configType: number
  documentation: string
}

export function describeConfigs (own: Readonly<Record<string, string>>, broker: Readonly<Record<string, string>> = {}): DescribedConfig[] {
  return topicConfigDefs.map(def => {
    const mine = own[def.name]
    const fromBroker = broker[def.name]
    const source = mine !== undefined ? ConfigSource.DYNAMIC_TOPIC_CONFIG : fromBroker !== undefined ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG
    return {
      name: def.name,
      value: mine ?? fromBroker ?? def.defaultValue,
      source,
      readOnly: false,
      sensitive: false,
      isDefault: source === ConfigSource.DEFAULT_CONFIG,
      typeName: def.type,
      configType: CONFIG_TYPE_CODES[def.type],
      documentation: def.doc
    }
  })
}
