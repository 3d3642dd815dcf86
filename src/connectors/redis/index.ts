// The Redis connectors (after redis-kafka-connect, com.redis.kafka.connect): RedisSinkConnector writes records as
// Redis strings, hashes, streams, lists, sets or sorted sets; RedisStreamSourceConnector (also under its older name
// RedisSourceConnector) reads a Redis stream through a consumer group. See README.md for the config keys.
import type { PluginDescriptor } from '../../api/index.ts'
import { REDIS_CONNECTOR_VERSION } from './config.ts'
import { RedisSinkConnector } from './sink-connector.ts'
import { RedisSourceConnector, RedisStreamSourceConnector } from './stream-source-connector.ts'

export { RedisSinkConnector } from './sink-connector.ts'
export { RedisSinkTask, sinkOffsetKey } from './sink-task.ts'
export { RedisSourceConnector, RedisStreamSourceConnector } from './stream-source-connector.ts'
export { RedisStreamSourceTask, STREAM_VALUE_SCHEMA, compareStreamIds } from './stream-source-task.ts'
export { redisSinkConfigDef, redisStreamSourceConfigDef } from './config.ts'

export const kconnectPlugins: PluginDescriptor[] = [
  { type: 'sink', class: RedisSinkConnector, version: REDIS_CONNECTOR_VERSION },
  { type: 'source', class: RedisStreamSourceConnector, version: REDIS_CONNECTOR_VERSION },
  { type: 'source', class: RedisSourceConnector, version: REDIS_CONNECTOR_VERSION }
]
