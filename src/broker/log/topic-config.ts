// Topic-level configs the broker knows, with Kafka's defaults and DescribeConfigs type codes
// (BOOLEAN 1, STRING 2, INT 3, LONG 5, DOUBLE 6, LIST 7).
export interface TopicConfigKey { readonly name: string, readonly defaultValue: string, readonly configType: number, readonly doc: string, readonly valid?: (v: string) => boolean }

const long = (v: string): boolean => /^-?\d+$/.test(v)
const ratio = (v: string): boolean => v.trim() !== '' && Number(v) >= 0 && Number(v) <= 1

export const topicConfigKeys: readonly TopicConfigKey[] = [
  { name: 'cleanup.policy', defaultValue: 'delete', configType: 7, doc: 'delete, compact, or both', valid: v => v.split(',').every(p => ['delete', 'compact'].includes(p.trim())) },
  { name: 'compression.type', defaultValue: 'producer', configType: 2, doc: 'Only producer (keep the producer\'s codec) is supported', valid: v => v === 'producer' },
  { name: 'delete.retention.ms', defaultValue: '86400000', configType: 5, doc: 'How long tombstones are kept on compacted topics', valid: long },
  { name: 'flush.messages', defaultValue: '9223372036854775807', configType: 5, doc: 'fsync after this many messages', valid: long },
  { name: 'flush.ms', defaultValue: '9223372036854775807', configType: 5, doc: 'fsync at least this often', valid: long },
  { name: 'max.compaction.lag.ms', defaultValue: '9223372036854775807', configType: 5, doc: 'Longest time a record stays uncompacted', valid: long },
  { name: 'max.message.bytes', defaultValue: '1048588', configType: 3, doc: 'Largest record batch accepted', valid: long },
  { name: 'message.timestamp.type', defaultValue: 'CreateTime', configType: 2, doc: 'CreateTime or LogAppendTime', valid: v => v === 'CreateTime' },
  { name: 'min.cleanable.dirty.ratio', defaultValue: '0.5', configType: 6, doc: 'Dirty ratio that triggers compaction', valid: ratio },
  { name: 'min.compaction.lag.ms', defaultValue: '0', configType: 5, doc: 'Shortest time a record stays uncompacted', valid: long },
  { name: 'min.insync.replicas', defaultValue: '1', configType: 3, doc: 'Must be 1 on a single node', valid: v => v === '1' },
  { name: 'retention.bytes', defaultValue: '-1', configType: 5, doc: 'Size retention per partition (-1 unlimited)', valid: long },
  { name: 'retention.ms', defaultValue: '604800000', configType: 5, doc: 'Time retention (-1 unlimited)', valid: long },
  { name: 'segment.bytes', defaultValue: '1073741824', configType: 3, doc: 'Segment file size', valid: long },
  { name: 'segment.ms', defaultValue: '604800000', configType: 5, doc: 'Segment roll time', valid: long }
]

export const topicConfigByName = new Map(topicConfigKeys.map(k => [k.name, k]))

/** An error message for an invalid topic config, or undefined when all are valid. */
export function invalidTopicConfig (configs: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(configs)) {
    const key = topicConfigByName.get(name)
    if (key === undefined) return `Unknown topic config name: ${name}`
    if (key.valid !== undefined && !key.valid(value)) return `Invalid value ${value} for configuration ${name}: ${key.doc}`
  }
  return undefined
}
