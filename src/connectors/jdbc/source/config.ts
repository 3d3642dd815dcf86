// The config keys of Confluent's JDBC source connector (io.confluent.connect.jdbc.source.JdbcSourceConnectorConfig):
// same names, types, defaults, importance, groups and documentation, so existing connector configs run unchanged and
// the validate endpoint shows what Confluent shows. Keys that only matter to drivers or features kconnect does not
// have (credentials provider classes, SQL Server snapshot isolation) are left out: unknown keys are ignored.
import { ConfigException, defineConfig, validators } from '../../../api/index.ts'
import { resolveZone } from './temporal.ts'

export const JDBC_SOURCE_VERSION = '10.8.0'

export const CONNECTION_URL_CONFIG = 'connection.url'
export const CONNECTION_USER_CONFIG = 'connection.user'
export const CONNECTION_PASSWORD_CONFIG = 'connection.password'
export const CONNECTION_ATTEMPTS_CONFIG = 'connection.attempts'
export const CONNECTION_BACKOFF_CONFIG = 'connection.backoff.ms'
export const POLL_INTERVAL_MS_CONFIG = 'poll.interval.ms'
export const BATCH_MAX_ROWS_CONFIG = 'batch.max.rows'
export const NUMERIC_PRECISION_MAPPING_CONFIG = 'numeric.precision.mapping'
export const NUMERIC_MAPPING_CONFIG = 'numeric.mapping'
export const DIALECT_NAME_CONFIG = 'dialect.name'
export const MODE_CONFIG = 'mode'
export const INCREMENTING_COLUMN_NAME_CONFIG = 'incrementing.column.name'
export const TIMESTAMP_COLUMN_NAME_CONFIG = 'timestamp.column.name'
export const TIMESTAMP_COLUMN_MAPPING_CONFIG = 'timestamp.columns.mapping'
export const INCREMENTING_COLUMN_MAPPING_CONFIG = 'incrementing.column.mapping'
export const TIMESTAMP_INITIAL_CONFIG = 'timestamp.initial'
export const TIMESTAMP_GRANULARITY_CONFIG = 'timestamp.granularity'
export const TABLE_MONITORING_STARTUP_POLLING_LIMIT_MS_CONFIG = 'table.monitoring.startup.polling.limit.ms'
export const TABLE_POLL_INTERVAL_MS_CONFIG = 'table.poll.interval.ms'
export const TABLE_WHITELIST_CONFIG = 'table.whitelist'
export const TABLE_BLACKLIST_CONFIG = 'table.blacklist'
export const TABLE_INCLUDE_LIST_CONFIG = 'table.include.list'
export const TABLE_EXCLUDE_LIST_CONFIG = 'table.exclude.list'
export const SCHEMA_PATTERN_CONFIG = 'schema.pattern'
export const CATALOG_PATTERN_CONFIG = 'catalog.pattern'
export const QUERY_CONFIG = 'query'
export const QUERY_MASKED_CONFIG = 'query.masked'
export const TOPIC_PREFIX_CONFIG = 'topic.prefix'
export const VALIDATE_NON_NULL_CONFIG = 'validate.non.null'
export const DATE_CALENDAR_SYSTEM_CONFIG = 'date.calendar.system'
export const TIMESTAMP_DELAY_INTERVAL_MS_CONFIG = 'timestamp.delay.interval.ms'
export const DB_TIMEZONE_CONFIG = 'db.timezone'
export const QUOTE_SQL_IDENTIFIERS_CONFIG = 'quote.sql.identifiers'
export const QUERY_SUFFIX_CONFIG = 'query.suffix'
export const QUERY_RETRIES_CONFIG = 'query.retry.attempts'
export const TABLE_TYPE_CONFIG = 'table.types'
export const TRANSACTION_ISOLATION_MODE_CONFIG = 'transaction.isolation.mode'
/** Task-only keys the connector adds to each task config (JdbcSourceTaskConfig). */
export const TABLES_CONFIG = 'tables'
export const TABLES_FETCHED_CONFIG = 'tables.fetched'

export const MODE_UNSPECIFIED = ''
export const MODE_BULK = 'bulk'
export const MODE_TIMESTAMP = 'timestamp'
export const MODE_INCREMENTING = 'incrementing'
export const MODE_TIMESTAMP_INCREMENTING = 'timestamp+incrementing'
export type Mode = typeof MODE_BULK | typeof MODE_TIMESTAMP | typeof MODE_INCREMENTING | typeof MODE_TIMESTAMP_INCREMENTING

export const NUMERIC_MAPPINGS = ['none', 'precision_only', 'best_fit', 'best_fit_eager_double'] as const
export type NumericMapping = typeof NUMERIC_MAPPINGS[number]

export const TIMESTAMP_GRANULARITIES = [
  'connect_logical', 'micros_long', 'micros_string', 'micros_iso_datetime_string', 'nanos_long', 'nanos_string',
  'nanos_iso_datetime_string'
] as const
export type TimestampGranularity = typeof TIMESTAMP_GRANULARITIES[number]

export const TRANSACTION_ISOLATION_MODES = ['DEFAULT', 'READ_UNCOMMITTED', 'READ_COMMITTED', 'REPEATABLE_READ', 'SERIALIZABLE', 'SQL_SERVER_SNAPSHOT'] as const

/**
 * Confluent's ModeDependentsRecommender: the mode-specific keys are visible only in the modes that use them, and an
 * unspecified or unknown mode is reported on each of them.
 */
const modeDependents = {
  validValues: () => [],
  visible: (name: string, parsed: Readonly<Record<string, unknown>>): boolean => {
    const mode = parsed[MODE_CONFIG]
    const timestampKey = name === TIMESTAMP_COLUMN_NAME_CONFIG || name === TIMESTAMP_COLUMN_MAPPING_CONFIG || name === VALIDATE_NON_NULL_CONFIG
    const incrementingKey = name === INCREMENTING_COLUMN_NAME_CONFIG || name === INCREMENTING_COLUMN_MAPPING_CONFIG || name === VALIDATE_NON_NULL_CONFIG
    switch (mode) {
      case MODE_BULK: return false
      case MODE_TIMESTAMP: return timestampKey
      case MODE_INCREMENTING: return incrementingKey
      case MODE_TIMESTAMP_INCREMENTING: return timestampKey || incrementingKey
      case MODE_UNSPECIFIED: throw new ConfigException('Query mode must be specified')
      default: throw new ConfigException(`Invalid mode: ${String(mode)}`)
    }
  }
}

const DATABASE_GROUP = 'Database'
const MODE_GROUP = 'Mode'
const CONNECTOR_GROUP = 'Connector'

/** Confluent's EnumRecommender as a validator: the value in upper or lower case, else `Invalid enumerator`. */
function enumValidator (values: readonly string[]): ReturnType<typeof validators.lambda> {
  const valid = new Set(values.flatMap(v => [v.toUpperCase(), v.toLowerCase()]))
  return validators.lambda((name, value) => {
    if (value != null && !valid.has(String(value))) throw ConfigException.invalid(name, value, 'Invalid enumerator')
  }, `[${values.map(v => v.toLowerCase()).join(', ')}]`)
}

/** Java's Pattern.matches: the whole text must match. */
export function javaFullMatch (regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`, 'u')
}

function regexListValidator (): ReturnType<typeof validators.lambda> {
  return validators.lambda((name, value) => {
    for (const regex of (value as string[] | null) ?? []) {
      try {
        javaFullMatch(regex.trim())
      } catch (err) {
        throw ConfigException.invalid(name, value, `Must be a valid comma-separated list of regular expression patterns: ${(err as Error).message}`)
      }
    }
  }, 'a valid comma-separated list of Java regular expressions')
}

function mappingValidator (multipleColumns: boolean): ReturnType<typeof validators.lambda> {
  const format = multipleColumns ? "'regex:[col1|col2|...]'" : "'regex:columnName'"
  return validators.lambda((name, value) => {
    for (const raw of (value as string[] | null) ?? []) {
      const mapping = raw.trim()
      const parts = mapping.split(':')
      if (parts.length !== 2) throw ConfigException.invalid(name, mapping, `Invalid format. Expected ${format}`)
      const regex = parts[0]!.trim()
      try {
        javaFullMatch(regex)
      } catch (err) {
        throw ConfigException.invalid(name, regex, `Invalid regular expression: ${(err as Error).message}`)
      }
      const columns = parts[1]!.trim()
      if (!multipleColumns) {
        if (columns === '') throw ConfigException.invalid(name, columns, 'Column name cannot be empty')
        continue
      }
      if (!columns.startsWith('[') || !columns.endsWith(']')) throw ConfigException.invalid(name, columns, 'Columns list must be enclosed in square brackets')
      const content = columns.slice(1, -1)
      if (content.trim() === '') throw ConfigException.invalid(name, columns, 'Columns list cannot be empty')
      if (content.split('|').some(c => c.trim() === '')) throw ConfigException.invalid(name, columns, 'Every column name should be non-empty string')
    }
  }, multipleColumns
    ? "a list of mappings in the format 'regex:[col1|col2|...]' where regex is a valid Java regular expression and columns are valid column names"
    : "a list of mappings in the format 'regex:columnName' where regex is a valid Java regular expression and columnName is a valid column name")
}

const topicPrefixValidator = validators.lambda((name, value) => {
  if (value == null) throw ConfigException.invalid(name, value, 'Topic prefix must not be null.')
  const trimmed = String(value).trim()
  if (trimmed.length > 249) throw ConfigException.invalid(name, value, 'Topic prefix length must not exceed max topic name length, 249 chars')
  if (/[^a-zA-Z0-9._-]/.test(trimmed)) {
    throw ConfigException.invalid(name, value, "Topic prefix must not contain any character other than ASCII alphanumerics, '.', '_' and '-'.")
  }
})

const timeZoneValidator = validators.lambda((name, value) => {
  if (value != null && resolveZone(String(value)) === null) {
    throw ConfigException.invalid(name, value, 'Invalid time zone. See the list of valid time zones at https://docs.oracle.com/javase/8/docs/api/java/time/ZoneId.html#shortIds')
  }
}, 'Any valid JDK time zone')

export const jdbcSourceConfigDef = defineConfig({
  [CONNECTION_URL_CONFIG]: {
    type: 'STRING', default: '', importance: 'HIGH', group: DATABASE_GROUP, orderInGroup: 1, width: 'LONG',
    displayName: 'JDBC URL', dependents: [TABLE_WHITELIST_CONFIG, TABLE_BLACKLIST_CONFIG],
    doc: 'JDBC connection URL.\nFor example: ``jdbc:oracle:thin:@localhost:1521:orclpdb1``, ``jdbc:mysql://localhost/db_name``, ' +
      '``jdbc:sqlserver://localhost;instance=SQLEXPRESS;databaseName=db_name``'
  },
  [CONNECTION_USER_CONFIG]: {
    type: 'STRING', default: null, importance: 'HIGH', group: DATABASE_GROUP, orderInGroup: 2, width: 'LONG',
    displayName: 'JDBC User', doc: 'JDBC connection user.'
  },
  [CONNECTION_PASSWORD_CONFIG]: {
    type: 'PASSWORD', default: null, importance: 'HIGH', group: DATABASE_GROUP, orderInGroup: 3, width: 'SHORT',
    displayName: 'JDBC Password', doc: 'JDBC connection password.'
  },
  [CONNECTION_ATTEMPTS_CONFIG]: {
    type: 'INT', default: 3, validator: validators.atLeast(1), importance: 'LOW', group: DATABASE_GROUP, orderInGroup: 4,
    width: 'SHORT', displayName: 'JDBC connection attempts',
    doc: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.'
  },
  [CONNECTION_BACKOFF_CONFIG]: {
    type: 'LONG', default: 10000, importance: 'LOW', group: DATABASE_GROUP, orderInGroup: 5, width: 'SHORT',
    displayName: 'JDBC connection backoff in milliseconds', doc: 'Backoff time in milliseconds between connection attempts.'
  },
  [TABLE_WHITELIST_CONFIG]: {
    type: 'LIST', default: '', importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: 6, width: 'LONG',
    displayName: 'Table Whitelist',
    doc: 'List of tables to include in copying. If specified, ``table.blacklist`` may not be set. Use a comma-separated ' +
      'list to specify multiple tables (for example, ``table.whitelist: "User, Address, Email"``).'
  },
  [TABLE_BLACKLIST_CONFIG]: {
    type: 'LIST', default: '', importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: 7, width: 'LONG',
    displayName: 'Table Blacklist',
    doc: 'List of tables to exclude from copying. If specified, ``table.whitelist`` may not be set. Use a ' +
      'comma-separated list to specify multiple tables (for example, ``table.blacklist: "User, Address, Email"``).'
  },
  [TABLE_INCLUDE_LIST_CONFIG]: {
    type: 'LIST', default: [], validator: regexListValidator(), importance: 'MEDIUM', group: DATABASE_GROUP,
    orderInGroup: 8, width: 'LONG', displayName: 'Tables Included (Regex)',
    doc: 'A comma-separated list of regular expressions that match the fully-qualified names of tables to be copied. ' +
      'Use a comma-separated list to specify multiple regular expressions. Table names are case-sensitive. For example, ' +
      '``table.include.list: "schema1.customer.*,schema2.order.*"``. If specified, the legacy configs of ' +
      '``table.whitelist``, and ``table.blacklist`` cannot be set.'
  },
  [TABLE_EXCLUDE_LIST_CONFIG]: {
    type: 'LIST', default: [], validator: regexListValidator(), importance: 'MEDIUM', group: DATABASE_GROUP,
    orderInGroup: 9, width: 'LONG', displayName: 'Tables Excluded (Regex)',
    doc: 'A comma-separated list of regular expressions that match the fully-qualified names of tables not to be copied. ' +
      'This only applies to tables that match the include list. REQUIRES ``table.include.list`` to be specified. Use a ' +
      'comma-separated list to specify multiple regular expressions. Table names are case-sensitive. For example, ' +
      '``table.exclude.list: ".*.temp.*,.*.staging.*"``. If specified, ``table.whitelist`` and ``table.blacklist`` cannot ' +
      'not be set.'
  },
  [CATALOG_PATTERN_CONFIG]: {
    type: 'STRING', default: null, importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: 10, width: 'SHORT',
    displayName: 'Schema pattern',
    doc: 'Catalog pattern to fetch table metadata from the database.\n  * ``""`` retrieves those without a catalog \n  ' +
      '* null (default) indicates that the schema name is not used to narrow the search and that all table metadata is ' +
      'fetched, regardless of the catalog.'
  },
  [SCHEMA_PATTERN_CONFIG]: {
    type: 'STRING', default: null, importance: 'HIGH', group: DATABASE_GROUP, orderInGroup: 11, width: 'SHORT',
    displayName: 'Schema pattern',
    doc: 'Schema pattern to fetch table metadata from the database.\n  * ``""`` retrieves those without a schema.\n  ' +
      '* null (default) indicates that the schema name is not used to narrow the search and that all table metadata is ' +
      'fetched, regardless of the schema.'
  },
  [NUMERIC_PRECISION_MAPPING_CONFIG]: {
    type: 'BOOLEAN', default: false, importance: 'LOW', group: DATABASE_GROUP, orderInGroup: 12, width: 'SHORT',
    displayName: 'Map Numeric Values By Precision (deprecated)',
    doc: 'Whether or not to attempt mapping NUMERIC values by precision to integral types. This option is now ' +
      'deprecated. A future version may remove it completely. Please use ``numeric.mapping`` instead.'
  },
  [NUMERIC_MAPPING_CONFIG]: {
    type: 'STRING', default: null, validator: enumValidator(NUMERIC_MAPPINGS), importance: 'LOW', group: DATABASE_GROUP,
    orderInGroup: 13, width: 'SHORT', displayName: 'Map Numeric Values, Integral or Decimal, By Precision and Scale',
    recommender: { validValues: () => [...NUMERIC_MAPPINGS], visible: () => true },
    doc: "Map NUMERIC values by precision and optionally scale to integral or decimal types.\n  * Use ``none`` if all " +
      "NUMERIC columns are to be represented by Connect's DECIMAL logical type.\n  * Use ``best_fit`` if NUMERIC columns " +
      "should be cast to Connect's INT8, INT16, INT32, INT64, or FLOAT64 based upon the column's precision and scale. " +
      'This option may still represent the NUMERIC value as Connect DECIMAL if it cannot be cast to a native type ' +
      'without losing precision. For example, a NUMERIC(20) type with precision 20 would not be able to fit in a native ' +
      'INT64 without overflowing and thus would be retained as DECIMAL.\n  * Use ``best_fit_eager_double`` if in ' +
      'addition to the properties of ``best_fit`` described above, it is desirable to always cast NUMERIC columns with ' +
      'scale to Connect FLOAT64 type, despite potential of loss in accuracy.\n  * Use ``precision_only`` to map NUMERIC ' +
      "columns based only on the column's precision assuming that column's scale is 0.\n  * The ``none`` option is the " +
      "default, but may lead to serialization issues with Avro since Connect's DECIMAL type is mapped to its binary " +
      'representation, and ``best_fit`` will often be preferred since it maps to the most appropriate primitive type.'
  },
  [DIALECT_NAME_CONFIG]: {
    type: 'STRING', default: '', importance: 'LOW', group: DATABASE_GROUP, orderInGroup: 14, width: 'LONG',
    displayName: 'Database Dialect',
    validator: validators.lambda((name, value) => {
      if (value != null && value !== '' && !['PostgreSqlDatabaseDialect', 'MySqlDatabaseDialect', 'SqliteDatabaseDialect'].includes(String(value).trim())) {
        throw ConfigException.invalid(name, value, 'Invalid dialect name: supported are PostgreSqlDatabaseDialect, MySqlDatabaseDialect, SqliteDatabaseDialect')
      }
    }),
    doc: 'The name of the database dialect that should be used for this connector. By default this is empty, and the ' +
      'connector automatically determines the dialect based upon the JDBC connection URL. Use this if you want to ' +
      'override that behavior and use a specific dialect. All properly-packaged dialects in the JDBC connector plugin ' +
      'can be used.'
  },
  [DATE_CALENDAR_SYSTEM_CONFIG]: {
    type: 'STRING', default: 'LEGACY', validator: validators.oneOf('LEGACY', 'PROLEPTIC_GREGORIAN'), importance: 'LOW',
    group: DATABASE_GROUP, orderInGroup: 15, width: 'MEDIUM', displayName: 'Date Calendar System',
    doc: 'The time elapsed from epoch populated in the end table topic for DATE or TIMESTAMP type columns can have two ' +
      'different values based upon the Calendar used to interpret it. If LEGACY is used, it will use the hybrid ' +
      'Gregorian/Julian calendar which was the default in the older java date time APIs. However, if ' +
      "'PROLEPTIC_GREGORIAN' is used, then it will use the proleptic gregorian calendar which extends the Gregorian " +
      'rules backward indefinitely and does not apply the 1582 cutover. This matches the behavior of modern Java ' +
      'date/time APIs (java.time). This is defaulted to LEGACY for backward compatibility. Changing this configuration ' +
      'on an existing connector might lead to a drift in the kafka topic record values.'
  },
  [MODE_CONFIG]: {
    type: 'STRING', default: MODE_UNSPECIFIED,
    validator: validators.oneOf(MODE_UNSPECIFIED, MODE_BULK, MODE_TIMESTAMP, MODE_INCREMENTING, MODE_TIMESTAMP_INCREMENTING),
    importance: 'HIGH', group: MODE_GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Table Loading Mode',
    dependents: [INCREMENTING_COLUMN_NAME_CONFIG, TIMESTAMP_COLUMN_NAME_CONFIG, INCREMENTING_COLUMN_MAPPING_CONFIG, TIMESTAMP_COLUMN_MAPPING_CONFIG, VALIDATE_NON_NULL_CONFIG],
    doc: 'The mode for updating a table each time it is polled. Options include:\n  * bulk: perform a bulk load of the ' +
      'entire table each time it is polled\n  * incrementing: use a strictly incrementing column on each table to ' +
      'detect only new rows. Note that this will not detect modifications or deletions of existing rows.\n  * ' +
      'timestamp: use a timestamp (or timestamp-like) column to detect new and modified rows. This assumes the column ' +
      'is updated with each write, and that values are monotonically incrementing, but not necessarily unique.\n  * ' +
      'timestamp+incrementing: use two columns, a timestamp column that detects new and modified rows and a strictly ' +
      'incrementing column which provides a globally unique ID for updates so each row can be assigned a unique ' +
      'stream offset.'
  },
  [INCREMENTING_COLUMN_NAME_CONFIG]: {
    type: 'STRING', default: '', recommender: modeDependents, importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: 2, width: 'MEDIUM',
    displayName: 'Incrementing Column Name',
    doc: 'The name of the strictly incrementing column to use to detect new rows. Any empty value indicates the column ' +
      'should be autodetected by looking for an auto-incrementing column. This column may not be nullable.'
  },
  [TIMESTAMP_COLUMN_NAME_CONFIG]: {
    type: 'LIST', default: '', recommender: modeDependents, importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: 3, width: 'MEDIUM',
    displayName: 'Timestamp Column Name',
    doc: 'Comma separated list of one or more timestamp columns to detect new or modified rows using the COALESCE SQL ' +
      'function. Rows whose first non-null timestamp value is greater than the largest previous timestamp value seen ' +
      'will be discovered with each poll. At least one column should not be nullable.'
  },
  [TIMESTAMP_COLUMN_MAPPING_CONFIG]: {
    type: 'LIST', default: [], validator: mappingValidator(true), recommender: modeDependents, importance: 'MEDIUM', group: MODE_GROUP,
    orderInGroup: 4, width: 'LONG', displayName: 'Table to timestamp columns mappings',
    doc: 'A comma separated list of table regex to timestamp columns mappings. On specifying multiple timestamp ' +
      'columns, COALESCE SQL function would be used to find out the effective timestamp for a row. Expected format is ' +
      '``regex1:[col1|col2],regex2:[col3]``. Regexes would be matched against the fully-qualified table names of ' +
      'tables. Every table included for capture should match exactly one of the provided mappings. An example for a ' +
      'valid input would be ``SCHEMA1.EMPLOYEES.SALARY.*:[UPDATED_AT|MODIFIED_AT],ACCOUNTS.*:[CHANGED_AT]``'
  },
  [INCREMENTING_COLUMN_MAPPING_CONFIG]: {
    type: 'LIST', default: [], validator: mappingValidator(false), recommender: modeDependents, importance: 'MEDIUM', group: MODE_GROUP,
    orderInGroup: 5, width: 'LONG', displayName: 'Table to incrementing column mappings',
    doc: 'A comma separated list of table regex to incrementing column mappings. Expected format is ' +
      '``regex1:col2,regex2:col1``. Regexes would be matched against the fully-qualified table names of tables. Every ' +
      'table included for capture should match exactly one of the provided mappings. An example for a valid input would ' +
      'be ``SCHEMA1.EMPLOYEES.SALARY*:EMP_ID,ACCOUNTS.*:ID``'
  },
  [TIMESTAMP_INITIAL_CONFIG]: {
    type: 'LONG', default: null, recommender: modeDependents, importance: 'LOW', group: MODE_GROUP, orderInGroup: 6, width: 'MEDIUM',
    displayName: 'Unix time value of initial timestamp',
    doc: 'The epoch timestamp used for initial queries that use timestamp criteria. Use -1 to use the current time. ' +
      'If not specified, all data will be retrieved.'
  },
  [VALIDATE_NON_NULL_CONFIG]: {
    type: 'BOOLEAN', default: true, recommender: modeDependents, importance: 'LOW', group: MODE_GROUP, orderInGroup: 7, width: 'SHORT',
    displayName: 'Validate Non Null',
    doc: 'By default, the JDBC connector will validate that all incrementing and timestamp tables have NOT NULL set for ' +
      "the columns being used as their ID/timestamp. If the tables don't, JDBC connector will fail to start. Setting " +
      'this to false will disable these checks.'
  },
  [QUERY_CONFIG]: {
    type: 'STRING', default: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: 8, width: 'SHORT',
    displayName: 'Query',
    doc: 'If specified, the query to perform to select new or updated rows. Use this setting if you want to join ' +
      'tables, select subsets of columns in a table, or filter data. If used, this connector will only copy data using ' +
      'this query -- whole-table copying will be disabled. Different query modes may still be used for incremental ' +
      'updates, but in order to properly construct the incremental query, it must be possible to append a WHERE clause ' +
      'to this query (i.e. no WHERE clauses may be used). If you use a WHERE clause, it must handle incremental queries ' +
      'itself.'
  },
  [QUERY_MASKED_CONFIG]: {
    type: 'PASSWORD', default: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: 9, width: 'SHORT',
    displayName: 'Query (Masked)', recommender: { validValues: () => [], visible: () => false },
    doc: "Same as 'query' configuration but the query string is maskedUse this config to prevent sensitive information " +
      'from being logged.'
  },
  [QUOTE_SQL_IDENTIFIERS_CONFIG]: {
    type: 'STRING', default: 'always', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: 10, width: 'MEDIUM',
    displayName: 'Quote Identifiers', validator: enumValidator(['always', 'never']),
    recommender: { validValues: () => ['always', 'never'], visible: () => true },
    doc: 'When to quote table names, column names, and other identifiers in SQL statements. For backward compatibility, ' +
      'the default is ``always``.'
  },
  [QUERY_SUFFIX_CONFIG]: {
    type: 'STRING', default: '', importance: 'LOW', group: MODE_GROUP, orderInGroup: 11, width: 'MEDIUM',
    displayName: 'Query suffix', doc: 'Suffix to append at the end of the generated query.'
  },
  [TRANSACTION_ISOLATION_MODE_CONFIG]: {
    type: 'STRING', default: 'DEFAULT', importance: 'LOW', group: MODE_GROUP, orderInGroup: 12, width: 'MEDIUM',
    displayName: 'Transaction Isolation Mode', validator: enumValidator(TRANSACTION_ISOLATION_MODES),
    recommender: { validValues: () => TRANSACTION_ISOLATION_MODES.map(m => m.toLowerCase()), visible: () => true },
    doc: 'Mode to control which transaction isolation level is used when running queries against the database. By ' +
      'default no explicit transaction isolationmode is set. SQL_SERVER_SNAPSHOT will only workagainst a connector ' +
      'configured to write to Sql Server.  Options include:\n  * DEFAULT\n   * READ_UNCOMMITED\n  * READ_COMMITED\n  ' +
      '* REPEATABLE_READ\n  * SERIALIZABLE\n  * SQL_SERVER_SNAPSHOT\n'
  },
  [QUERY_RETRIES_CONFIG]: {
    type: 'INT', default: -1, importance: 'LOW', group: MODE_GROUP, orderInGroup: 13, width: 'MEDIUM',
    displayName: 'Query Retry Attempts', doc: 'Number of times to retry SQL exceptions encountered when executing queries.'
  },
  [TABLE_TYPE_CONFIG]: {
    type: 'LIST', default: 'TABLE', importance: 'LOW', group: CONNECTOR_GROUP, orderInGroup: 1, width: 'MEDIUM',
    displayName: 'Table Types',
    doc: 'By default, the JDBC connector will only detect tables with type TABLE from the source Database. This config ' +
      'allows a command separated list of table types to extract. Options include:\n  * TABLE\n  * VIEW\n  * SYSTEM ' +
      'TABLE\n  * GLOBAL TEMPORARY\n  * LOCAL TEMPORARY\n  * ALIAS\n  * SYNONYM\n  In most cases it only makes sense to ' +
      'have either TABLE or VIEW.'
  },
  [POLL_INTERVAL_MS_CONFIG]: {
    type: 'INT', default: 5000, importance: 'HIGH', group: CONNECTOR_GROUP, orderInGroup: 2, width: 'SHORT',
    displayName: 'Poll Interval (ms)', doc: 'Frequency in ms to poll for new data in each table.'
  },
  [BATCH_MAX_ROWS_CONFIG]: {
    type: 'INT', default: 100, validator: validators.atLeast(1), importance: 'LOW', group: CONNECTOR_GROUP,
    orderInGroup: 3, width: 'SHORT', displayName: 'Max Rows Per Batch',
    doc: 'Maximum number of rows to include in a single batch when polling for new data. This setting can be used to ' +
      'limit the amount of data buffered internally in the connector.'
  },
  [TABLE_MONITORING_STARTUP_POLLING_LIMIT_MS_CONFIG]: {
    type: 'LONG', default: 10000, importance: 'LOW', internal: true,
    doc: 'The amount of time to wait for the table monitoring thread to complete initial table read.'
  },
  [TABLE_POLL_INTERVAL_MS_CONFIG]: {
    type: 'LONG', default: 60000, importance: 'LOW', group: CONNECTOR_GROUP, orderInGroup: 4, width: 'SHORT',
    displayName: 'Metadata Change Monitoring Interval (ms)',
    doc: 'Frequency in ms to poll for new or removed tables, which may result in updated task configurations to start ' +
      'polling for data in added tables or stop polling for data in removed tables.'
  },
  [TOPIC_PREFIX_CONFIG]: {
    type: 'STRING', default: '', validator: topicPrefixValidator, importance: 'HIGH', group: CONNECTOR_GROUP,
    orderInGroup: 5, width: 'MEDIUM', displayName: 'Topic Prefix',
    doc: 'Prefix to prepend to table names to generate the name of the Kafka topic to publish data to, or in the case ' +
      'of a custom query, the full name of the topic to publish to.'
  },
  [TIMESTAMP_DELAY_INTERVAL_MS_CONFIG]: {
    type: 'LONG', default: 0, importance: 'HIGH', group: CONNECTOR_GROUP, orderInGroup: 6, width: 'MEDIUM',
    displayName: 'Delay Interval (ms)',
    doc: 'How long to wait after a row with certain timestamp appears before we include it in the result. You may ' +
      'choose to add some delay to allow transactions with earlier timestamp to complete. The first execution will ' +
      'fetch all available records (i.e. starting at timestamp 0) until current time minus the delay. Every following ' +
      'execution will get data from the last time we fetched until current time minus the delay.'
  },
  [DB_TIMEZONE_CONFIG]: {
    type: 'STRING', default: 'UTC', validator: timeZoneValidator, importance: 'MEDIUM', group: CONNECTOR_GROUP,
    orderInGroup: 7, width: 'MEDIUM', displayName: 'DB time zone',
    doc: 'Name of the JDBC timezone used in the connector when querying with time-based criteria. Defaults to UTC.'
  },
  [TIMESTAMP_GRANULARITY_CONFIG]: {
    type: 'STRING', default: 'connect_logical', validator: enumValidator(TIMESTAMP_GRANULARITIES), importance: 'LOW',
    group: CONNECTOR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Timestamp granularity for timestamp columns',
    recommender: { validValues: () => [...TIMESTAMP_GRANULARITIES], visible: () => true },
    doc: "Define the granularity of the Timestamp column. Options include: \n  * connect_logical (default): represents " +
      "timestamp values using Kafka Connect's built-in representations \n  * micros_long: represents timestamp values " +
      'as micros since epoch\n  * micros_string: represents timestamp values as micros since epoch in string\n  * ' +
      "micros_iso_datetime_string: uses iso format 'yyyy-MM-dd'T'HH:mm:ss.SSSSSS'\n  * nanos_long: represents " +
      'timestamp values as nanos since epoch\n  * nanos_string: represents timestamp values as nanos since epoch in ' +
      "string\n  * nanos_iso_datetime_string: uses iso format 'yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'\n"
  }
})

/** The task config: the connector's keys plus the table list the connector assigned (JdbcSourceTaskConfig). */
export const jdbcSourceTaskConfigDef = jdbcSourceConfigDef.extend({
  [TABLES_CONFIG]: { type: 'LIST', importance: 'HIGH', doc: 'List of tables for this task to watch for changes.' },
  [TABLES_FETCHED_CONFIG]: { type: 'BOOLEAN', default: false, importance: 'HIGH', internal: true, doc: 'Whether the connector had read the table list when it made this task config.' }
})

export type JdbcSourceConfig = ReturnType<typeof jdbcSourceConfigDef.parse>

/** Confluent's NumericMapping.get: `numeric.mapping` when set, else the deprecated boolean. */
export function numericMappingOf (config: JdbcSourceConfig): NumericMapping {
  const value = config[NUMERIC_MAPPING_CONFIG]
  if (value != null) return value.toLowerCase() as NumericMapping
  return config[NUMERIC_PRECISION_MAPPING_CONFIG] ? 'precision_only' : 'none'
}

/** The configured query (`query.masked` first), or null. */
export function queryOf (config: JdbcSourceConfig): string | null {
  const masked = config[QUERY_MASKED_CONFIG] as { value (): string } | null
  const maskedText = masked?.value() ?? ''
  if (maskedText !== '') return maskedText
  const query = config[QUERY_CONFIG]
  return query !== '' ? query : null
}

export function passwordOf (config: JdbcSourceConfig): string | null {
  const p = config[CONNECTION_PASSWORD_CONFIG] as { value (): string } | null
  return p === null ? null : p.value()
}

export function modeUsesTimestamp (mode: string): boolean {
  return mode === MODE_TIMESTAMP || mode === MODE_TIMESTAMP_INCREMENTING
}

export function modeUsesIncrementing (mode: string): boolean {
  return mode === MODE_INCREMENTING || mode === MODE_TIMESTAMP_INCREMENTING
}

/** The connector's name for messages: the framework's `name` key when the runtime passes it. */
export function connectorNameOf (props: Readonly<Record<string, string>>): string {
  return props.name ?? 'jdbc-source'
}
