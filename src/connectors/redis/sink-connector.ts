// com.redis.kafka.connect.RedisSinkConnector: writes records to Redis (strings, hashes, streams, lists, sets, sorted
// sets). Every task gets the connector's config; Kafka spreads the topic partitions over them.
import {
  ConfigException, SinkConnector, type ConfigDef, type ConfigValue, type OffsetsToAlter, type Props, type SinkTaskClass
} from '../../api/index.ts'
import { REDIS_CONNECTOR_VERSION, ensureNoProblems, redisSinkConfigDef, sinkProblems, validateSink } from './config.ts'
import { RedisSinkTask } from './sink-task.ts'

export class RedisSinkConnector extends SinkConnector {
  static readonly className = 'com.redis.kafka.connect.RedisSinkConnector'

  #props: Props = {}

  version (): string {
    return REDIS_CONNECTOR_VERSION
  }

  start (props: Props): void {
    redisSinkConfigDef.parse(props)
    ensureNoProblems(props, sinkProblems, m => new ConfigException(m))
    this.#props = props
  }

  taskClass (): SinkTaskClass {
    return RedisSinkTask
  }

  taskConfigs (maxTasks: number): Props[] {
    const configs: Props[] = []
    for (let i = 0; i < maxTasks; i++) configs.push({ ...this.#props })
    return configs
  }

  stop (): void {}

  config (): ConfigDef {
    return redisSinkConfigDef
  }

  override validate (props: Props): ConfigValue[] {
    return validateSink(super.validate(props), props)
  }

  /** The offsets flush() copies into Redis are informational (never read back): any change is accepted. */
  override alterOffsets (_props: Props, _offsets: OffsetsToAlter): boolean {
    return true
  }
}
