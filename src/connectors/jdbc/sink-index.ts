// The JDBC sink connector (Confluent's kafka-connect-jdbc JdbcSinkConnector): writes records to PostgreSQL,
// MySQL/MariaDB or SQLite tables with insert, upsert or update semantics, optional deletes, auto-create and auto-evolve.
import type { PluginDescriptor } from '../../api/index.ts'
import { JDBC_SINK_VERSION } from './sink/config.ts'
import { JdbcSinkConnector } from './sink/sink-connector.ts'

export { JdbcSinkConnector } from './sink/sink-connector.ts'
export { JdbcSinkTask } from './sink/sink-task.ts'
export { jdbcSinkConfigDef } from './sink/config.ts'

export const kconnectPlugins: PluginDescriptor[] = [
  { type: 'sink', class: JdbcSinkConnector, version: JDBC_SINK_VERSION }
]
