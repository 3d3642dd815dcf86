// MySQL and MariaDB (Confluent's MySqlDatabaseDialect) through mysql2: one connection, server-side prepared
// statements (binary protocol: parameters are never spliced into SQL text), INT64 sent as LONGLONG so keys compare
// exactly, upsert as INSERT … ON DUPLICATE KEY UPDATE c=VALUES(c). Multi-row statements use only the full batch size
// and powers of two as row counts, which bounds how many statements each table prepares on the server.
import mysql from 'mysql2/promise'
import { ConnectError } from '../../../api/index.ts'
import type { ParsedJdbcUrl } from './connection-url.ts'
import {
  Dialect, errorInfo, isNetworkError, type DbErrorInfo, type ParamConverter, type Session, type StatementShape, type TableDefinition
} from './dialect.ts'
import type { SinkField } from './fields.ts'
import type { TableId } from './table-id.ts'

/** Deadlock, lock wait timeout, too many connections, server shutdown / gone away / lost, connection killed. */
const TRANSIENT_ERRNOS = new Set([1205, 1213, 1040, 1053, 1077, 1080, 1152, 1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161,
  1927, 2002, 2003, 2006, 2013, 2055, 4031])
const TRANSIENT_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'PROTOCOL_ENQUEUE_AFTER_QUIT'])

export class MySqlDialect extends Dialect {
  readonly name = 'MySqlDatabaseDialect'
  readonly quote = '`'
  override readonly useCatalog = true
  readonly maxParams = 65535
  override readonly boundedStatementSizes = true

  sqlType (f: SinkField): string {
    const s = f.schema
    switch (s.name()) {
      case 'org.apache.kafka.connect.data.Decimal': return `DECIMAL(65,${Number(s.parameters()?.get('scale') ?? 0)})`
      case 'org.apache.kafka.connect.data.Date': return 'DATE'
      case 'org.apache.kafka.connect.data.Time': return 'TIME(3)'
      case 'org.apache.kafka.connect.data.Timestamp': return 'DATETIME(3)'
    }
    switch (s.type()) {
      case 'INT8': return 'TINYINT'
      case 'INT16': return 'SMALLINT'
      case 'INT32': return 'INT'
      case 'INT64': return 'BIGINT'
      case 'FLOAT32': return 'FLOAT'
      case 'FLOAT64': return 'DOUBLE'
      case 'BOOLEAN': return 'TINYINT'
      // MySQL cannot index a TEXT column without a prefix length, so key columns get a VARCHAR
      case 'STRING': return f.isPrimaryKey ? 'VARCHAR(255)' : 'TEXT'
      case 'BYTES': return 'VARBINARY(1024)'
    }
    throw new ConnectError(`${s.name()} (${s.type()}) type doesn't have a mapping to the SQL database column type`)
  }

  protected override int64Param (): ParamConverter {
    return v => mysql.TypedParameter.LONGLONG(typeof v === 'bigint' ? v : BigInt(v as number))
  }

  protected override booleanParam (): ParamConverter {
    return v => v === true ? 1 : 0
  }

  upsertShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[]): StatementShape {
    const insert = this.insertShape(id, keyCols, nonKeyCols)
    const set = (nonKeyCols.length === 0 ? keyCols : nonKeyCols).map(c => `${this.ident(c)}=values(${this.ident(c)})`).join(',')
    const tail = ` on duplicate key update ${set}`
    return { ...insert, dedupe: true, sql: rows => this.cached(`${insert.sql(rows)}\u0000u`, () => insert.sql(rows) + tail) }
  }

  classify (err: unknown): DbErrorInfo {
    const e = err as { errno?: unknown, code?: unknown, sqlState?: unknown, fatal?: unknown, message?: unknown }
    const message = typeof e?.message === 'string' ? e.message : ''
    if (typeof e === 'object' && e !== null && typeof e.errno === 'number' && typeof e.sqlState === 'string') {
      const transient = TRANSIENT_ERRNOS.has(e.errno) || e.sqlState.startsWith('08') || e.fatal === true
      const columns: string[] = []
      const col = /for column `[^`]*`\.`[^`]*`\.`([^`]+)`/.exec(message) ?? /for column '([^']+)'/.exec(message) ??
        /Column '([^']+)' cannot be null/.exec(message) ?? /Unknown column '([^']+)'/.exec(message) ??
        /Field '([^']+)' doesn't have a default value/.exec(message)
      if (col !== null) columns.push(col[1]!)
      const row = /at row (\d+)/.exec(message)
      const primaryKey = e.errno === 1062 && /for key '(?:[^']*\.)?PRIMARY'/.test(message)
      return errorInfo(transient, { columns, row: row === null ? null : Number(row[1]), code: `${e.errno}/${e.sqlState}`, primaryKey })
    }
    if (typeof e === 'object' && e !== null && ((typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) || e.fatal === true)) {
      return errorInfo(true, { code: String(e.code) })
    }
    if (isNetworkError(err)) return errorInfo(true, { code: String(e.code) })
    return errorInfo(false)
  }

  async connect (url: ParsedJdbcUrl): Promise<Session> {
    if (url.kind !== 'mysql') throw new ConnectError(`${this.name} cannot use a ${url.kind} URL`)
    const p = url.params
    const sslMode = (p.get('sslMode') ?? (p.get('useSSL') === 'true' || p.get('useSsl') === 'true' ? 'REQUIRED' : 'DISABLED')).toUpperCase()
    const timeoutMs = Number(p.get('connectTimeout') ?? 10000)
    const conn = await mysql.createConnection({
      host: url.host,
      port: url.port,
      database: url.database ?? undefined,
      user: this.config.connectionUser ?? url.user ?? undefined,
      password: this.config.connectionPassword ?? url.password ?? undefined,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      connectTimeout: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 10000,
      maxPreparedStatements: 256,
      ssl: sslMode === 'DISABLED' || sslMode === 'PREFERRED' ? undefined : { rejectUnauthorized: sslMode.startsWith('VERIFY') }
    })
    return new MySqlSession(conn, this)
  }
}

class MySqlSession implements Session {
  readonly #conn: mysql.Connection
  readonly #dialect: MySqlDialect
  #broken = false

  constructor (conn: mysql.Connection, dialect: MySqlDialect) {
    this.#conn = conn
    this.#dialect = dialect
    conn.on('error', () => { this.#broken = true })
    conn.on('end', () => { this.#broken = true })
  }

  get broken (): boolean {
    return this.#broken
  }

  async execute (sql: string, params: unknown[]): Promise<number | null> {
    try {
      const [res] = await this.#conn.execute(sql, params as Parameters<mysql.Connection['execute']>[1])
      return typeof (res as { affectedRows?: unknown }).affectedRows === 'number' ? (res as { affectedRows: number }).affectedRows : null
    } catch (err) {
      if (this.#dialect.classify(err).transient) this.#broken = true
      throw err
    }
  }

  async #plain (sql: string): Promise<void> {
    try {
      await this.#conn.query(sql)
    } catch (err) {
      if (this.#dialect.classify(err).transient) this.#broken = true
      throw err
    }
  }

  begin (): Promise<void> {
    return this.#plain('START TRANSACTION')
  }

  commit (): Promise<void> {
    return this.#plain('COMMIT')
  }

  async rollback (): Promise<void> {
    if (!this.#broken) await this.#plain('ROLLBACK')
  }

  async describeTable (id: TableId): Promise<TableDefinition | null> {
    const [rows] = await this.#conn.query(
      'SELECT t.TABLE_TYPE AS tableType, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable ' +
      'FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c ' +
      'ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME ' +
      'WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION',
      [id.catalog ?? id.schema, id.table])
    const list = rows as Array<{ tableType: string, name: string | null, type: string | Buffer | null, nullable: string | null }>
    if (list.length === 0) return null
    const columns = new Map<string, { name: string, type: string, nullable: boolean }>()
    for (const r of list) if (r.name !== null) columns.set(r.name, { name: r.name, type: String(r.type ?? ''), nullable: r.nullable === 'YES' })
    return { id, type: list[0]!.tableType === 'VIEW' ? 'VIEW' : 'TABLE', columns }
  }

  async close (): Promise<void> {
    this.#broken = true
    await this.#conn.end().catch(() => { this.#conn.destroy() })
  }
}
