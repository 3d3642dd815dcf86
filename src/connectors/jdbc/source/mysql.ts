// MySQL and MariaDB through `mysql2` (Confluent's MySqlDatabaseDialect, for jdbc:mysql and jdbc:mariadb). Values are
// read as raw bytes and decoded here (text as UTF-8, binary columns as bytes, BIT as an integer); column types are
// described as MySQL Connector/J reports them (TINYINT(1) as BIT, MEDIUMINT as INTEGER, DATETIME and TIMESTAMP as
// TIMESTAMP, YEAR as DATE, JSON as LONGVARCHAR, binary strings as (VAR)BINARY, signedness from the UNSIGNED flag).
// The session runs at time_zone +00:00, so TIMESTAMP columns come back in UTC; DATETIME columns are wall-clock
// values read in db.timezone, as Confluent reads them.
import mysql from 'mysql2/promise'
import type { ServerJdbcUrl } from '../jdbc-url.ts'
import { column, type ColumnDefinition, type SqlType } from './columns.ts'
import type { ConnectOptions, DbSession, QueryResult, RowCursor, TableListing, TimestampParam } from './dialect.ts'
import { tableId, qualifiedName, type TableId } from './table-id.ts'
import { formatLocal, parseDateTime, toEpochNanos } from './temporal.ts'

// Protocol column types (MYSQL_TYPE_*) and column flags.
const T = {
  DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9, DATE: 10,
  TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VARCHAR: 15, BIT: 16, TIMESTAMP2: 17, DATETIME2: 18, TIME2: 19,
  JSON: 245, NEWDECIMAL: 246, ENUM: 247, SET: 248, TINY_BLOB: 249, MEDIUM_BLOB: 250, LONG_BLOB: 251, BLOB: 252,
  VAR_STRING: 253, STRING: 254, GEOMETRY: 255
} as const
const NOT_NULL_FLAG = 1
const UNSIGNED_FLAG = 32
const AUTO_INCREMENT_FLAG = 512
const BINARY_CHARSET = 63

interface RawField {
  name: string
  orgName?: string
  table?: string
  orgTable?: string
  db?: string
  schema?: string
  columnType: number
  flags: number
  columnLength: number
  decimals: number
  characterSet: number
}

const rawCast = (field: { buffer (): Buffer | null }): Buffer | null => field.buffer()

const ISOLATION: Readonly<Record<string, string>> = {
  READ_UNCOMMITTED: 'READ UNCOMMITTED', READ_COMMITTED: 'READ COMMITTED', REPEATABLE_READ: 'REPEATABLE READ', SERIALIZABLE: 'SERIALIZABLE'
}

/** What Connector/J reports as ResultSetMetaData.getColumnType / getPrecision for a protocol column. */
function describe (f: RawField): { sqlType: SqlType, typeName: string, precision: number, scale: number } {
  const binary = f.characterSet === BINARY_CHARSET
  const unsigned = (f.flags & UNSIGNED_FLAG) !== 0
  const u = unsigned ? ' UNSIGNED' : ''
  switch (f.columnType) {
    case T.DECIMAL:
    case T.NEWDECIMAL: {
      const precision = Math.max(0, f.columnLength - (f.decimals > 0 ? 1 : 0) - (unsigned ? 0 : 1))
      return { sqlType: 'DECIMAL', typeName: `DECIMAL${u}`, precision, scale: f.decimals }
    }
    case T.TINY:
      if (f.columnLength === 1) return { sqlType: 'BIT', typeName: 'BIT', precision: 1, scale: 0 }
      return { sqlType: 'TINYINT', typeName: `TINYINT${u}`, precision: 3, scale: 0 }
    case T.SHORT: return { sqlType: 'SMALLINT', typeName: `SMALLINT${u}`, precision: 5, scale: 0 }
    case T.INT24: return { sqlType: 'INTEGER', typeName: `MEDIUMINT${u}`, precision: 7, scale: 0 }
    case T.LONG: return { sqlType: 'INTEGER', typeName: `INT${u}`, precision: 10, scale: 0 }
    case T.LONGLONG: return { sqlType: 'BIGINT', typeName: `BIGINT${u}`, precision: unsigned ? 20 : 19, scale: 0 }
    case T.FLOAT: return { sqlType: 'REAL', typeName: `FLOAT${u}`, precision: 12, scale: 0 }
    case T.DOUBLE: return { sqlType: 'DOUBLE', typeName: `DOUBLE${u}`, precision: 22, scale: 0 }
    case T.NULL: return { sqlType: 'NULL', typeName: 'NULL', precision: 0, scale: 0 }
    case T.TIMESTAMP:
    case T.TIMESTAMP2: return { sqlType: 'TIMESTAMP', typeName: 'TIMESTAMP', precision: f.columnLength, scale: f.decimals }
    case T.DATETIME:
    case T.DATETIME2: return { sqlType: 'TIMESTAMP', typeName: 'DATETIME', precision: f.columnLength, scale: f.decimals }
    case T.DATE:
    case T.NEWDATE: return { sqlType: 'DATE', typeName: 'DATE', precision: 10, scale: 0 }
    case T.YEAR: return { sqlType: 'DATE', typeName: 'YEAR', precision: 4, scale: 0 }
    case T.TIME:
    case T.TIME2: return { sqlType: 'TIME', typeName: 'TIME', precision: f.columnLength, scale: f.decimals }
    case T.BIT: return { sqlType: 'BIT', typeName: 'BIT', precision: f.columnLength, scale: 0 }
    case T.JSON: return { sqlType: 'LONGVARCHAR', typeName: 'JSON', precision: f.columnLength, scale: 0 }
    case T.ENUM: return { sqlType: 'CHAR', typeName: 'ENUM', precision: f.columnLength, scale: 0 }
    case T.SET: return { sqlType: 'CHAR', typeName: 'SET', precision: f.columnLength, scale: 0 }
    case T.GEOMETRY: return { sqlType: 'BINARY', typeName: 'GEOMETRY', precision: f.columnLength, scale: 0 }
    case T.TINY_BLOB:
    case T.MEDIUM_BLOB:
    case T.LONG_BLOB:
    case T.BLOB:
      return binary
        ? { sqlType: 'LONGVARBINARY', typeName: 'BLOB', precision: f.columnLength, scale: 0 }
        : { sqlType: 'LONGVARCHAR', typeName: 'TEXT', precision: f.columnLength, scale: 0 }
    case T.VARCHAR:
    case T.VAR_STRING:
      return binary
        ? { sqlType: 'VARBINARY', typeName: 'VARBINARY', precision: f.columnLength, scale: 0 }
        : { sqlType: 'VARCHAR', typeName: 'VARCHAR', precision: f.columnLength, scale: 0 }
    case T.STRING:
      if ((f.flags & 256) !== 0) return { sqlType: 'CHAR', typeName: 'ENUM', precision: f.columnLength, scale: 0 }
      if ((f.flags & 2048) !== 0) return { sqlType: 'CHAR', typeName: 'SET', precision: f.columnLength, scale: 0 }
      return binary
        ? { sqlType: 'BINARY', typeName: 'BINARY', precision: f.columnLength, scale: 0 }
        : { sqlType: 'CHAR', typeName: 'CHAR', precision: f.columnLength, scale: 0 }
    default: return { sqlType: 'OTHER', typeName: `type ${f.columnType}`, precision: 0, scale: 0 }
  }
}

function columnsOf (fields: readonly RawField[]): ColumnDefinition[] {
  return fields.map(f => {
    const d = describe(f)
    const table = f.orgTable !== undefined && f.orgTable !== '' ? tableId(f.db ?? f.schema ?? null, null, f.orgTable) : null
    return column({
      name: f.name,
      columnName: f.orgName !== undefined && f.orgName !== '' ? f.orgName : f.name,
      table,
      sqlType: d.sqlType,
      typeName: d.typeName,
      precision: d.precision,
      scale: d.scale,
      signed: (f.flags & UNSIGNED_FLAG) === 0,
      optional: (f.flags & NOT_NULL_FLAG) === 0,
      autoIncrement: (f.flags & AUTO_INCREMENT_FLAG) !== 0,
      temporal: d.typeName === 'TIMESTAMP' ? 'utc' : 'local'
    })
  })
}

/** Raw bytes → what schema-mapping.ts converts: bytes for binary columns, BIT as an integer text, else UTF-8 text. */
function decoder (col: ColumnDefinition, f: RawField): (raw: Buffer) => unknown {
  if (col.sqlType === 'BIT' && f.columnType === T.BIT) {
    return raw => {
      let v = 0n
      for (const b of raw) v = (v << 8n) | BigInt(b)
      // Connector/J's getByte of a BIT value keeps the low byte, as Java's (byte) cast does.
      return String(BigInt.asIntN(8, v))
    }
  }
  if (col.typeName === 'YEAR') return raw => `${raw.toString('latin1')}-01-01`
  if (col.sqlType === 'BINARY' || col.sqlType === 'VARBINARY' || col.sqlType === 'LONGVARBINARY' || col.sqlType === 'BLOB') return raw => raw
  return raw => raw.toString('utf8')
}

function decodeRows (rows: readonly (readonly (Buffer | null)[])[], columns: readonly ColumnDefinition[], fields: readonly RawField[]): unknown[][] {
  const decoders = columns.map((c, i) => decoder(c, fields[i]!))
  return rows.map(row => row.map((v, i) => v === null ? null : decoders[i]!(v)))
}

/** bigint parameters go into the SQL as integer literals (never as strings or doubles). */
function params (values: readonly unknown[]): unknown[] {
  return values.map(v => typeof v === 'bigint' ? mysql.raw(v.toString()) : v)
}

class MysqlSession implements DbSession {
  readonly dialect = 'MySqlDatabaseDialect' as const
  readonly quote = '`'
  readonly twoPartNamesAreCatalog = true
  readonly #conn: mysql.Connection
  readonly #database: string | null
  #broken: Error | null = null

  constructor (conn: mysql.Connection, database: string | null) {
    this.#conn = conn
    this.#database = database
    conn.on('error', (err: Error) => { this.#broken = err })
  }

  placeholder (): string {
    return '?'
  }

  limitClause (n: number): string {
    return ` LIMIT ${n}`
  }

  /** TIMESTAMP columns compare in the session zone (UTC); DATETIME columns hold wall-clock values in db.timezone. */
  timestampParam (p: TimestampParam): unknown {
    const zone = p.column?.temporal === 'utc' ? 'UTC' : p.zone
    return formatLocal(p.epochNanos, zone, 6)
  }

  async query (sql: string, values: readonly unknown[]): Promise<QueryResult> {
    if (this.#broken !== null) throw this.#broken
    const [rows, fields] = await this.#conn.query({ sql, values: params(values), rowsAsArray: true, typeCast: rawCast })
    const raw = (fields ?? []) as unknown as RawField[]
    const columns = columnsOf(raw)
    return { columns, rows: decodeRows(rows as unknown as (Buffer | null)[][], columns, raw) }
  }

  async cursor (sql: string, values: readonly unknown[]): Promise<RowCursor> {
    if (this.#broken !== null) throw this.#broken
    const core = (this.#conn as unknown as { connection: { query (opts: object): { stream (o: object): NodeJS.ReadableStream & AsyncIterable<unknown>, on (ev: string, fn: (...a: unknown[]) => void): unknown } } }).connection
    const q = core.query({ sql, values: params(values), rowsAsArray: true, typeCast: rawCast })
    const fieldsReady = new Promise<RawField[]>((resolve, reject) => {
      q.on('fields', (fields: unknown) => resolve((fields ?? []) as RawField[]))
      q.on('error', (err: unknown) => reject(err as Error))
      q.on('end', () => resolve([]))
    })
    const stream = q.stream({ objectMode: true, highWaterMark: 512 })
    const iterator = (stream as AsyncIterable<(Buffer | null)[]>)[Symbol.asyncIterator]()
    const fields = await fieldsReady
    const columns = columnsOf(fields)
    let done = false
    return {
      columns,
      next: async (max: number) => {
        const out: (Buffer | null)[][] = []
        while (!done && out.length < max) {
          const r = await iterator.next()
          if (r.done === true) done = true
          else out.push(r.value)
        }
        return decodeRows(out, columns, fields)
      },
      close: async () => {
        if (done) return
        done = true
        // Stopping a streamed result half-way leaves unread rows on the wire: drop the connection instead.
        this.#broken = new Error('cursor closed before the end of its result')
        this.#conn.destroy()
      }
    }
  }

  async listTables (listing: TableListing): Promise<TableId[]> {
    const wanted = new Set(listing.types.map(t => t.trim().toUpperCase()))
    const kinds: string[] = []
    if (wanted.has('TABLE')) kinds.push("(TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND TABLE_SCHEMA NOT IN ('mysql', 'performance_schema', 'sys', 'information_schema'))")
    if (wanted.has('VIEW')) kinds.push("(TABLE_TYPE = 'VIEW' AND TABLE_SCHEMA NOT IN ('mysql', 'performance_schema', 'sys', 'information_schema'))")
    if (wanted.has('SYSTEM TABLE')) kinds.push("(TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN ('mysql', 'performance_schema', 'sys'))")
    if (wanted.has('SYSTEM VIEW')) kinds.push("(TABLE_TYPE = 'SYSTEM VIEW' OR (TABLE_TYPE = 'VIEW' AND TABLE_SCHEMA IN ('mysql', 'performance_schema', 'sys')))")
    if (wanted.has('LOCAL TEMPORARY')) kinds.push("TABLE_TYPE = 'TEMPORARY'")
    if (wanted.has('SEQUENCE')) kinds.push("TABLE_TYPE = 'SEQUENCE'")
    if (kinds.length === 0) return []
    const values: unknown[] = []
    let where = `(${kinds.join(' OR ')})`
    if (listing.catalogPattern !== null) {
      where += ' AND TABLE_SCHEMA LIKE ?'
      values.push(listing.catalogPattern)
    } else {
      where += ' AND TABLE_SCHEMA = DATABASE()'
    }
    const r = await this.query(`SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME`, values)
    return r.rows.map(([db, name]) => tableId(String(db), null, String(name)))
  }

  async describeTable (table: TableId): Promise<ColumnDefinition[] | null> {
    const id = table.catalog === null && table.schema === null && this.#database !== null ? tableId(this.#database, null, table.table) : table
    try {
      const r = await this.query(`SELECT * FROM ${qualifiedName(id, this.quote)} LIMIT 0`, [])
      return r.columns.map(c => ({ ...c, table }))
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_DB_ERROR') return null
      throw err
    }
  }

  async currentTime (): Promise<bigint> {
    const r = await this.query('SELECT CURRENT_TIMESTAMP(6)', [])
    const parsed = parseDateTime(String(r.rows[0]![0]))
    if (parsed === null) throw new Error(`Unable to read the current time from MySQL: ${String(r.rows[0]![0])}`)
    return toEpochNanos(parsed, 'UTC')
  }

  async isValid (): Promise<boolean> {
    if (this.#broken !== null) return false
    try {
      await this.#conn.query('SELECT 1')
      return true
    } catch {
      return false
    }
  }

  async close (): Promise<void> {
    if (this.#broken !== null) {
      this.#conn.destroy()
      return
    }
    await this.#conn.end().catch(() => this.#conn.destroy())
  }
}

export async function connectMysql (url: ServerJdbcUrl, opts: ConnectOptions): Promise<DbSession> {
  const sslMode = (url.params.get('sslMode') ?? url.params.get('sslmode') ?? '').toUpperCase()
  const useSsl = url.params.get('useSSL') === 'true' || url.params.get('useSsl') === 'true' || ['REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'].includes(sslMode)
  const connectTimeout = Number(url.params.get('connectTimeout') ?? 10000)
  const conn = await mysql.createConnection({
    host: url.host,
    port: url.port,
    user: opts.user ?? url.user ?? undefined,
    password: opts.password ?? url.password ?? undefined,
    database: url.database ?? undefined,
    charset: 'utf8mb4',
    connectTimeout: Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout : 10000,
    ssl: useSsl ? { rejectUnauthorized: sslMode === 'VERIFY_CA' || sslMode === 'VERIFY_IDENTITY' } : undefined
  })
  conn.on('error', () => {})
  try {
    await conn.query("SET time_zone = '+00:00'")
    const isolation = ISOLATION[opts.transactionIsolation.toUpperCase()]
    if (isolation !== undefined) await conn.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${isolation}`)
  } catch (err) {
    conn.destroy()
    throw err
  }
  return new MysqlSession(conn, url.database)
}
