// io.confluent.connect.jdbc.JdbcSourceConnector: watches the database's tables (TableMonitor) and splits them over at
// most tasks.max tasks, contiguous groups in listing order as Kafka's ConnectorUtils.groupPartitions makes them; each
// task config is the connector config plus `tables` (quoted qualified names, comma-separated) and `tables.fetched`.
// A custom `query` gets exactly one task. When the table set changes the connector asks for reconfiguration.
import {
  ConnectError, SourceConnector, type ConfigDef, type ConfigValue, type Props, type SourceTaskClass
} from '../../../api/index.ts'
import {
  CATALOG_PATTERN_CONFIG, CONNECTION_ATTEMPTS_CONFIG, CONNECTION_BACKOFF_CONFIG, CONNECTION_URL_CONFIG,
  CONNECTION_USER_CONFIG, JDBC_SOURCE_VERSION, QUOTE_SQL_IDENTIFIERS_CONFIG, SCHEMA_PATTERN_CONFIG,
  TABLES_CONFIG, TABLES_FETCHED_CONFIG, TABLE_BLACKLIST_CONFIG, TABLE_EXCLUDE_LIST_CONFIG, TABLE_INCLUDE_LIST_CONFIG,
  TABLE_POLL_INTERVAL_MS_CONFIG, TABLE_TYPE_CONFIG, TABLE_WHITELIST_CONFIG, TRANSACTION_ISOLATION_MODE_CONFIG,
  connectorNameOf, jdbcSourceConfigDef, passwordOf, queryOf, type JdbcSourceConfig
} from './config.ts'
import { openSessionWithRetries, type ConnectOptions } from './dialect.ts'
import { JdbcSourceTask } from './source-task.ts'
import { qualifiedName, type TableId } from './table-id.ts'
import { TableMonitor } from './table-monitor.ts'
import { attachProblems, crossCheck } from './validation.ts'

/** Kafka's ConnectorUtils.groupPartitions: `numGroups` contiguous groups, the first ones one larger. */
export function groupPartitions<T> (elements: readonly T[], numGroups: number): T[][] {
  if (numGroups <= 0) throw new ConnectError('Number of groups must be positive.')
  const perGroup = Math.floor(elements.length / numGroups)
  const leftover = elements.length - numGroups * perGroup
  const groups: T[][] = []
  let assigned = 0
  for (let group = 0; group < numGroups; group++) {
    const size = group < leftover ? perGroup + 1 : perGroup
    groups.push(elements.slice(assigned, assigned + size))
    assigned += size
  }
  return groups
}

export class JdbcSourceConnector extends SourceConnector {
  static readonly className = 'io.confluent.connect.jdbc.JdbcSourceConnector'

  #props: Props = {}
  #config: JdbcSourceConfig | null = null
  #monitor: TableMonitor | null = null
  #name = 'jdbc-source'

  version (): string {
    return JDBC_SOURCE_VERSION
  }

  config (): ConfigDef {
    return jdbcSourceConfigDef
  }

  taskClass (): SourceTaskClass {
    return JdbcSourceTask
  }

  override validate (props: Props): ConfigValue[] {
    const values = jdbcSourceConfigDef.validate(props)
    if (values.some(v => v.errorMessages.length > 0)) return values
    return attachProblems(values, crossCheck(jdbcSourceConfigDef.parse(props)))
  }

  async start (props: Props): Promise<void> {
    this.#name = connectorNameOf(props)
    const parsed = jdbcSourceConfigDef.safeParse(props)
    if (!parsed.ok) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Couldn't start JdbcSourceConnector due to configuration error: ${parsed.error.message}`, { cause: parsed.error })
    }
    const config = parsed.value
    const problems = crossCheck(config)
    if (problems.length > 0) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Couldn't start JdbcSourceConnector due to configuration error: ` +
        problems.map(p => `${p.key}: ${p.message}`).join('; '))
    }
    this.#props = props
    this.#config = config
    const connect: ConnectOptions = {
      url: config[CONNECTION_URL_CONFIG],
      user: config[CONNECTION_USER_CONFIG],
      password: passwordOf(config),
      connector: this.#name,
      transactionIsolation: config[TRANSACTION_ISOLATION_MODE_CONFIG]
    }
    if (queryOf(config) !== null) {
      // Initial connection attempt (Confluent's start does one even with a query).
      const session = await openSessionWithRetries(connect, config[CONNECTION_ATTEMPTS_CONFIG], config[CONNECTION_BACKOFF_CONFIG])
      await session.close()
      return
    }
    const monitor = new TableMonitor({
      connect,
      attempts: config[CONNECTION_ATTEMPTS_CONFIG],
      backoffMs: config[CONNECTION_BACKOFF_CONFIG],
      pollMs: config[TABLE_POLL_INTERVAL_MS_CONFIG],
      listing: { types: config[TABLE_TYPE_CONFIG], catalogPattern: config[CATALOG_PATTERN_CONFIG], schemaPattern: config[SCHEMA_PATTERN_CONFIG] },
      filters: {
        whitelist: config[TABLE_WHITELIST_CONFIG].filter(s => s.trim() !== ''),
        blacklist: config[TABLE_BLACKLIST_CONFIG].filter(s => s.trim() !== ''),
        include: config[TABLE_INCLUDE_LIST_CONFIG],
        exclude: config[TABLE_EXCLUDE_LIST_CONFIG]
      },
      onChange: () => this.context.requestTaskReconfiguration(),
      onError: err => this.context.raiseError(err)
    })
    await monitor.start()
    this.#monitor = monitor
  }

  taskConfigs (maxTasks: number): Props[] {
    const config = this.#config
    if (config === null) throw new ConnectError(`JDBC source connector '${this.#name}': taskConfigs() called before start()`)
    if (queryOf(config) !== null) return [{ ...this.#props, [TABLES_CONFIG]: '', [TABLES_FETCHED_CONFIG]: 'true' }]
    const tables = this.#monitor?.tables() ?? null
    if (tables === null || tables.length === 0) {
      if (tables !== null) console.warn(`JDBC source connector '${this.#name}': no tables were found so there's no work to be done.`)
      return [{ ...this.#props, [TABLES_CONFIG]: '', [TABLES_FETCHED_CONFIG]: String(tables !== null) }]
    }
    this.#checkDuplicates(tables)
    const quote = this.#monitor!.quote
    const quoted = config[QUOTE_SQL_IDENTIFIERS_CONFIG].toLowerCase() !== 'never'
    return groupPartitions(tables, Math.min(tables.length, maxTasks)).map(group => ({
      ...this.#props,
      [TABLES_CONFIG]: group.map(t => qualifiedName(t, quote, quoted)).join(','),
      [TABLES_FETCHED_CONFIG]: 'true'
    }))
  }

  /** Confluent fails the connector when two tables share an unqualified name (they would share a topic). */
  #checkDuplicates (tables: readonly TableId[]): void {
    const byName = new Map<string, TableId[]>()
    for (const t of tables) byName.set(t.table, [...(byName.get(t.table) ?? []), t])
    const duplicates = [...byName.values()].filter(v => v.length > 1)
    if (duplicates.length === 0) return
    const err = new ConnectError(`JDBC source connector '${this.#name}': The connector uses the unqualified table name as ` +
      'the topic name and has detected duplicate unqualified table names. This could lead to mixed data types in the ' +
      'topic and downstream processing errors. To prevent such processing errors, the JDBC Source connector fails to ' +
      "start when it detects duplicate table name configurations. Update the connector's 'table.whitelist' or " +
      "'table.blacklist' config to include exactly one table in each of the tables listed below.\n\t" +
      duplicates.map(d => `[${d.map(t => qualifiedName(t, '"', false)).join(', ')}]`).join(', '))
    this.context.raiseError(err)
    throw err
  }

  async stop (): Promise<void> {
    const monitor = this.#monitor
    this.#monitor = null
    await monitor?.stop()
  }
}
