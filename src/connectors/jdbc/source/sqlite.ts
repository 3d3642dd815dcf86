// SQLite through Node's built-in node:sqlite (Confluent's SqliteDatabaseDialect on xerial sqlite-jdbc). Column types
// follow the declared type as xerial matches it (BOOLEAN, TINYINT, SMALLINT/INT2, BIGINT/INT8, DATE, TIMESTAMP,
// DECIMAL(p,s), NUMERIC, DOUBLE, FLOAT, REAL, CHAR…, VARCHAR/TEXT, CLOB, BLOB, BINARY), with SQLite's affinity rules
// for other names; integers are read as bigint. Timestamps may be stored as text (compared through
// strftime('%Y-%m-%d %H:%M:%f', …) so differently written texts order correctly) or, in INTEGER columns, as epoch
// milliseconds (xerial's default date_class). Tables named sqlite_* are never listed, as in Confluent.
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { SqliteJdbcUrl } from '../jdbc-url.ts'
import { NUMERIC_TYPE_SCALE_UNSET, column, type ColumnDefinition, type SqlType } from './columns.ts'
import type { ConnectOptions, DbSession, QueryResult, RowCursor, TableListing, TimestampParam } from './dialect.ts'
import { tableId, qualifiedName, quoteIdentifier, type TableId } from './table-id.ts'
import { NANOS_PER_MILLI, floorDiv, formatLocal, parseDateTime, toEpochNanos } from './temporal.ts'

interface DeclaredType { sqlType: SqlType, precision: number, scale: number }

/** xerial's declared-type matching, then SQLite's affinity rules (https://sqlite.org/datatype3.html §3.1). */
export function declaredType (declared: string | null, sample: unknown): DeclaredType {
  if (declared === null || declared.trim() === '') {
    if (typeof sample === 'bigint' || typeof sample === 'number') return { sqlType: typeof sample === 'bigint' ? 'BIGINT' : 'DOUBLE', precision: 0, scale: 0 }
    if (sample instanceof Uint8Array) return { sqlType: 'BLOB', precision: 0, scale: 0 }
    return { sqlType: 'VARCHAR', precision: 0, scale: 0 }
  }
  const upper = declared.trim().toUpperCase()
  const m = /^([^(]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(upper)
  const base = (m?.[1] ?? upper).trim()
  const precision = m?.[2] === undefined ? 0 : Number(m[2])
  const scale = m?.[3] === undefined ? (m?.[2] === undefined ? NUMERIC_TYPE_SCALE_UNSET : 0) : Number(m[3])
  const t = (sqlType: SqlType): DeclaredType => ({ sqlType, precision, scale: sqlType === 'DECIMAL' || sqlType === 'NUMERIC' ? scale : 0 })
  switch (base) {
    case 'BOOLEAN': return t('BOOLEAN')
    case 'TINYINT': return t('TINYINT')
    case 'SMALLINT': case 'INT2': return t('SMALLINT')
    case 'BIGINT': case 'INT8': case 'UNSIGNED BIG INT': return t('BIGINT')
    case 'DATE': return t('DATE')
    case 'TIME': return t('TIME')
    case 'DATETIME': case 'TIMESTAMP': return t('TIMESTAMP')
    case 'DECIMAL': return t('DECIMAL')
    case 'NUMERIC': return t('NUMERIC')
    case 'DOUBLE': case 'DOUBLE PRECISION': return t('DOUBLE')
    case 'FLOAT': return t('FLOAT')
    case 'REAL': return t('REAL')
    case 'CHAR': case 'CHARACTER': case 'NCHAR': case 'NATIVE CHARACTER': return t('CHAR')
    case 'VARCHAR': case 'VARYING CHARACTER': case 'NVARCHAR': case 'TEXT': return t('VARCHAR')
    case 'CLOB': return t('CLOB')
    case 'BLOB': return t('BLOB')
    case 'BINARY': return t('BINARY')
    case 'VARBINARY': return t('VARBINARY')
  }
  if (base.includes('INT')) return t('BIGINT')
  if (base.includes('CHAR') || base.includes('CLOB') || base.includes('TEXT')) return t('VARCHAR')
  if (base.includes('BLOB')) return t('BLOB')
  if (base.includes('REAL') || base.includes('FLOA') || base.includes('DOUB')) return t('DOUBLE')
  return t('NUMERIC')
}

/** Whether values of a declared type are stored as numbers (then timestamps are epoch milliseconds). */
function numericAffinity (typeName: string): boolean {
  const u = typeName.toUpperCase()
  return u.includes('INT') || u.includes('REAL') || u.includes('FLOA') || u.includes('DOUB')
}

interface TableInfo { notNull: Set<string>, autoIncrement: string | null }

class SqliteSession implements DbSession {
  readonly dialect = 'SqliteDatabaseDialect' as const
  readonly quote = '"'
  readonly twoPartNamesAreCatalog = false
  readonly #db: DatabaseSync
  readonly #tables = new Map<string, TableInfo>()
  #open = true

  constructor (db: DatabaseSync) {
    this.#db = db
  }

  placeholder (): string {
    return '?'
  }

  limitClause (n: number): string {
    return ` LIMIT ${n}`
  }

  timestampParam (p: TimestampParam): unknown {
    if (p.column !== null && numericAffinity(p.column.typeName)) return floorDiv(p.epochNanos, NANOS_PER_MILLI)
    return formatLocal(p.epochNanos, p.zone, 3)
  }

  /** Text timestamps compare in one canonical form; numeric ones (epoch millis) as they are. */
  timestampExpression (expr: string, col: ColumnDefinition | null): string {
    if (col !== null && numericAffinity(col.typeName)) return expr
    return `strftime('%Y-%m-%d %H:%M:%f', ${expr})`
  }

  #tableInfo (database: string, table: string): TableInfo {
    const key = `${database}.${table}`
    let info = this.#tables.get(key)
    if (info === undefined) {
      const rows = this.#db.prepare(`PRAGMA ${quoteIdentifier(database, '"')}.table_info(${quoteIdentifier(table, '"')})`).all() as Array<{ name: string, type: string, notnull: number, pk: number }>
      const notNull = new Set(rows.filter(r => r.notnull !== 0 || r.pk !== 0 && /^INTEGER$/i.test(r.type)).map(r => r.name))
      const pks = rows.filter(r => r.pk !== 0)
      const autoIncrement = pks.length === 1 && /^INTEGER$/i.test(pks[0]!.type.trim()) ? pks[0]!.name : null
      info = { notNull, autoIncrement }
      this.#tables.set(key, info)
    }
    return info
  }

  #columns (stmt: StatementSync, sample: readonly unknown[] | undefined): ColumnDefinition[] {
    return stmt.columns().map((c, i) => {
      const d = declaredType(c.type, sample?.[i])
      const info = c.table !== null && c.database !== null ? this.#tableInfo(c.database, c.table) : null
      return column({
        name: c.name,
        columnName: c.column ?? c.name,
        table: c.table === null ? null : tableId(null, null, c.table),
        sqlType: d.sqlType,
        typeName: c.type ?? d.sqlType,
        precision: d.precision,
        scale: d.scale,
        optional: info === null || c.column === null ? true : !info.notNull.has(c.column),
        autoIncrement: info !== null && c.column !== null && info.autoIncrement === c.column,
        temporal: 'local'
      })
    })
  }

  #prepare (sql: string): StatementSync {
    if (!this.#open) throw new Error('the SQLite database is closed')
    const stmt = this.#db.prepare(sql)
    stmt.setReturnArrays(true)
    stmt.setReadBigInts(true)
    return stmt
  }

  async query (sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const stmt = this.#prepare(sql)
    const rows = stmt.all(...(params as never[])) as unknown as unknown[][]
    return { columns: this.#columns(stmt, rows[0]), rows }
  }

  async cursor (sql: string, params: readonly unknown[]): Promise<RowCursor> {
    const stmt = this.#prepare(sql)
    const iterator = stmt.iterate(...(params as never[])) as unknown as Iterator<unknown[]>
    let first = iterator.next()
    const columns = this.#columns(stmt, first.done === true ? undefined : first.value)
    let done = first.done === true
    return {
      columns,
      next: async (max: number) => {
        const out: unknown[][] = []
        while (!done && out.length < max) {
          if (first.done !== true) {
            out.push(first.value)
            first = { done: true, value: undefined }
            continue
          }
          const r = iterator.next()
          if (r.done === true) done = true
          else out.push(r.value)
        }
        return out
      },
      close: async () => {
        done = true
        iterator.return?.()
      }
    }
  }

  async listTables (listing: TableListing): Promise<TableId[]> {
    const types = new Set(listing.types.map(t => t.trim().toUpperCase()))
    const kinds: string[] = []
    if (types.has('TABLE')) kinds.push("'table'")
    if (types.has('VIEW')) kinds.push("'view'")
    if (kinds.length === 0) return []
    const rows = this.#prepare(`SELECT name FROM sqlite_master WHERE type IN (${kinds.join(', ')}) AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).all() as unknown as string[][]
    return rows.map(([name]) => tableId(null, null, name!))
  }

  async describeTable (table: TableId): Promise<ColumnDefinition[] | null> {
    try {
      const stmt = this.#prepare(`SELECT * FROM ${qualifiedName(table, this.quote)} LIMIT 0`)
      return this.#columns(stmt, undefined)
    } catch (err) {
      if (/no such table/i.test((err as Error).message)) return null
      throw err
    }
  }

  async currentTime (): Promise<bigint> {
    const rows = this.#prepare("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')").all() as unknown as string[][]
    const parsed = parseDateTime(rows[0]![0]!)
    if (parsed === null) throw new Error('Unable to read the current time from SQLite')
    return toEpochNanos(parsed, 'UTC')
  }

  async isValid (): Promise<boolean> {
    return this.#open
  }

  async close (): Promise<void> {
    if (!this.#open) return
    this.#open = false
    this.#db.close()
  }
}

export async function connectSqlite (url: SqliteJdbcUrl, _opts: ConnectOptions): Promise<DbSession> {
  const readOnly = url.params.get('mode') === 'ro' || url.params.get('open_mode') === '1'
  const db = new DatabaseSync(url.path, { readOnly, timeout: 5000 })
  return new SqliteSession(db)
}
