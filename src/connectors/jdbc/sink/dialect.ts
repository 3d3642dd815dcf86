// What differs between databases (Confluent's DatabaseDialect): identifier quoting, Connect type → SQL type, DDL
// (CREATE TABLE / ALTER TABLE ADD), the multi-row INSERT / upsert / UPDATE / DELETE statements, how a Connect value
// becomes a driver parameter, and which driver errors are transient. One subclass per database; each also opens its
// Session (one connection, explicit transactions).
import { BigDecimal, ConnectError, Decimal, type Schema } from '../../../api/index.ts'
import type { JdbcSinkConfig } from './config.ts'
import type { ParsedJdbcUrl } from './connection-url.ts'
import { isFieldOptional, type SinkField } from './fields.ts'
import { parseTableId, type TableId } from './table-id.ts'
import { ZoneClock, dateTimeText, dateText, timeText } from './time-format.ts'

export type TableType = 'TABLE' | 'VIEW' | 'PARTITIONED_TABLE'

export interface ColumnInfo {
  readonly name: string
  /** The database's type text (format_type, COLUMN_TYPE, declared SQLite type). */
  readonly type: string
  readonly nullable: boolean
}

export interface TableDefinition {
  readonly id: TableId
  readonly type: TableType
  readonly columns: ReadonlyMap<string, ColumnInfo>
}

/** One connection to the database. Statements run inside begin()/commit() unless they are DDL. */
export interface Session {
  /** Runs one statement with bound parameters; resolves with the affected row count when the driver reports it. */
  execute (sql: string, params: unknown[]): Promise<number | null>
  begin (): Promise<void>
  commit (): Promise<void>
  rollback (): Promise<void>
  /** The table's columns and type, or null when it does not exist. */
  describeTable (id: TableId): Promise<TableDefinition | null>
  /** The connection failed and must be replaced. */
  readonly broken: boolean
  close (): Promise<void>
}

/** Turns a non-null Connect value into what the driver binds. */
export type ParamConverter = (value: unknown) => unknown

/** What a failed statement tells about itself. */
export interface DbErrorInfo {
  /** Connection lost, server down, deadlock, lock timeout: retrying the same put may succeed. */
  readonly transient: boolean
  /** Columns the database names (NOT NULL column, unique key columns, the column of a bad value). */
  readonly columns: readonly string[]
  /** 1-based parameter number the database blames (PostgreSQL), or null. */
  readonly param: number | null
  /** 1-based row of a multi-row statement the database blames (MySQL), or null. */
  readonly row: number | null
  /** The database's own code (SQLSTATE, errno…). */
  readonly code: string | null
  /** Extra text the database gave (PostgreSQL's DETAIL). */
  readonly detail: string | null
  /** The primary key was violated but the database does not name its columns (MySQL's `for key 'PRIMARY'`). */
  readonly primaryKey: boolean
}

/** A statement shape for a run of rows: the SQL for n rows, the largest n, and the parameter order of one row. */
export interface StatementShape {
  readonly maxRows: number
  /** Columns in parameter order of one row. */
  readonly columns: readonly string[]
  /** Which fields each row binds, in order. */
  readonly order: 'key-nonkey' | 'nonkey-key' | 'key'
  /** Whether rows with the same key must be collapsed to the last one before they share a statement. */
  readonly dedupe: boolean
  sql (rows: number): string
}

const MAX_CACHED_SQL = 64

export abstract class Dialect {
  /** Confluent's dialect class name, for messages. */
  abstract readonly name: string
  /** Identifier quote character. */
  abstract readonly quote: string
  /** Two-part names are catalog.table (MySQL) rather than schema.table. */
  readonly useCatalog: boolean = false
  /** Most bound parameters one statement may carry. */
  abstract readonly maxParams: number
  /** Multi-row statements only use row counts that are the batch size or powers of two (bounds prepared statements). */
  readonly boundedStatementSizes: boolean = false

  readonly config: JdbcSinkConfig
  readonly dbClock: ZoneClock
  readonly dateClock: ZoneClock
  readonly #sqlCache = new Map<string, string>()

  constructor (config: JdbcSinkConfig) {
    this.config = config
    this.dbClock = new ZoneClock(config.dbTimeZone)
    this.dateClock = config.dateTimeZone === config.dbTimeZone ? this.dbClock : new ZoneClock(config.dateTimeZone)
  }

  abstract connect (url: ParsedJdbcUrl): Promise<Session>

  /** The SQL type of a column for CREATE / ALTER; throws a ConnectError for types without a mapping. */
  abstract sqlType (field: SinkField): string

  /** Whether an error from the driver is transient, and what it names. */
  abstract classify (err: unknown): DbErrorInfo

  // ---- identifiers

  ident (name: string): string {
    if (!this.config.quoteIdentifiers) return name
    return this.quote + name.split(this.quote).join(this.quote + this.quote) + this.quote
  }

  parseTableId (fqn: string): TableId {
    return parseTableId(fqn, this.quote, this.useCatalog)
  }

  tableSql (id: TableId): string {
    const parts: string[] = []
    if (id.catalog !== null) parts.push(this.ident(id.catalog))
    if (id.schema !== null) parts.push(this.ident(id.schema))
    parts.push(this.ident(id.table))
    return parts.join('.')
  }

  // ---- values

  /** The converter for a value of this schema, or null when the driver takes the value as it is. */
  converter (schema: Schema): ParamConverter | null {
    switch (schema.name()) {
      case Decimal.LOGICAL_NAME: return decimalText
      case 'org.apache.kafka.connect.data.Date': return this.dateParam()
      case 'org.apache.kafka.connect.data.Time': return this.timeParam()
      case 'org.apache.kafka.connect.data.Timestamp': return this.timestampParam()
    }
    switch (schema.type()) {
      case 'INT8': case 'INT16': case 'INT32': case 'FLOAT32': case 'FLOAT64': case 'STRING':
        return null
      case 'INT64': return this.int64Param()
      case 'BOOLEAN': return this.booleanParam()
      case 'BYTES': return bytesParam
      case 'ARRAY': return this.arrayParam(schema)
      default:
        throw new ConnectError(`Unsupported source data type: ${schema.type()}`)
    }
  }

  protected int64Param (): ParamConverter | null { return null }
  protected booleanParam (): ParamConverter | null { return null }

  protected arrayParam (schema: Schema): ParamConverter | null {
    throw new ConnectError(`Unsupported source data type: ${schema.type()}`)
  }

  protected dateParam (): ParamConverter {
    const clock = this.dateClock
    return v => dateText(clock.wallClock(v as Date))
  }

  protected timeParam (): ParamConverter {
    const clock = this.dbClock
    return v => timeText(clock.wallClock(v as Date))
  }

  protected timestampParam (): ParamConverter {
    const clock = this.dbClock
    return v => dateTimeText(clock.wallClock(v as Date))
  }

  // ---- DDL

  /** A column default as SQL text (Confluent's formatColumnValue). */
  formatDefault (schema: Schema, value: unknown): string {
    switch (schema.name()) {
      case Decimal.LOGICAL_NAME: return (value as BigDecimal).toPlainString()
      case 'org.apache.kafka.connect.data.Date': return quoteString(dateText(this.dateClock.wallClock(value as Date)))
      case 'org.apache.kafka.connect.data.Time': return quoteString(timeText(this.dbClock.wallClock(value as Date)))
      case 'org.apache.kafka.connect.data.Timestamp': return quoteString(dateTimeText(this.dbClock.wallClock(value as Date)))
    }
    switch (schema.type()) {
      case 'INT8': case 'INT16': case 'INT32': case 'INT64': case 'FLOAT32': case 'FLOAT64':
        return String(value)
      case 'BOOLEAN': return value === true ? '1' : '0'
      case 'STRING': return quoteString(String(value))
      case 'BYTES': return `x'${Buffer.from(value as Uint8Array).toString('hex')}'`
      default:
        throw new ConnectError(`Unsupported type for column value: ${schema.type()}`)
    }
  }

  columnSpec (f: SinkField): string {
    let spec = `${this.ident(f.name)} ${this.sqlType(f)}`
    const def = f.schema.defaultValue()
    if (def != null) spec += ` DEFAULT ${this.formatDefault(f.schema, def)}`
    else spec += isFieldOptional(f) ? ' NULL' : ' NOT NULL'
    return spec
  }

  createTableSql (id: TableId, fields: Iterable<SinkField>): string {
    const list = [...fields]
    const pk = list.filter(f => f.isPrimaryKey).map(f => this.ident(f.name))
    let sql = `CREATE TABLE ${this.tableSql(id)} (` + list.map(f => '\n' + this.columnSpec(f)).join(',')
    if (pk.length > 0) sql += `,\nPRIMARY KEY(${pk.join(',')})`
    return sql + ')'
  }

  alterTableSql (id: TableId, fields: readonly SinkField[]): string[] {
    const nl = fields.length > 1 ? '\n' : ''
    return [`ALTER TABLE ${this.tableSql(id)} ` + fields.map(f => `${nl}ADD ${this.columnSpec(f)}`).join(',')]
  }

  // ---- DML

  /** The placeholder of the n-th (1-based) parameter. */
  placeholder (_n: number): string {
    return '?'
  }

  /** `(?,?),(?,?)` / `($1,$2),($3,$4)` for rows × cols parameters. */
  valuesList (rows: number, cols: number, first = 1): string {
    const out: string[] = new Array<string>(rows)
    let n = first
    for (let r = 0; r < rows; r++) {
      let row = '('
      for (let c = 0; c < cols; c++) row += (c === 0 ? '' : ',') + this.placeholder(n++)
      out[r] = row + ')'
    }
    return out.join(',')
  }

  protected maxRowsFor (cols: number): number {
    return Math.max(1, Math.min(Math.max(1, this.config.batchSize), Math.floor(this.maxParams / Math.max(1, cols))))
  }

  /** Caches generated SQL per shape and row count (least recently used first out; texts can be large). */
  protected cached (key: string, build: () => string): string {
    let sql = this.#sqlCache.get(key)
    if (sql === undefined) {
      sql = build()
      if (this.#sqlCache.size >= MAX_CACHED_SQL) this.#sqlCache.delete(this.#sqlCache.keys().next().value!)
    } else {
      this.#sqlCache.delete(key)
    }
    this.#sqlCache.set(key, sql)
    return sql
  }

  insertShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[]): StatementShape {
    const columns = [...keyCols, ...nonKeyCols]
    const head = `INSERT INTO ${this.tableSql(id)} (${columns.map(c => this.ident(c)).join(',')}) VALUES `
    return {
      maxRows: this.maxRowsFor(columns.length),
      columns,
      order: 'key-nonkey',
      dedupe: false,
      sql: rows => this.cached(`${head}\u0000${rows}`, () => head + this.valuesList(rows, columns.length))
    }
  }

  abstract upsertShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[]): StatementShape

  /** Default UPDATE: one row per statement, `SET nonkey… WHERE key…`. */
  updateShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[], _def: TableDefinition): StatementShape {
    let n = 1
    const set = nonKeyCols.map(c => `${this.ident(c)} = ${this.placeholder(n++)}`).join(', ')
    const where = keyCols.map(c => `${this.ident(c)} = ${this.placeholder(n++)}`).join(' AND ')
    const sql = `UPDATE ${this.tableSql(id)} SET ${set}` + (keyCols.length > 0 ? ` WHERE ${where}` : '')
    return { maxRows: 1, columns: [...nonKeyCols, ...keyCols], order: 'nonkey-key', dedupe: false, sql: () => sql }
  }

  /** DELETE … WHERE key IN (…) / (k1, k2) IN ((…), (…)). */
  deleteShape (id: TableId, keyCols: readonly string[]): StatementShape {
    const head = `DELETE FROM ${this.tableSql(id)} WHERE `
    const lhs = keyCols.length === 1 ? this.ident(keyCols[0]!) : `(${keyCols.map(c => this.ident(c)).join(', ')})`
    return {
      maxRows: this.maxRowsFor(keyCols.length),
      columns: keyCols,
      order: 'key',
      dedupe: false,
      sql: rows => this.cached(`${head}${lhs}\u0000${rows}`, () => `${head}${lhs} IN (${this.deleteList(rows, keyCols.length)})`)
    }
  }

  protected deleteList (rows: number, cols: number): string {
    if (cols > 1) return this.valuesList(rows, cols)
    const out: string[] = new Array<string>(rows)
    for (let r = 0; r < rows; r++) out[r] = this.placeholder(r + 1)
    return out.join(',')
  }
}

export function quoteString (s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

export function decimalText (v: unknown): unknown {
  return v instanceof BigDecimal ? v.toPlainString() : String(v)
}

export function bytesParam (v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v
  const a = v as Uint8Array
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}

/** Milliseconds since the epoch of a Date (SQLite's INTEGER date storage, as sqlite-jdbc's default). */
export function epochMillis (v: unknown): unknown {
  return (v as Date).getTime()
}

/** Common error-info builder. */
export function errorInfo (transient: boolean, parts: Partial<DbErrorInfo> = {}): DbErrorInfo {
  return {
    transient,
    columns: parts.columns ?? [],
    param: parts.param ?? null,
    row: parts.row ?? null,
    code: parts.code ?? null,
    detail: parts.detail ?? null,
    primaryKey: parts.primaryKey ?? false
  }
}

/** Node socket-level errors that mean the server is unreachable or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'ECONNABORTED', 'EHOSTDOWN', 'ENETDOWN', 'ENOENT'])

export function isNetworkError (err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  if (err instanceof AggregateError) return err.errors.some(isNetworkError)
  return false
}

export function errorMessage (err: unknown): string {
  if (err instanceof AggregateError && err.message === '' && err.errors.length > 0) return err.errors.map(errorMessage).join('; ')
  return err instanceof Error ? err.message : String(err)
}
