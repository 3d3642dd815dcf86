// com.redis.kafka.connect.RedisStreamSourceConnector: reads a Redis stream into a Kafka topic through a consumer group.
// Like redis-kafka-connect it starts `tasks.max` tasks, each a consumer of the group (`redis.stream.consumer.name`
// with `${task}` replaced by the task's index), so the entries are shared among them.
//
// com.redis.kafka.connect.RedisSourceConnector is the older name of the same connector (with `redis.reader`:
// only STREAM is supported here).
import {
  ConfigException, SourceConnector, validators, type ConfigDef, type ConfigValue, type OffsetsToAlter, type Props,
  type SourceTaskClass
} from '../../api/index.ts'
import {
  REDIS_CONNECTOR_VERSION, TASK_COUNT_CONFIG, TASK_ID_CONFIG, ensureNoProblems, redisStreamSourceConfigDef,
  sourceProblems, validateSource
} from './config.ts'
import { OFFSET_FIELD, RedisStreamSourceTask } from './stream-source-task.ts'

export class RedisStreamSourceConnector extends SourceConnector {
  static readonly className: string = 'com.redis.kafka.connect.RedisStreamSourceConnector'

  #props: Props = {}

  version (): string {
    return REDIS_CONNECTOR_VERSION
  }

  start (props: Props): void {
    this.config().parse(props)
    ensureNoProblems(props, sourceProblems, m => new ConfigException(m))
    this.#props = props
  }

  taskClass (): SourceTaskClass {
    return RedisStreamSourceTask
  }

  taskConfigs (maxTasks: number): Props[] {
    const configs: Props[] = []
    for (let i = 0; i < maxTasks; i++) {
      configs.push({ ...this.#props, [TASK_ID_CONFIG]: String(i), [TASK_COUNT_CONFIG]: String(maxTasks) })
    }
    return configs
  }

  stop (): void {}

  config (): ConfigDef {
    return redisStreamSourceConfigDef
  }

  override validate (props: Props): ConfigValue[] {
    return validateSource(super.validate(props), props)
  }

  /** Offsets must be stream entry ids; the tasks read them when they start (the consumer group keeps its own position). */
  override alterOffsets (_props: Props, offsets: OffsetsToAlter): boolean {
    for (const offset of offsets.values()) {
      if (offset == null) continue
      const id = offset[OFFSET_FIELD]
      if (typeof id !== 'string' || !/^\d+(-\d+)?$/.test(id)) {
        throw new ConfigException(`The '${OFFSET_FIELD}' of a Redis stream offset must be a stream entry id such as 1700000000000-0`)
      }
    }
    return false
  }
}

const legacySourceConfigDef = redisStreamSourceConfigDef.extend({
  'redis.reader': {
    type: 'STRING', default: 'STREAM', importance: 'HIGH', validator: validators.oneOfIgnoreCase('STREAM', 'KEYS'),
    doc: 'Source from which to read Redis records: STREAM (KEYS, keyspace notifications, is not supported by kconnect)'
  }
})

function legacyProblems (props: Props, add: (key: string, message: string) => void): void {
  sourceProblems(props, add)
  if (String(props['redis.reader'] ?? 'STREAM').trim().toUpperCase() === 'KEYS') {
    add('redis.reader', 'The KEYS reader (keyspace notifications) is not supported by kconnect; use STREAM')
  }
}

export class RedisSourceConnector extends RedisStreamSourceConnector {
  static override readonly className: string = 'com.redis.kafka.connect.RedisSourceConnector'

  override start (props: Props): void {
    ensureNoProblems(props, legacyProblems, m => new ConfigException(m))
    super.start(props)
  }

  override config (): ConfigDef {
    return legacySourceConfigDef
  }

  override validate (props: Props): ConfigValue[] {
    const values = super.validate(props)
    const reader = values.find(v => v.name === 'redis.reader')
    if (String(props['redis.reader'] ?? 'STREAM').trim().toUpperCase() === 'KEYS') {
      reader?.addErrorMessage('The KEYS reader (keyspace notifications) is not supported by kconnect; use STREAM')
    }
    return values
  }
}
