// SQLite (Confluent's SqliteDatabaseDialect) through node:sqlite: a database file (or :memory:) opened by the task,
// prepared statements cached by SQL text. Types follow Confluent's SQLite mapping (INTEGER, REAL, TEXT, BLOB,
// NUMERIC for Decimal/Date/Time/Timestamp); Date, Time and Timestamp values are stored as epoch milliseconds, as
// sqlite-jdbc stores them by default. Upsert is INSERT … ON CONFLICT (pk) DO UPDATE (Confluent: INSERT OR REPLACE).
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { ConnectError, type Schema } from '../../../api/index.ts'
import type { ParsedJdbcUrl } from './connection-url.ts'
import {
  Dialect, epochMillis, errorInfo, type DbErrorInfo, type ParamConverter, type Session, type StatementShape, type TableDefinition
} from './dialect.ts'
import type { SinkField } from './fields.ts'
import type { TableId } from './table-id.ts'

const SQLITE_BUSY = 5
const SQLITE_LOCKED = 6
const SQLITE_IOERR = 10
const SQLITE_FULL = 13
const SQLITE_PROTOCOL = 15

export class SqliteDialect extends Dialect {
  readonly name = 'SqliteDatabaseDialect'
  readonly quote = '"'
  /** SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32. */
  readonly maxParams = 32766

  sqlType (f: SinkField): string {
    const s = f.schema
    switch (s.name()) {
      case 'org.apache.kafka.connect.data.Decimal':
      case 'org.apache.kafka.connect.data.Date':
      case 'org.apache.kafka.connect.data.Time':
      case 'org.apache.kafka.connect.data.Timestamp':
        return 'NUMERIC'
    }
    switch (s.type()) {
      case 'BOOLEAN': case 'INT8': case 'INT16': case 'INT32': case 'INT64': return 'INTEGER'
      case 'FLOAT32': case 'FLOAT64': return 'REAL'
      case 'STRING': return 'TEXT'
      case 'BYTES': return 'BLOB'
    }
    throw new ConnectError(`${s.name()} (${s.type()}) type doesn't have a mapping to the SQL database column type`)
  }

  protected override booleanParam (): ParamConverter {
    return v => v === true ? 1 : 0
  }

  protected override dateParam (): ParamConverter { return epochMillis }
  protected override timeParam (): ParamConverter { return epochMillis }
  protected override timestampParam (): ParamConverter { return epochMillis }

  override formatDefault (schema: Schema, value: unknown): string {
    switch (schema.name()) {
      case 'org.apache.kafka.connect.data.Date':
      case 'org.apache.kafka.connect.data.Time':
      case 'org.apache.kafka.connect.data.Timestamp':
        return String((value as Date).getTime())
    }
    return super.formatDefault(schema, value)
  }

  override alterTableSql (id: TableId, fields: readonly SinkField[]): string[] {
    return fields.map(f => super.alterTableSql(id, [f])[0]!)
  }

  upsertShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[]): StatementShape {
    const insert = this.insertShape(id, keyCols, nonKeyCols)
    const tail = ` ON CONFLICT (${keyCols.map(c => this.ident(c)).join(',')}) ` + (nonKeyCols.length === 0
      ? 'DO NOTHING'
      : 'DO UPDATE SET ' + nonKeyCols.map(c => `${this.ident(c)}=excluded.${this.ident(c)}`).join(','))
    return { ...insert, dedupe: true, sql: rows => this.cached(`${insert.sql(rows)}\u0000u`, () => insert.sql(rows) + tail) }
  }

  /** Row values need a subquery on the right of IN in SQLite: (k1, k2) IN (VALUES (?, ?), …). */
  protected override deleteList (rows: number, cols: number): string {
    return cols > 1 ? `VALUES ${this.valuesList(rows, cols)}` : super.deleteList(rows, cols)
  }

  classify (err: unknown): DbErrorInfo {
    const e = err as { errcode?: unknown, message?: unknown }
    if (typeof e === 'object' && e !== null && typeof e.errcode === 'number') {
      const primary = e.errcode & 0xff
      const transient = primary === SQLITE_BUSY || primary === SQLITE_LOCKED || primary === SQLITE_IOERR || primary === SQLITE_FULL ||
        primary === SQLITE_PROTOCOL
      const message = typeof e.message === 'string' ? e.message : ''
      const columns: string[] = []
      const constraint = /constraint failed: (.+)$/.exec(message)
      if (constraint !== null) for (const part of constraint[1]!.split(',')) columns.push(part.trim().replace(/^.*\./, ''))
      const noColumn = /has no column named (\S+)/.exec(message)
      if (noColumn !== null) columns.push(noColumn[1]!)
      return errorInfo(transient, { columns, code: String(e.errcode) })
    }
    return errorInfo(false)
  }

  async connect (url: ParsedJdbcUrl): Promise<Session> {
    if (url.kind !== 'sqlite') throw new ConnectError(`${this.name} cannot use a ${url.kind} URL`)
    const db = new DatabaseSync(url.path, { readOnly: url.params.get('mode') === 'ro' })
    // sqlite-jdbc's busy_timeout URL parameter (milliseconds)
    const busy = Number(url.params.get('busy_timeout') ?? 10000)
    db.exec(`PRAGMA busy_timeout = ${Number.isInteger(busy) && busy >= 0 ? busy : 10000}`)
    return new SqliteSession(db, this)
  }
}

const MAX_CACHED_STATEMENTS = 128

class SqliteSession implements Session {
  readonly #db: DatabaseSync
  readonly #dialect: SqliteDialect
  readonly #statements = new Map<string, StatementSync>()
  #closed = false

  constructor (db: DatabaseSync, dialect: SqliteDialect) {
    this.#db = db
    this.#dialect = dialect
  }

  get broken (): boolean {
    return this.#closed || !this.#db.isOpen
  }

  #prepare (sql: string): StatementSync {
    let stmt = this.#statements.get(sql)
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql)
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear()
      this.#statements.set(sql, stmt)
    }
    return stmt
  }

  async execute (sql: string, params: unknown[]): Promise<number | null> {
    const res = this.#prepare(sql).run(...(params as Array<null | number | bigint | string | NodeJS.ArrayBufferView>))
    return Number(res.changes)
  }

  async begin (): Promise<void> {
    this.#db.exec('BEGIN')
  }

  async commit (): Promise<void> {
    this.#db.exec('COMMIT')
  }

  async rollback (): Promise<void> {
    if (this.#db.isTransaction) this.#db.exec('ROLLBACK')
  }

  async describeTable (id: TableId): Promise<TableDefinition | null> {
    const schema = id.schema ?? id.catalog ?? 'main'
    const master = schema.toLowerCase() === 'temp' ? 'sqlite_temp_master' : `${this.#dialect.ident(schema)}.sqlite_master`
    const kind = this.#db.prepare(`SELECT type FROM ${master} WHERE name = ? AND type IN ('table', 'view')`).get(id.table) as { type: string } | undefined
    if (kind === undefined) return null
    const rows = this.#db.prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?, ?)').all(id.table, schema) as
      Array<{ name: string, type: string, nn: number, pk: number }>
    const columns = new Map<string, { name: string, type: string, nullable: boolean }>()
    for (const r of rows) columns.set(r.name, { name: r.name, type: r.type, nullable: r.nn === 0 && r.pk === 0 })
    return { id, type: kind.type === 'view' ? 'VIEW' : 'TABLE', columns }
  }

  async close (): Promise<void> {
    this.#closed = true
    this.#statements.clear()
    if (this.#db.isOpen) this.#db.close()
  }
}
