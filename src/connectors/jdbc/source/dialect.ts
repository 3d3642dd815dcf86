// What the source connector needs of a database (the slice of Confluent's DatabaseDialect it uses): a session on one
// connection that lists tables, describes columns, runs queries (whole or through a cursor), reads the database's
// clock, and SQL spelling (quotes, placeholders, LIMIT, timestamp parameters).
import { ConnectError, RetriableError } from '../../../api/index.ts'
import { parseJdbcUrl, sanitizeJdbcUrl, type JdbcUrl } from '../jdbc-url.ts'
import type { ColumnDefinition } from './columns.ts'
import type { DialectName } from './schema-mapping.ts'
import type { TableId } from './table-id.ts'

export interface QueryResult {
  readonly columns: readonly ColumnDefinition[]
  /** Raw values in column order: string, number, bigint, Uint8Array or null, as the dialect's mapping expects. */
  readonly rows: readonly (readonly unknown[])[]
}

/** A forward-only result read in slices (a server-side cursor or a streamed result). */
export interface RowCursor {
  readonly columns: readonly ColumnDefinition[]
  /** Up to `max` more rows; fewer (possibly none) once the result is exhausted. */
  next (max: number): Promise<readonly (readonly unknown[])[]>
  close (): Promise<void>
}

export interface TableListing {
  /** JDBC table types, as `table.types` names them (TABLE, VIEW…). */
  readonly types: readonly string[]
  readonly catalogPattern: string | null
  readonly schemaPattern: string | null
}

/** How a timestamp criterion parameter is bound (the column it is compared with decides). */
export interface TimestampParam {
  readonly epochNanos: bigint
  /** db.timezone, resolved. */
  readonly zone: string
  /** The first timestamp column's definition, when known. */
  readonly column: ColumnDefinition | null
}

export interface DbSession {
  readonly dialect: DialectName
  /** Identifier quote: `"` or `` ` ``. */
  readonly quote: string
  /** Whether `a.b` names catalog.table (MySQL) rather than schema.table. */
  readonly twoPartNamesAreCatalog: boolean
  placeholder (index: number): string
  /** ` LIMIT n` (or the dialect's spelling), appended after ORDER BY. */
  limitClause (n: number): string
  timestampParam (p: TimestampParam): unknown
  /** The SQL compared with timestamp parameters for a timestamp column expression (default: the expression). */
  timestampExpression? (expr: string, col: ColumnDefinition | null): string
  listTables (listing: TableListing): Promise<TableId[]>
  /** The table's columns in order (with nullability and auto-increment), or null when it does not exist. */
  describeTable (table: TableId): Promise<ColumnDefinition[] | null>
  query (sql: string, params: readonly unknown[]): Promise<QueryResult>
  cursor (sql: string, params: readonly unknown[]): Promise<RowCursor>
  /** The database's current time, as epoch nanoseconds (Confluent's currentTimeOnDB). */
  currentTime (): Promise<bigint>
  /** Whether the connection still works (a trivial query). */
  isValid (): Promise<boolean>
  close (): Promise<void>
}

export interface ConnectOptions {
  readonly url: string
  readonly user: string | null
  readonly password: string | null
  /** Connector name for messages. */
  readonly connector: string
  readonly transactionIsolation: string
}

/** Error codes of failures to reach a server (worth retrying), as Node and the drivers report them. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST', 'ECONNABORTED', 'EADDRNOTAVAIL'
])

/** Whether an error means the database could not be reached or the connection broke (vs. a SQL or auth error). */
export function isConnectionError (err: unknown): boolean {
  if (err instanceof RetriableError) return true
  const seen = new Set<unknown>()
  let e: unknown = err
  while (e !== null && typeof e === 'object' && !seen.has(e)) {
    seen.add(e)
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
    // PostgreSQL SQLSTATE class 08 (connection exception) and 57P0x (server shutting down).
    if (typeof code === 'string' && (/^08/.test(code) || /^57P0/.test(code))) return true
    const message = (e as { message?: unknown }).message
    if (typeof message === 'string' && /Connection terminated|connection is closed|Can't add new command when connection is in closed state|Connection lost|timeout expired/i.test(message)) return true
    if (e instanceof AggregateError && e.errors.some(isConnectionError)) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

export function errorText (err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(errorText).join('; ')
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return err.message !== '' ? err.message : String(code ?? err.name)
  }
  return String(err)
}

/** The dialect for the URL's subprotocol; drivers are loaded only when used. */
async function connectTo (url: JdbcUrl, opts: ConnectOptions): Promise<DbSession> {
  switch (url.kind) {
    case 'postgresql': return await (await import('./postgres.ts')).connectPostgres(url, opts)
    case 'mysql':
    case 'mariadb': return await (await import('./mysql.ts')).connectMysql(url, opts)
    case 'sqlite': return await (await import('./sqlite.ts')).connectSqlite(url, opts)
  }
}

/**
 * Opens a session. A server that cannot be reached is a RetriableError (a ConnectError); bad credentials, a missing
 * database or a bad URL are plain ConnectErrors. Messages name the connector and the sanitized URL.
 */
export async function openSession (opts: ConnectOptions): Promise<DbSession> {
  const url = parseJdbcUrl(opts.url)
  try {
    return await connectTo(url, opts)
  } catch (err) {
    const where = sanitizeJdbcUrl(opts.url)
    const message = `JDBC source connector '${opts.connector}': could not connect to ${where}: ${errorText(err)}`
    if (isConnectionError(err)) throw new RetriableError(message, { cause: err })
    throw new ConnectError(message, { cause: err })
  }
}

/** Confluent's CachedConnectionProvider: up to `attempts` tries, `backoffMs` apart; stops early when aborted. */
export async function openSessionWithRetries (opts: ConnectOptions, attempts: number, backoffMs: number, signal?: AbortSignal): Promise<DbSession> {
  let last: unknown
  const aborted = (): boolean => signal?.aborted === true
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await openSession(opts)
    } catch (err) {
      last = err
      if (!(err instanceof RetriableError) || attempt === attempts || aborted()) break
      console.warn(`${err.message} (attempt ${attempt} of ${attempts}); retrying in ${backoffMs} ms`)
      await sleep(backoffMs, signal)
      if (aborted()) break
    }
  }
  if (last instanceof RetriableError && attempts > 1) {
    throw new RetriableError(`${last.message} (gave up after ${attempts} attempts)`, { cause: last.cause })
  }
  throw last
}

export function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return Promise.resolve()
  return new Promise(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
