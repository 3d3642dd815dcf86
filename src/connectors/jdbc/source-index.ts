// The JDBC source connector (Confluent's io.confluent.connect.jdbc.JdbcSourceConnector) for PostgreSQL, MySQL/MariaDB
// and SQLite. The sink lives beside it under ./sink.
import type { PluginDescriptor } from '../../api/index.ts'
import { JDBC_SOURCE_VERSION } from './source/config.ts'
import { JdbcSourceConnector } from './source/source-connector.ts'

export { JdbcSourceConnector, groupPartitions } from './source/source-connector.ts'
export { JdbcSourceTask } from './source/source-task.ts'
export { jdbcSourceConfigDef, jdbcSourceTaskConfigDef, JDBC_SOURCE_VERSION } from './source/config.ts'
export { parseJdbcUrl, sanitizeJdbcUrl } from './jdbc-url.ts'

export const kconnectPlugins: PluginDescriptor[] = [
  { type: 'source', class: JdbcSourceConnector, version: JDBC_SOURCE_VERSION }
]
