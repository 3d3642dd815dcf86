// Cross-key checks of a JDBC source config (Confluent's JdbcSourceConnectorValidation), run after the per-key
// validation found nothing wrong; errors are attached to the keys concerned. The SDK's validate() is synchronous, so
// the database is not contacted here (Confluent also tries a connection): the URL is only parsed, and connection
// problems surface when the connector starts.
import type { ConfigValue } from '../../../api/index.ts'
import { parseJdbcUrl } from '../jdbc-url.ts'
import {
  CONNECTION_URL_CONFIG, INCREMENTING_COLUMN_MAPPING_CONFIG, INCREMENTING_COLUMN_NAME_CONFIG, MODE_CONFIG,
  MODE_INCREMENTING, MODE_TIMESTAMP, MODE_TIMESTAMP_INCREMENTING, QUERY_CONFIG, QUERY_MASKED_CONFIG,
  TABLE_BLACKLIST_CONFIG, TABLE_EXCLUDE_LIST_CONFIG, TABLE_INCLUDE_LIST_CONFIG, TABLE_WHITELIST_CONFIG,
  TIMESTAMP_COLUMN_MAPPING_CONFIG, TIMESTAMP_COLUMN_NAME_CONFIG, modeUsesIncrementing, modeUsesTimestamp,
  type JdbcSourceConfig
} from './config.ts'

/** One problem: the key it is reported on and the message. */
export interface Problem {
  readonly key: string
  readonly message: string
}

const SELECT = /^SELECT\b/is

function nonEmpty (list: readonly string[]): boolean {
  return list.some(s => s.trim() !== '')
}

/** The cross-key problems of a parsed config; an empty list when it is consistent. */
export function crossCheck (config: JdbcSourceConfig): Problem[] {
  const problems: Problem[] = []
  const add = (key: string, message: string): void => { problems.push({ key, message }) }

  const url = config[CONNECTION_URL_CONFIG]
  if (url.trim() === '') {
    add(CONNECTION_URL_CONFIG, 'Could not connect to database. Not a valid JDBC URL: the connection.url is empty ' +
      '(for example jdbc:postgresql://localhost:5432/db, jdbc:mysql://localhost:3306/db or jdbc:sqlite:/path/to.db)')
    return problems
  }
  try {
    parseJdbcUrl(url)
  } catch (err) {
    add(CONNECTION_URL_CONFIG, `Could not connect to database. ${(err as Error).message}`)
    return problems
  }

  const query = config[QUERY_CONFIG]
  const masked = (config[QUERY_MASKED_CONFIG] as { value (): string } | null)?.value() ?? ''
  const hasQuery = query !== ''
  const hasMasked = masked !== ''
  const whitelist = nonEmpty(config[TABLE_WHITELIST_CONFIG])
  const blacklist = nonEmpty(config[TABLE_BLACKLIST_CONFIG])
  const include = config[TABLE_INCLUDE_LIST_CONFIG].length > 0
  const exclude = config[TABLE_EXCLUDE_LIST_CONFIG].length > 0
  const incName = config[INCREMENTING_COLUMN_NAME_CONFIG].trim() !== ''
  const tsNames = nonEmpty(config[TIMESTAMP_COLUMN_NAME_CONFIG])
  const incMapping = config[INCREMENTING_COLUMN_MAPPING_CONFIG].length > 0
  const tsMapping = config[TIMESTAMP_COLUMN_MAPPING_CONFIG].length > 0
  const legacy = whitelist || blacklist || incName || tsNames
  const modern = include || exclude || incMapping || tsMapping
  const mode = config[MODE_CONFIG]

  // validateLegacyNewConfigCompatibility
  if (!hasQuery && !hasMasked && legacy && modern) {
    const msg = 'Cannot mix legacy and new configuration approaches. Legacy configurations (table.whitelist, ' +
      'table.blacklist, timestamp.column.name, incrementing.column.name) cannot be used together with new ' +
      'configurations (table.include.list, table.exclude.list, timestamp.columns.mapping, incrementing.column.mapping). ' +
      'Please choose one approach: either use all legacy configurations or all new configurations.'
    if (whitelist) add(TABLE_WHITELIST_CONFIG, msg)
    if (blacklist) add(TABLE_BLACKLIST_CONFIG, msg)
    if (include) add(TABLE_INCLUDE_LIST_CONFIG, msg)
    if (exclude) add(TABLE_EXCLUDE_LIST_CONFIG, msg)
    if (tsNames) add(TIMESTAMP_COLUMN_NAME_CONFIG, msg)
    if (tsMapping) add(TIMESTAMP_COLUMN_MAPPING_CONFIG, msg)
    if (incName) add(INCREMENTING_COLUMN_NAME_CONFIG, msg)
    if (incMapping) add(INCREMENTING_COLUMN_MAPPING_CONFIG, msg)
    return problems
  }

  // validateQueryConfigs
  if (hasQuery && hasMasked) {
    const msg = "Both 'query' and 'query.masked' configs cannot be set at the same time. Please use only one of them."
    add(QUERY_CONFIG, msg)
    add(QUERY_MASKED_CONFIG, msg)
    return problems
  }
  if ((hasQuery || hasMasked) && (whitelist || blacklist || include || exclude)) {
    const msg = "Do not specify table filtering configs with 'query'. Remove table.whitelist / table.blacklist / " +
      "table.include.list / table.exclude.list when using query mode or 'query' when using table filtering mode."
    add(QUERY_CONFIG, msg)
    add(QUERY_MASKED_CONFIG, msg)
    if (whitelist) add(TABLE_WHITELIST_CONFIG, msg)
    if (blacklist) add(TABLE_BLACKLIST_CONFIG, msg)
    if (include) add(TABLE_INCLUDE_LIST_CONFIG, msg)
    if (exclude) add(TABLE_EXCLUDE_LIST_CONFIG, msg)
    return problems
  }
  for (const [key, text] of [[QUERY_CONFIG, query], [QUERY_MASKED_CONFIG, masked]] as const) {
    if (text !== '' && !SELECT.test(text.trim())) {
      add(key, `Only SELECT statements are supported for '${key}'. Please provide a statement that starts with SELECT.`)
      return problems
    }
  }

  // validateQueryModeIncrementingColumnRequired
  if ((hasQuery || hasMasked) && modeUsesIncrementing(mode) && !incName) {
    add(INCREMENTING_COLUMN_NAME_CONFIG, `'${INCREMENTING_COLUMN_NAME_CONFIG}' must be provided when using mode ` +
      `'${MODE_INCREMENTING}' or '${MODE_TIMESTAMP_INCREMENTING}' with a custom query. The incrementing column cannot ` +
      'be auto-discovered in query mode because there is no table to inspect. Note that ' +
      `'${INCREMENTING_COLUMN_MAPPING_CONFIG}' is not applied in query mode (it maps columns by table-name regex, and a ` +
      `custom query has no underlying table to match), so '${INCREMENTING_COLUMN_NAME_CONFIG}' must be set explicitly.`)
    return problems
  }

  // kconnect: a timestamp mode without any timestamp column would silently re-read everything on every poll.
  if (modeUsesTimestamp(mode) && !tsNames && !tsMapping) {
    add(TIMESTAMP_COLUMN_NAME_CONFIG, `'${TIMESTAMP_COLUMN_NAME_CONFIG}' must name at least one column when using mode ` +
      `'${MODE_TIMESTAMP}' or '${MODE_TIMESTAMP_INCREMENTING}'.`)
    return problems
  }

  if (!hasQuery && !hasMasked && modern) {
    // validateTableInclusionConfigs
    if (exclude && !include) {
      add(TABLE_EXCLUDE_LIST_CONFIG, `${TABLE_EXCLUDE_LIST_CONFIG} cannot be used without ${TABLE_INCLUDE_LIST_CONFIG}. ` +
        'Exclude list only applies to tables that match the include list.')
      return problems
    }
    // validateTsAndIncModeColumnRequirements
    if (modeUsesTimestamp(mode) && !tsMapping) {
      add(MODE_CONFIG, `Timestamp column configuration must be provided when using mode '${MODE_TIMESTAMP}' or ` +
        `'${MODE_TIMESTAMP_INCREMENTING}'. Provide 'timestamp.columns.mapping'.`)
      return problems
    }
    if (!modeUsesTimestamp(mode) && tsMapping) {
      add(MODE_CONFIG, `Timestamp column configurations should not be provided if mode is not '${MODE_TIMESTAMP}' or ` +
        `'${MODE_TIMESTAMP_INCREMENTING}'. Remove 'timestamp.columns.mapping'.`)
      return problems
    }
    if (modeUsesIncrementing(mode) && !incMapping) {
      add(MODE_CONFIG, `Incrementing column configuration must be provided when using mode '${MODE_INCREMENTING}' or ` +
        `'${MODE_TIMESTAMP_INCREMENTING}'. Provide 'incrementing.column.mapping'.`)
      return problems
    }
    if (!modeUsesIncrementing(mode) && incMapping) {
      add(MODE_CONFIG, 'Incrementing column configurations should not be provided if mode is not ' +
        `'${MODE_INCREMENTING}' or '${MODE_TIMESTAMP_INCREMENTING}'. Remove 'incrementing.column.mapping'.`)
      return problems
    }
  }
  return problems
}

/** Attaches problems to the ConfigValues of their keys. */
export function attachProblems (values: ConfigValue[], problems: readonly Problem[]): ConfigValue[] {
  for (const p of problems) values.find(v => v.name === p.key)?.addErrorMessage(p.message)
  return values
}
