// The MQTT connectors (after Confluent's io.confluent.connect.mqtt): MqttSourceConnector subscribes to MQTT topics
// and writes the messages to a Kafka topic; MqttSinkConnector publishes records to MQTT. See README.md.
import type { PluginDescriptor } from '../../api/index.ts'
import { MQTT_CONNECTOR_VERSION } from './config.ts'
import { MqttSinkConnector } from './sink-connector.ts'
import { MqttSourceConnector } from './source-connector.ts'

export { MqttSourceConnector } from './source-connector.ts'
export { MqttSourceTask, MQTT_TOPIC_FIELD } from './source-task.ts'
export { MqttSinkConnector } from './sink-connector.ts'
export { MqttSinkTask } from './sink-task.ts'
export { mqttSinkConfigDef, mqttSourceConfigDef, parseServerUri } from './config.ts'

export const kconnectPlugins: PluginDescriptor[] = [
  { type: 'source', class: MqttSourceConnector, version: MQTT_CONNECTOR_VERSION },
  { type: 'sink', class: MqttSinkConnector, version: MQTT_CONNECTOR_VERSION }
]
