// io.confluent.connect.mqtt.MqttSourceConnector: MQTT topics into one Kafka topic. The topics are spread over up to
// `tasks.max` tasks (round robin); each task is its own MQTT client (client id + `-<task index>` when there are
// several). Keep the task count and topic list unchanged while using persistent sessions: a task's client id and
// subscriptions are what the broker keeps the unacknowledged messages under.
import {
  ConfigException, SourceConnector, type ConfigDef, type ConfigValue, type ExactlyOnceSupport, type OffsetsToAlter,
  type Props, type SourceTaskClass
} from '../../api/index.ts'
import {
  MQTT_CONNECTOR_VERSION, TASK_COUNT_CONFIG, TASK_ID_CONFIG, addProblems, connectionProblems, ensureNoProblems,
  mqttSourceConfigDef
} from './config.ts'
import { MqttSourceTask } from './source-task.ts'

export class MqttSourceConnector extends SourceConnector {
  static readonly className = 'io.confluent.connect.mqtt.MqttSourceConnector'

  #props: Props = {}
  #topics: string[] = []

  version (): string {
    return MQTT_CONNECTOR_VERSION
  }

  start (props: Props): void {
    const c = mqttSourceConfigDef.parse(props)
    ensureNoProblems(props, connectionProblems, m => new ConfigException(m))
    this.#props = props
    this.#topics = c['mqtt.topics'].map(t => t.trim())
  }

  taskClass (): SourceTaskClass {
    return MqttSourceTask
  }

  taskConfigs (maxTasks: number): Props[] {
    const count = Math.max(1, Math.min(maxTasks, this.#topics.length))
    const groups: string[][] = Array.from({ length: count }, () => [])
    this.#topics.forEach((t, i) => groups[i % count]!.push(t))
    return groups.map((topics, i) => ({
      ...this.#props, 'mqtt.topics': topics.join(','), [TASK_ID_CONFIG]: String(i), [TASK_COUNT_CONFIG]: String(count)
    }))
  }

  stop (): void {}

  config (): ConfigDef {
    return mqttSourceConfigDef
  }

  override validate (props: Props): ConfigValue[] {
    return addProblems(super.validate(props), add => connectionProblems(props, add))
  }

  /** MQTT has no position to resume from. */
  override exactlyOnceSupport (_props: Props): ExactlyOnceSupport {
    return 'UNSUPPORTED'
  }

  /** The (empty) offsets mean nothing to the tasks; any change is accepted. */
  override alterOffsets (_props: Props, _offsets: OffsetsToAlter): boolean {
    return true
  }
}
