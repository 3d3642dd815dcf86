// io.confluent.connect.jdbc.JdbcSinkConnector: every task gets the connector's config; tasks share the work through
// the consumer group (topic partitions), each writing with its own connection.
import { SinkConnector, type ConfigDef, type ConfigValue, type Props, type SinkTaskClass } from '../../../api/index.ts'
import { JDBC_SINK_VERSION, jdbcSinkConfigDef, validateDeleteEnabledPkMode } from './config.ts'
import { JdbcSinkTask } from './sink-task.ts'

export class JdbcSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSinkConnector'

  #props: Props = {}

  version (): string {
    return JDBC_SINK_VERSION
  }

  start (props: Props): void {
    this.#props = props
  }

  taskClass (): SinkTaskClass {
    return JdbcSinkTask
  }

  taskConfigs (maxTasks: number): Props[] {
    const configs: Props[] = []
    for (let i = 0; i < maxTasks; i++) configs.push({ ...this.#props })
    return configs
  }

  stop (): void {}

  config (): ConfigDef {
    return jdbcSinkConfigDef
  }

  /** ConfigDef validation plus JdbcSinkConnectorValidation's delete.enabled / pk.mode check. */
  override validate (props: Props): ConfigValue[] {
    return validateDeleteEnabledPkMode(super.validate(props))
  }
}
