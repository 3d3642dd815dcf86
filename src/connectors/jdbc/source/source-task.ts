// io.confluent.connect.jdbc.source.JdbcSourceTask: reads the tables the connector assigned it (task config key
// `tables`, quoted qualified names) or the custom query, one querier each, in the order their next round is due
// (poll.interval.ms after the previous one ended). Each poll returns up to batch.max.rows records of one querier.
// Offsets are read once at start under both offset protocols (protocol 1 first, then the bare table name).
//
// Failures: a connection that cannot be made or breaks is a RetriableError (the next poll reconnects, waiting
// connection.backoff.ms) until connection.attempts consecutive attempts failed, then a ConnectError fails the task, as
// Confluent's CachedConnectionProvider does. SQL errors that retrying cannot fix (syntax, missing table or column,
// permissions, data errors) fail the task at once; others are retried on the next poll, up to query.retry.attempts
// times when that is positive. Every message names the connector and the table.
import {
  ConnectError, DataError, RetriableError, SourceTask, type Props, type SourceMap, type SourceRecord
} from '../../../api/index.ts'
import { sanitizeJdbcUrl } from '../jdbc-url.ts'
import type { ColumnDefinition } from './columns.ts'
import {
  BATCH_MAX_ROWS_CONFIG, CONNECTION_ATTEMPTS_CONFIG, CONNECTION_BACKOFF_CONFIG, CONNECTION_URL_CONFIG,
  CONNECTION_USER_CONFIG, DB_TIMEZONE_CONFIG, INCREMENTING_COLUMN_MAPPING_CONFIG, INCREMENTING_COLUMN_NAME_CONFIG,
  JDBC_SOURCE_VERSION, MODE_BULK, MODE_CONFIG, MODE_INCREMENTING, MODE_TIMESTAMP, MODE_TIMESTAMP_INCREMENTING,
  POLL_INTERVAL_MS_CONFIG, QUERY_RETRIES_CONFIG, QUERY_SUFFIX_CONFIG, QUOTE_SQL_IDENTIFIERS_CONFIG, TABLES_CONFIG,
  TABLES_FETCHED_CONFIG, TABLE_INCLUDE_LIST_CONFIG, TIMESTAMP_COLUMN_MAPPING_CONFIG, TIMESTAMP_COLUMN_NAME_CONFIG,
  TIMESTAMP_DELAY_INTERVAL_MS_CONFIG, TIMESTAMP_GRANULARITY_CONFIG, TIMESTAMP_INITIAL_CONFIG,
  TOPIC_PREFIX_CONFIG, TRANSACTION_ISOLATION_MODE_CONFIG, VALIDATE_NON_NULL_CONFIG, connectorNameOf, javaFullMatch,
  jdbcSourceTaskConfigDef, modeUsesIncrementing, modeUsesTimestamp, numericMappingOf, passwordOf, queryOf,
  type JdbcSourceConfig, type TimestampGranularity
} from './config.ts'
import {
  errorText, isConnectionError, openSession, openSessionWithRetries, sleep, type ConnectOptions, type DbSession
} from './dialect.ts'
import {
  EMPTY_OFFSET, QUERY_PARTITION, TIMESTAMP_FIELD, offsetFromMap, partitionV0, partitionV1,
  type TimestampIncrementingOffset
} from './offset.ts'
import {
  BulkTableQuerier, TimestampIncrementingTableQuerier, type QuerierSettings, type QuerySource, type TableQuerier
} from './querier.ts'
import { parseTableId, unquotedName, type TableId } from './table-id.ts'
import { NANOS_PER_MILLI, floorDiv, resolveZone } from './temporal.ts'

/** The longest a poll waits for a querier to become due (the SDK asks for about a second at most). */
const MAX_POLL_WAIT_MS = 1000

/** SQLSTATE classes of errors a retry cannot fix (JDBC's SQLNonTransientException family). */
const NON_TRANSIENT_SQLSTATE = /^(0A|21|22|23|28|2B|2F|3D|3F|42|44|XX)/

function sqlStateOf (err: unknown): string | null {
  const e = err as { code?: unknown, sqlState?: unknown } | null
  if (typeof e?.sqlState === 'string') return e.sqlState
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  return null
}

/** Whether retrying the statement cannot help (Confluent rethrows SQLNonTransientException at once). */
export function isNonTransient (err: unknown): boolean {
  if (err instanceof ConnectError || err instanceof DataError) return true
  const state = sqlStateOf(err)
  if (state !== null) return NON_TRANSIENT_SQLSTATE.test(state)
  const e = err as { code?: unknown, errcode?: unknown } | null
  // node:sqlite: SQLITE_ERROR (1: SQL logic error, missing table/column), SQLITE_MISMATCH (20), SQLITE_RANGE (25).
  if (e?.code === 'ERR_SQLITE_ERROR') return e.errcode === 1 || e.errcode === 20 || e.errcode === 25
  return false
}

function describeSqlError (err: unknown): string {
  const state = sqlStateOf(err)
  return state === null ? errorText(err) : `${errorText(err)} (SQLState: ${state})`
}

export class JdbcSourceTask extends SourceTask {
  static readonly className = 'io.confluent.connect.jdbc.source.JdbcSourceTask'

  #name = 'jdbc-source'
  #connect: ConnectOptions | null = null
  #session: DbSession | null = null
  #queue: TableQuerier[] = []
  /** Waiting for the connector to read the table list (tables.fetched = false): nothing to do. */
  #idle = false
  #stopping = new AbortController()
  #attempts = 3
  #backoffMs = 10000
  #pollIntervalMs = 5000
  #batchMaxRows = 100
  #queryRetries = -1
  #connectFailures = 0
  #nextConnectAt = 0
  readonly #retries = new Map<TableQuerier, number>()

  version (): string {
    return JDBC_SOURCE_VERSION
  }

  async start (props: Props): Promise<void> {
    this.#stopping = new AbortController()
    this.#name = connectorNameOf(props)
    const parsed = jdbcSourceTaskConfigDef.safeParse(props)
    if (!parsed.ok) {
      throw new ConnectError(`JDBC source connector '${this.#name}': couldn't start JdbcSourceTask due to configuration error: ${parsed.error.message}`, { cause: parsed.error })
    }
    const config = parsed.value as unknown as JdbcSourceConfig & { [TABLES_CONFIG]: string[], [TABLES_FETCHED_CONFIG]: boolean }
    this.#attempts = config[CONNECTION_ATTEMPTS_CONFIG]
    this.#backoffMs = config[CONNECTION_BACKOFF_CONFIG]
    this.#pollIntervalMs = config[POLL_INTERVAL_MS_CONFIG]
    this.#batchMaxRows = config[BATCH_MAX_ROWS_CONFIG]
    this.#queryRetries = config[QUERY_RETRIES_CONFIG]
    this.#connectFailures = 0
    this.#nextConnectAt = 0
    this.#retries.clear()
    this.#queue = []

    const tables = config[TABLES_CONFIG].filter(t => t.trim() !== '')
    const query = queryOf(config)
    this.#idle = false
    if (tables.length === 0 && query === null) {
      if (!config[TABLES_FETCHED_CONFIG]) {
        this.#idle = true
        return
      }
      throw new ConnectError(`JDBC source connector '${this.#name}': Task is being killed because it was not assigned a table ` +
        'nor a query to execute. If run in table mode please make sure that the tables exist on the database. If the ' +
        'table does exist on the database, we recommend using the fully qualified table name.')
    }
    if (tables.length > 0 && query !== null) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Invalid configuration: a JdbcSourceTask cannot have both a table and a query assigned to it`)
    }
    const mode = config[MODE_CONFIG]
    if (![MODE_BULK, MODE_INCREMENTING, MODE_TIMESTAMP, MODE_TIMESTAMP_INCREMENTING].includes(mode)) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Query mode must be specified (${MODE_CONFIG} is '${mode}')`)
    }

    this.#connect = {
      url: config[CONNECTION_URL_CONFIG],
      user: config[CONNECTION_USER_CONFIG],
      password: passwordOf(config),
      connector: this.#name,
      transactionIsolation: config[TRANSACTION_ISOLATION_MODE_CONFIG]
    }
    const session = await openSessionWithRetries(this.#connect, this.#attempts, this.#backoffMs, this.#stopping.signal)
    this.#session = session
    try {
      this.#queue = await this.#buildQueriers(session, config, mode, tables, query)
    } catch (err) {
      this.#session = null
      await session.close()
      if (isConnectionError(err) && !(err instanceof ConnectError)) {
        throw new RetriableError(`JDBC source connector '${this.#name}': lost the connection to ${sanitizeJdbcUrl(config[CONNECTION_URL_CONFIG])} while starting: ${errorText(err)}`, { cause: err })
      }
      if (err instanceof ConnectError || err instanceof DataError) throw err
      throw new ConnectError(`JDBC source connector '${this.#name}': failed to start: ${describeSqlError(err)}`, { cause: err })
    }
  }

  async #buildQueriers (session: DbSession, config: JdbcSourceConfig, mode: string, tables: string[], query: string | null): Promise<TableQuerier[]> {
    const zone = resolveZone(config[DB_TIMEZONE_CONFIG]) ?? 'UTC'
    const settings: QuerierSettings = {
      connector: this.#name,
      topicPrefix: config[TOPIC_PREFIX_CONFIG].trim(),
      suffix: config[QUERY_SUFFIX_CONFIG],
      quoteIdentifiers: config[QUOTE_SQL_IDENTIFIERS_CONFIG].toLowerCase() !== 'never',
      mapping: {
        numericMapping: numericMappingOf(config),
        granularity: config[TIMESTAMP_GRANULARITY_CONFIG].toLowerCase() as TimestampGranularity,
        zone
      },
      timestampDelayMs: config[TIMESTAMP_DELAY_INTERVAL_MS_CONFIG]
    }
    if (query !== null) {
      const source: QuerySource = { query }
      if (mode === MODE_BULK) return [new BulkTableQuerier(source, settings)]
      const stored = await this.context.offsetStorageReader.offset(QUERY_PARTITION)
      const incrementing = modeUsesIncrementing(mode) ? config[INCREMENTING_COLUMN_NAME_CONFIG].trim() : null
      if (incrementing === '') {
        throw new ConnectError(`JDBC source connector '${this.#name}': '${INCREMENTING_COLUMN_NAME_CONFIG}' must be provided when using mode ` +
          `'${mode}' with a custom query: the incrementing column cannot be auto-discovered in query mode`)
      }
      const timestampColumns = modeUsesTimestamp(mode) ? config[TIMESTAMP_COLUMN_NAME_CONFIG].map(c => c.trim()).filter(c => c !== '') : []
      this.#requireTimestampColumns(mode, timestampColumns, 'the configured query')
      return [new TimestampIncrementingTableQuerier(source, settings, {
        timestampColumns,
        incrementingColumn: incrementing,
        initialOffset: await this.#initialOffset(session, stored, config),
        tableColumns: null
      })]
    }

    const ids = tables.map(t => {
      try {
        return parseTableId(t, session.quote, session.twoPartNamesAreCatalog)
      } catch (err) {
        throw new ConnectError(`JDBC source connector '${this.#name}': invalid table name '${t}': ${(err as Error).message}`)
      }
    })
    const partitionsOf = (id: TableId): SourceMap[] => [partitionV1(id), partitionV0(id)]
    let stored = new Map<SourceMap, SourceMap>()
    if (mode !== MODE_BULK) stored = await this.context.offsetStorageReader.offsets(ids.flatMap(partitionsOf))
    const includeMode = config[TABLE_INCLUDE_LIST_CONFIG].length > 0
    const queriers: TableQuerier[] = []
    for (const id of ids) {
      const name = unquotedName(id)
      const columns = await session.describeTable(id)
      if (columns === null) {
        throw new ConnectError(`JDBC source connector '${this.#name}': table '${name}' does not exist or is not visible ` +
          `to the connection user (check ${TABLES_CONFIG} / table filters and permissions)`)
      }
      if (mode === MODE_BULK) {
        queriers.push(new BulkTableQuerier({ table: id }, settings))
        continue
      }
      let incrementing: string | null = null
      if (modeUsesIncrementing(mode)) {
        incrementing = includeMode ? this.#mappedIncrementingColumn(config, name) : config[INCREMENTING_COLUMN_NAME_CONFIG].trim()
        if (incrementing === '') {
          const auto = columns.find(c => c.autoIncrement)
          if (auto === undefined) {
            throw new ConnectError(`JDBC source connector '${this.#name}': ${INCREMENTING_COLUMN_NAME_CONFIG} is empty and table ` +
              `'${name}' has no auto-incrementing column to use instead; set ${INCREMENTING_COLUMN_NAME_CONFIG}`)
          }
          incrementing = auto.name
        }
      }
      const timestampColumns = modeUsesTimestamp(mode)
        ? (includeMode ? this.#mappedTimestampColumns(config, name) : config[TIMESTAMP_COLUMN_NAME_CONFIG].map(c => c.trim()).filter(c => c !== ''))
        : []
      this.#requireTimestampColumns(mode, timestampColumns, `table '${name}'`)
      this.#validateColumns(config, name, columns, incrementing, timestampColumns)
      let offset: SourceMap | undefined
      for (const p of partitionsOf(id)) {
        offset = [...stored].find(([k]) => k === p || sameMap(k, p))?.[1]
        if (offset !== undefined) break
      }
      queriers.push(new TimestampIncrementingTableQuerier({ table: id }, settings, {
        timestampColumns,
        incrementingColumn: incrementing,
        initialOffset: await this.#initialOffset(session, offset ?? null, config),
        tableColumns: columns
      }))
    }
    return queriers
  }

  #requireTimestampColumns (mode: string, columns: readonly string[], what: string): void {
    if (modeUsesTimestamp(mode) && columns.length === 0) {
      throw new ConnectError(`JDBC source connector '${this.#name}': mode '${mode}' needs timestamp columns for ${what}: ` +
        `set ${TIMESTAMP_COLUMN_NAME_CONFIG} (or ${TIMESTAMP_COLUMN_MAPPING_CONFIG} with ${TABLE_INCLUDE_LIST_CONFIG})`)
    }
  }

  #mappedIncrementingColumn (config: JdbcSourceConfig, table: string): string {
    const matches = config[INCREMENTING_COLUMN_MAPPING_CONFIG].filter(m => javaFullMatch(m.split(':')[0]!.trim()).test(table))
    if (matches.length !== 1) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Error while validating incrementing column mappings: Included table '${table}' ` +
        (matches.length === 0 ? 'does not match any of the provided regexes' : 'matches more than one of the provided regexes'))
    }
    return matches[0]!.split(':').slice(1).join(':').trim()
  }

  #mappedTimestampColumns (config: JdbcSourceConfig, table: string): string[] {
    const matches = config[TIMESTAMP_COLUMN_MAPPING_CONFIG].filter(m => javaFullMatch(m.split(':')[0]!.trim()).test(table))
    if (matches.length !== 1) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Error while validating timestamp column mappings: Included table '${table}' ` +
        (matches.length === 0 ? 'does not match any of the provided regexes' : 'matches more than one of the provided regexes'))
    }
    const list = matches[0]!.split(':').slice(1).join(':').trim()
    return list.slice(1, -1).split('|').map(c => c.trim())
  }

  /** validateColumnsExist and validateNonNullable of Confluent's task, for every table. */
  #validateColumns (config: JdbcSourceConfig, table: string, columns: readonly ColumnDefinition[], incrementing: string | null, timestamps: readonly string[]): void {
    const byName = new Map(columns.map(c => [c.name.toLowerCase(), c]))
    if (incrementing !== null && !byName.has(incrementing.toLowerCase())) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Incrementing column: ${incrementing} does not exist in table '${table}'`)
    }
    const missing = timestamps.filter(t => !byName.has(t.toLowerCase()))
    if (missing.length > 0) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Timestamp columns: ${missing.join(', ')} do not exist in table '${table}'`)
    }
    if (!config[VALIDATE_NON_NULL_CONFIG]) return
    if (incrementing !== null && byName.get(incrementing.toLowerCase())!.optional) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Cannot make incremental queries using incrementing column ` +
        `${incrementing} on ${table} because this column is nullable.`)
    }
    if (timestamps.length > 0 && timestamps.every(t => byName.get(t.toLowerCase())!.optional)) {
      throw new ConnectError(`JDBC source connector '${this.#name}': Cannot make incremental queries using timestamp columns ` +
        `${timestamps.join(',')} on ${table} because all of these columns are nullable.`)
    }
  }

  /** computeInitialOffset: the stored offset, else `timestamp.initial` (-1 = the database's current time). */
  async #initialOffset (session: DbSession, stored: SourceMap | null, config: JdbcSourceConfig): Promise<TimestampIncrementingOffset> {
    if (stored != null) return offsetFromMap(stored)
    const initial = config[TIMESTAMP_INITIAL_CONFIG]
    if (initial === null) return EMPTY_OFFSET
    const millis = initial === -1 ? Number(floorDiv(await session.currentTime(), NANOS_PER_MILLI)) : initial
    return offsetFromMap({ [TIMESTAMP_FIELD]: millis })
  }

  /** The querier to serve next: one in the middle of a round, else the one whose round is due first. */
  #head (): TableQuerier {
    let head = this.#queue[0]!
    for (const q of this.#queue) {
      if (q.querying && !head.querying) head = q
      else if (q.querying === head.querying && q.compareTo(head) < 0) head = q
    }
    return head
  }

  async #ensureSession (signal: AbortSignal): Promise<DbSession | null> {
    if (this.#session !== null) return this.#session
    const wait = this.#nextConnectAt - Date.now()
    if (wait > 0) {
      await sleep(Math.min(wait, MAX_POLL_WAIT_MS), signal)
      if (Date.now() < this.#nextConnectAt) return null
    }
    try {
      this.#session = await openSession(this.#connect!)
      this.#connectFailures = 0
      return this.#session
    } catch (err) {
      if (!(err instanceof RetriableError)) throw err
      this.#connectFailures++
      if (this.#connectFailures >= this.#attempts) {
        throw new ConnectError(`${err.message} (gave up after ${this.#connectFailures} attempts)`, { cause: err })
      }
      this.#nextConnectAt = Date.now() + this.#backoffMs
      throw err
    }
  }

  async #dropSession (): Promise<void> {
    const session = this.#session
    this.#session = null
    await session?.close().catch(() => {})
  }

  async poll (signal: AbortSignal): Promise<SourceRecord[] | null> {
    const abort = AbortSignal.any([signal, this.#stopping.signal])
    if (this.#idle) {
      await sleep(Math.min(this.#pollIntervalMs, MAX_POLL_WAIT_MS), abort)
      return null
    }
    if (this.#queue.length === 0) return null
    const deadline = Date.now() + MAX_POLL_WAIT_MS
    while (!abort.aborted) {
      const session = await this.#ensureSession(abort)
      if (session === null || abort.aborted) return null
      const querier = this.#head()
      if (!querier.querying) {
        const wait = querier.lastUpdate + this.#pollIntervalMs - Date.now()
        if (wait > 0) {
          const remaining = deadline - Date.now()
          if (remaining <= 0) return null
          await sleep(Math.min(wait, remaining), abort)
          continue
        }
      }
      let records: SourceRecord[]
      try {
        const result = await querier.poll(session, this.#batchMaxRows)
        this.#retries.delete(querier)
        records = result.records
        if (result.done) await querier.reset(Date.now(), false)
      } catch (err) {
        await querier.reset(Date.now(), true)
        const failure = await this.#failure(querier, err)
        if (failure !== null) throw failure
        return null
      }
      if (records.length > 0) return records
      if (Date.now() >= deadline) return null
    }
    return null
  }

  /** The error to throw for a failed query, or null to retry on the next poll. */
  async #failure (querier: TableQuerier, err: unknown): Promise<Error | null> {
    const where = `JDBC source connector '${this.#name}'`
    if (isConnectionError(err) && !(err instanceof ConnectError && !(err instanceof RetriableError))) {
      await this.#dropSession()
      this.#nextConnectAt = Date.now() + Math.min(this.#backoffMs, MAX_POLL_WAIT_MS)
      return new RetriableError(`${where}: lost the connection to the database while querying ${querier.description}: ${errorText(err)}; reconnecting`, { cause: err })
    }
    if (err instanceof ConnectError || err instanceof DataError) return err
    if (isNonTransient(err)) {
      await this.#dropSession()
      return new ConnectError(`${where}: query on ${querier.description} failed: ${describeSqlError(err)}`, { cause: err })
    }
    const attempt = (this.#retries.get(querier) ?? 0) + 1
    this.#retries.set(querier, attempt)
    if (this.#queryRetries > 0 && attempt > this.#queryRetries) {
      await this.#dropSession()
      return new ConnectError(`${where}: Failed to Query ${querier.description} after ${this.#queryRetries} retries: ${describeSqlError(err)}`, { cause: err })
    }
    console.warn(`${where}: SQL exception while running query for ${querier.description}: ${describeSqlError(err)}. ` +
      `Attempting retry ${attempt}${this.#queryRetries > 0 ? ` of ${this.#queryRetries}` : ''}.`)
    return null
  }

  async stop (): Promise<void> {
    this.#stopping.abort()
    for (const q of this.#queue) await q.reset(Date.now(), true)
    await this.#dropSession()
  }
}

function sameMap (a: SourceMap, b: SourceMap): boolean {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every(k => a[k] === b[k])
}
