// The config keys of the JDBC sink (Confluent's JdbcSinkConfig.CONFIG_DEF): same names, types, defaults, groups,
// importance and documentation, since the validate endpoint shows them. Keys of Confluent's that kconnect does not
// implement are left undefined (ignored, as any unknown key) unless ignoring them would silently change what is
// written: `timestamp.fields.list` is defined and refused when set.
import { ConfigException, defineConfig, validators, type ConfigValue, type Props } from '../../../api/index.ts'

type Validator = ReturnType<typeof validators.lambda>

/** The version both the connector and its task report. */
export const JDBC_SINK_VERSION = '10.9.0'

export const CONNECTION_URL = 'connection.url'
export const CONNECTION_USER = 'connection.user'
export const CONNECTION_PASSWORD = 'connection.password'
export const DIALECT_NAME = 'dialect.name'
export const CONNECTION_ATTEMPTS = 'connection.attempts'
export const CONNECTION_BACKOFF = 'connection.backoff.ms'
export const INSERT_MODE = 'insert.mode'
export const BATCH_SIZE = 'batch.size'
export const DELETE_ENABLED = 'delete.enabled'
export const TABLE_TYPES = 'table.types'
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default'
export const TABLE_NAME_FORMAT = 'table.name.format'
export const PK_MODE = 'pk.mode'
export const PK_FIELDS = 'pk.fields'
export const FIELDS_WHITELIST = 'fields.whitelist'
export const DB_TIMEZONE = 'db.timezone'
export const DATE_TIMEZONE = 'date.timezone'
export const TIMESTAMP_FIELDS_LIST = 'timestamp.fields.list'
export const STRING_OUTPUT_VALUE_COLUMN_NAME = 'string.output.value.column.name'
export const AUTO_CREATE = 'auto.create'
export const AUTO_EVOLVE = 'auto.evolve'
export const QUOTE_SQL_IDENTIFIERS = 'quote.sql.identifiers'
export const MAX_RETRIES = 'max.retries'
export const RETRY_BACKOFF_MS = 'retry.backoff.ms'

/** The pk.mode=kafka column names when pk.fields is empty. */
export const DEFAULT_KAFKA_PK_NAMES: readonly string[] = Object.freeze(['__connect_topic', '__connect_partition', '__connect_offset'])

export type InsertMode = 'insert' | 'upsert' | 'update'
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value'

/** The dialect names `dialect.name` accepts (Confluent's class simple names) and the URL kinds they stand for. */
export const DIALECT_NAMES = {
  PostgreSqlDatabaseDialect: 'postgresql',
  MySqlDatabaseDialect: 'mysql',
  SqliteDatabaseDialect: 'sqlite'
} as const
export type DialectKind = typeof DIALECT_NAMES[keyof typeof DIALECT_NAMES]

/** Confluent's EnumValidator: the lower- or upper-case name, shown as `[a, b]`. */
function enumValidator (...values: string[]): Validator {
  const valid = new Set(values.flatMap(v => [v.toLowerCase(), v.toUpperCase()]))
  return validators.lambda((_name, value) => typeof value === 'string' && valid.has(value) ? undefined : 'Invalid enumerator',
    `[${values.map(v => v.toLowerCase()).join(', ')}]`)
}

/** Confluent's TimeZoneValidator: a zone java.time.ZoneId accepts (here: one Intl knows). */
const timeZoneValidator = validators.lambda((_name, value) => typeof value === 'string' && isTimeZone(value) ? undefined : 'Invalid time zone identifier',
  'Any valid JDK time zone')

export function isTimeZone (zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const dialectValidator = validators.lambda((_name, value) => {
  if (value === '' || value === null || (typeof value === 'string' && Object.hasOwn(DIALECT_NAMES, value.trim()))) return undefined
  return `kconnect's JDBC sink supports ${Object.keys(DIALECT_NAMES).join(', ')}`
}, `[, ${Object.keys(DIALECT_NAMES).join(', ')}]`)

const CONNECTION_GROUP = 'Connection'
const WRITES_GROUP = 'Writes'
const DATAMAPPING_GROUP = 'Data Mapping'
const DDL_GROUP = 'DDL Support'
const RETRIES_GROUP = 'Retries'

export const jdbcSinkConfigDef = defineConfig({
  [CONNECTION_URL]: {
    type: 'STRING', importance: 'HIGH', group: CONNECTION_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'JDBC URL',
    doc: 'JDBC connection URL.\nFor example: ``jdbc:oracle:thin:@localhost:1521:orclpdb1``, ``jdbc:mysql://localhost/db_name``, ' +
      '``jdbc:sqlserver://localhost;instance=SQLEXPRESS;databaseName=db_name``'
  },
  [CONNECTION_USER]: {
    type: 'STRING', default: null, importance: 'HIGH', group: CONNECTION_GROUP, orderInGroup: 2, width: 'MEDIUM',
    displayName: 'JDBC User', doc: 'JDBC connection user.'
  },
  [CONNECTION_PASSWORD]: {
    type: 'PASSWORD', default: null, importance: 'HIGH', group: CONNECTION_GROUP, orderInGroup: 3, width: 'MEDIUM',
    displayName: 'JDBC Password', doc: 'JDBC connection password.'
  },
  [DIALECT_NAME]: {
    type: 'STRING', default: '', validator: dialectValidator, importance: 'LOW', group: CONNECTION_GROUP, orderInGroup: 5,
    width: 'LONG', displayName: 'Database Dialect',
    recommender: { validValues: () => ['', ...Object.keys(DIALECT_NAMES)], visible: () => true },
    doc: 'The name of the database dialect that should be used for this connector. By default this is empty, and the ' +
      'connector automatically determines the dialect based upon the JDBC connection URL. Use this if you want to ' +
      'override that behavior and use a specific dialect. All properly-packaged dialects in the JDBC connector plugin ' +
      'can be used.'
  },
  [CONNECTION_ATTEMPTS]: {
    type: 'INT', default: 3, validator: validators.atLeast(1), importance: 'LOW', group: CONNECTION_GROUP, orderInGroup: 6,
    width: 'SHORT', displayName: 'JDBC connection attempts',
    doc: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.'
  },
  [CONNECTION_BACKOFF]: {
    type: 'LONG', default: 10000, importance: 'LOW', group: CONNECTION_GROUP, orderInGroup: 7, width: 'SHORT',
    displayName: 'JDBC connection backoff in milliseconds', doc: 'Backoff time in milliseconds between connection attempts.'
  },
  [INSERT_MODE]: {
    type: 'STRING', default: 'insert', validator: enumValidator('insert', 'upsert', 'update'), importance: 'HIGH',
    group: WRITES_GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Insert Mode',
    doc: 'The insertion mode to use. Supported modes are:\n``insert``\n    Use standard SQL ``INSERT`` statements.\n' +
      '``upsert``\n    Use the appropriate upsert semantics for the target database if it is supported by the ' +
      'connector, e.g. ``INSERT OR IGNORE``.\n``update``\n    Use the appropriate update semantics for the target ' +
      'database if it is supported by the connector, e.g. ``UPDATE``.'
  },
  [BATCH_SIZE]: {
    type: 'INT', default: 3000, validator: validators.atLeast(0), importance: 'MEDIUM', group: WRITES_GROUP, orderInGroup: 2,
    width: 'SHORT', displayName: 'Batch Size',
    doc: 'Specifies how many records to attempt to batch together for insertion into the destination table, when possible.'
  },
  [DELETE_ENABLED]: {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: WRITES_GROUP, orderInGroup: 3, width: 'SHORT',
    displayName: 'Enable deletes',
    recommender: { validValues: () => [], visible: (_name, parsed) => parsed[PK_MODE] === 'record_key' || parsed[PK_MODE] === 'RECORD_KEY' },
    doc: 'Whether to treat ``null`` record values as deletes. Requires ``pk.mode`` to be ``record_key``.'
  },
  [TABLE_TYPES]: {
    type: 'LIST', default: 'TABLE', importance: 'LOW',
    validator: validators.lambda((_name, value) => (value as string[]).every(t => ['TABLE', 'VIEW', 'PARTITIONED_TABLE'].includes(t.trim().toUpperCase()))
      ? undefined
      : 'Unsupported table type', '[TABLE, VIEW, PARTITIONED_TABLE]'), group: WRITES_GROUP, orderInGroup: 4, width: 'MEDIUM', displayName: 'Table Types',
    recommender: { validValues: () => ['PARTITIONED_TABLE', 'TABLE', 'VIEW'], visible: () => true },
    doc: 'The comma-separated types of database tables to which the sink connector can write. By default this is ' +
      '``TABLE``, but any combination of ``TABLE``, ``PARTITIONED_TABLE`` and ``VIEW`` is allowed. Not all databases ' +
      'support writing to views, and when they do the sink connector will fail if the view definition does not match ' +
      "the records' schemas (regardless of ``auto.evolve``)."
  },
  [REPLACE_NULL_WITH_DEFAULT]: {
    type: 'BOOLEAN', default: true, importance: 'LOW', group: WRITES_GROUP, orderInGroup: 5, width: 'MEDIUM',
    displayName: 'Replace null value with default value', doc: 'Whether to replace ``null`` value with default value'
  },
  [TABLE_NAME_FORMAT]: {
    type: 'STRING', default: '${topic}', validator: validators.nonEmptyString(), importance: 'MEDIUM', group: DATAMAPPING_GROUP,
    orderInGroup: 1, width: 'LONG', displayName: 'Table Name Format',
    doc: "A format string for the destination table name, which may contain '${topic}' as a placeholder for the " +
      "originating topic name.\nFor example, ``kafka_${topic}`` for the topic 'orders' will map to the table name 'kafka_orders'."
  },
  [PK_MODE]: {
    type: 'STRING', default: 'none', validator: enumValidator('none', 'kafka', 'record_key', 'record_value'), importance: 'HIGH',
    group: DATAMAPPING_GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Primary Key Mode',
    recommender: { validValues: () => ['none', 'kafka', 'record_key', 'record_value'], visible: () => true },
    doc: 'The primary key mode, also refer to ``pk.fields`` documentation for interplay. Supported modes are:\n' +
      '``none``\n    No keys utilized.\n``kafka``\n    Kafka coordinates are used as the PK.\n``record_key``\n    Field(s) ' +
      'from the record key are used, which may be a primitive or a struct.\n``record_value``\n    Field(s) from the ' +
      'record value are used, which must be a struct.'
  },
  [PK_FIELDS]: {
    type: 'LIST', default: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 3, width: 'LONG',
    displayName: 'Primary Key Fields',
    doc: 'List of comma-separated primary key field names. The runtime interpretation of this config depends on the ' +
      '``pk.mode``:\n``none``\n    Ignored as no fields are used as primary key in this mode.\n``kafka``\n    Must be a ' +
      'trio representing the Kafka coordinates, defaults to ``__connect_topic,__connect_partition,__connect_offset`` if ' +
      'empty.\n``record_key``\n    If empty, all fields from the key struct will be used, otherwise used to extract the ' +
      'desired fields - for primitive key only a single field name must be configured.\n``record_value``\n    If empty, ' +
      'all fields from the value struct will be used, otherwise used to extract the desired fields.'
  },
  [FIELDS_WHITELIST]: {
    type: 'LIST', default: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 4, width: 'LONG',
    displayName: 'Fields Whitelist',
    doc: 'List of comma-separated record value field names. If empty, all fields from the record value are utilized, ' +
      'otherwise used to filter to the desired fields.\nNote that ``pk.fields`` is applied independently in the context ' +
      'of which field(s) form the primary key columns in the destination database, while this configuration is ' +
      'applicable for the other columns.'
  },
  [DB_TIMEZONE]: {
    type: 'STRING', default: 'UTC', validator: timeZoneValidator, importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 5,
    width: 'MEDIUM', displayName: 'DB Time Zone',
    doc: 'Name of the JDBC timezone that should be used in the connector when inserting time-based values. Defaults to UTC.'
  },
  [DATE_TIMEZONE]: {
    type: 'STRING', default: 'DB_TIMEZONE', validator: enumValidator('DB_TIMEZONE', 'UTC'), importance: 'LOW',
    group: DATAMAPPING_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Time Zone used for Date',
    recommender: { validValues: () => ['DB_TIMEZONE', 'UTC'], visible: () => true },
    doc: 'Name of the JDBC timezone that should be used in the connector when inserting DATE type values. Defaults to ' +
      'DB_TIMEZONE that uses the timezone set for db.timzeone configuration (to maintain backward compatibility). It is ' +
      'recommended to set this to UTC to avoid conversion for DATE type values.'
  },
  [TIMESTAMP_FIELDS_LIST]: {
    type: 'LIST', default: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 7, width: 'MEDIUM',
    displayName: 'Timestamp Fields Whitelist',
    validator: validators.lambda((_name, value) => (value as string[]).length > 0 ? 'not supported by kconnect\'s JDBC sink (leave it empty)' : undefined),
    doc: 'List of comma-separated record value timestamp field names that should be converted to timestamps. These ' +
      'fields will be converted based on precision mode specified in timestamp.precision.mode(microseconds or ' +
      'nanoseconds). The timestamp fields included here should be Long or String type and nested fields are not supported.'
  },
  [STRING_OUTPUT_VALUE_COLUMN_NAME]: {
    type: 'STRING', default: 'record_value', validator: validators.nonEmptyString(), importance: 'LOW', group: DATAMAPPING_GROUP,
    orderInGroup: 10, width: 'MEDIUM', displayName: 'String Value Column Name',
    doc: 'When the Kafka record value uses the String schema (e.g. records produced with StringConverter), the connector ' +
      'writes the value into a single column with this name. If the destination table is being auto-created, the ' +
      'column is created with this name. If the table already exists and the column is missing, the column is added ' +
      "via ALTER when 'auto.evolve' is true; otherwise the connector fails with the standard auto-evolution-disabled " +
      "error. Defaults to 'record_value'."
  },
  [AUTO_CREATE]: {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 1, width: 'SHORT', displayName: 'Auto-Create',
    doc: 'Whether to automatically create the destination table based on record schema if it is found to be missing by issuing ``CREATE``.'
  },
  [AUTO_EVOLVE]: {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 2, width: 'SHORT', displayName: 'Auto-Evolve',
    doc: 'Whether to automatically add columns in the table schema when found to be missing relative to the record schema by issuing ``ALTER``.'
  },
  [QUOTE_SQL_IDENTIFIERS]: {
    type: 'STRING', default: 'ALWAYS', validator: validators.oneOfIgnoreCase('always', 'never'), importance: 'MEDIUM',
    group: DDL_GROUP, orderInGroup: 3, width: 'MEDIUM', displayName: 'Quote Identifiers',
    recommender: { validValues: () => ['always', 'never'], visible: () => true },
    doc: 'When to quote table names, column names, and other identifiers in SQL statements. For backward compatibility, the default is ``always``.'
  },
  [MAX_RETRIES]: {
    type: 'INT', default: 10, validator: validators.atLeast(0), importance: 'MEDIUM', group: RETRIES_GROUP, orderInGroup: 1,
    width: 'SHORT', displayName: 'Maximum Retries', doc: 'The maximum number of times to retry on errors before failing the task.'
  },
  [RETRY_BACKOFF_MS]: {
    type: 'INT', default: 3000, validator: validators.atLeast(0), importance: 'MEDIUM', group: RETRIES_GROUP, orderInGroup: 2,
    width: 'SHORT', displayName: 'Retry Backoff (millis)',
    doc: 'The time in milliseconds to wait following an error before a retry attempt is made.'
  }
})

/** The parsed sink config, normalized (enum values lower-cased, lists as sets where Confluent uses sets). */
export interface JdbcSinkConfig {
  readonly connectorName: string
  readonly connectionUrl: string
  readonly connectionUser: string | null
  readonly connectionPassword: string | null
  readonly dialectName: string
  readonly connectionAttempts: number
  readonly connectionBackoffMs: number
  readonly insertMode: InsertMode
  readonly batchSize: number
  readonly deleteEnabled: boolean
  readonly replaceNullWithDefault: boolean
  readonly tableTypes: ReadonlySet<string>
  readonly tableNameFormat: string
  readonly pkMode: PkMode
  readonly pkFields: readonly string[]
  readonly fieldsWhitelist: ReadonlySet<string>
  readonly dbTimeZone: string
  readonly dateTimeZone: string
  readonly stringOutputValueColumnName: string
  readonly autoCreate: boolean
  readonly autoEvolve: boolean
  readonly quoteIdentifiers: boolean
  readonly maxRetries: number
  readonly retryBackoffMs: number
}

export const DELETE_REQUIRES_RECORD_KEY = 'Deletes are only supported for pk.mode record_key'

/** Parses and checks a sink config (ConfigError/ConfigException on bad values), like JdbcSinkConfig's constructor. */
export function parseJdbcSinkConfig (props: Props): JdbcSinkConfig {
  const c = jdbcSinkConfigDef.parse(props)
  const pkMode = c[PK_MODE].toLowerCase() as PkMode
  const deleteEnabled = c[DELETE_ENABLED]
  if (deleteEnabled && pkMode !== 'record_key') {
    throw new ConfigException("Primary key mode must be 'record_key' when delete support is enabled", { key: DELETE_ENABLED })
  }
  const dbTimeZone = c[DB_TIMEZONE]
  return {
    connectorName: props.name ?? '',
    connectionUrl: c[CONNECTION_URL],
    connectionUser: c[CONNECTION_USER],
    connectionPassword: c[CONNECTION_PASSWORD]?.value() ?? null,
    dialectName: c[DIALECT_NAME].trim(),
    connectionAttempts: c[CONNECTION_ATTEMPTS],
    connectionBackoffMs: c[CONNECTION_BACKOFF],
    insertMode: c[INSERT_MODE].toLowerCase() as InsertMode,
    batchSize: c[BATCH_SIZE],
    deleteEnabled,
    replaceNullWithDefault: c[REPLACE_NULL_WITH_DEFAULT],
    tableTypes: new Set(c[TABLE_TYPES].map(t => t.trim().toUpperCase())),
    tableNameFormat: c[TABLE_NAME_FORMAT].trim(),
    pkMode,
    pkFields: c[PK_FIELDS],
    fieldsWhitelist: new Set(c[FIELDS_WHITELIST]),
    dbTimeZone,
    dateTimeZone: c[DATE_TIMEZONE].toUpperCase() === 'UTC' ? 'UTC' : dbTimeZone,
    stringOutputValueColumnName: c[STRING_OUTPUT_VALUE_COLUMN_NAME],
    autoCreate: c[AUTO_CREATE],
    autoEvolve: c[AUTO_EVOLVE],
    quoteIdentifiers: c[QUOTE_SQL_IDENTIFIERS].toLowerCase() !== 'never',
    maxRetries: c[MAX_RETRIES],
    retryBackoffMs: c[RETRY_BACKOFF_MS]
  }
}

/** JdbcSinkConnectorValidation's cross-field check: delete.enabled needs pk.mode=record_key (both keys get the error). */
export function validateDeleteEnabledPkMode (values: ConfigValue[]): ConfigValue[] {
  const deleteEnabled = values.find(v => v.name === DELETE_ENABLED)
  const pkMode = values.find(v => v.name === PK_MODE)
  if (deleteEnabled?.value === true && pkMode !== undefined && pkMode.value !== 'record_key' && pkMode.value !== 'RECORD_KEY') {
    pkMode.addErrorMessage(DELETE_REQUIRES_RECORD_KEY)
    deleteEnabled.addErrorMessage(DELETE_REQUIRES_RECORD_KEY)
  }
  return values
}
