// io.confluent.connect.mqtt.MqttSinkConnector: publishes record values to MQTT. Every task gets the connector's
// config (its own client id: + `-<task index>` when there are several); Kafka spreads the partitions over them.
import {
  ConfigException, SinkConnector, type ConfigDef, type ConfigValue, type OffsetsToAlter, type Props, type SinkTaskClass
} from '../../api/index.ts'
import {
  MQTT_CONNECTOR_VERSION, TASK_COUNT_CONFIG, TASK_ID_CONFIG, addProblems, ensureNoProblems, mqttSinkConfigDef
} from './config.ts'
import { MqttSinkTask, sinkProblems } from './sink-task.ts'

export class MqttSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.mqtt.MqttSinkConnector'

  #props: Props = {}

  version (): string {
    return MQTT_CONNECTOR_VERSION
  }

  start (props: Props): void {
    mqttSinkConfigDef.parse(props)
    ensureNoProblems(props, sinkProblems, m => new ConfigException(m))
    this.#props = props
  }

  taskClass (): SinkTaskClass {
    return MqttSinkTask
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
    return mqttSinkConfigDef
  }

  override validate (props: Props): ConfigValue[] {
    return addProblems(super.validate(props), add => sinkProblems(props, add))
  }

  /** Nothing is kept outside Kafka Connect's own offsets. */
  override alterOffsets (_props: Props, _offsets: OffsetsToAlter): boolean {
    return true
  }
}
