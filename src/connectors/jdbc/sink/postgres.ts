// PostgreSQL (Confluent's PostgreSqlDatabaseDialect) through node-postgres: one Client, parameters sent untyped as
// text (the server infers each one's type from its column, as the JDBC driver's setString/… do), upsert as
// INSERT … ON CONFLICT (pk) DO UPDATE SET c=EXCLUDED.c, multi-row UPDATE … FROM (VALUES …) with the first row cast to
// the column types, DELETE … WHERE (pk) IN ((…), …).
import pg from 'pg'
import { ConnectError, type Schema } from '../../../api/index.ts'
import type { ParsedJdbcUrl } from './connection-url.ts'
import {
  Dialect, errorInfo, isNetworkError, quoteString, type DbErrorInfo, type ParamConverter, type Session, type StatementShape,
  type TableDefinition, type TableType
} from './dialect.ts'
import type { SinkField } from './fields.ts'
import type { TableId } from './table-id.ts'
import { pgDateText, pgTimestampText, timeText } from './time-format.ts'

/** Truncation of table names longer than the server allows (PostgreSQL's NAMEDATALEN - 1). */
const MAX_IDENTIFIER_LENGTH = 63

/** SQLSTATE classes and codes worth retrying: connection, resources, operator intervention, serialization, locks. */
function isTransientSqlState (code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code === '40001' || code === '40P01' ||
    code === '55P03' || code === '58000' || code === '58030'
}

const CONNECTION_MESSAGES = /Connection terminated|Client has encountered a connection error|Client was closed|not queryable|timeout expired|connection timeout/i

export class PostgresDialect extends Dialect {
  readonly name = 'PostgreSqlDatabaseDialect'
  readonly quote = '"'
  /** The protocol's parameter count is an unsigned 16-bit number. */
  readonly maxParams = 65535

  override parseTableId (fqn: string): TableId {
    const id = super.parseTableId(fqn)
    let table = id.table
    if (Buffer.byteLength(table) > MAX_IDENTIFIER_LENGTH) table = truncateUtf8(table, MAX_IDENTIFIER_LENGTH)
    if (!this.config.quoteIdentifiers) table = table.toLowerCase()
    return table === id.table ? id : { ...id, table }
  }

  sqlType (f: SinkField): string {
    return pgType(f.schema)
  }

  protected override arrayParam (schema: Schema): ParamConverter | null {
    const elem = schema.valueSchema()
    if (elem === null || elem.name() !== null || !['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'].includes(elem.type())) {
      throw new ConnectError(`Unsupported source data type: ARRAY of ${elem === null ? 'unknown' : elem.name() ?? elem.type()}`)
    }
    return v => (v as unknown[]).map(x => x === undefined ? null : x)
  }

  protected override dateParam (): ParamConverter {
    const clock = this.dateClock
    return v => pgDateText(clock.wallClock(v as Date))
  }

  protected override timeParam (): ParamConverter {
    const clock = this.dbClock
    return v => timeText(clock.wallClock(v as Date))
  }

  protected override timestampParam (): ParamConverter {
    const clock = this.dbClock
    return v => pgTimestampText(clock.wallClock(v as Date))
  }

  override formatDefault (schema: Schema, value: unknown): string {
    if (schema.name() === null) {
      if (schema.type() === 'BOOLEAN') return value === true ? 'TRUE' : 'FALSE'
      if (schema.type() === 'BYTES') return `'\\x${Buffer.from(value as Uint8Array).toString('hex')}'::bytea`
      if (schema.type() === 'ARRAY') {
        return 'ARRAY[' + (value as unknown[]).map(x => x == null ? 'NULL' : typeof x === 'string' ? quoteString(x) : typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : String(x)).join(',') + ']'
      }
    }
    return super.formatDefault(schema, value)
  }

  override placeholder (n: number): string {
    return `$${n}`
  }

  upsertShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[]): StatementShape {
    const insert = this.insertShape(id, keyCols, nonKeyCols)
    const conflict = ` ON CONFLICT (${keyCols.map(c => this.ident(c)).join(',')}) ` + (nonKeyCols.length === 0
      ? 'DO NOTHING'
      : 'DO UPDATE SET ' + nonKeyCols.map(c => `${this.ident(c)}=EXCLUDED.${this.ident(c)}`).join(','))
    return { ...insert, dedupe: true, sql: rows => this.cached(`${insert.sql(rows)}\u0000u`, () => insert.sql(rows) + conflict) }
  }

  /**
   * UPDATE t AS "__kc_t" SET "a" = "__kc_v"."a" FROM (VALUES ($1::int, $2::text), ($3, $4)) AS "__kc_v"("k", "a")
   * WHERE "__kc_t"."k" = "__kc_v"."k": the first row's casts (the table's column types) type the VALUES list.
   */
  override updateShape (id: TableId, keyCols: readonly string[], nonKeyCols: readonly string[], def: TableDefinition): StatementShape {
    const columns = [...keyCols, ...nonKeyCols]
    const t = '"__kc_t"'
    const v = '"__kc_v"'
    const casts = columns.map(c => {
      const info = def.columns.get(c)
      return info === undefined ? '' : `::${info.type}`
    })
    const set = nonKeyCols.map(c => `${this.ident(c)} = ${v}.${this.ident(c)}`).join(', ')
    const where = keyCols.map(c => `${t}.${this.ident(c)} = ${v}.${this.ident(c)}`).join(' AND ')
    const alias = `${v}(${columns.map(c => this.ident(c)).join(', ')})`
    const key = `U${this.tableSql(id)}\u0000${columns.join('\u0000')}\u0000${casts.join('\u0000')}`
    return {
      maxRows: this.maxRowsFor(columns.length),
      columns,
      order: 'key-nonkey',
      dedupe: true,
      sql: rows => this.cached(`${key}\u0000${rows}`, () => {
        const first = '(' + columns.map((_c, i) => `$${i + 1}${casts[i]}`).join(', ') + ')'
        const rest = rows > 1 ? ',' + this.valuesList(rows - 1, columns.length, columns.length + 1) : ''
        return `UPDATE ${this.tableSql(id)} AS ${t} SET ${set} FROM (VALUES ${first}${rest}) AS ${alias} WHERE ${where}`
      })
    }
  }

  classify (err: unknown): DbErrorInfo {
    if (err instanceof pg.DatabaseError || (typeof err === 'object' && err !== null && typeof (err as { severity?: unknown }).severity === 'string')) {
      const e = err as pg.DatabaseError
      const code = e.code ?? ''
      const columns: string[] = []
      if (e.column !== undefined) columns.push(e.column)
      const key = e.detail === undefined ? null : /^Key \((.+?)\)=\(/.exec(e.detail)
      if (key !== null && columns.length === 0) columns.push(...key[1]!.split(',').map(s => s.trim().replace(/^"(.*)"$/, '$1')))
      const param = e.where === undefined ? null : /portal parameter \$(\d+)/.exec(e.where)
      return errorInfo(isTransientSqlState(code), {
        code, columns, param: param === null ? null : Number(param[1]), detail: e.detail ?? null
      })
    }
    if (isNetworkError(err)) return errorInfo(true, { code: (err as { code?: string }).code ?? null })
    if (err instanceof Error && CONNECTION_MESSAGES.test(err.message)) return errorInfo(true)
    return errorInfo(false)
  }

  async connect (url: ParsedJdbcUrl): Promise<Session> {
    if (url.kind !== 'postgresql') throw new ConnectError(`${this.name} cannot use a ${url.kind} URL`)
    const p = url.params
    const sslmode = (p.get('sslmode') ?? (p.get('ssl') === 'true' ? 'require' : 'disable')).toLowerCase()
    const timeoutSeconds = Number(p.get('connectTimeout') ?? p.get('loginTimeout') ?? 10)
    const client = new pg.Client({
      host: url.host,
      port: url.port,
      database: url.database ?? undefined,
      user: this.config.connectionUser ?? url.user ?? undefined,
      password: this.config.connectionPassword ?? url.password ?? undefined,
      ssl: sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer' ? false : { rejectUnauthorized: sslmode.startsWith('verify') },
      application_name: p.get('ApplicationName') ?? 'kconnect-jdbc-sink',
      connectionTimeoutMillis: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 0,
      options: p.has('currentSchema') ? `-c search_path=${p.get('currentSchema')!.replace(/[\s\\]/g, '\\$&')}` : undefined,
      keepAlive: true
    })
    const session = new PgSession(client, this)
    try {
      await client.connect()
    } catch (err) {
      await client.end().catch(() => {})
      throw err
    }
    return session
  }
}

function pgType (s: Schema): string {
  switch (s.name()) {
    case 'org.apache.kafka.connect.data.Decimal': return 'DECIMAL'
    case 'org.apache.kafka.connect.data.Date': return 'DATE'
    case 'org.apache.kafka.connect.data.Time': return 'TIME'
    case 'org.apache.kafka.connect.data.Timestamp': return 'TIMESTAMP'
  }
  switch (s.type()) {
    case 'INT8': case 'INT16': return 'SMALLINT'
    case 'INT32': return 'INT'
    case 'INT64': return 'BIGINT'
    case 'FLOAT32': return 'REAL'
    case 'FLOAT64': return 'DOUBLE PRECISION'
    case 'BOOLEAN': return 'BOOLEAN'
    case 'STRING': return 'TEXT'
    case 'BYTES': return 'BYTEA'
    case 'ARRAY': {
      const elem = s.valueSchema()
      if (elem !== null) return pgType(elem) + '[]'
    }
  }
  throw new ConnectError(`${s.name()} (${s.type()}) type doesn't have a mapping to the SQL database column type`)
}

function truncateUtf8 (s: string, maxBytes: number): string {
  let out = ''
  let bytes = 0
  for (const ch of s) {
    const n = Buffer.byteLength(ch)
    if (bytes + n > maxBytes) break
    out += ch
    bytes += n
  }
  return out
}

const RELKINDS: Record<string, TableType> = { r: 'TABLE', p: 'PARTITIONED_TABLE', v: 'VIEW', m: 'VIEW', f: 'TABLE' }

/** Named (server-side prepared) statements one session keeps at most. */
const MAX_NAMED_STATEMENTS = 128
/** Distinct statement texts whose executions are counted before the counts are forgotten. */
const MAX_COUNTED_STATEMENTS = 512

class PgSession implements Session {
  readonly #client: pg.Client
  readonly #dialect: PostgresDialect
  #broken = false
  /**
   * Like pgjdbc's prepareThreshold: a statement text executed a second time becomes a named prepared statement, so
   * the server parses and plans a multi-row INSERT of thousands of parameters once per connection instead of per batch.
   */
  readonly #executions = new Map<string, number>()
  readonly #names = new Map<string, string>()

  constructor (client: pg.Client, dialect: PostgresDialect) {
    this.#client = client
    this.#dialect = dialect
    // An idle connection that dies emits 'error'; without a listener node-postgres would crash the process.
    client.on('error', () => { this.#broken = true })
    client.on('end', () => { this.#broken = true })
  }

  get broken (): boolean {
    return this.#broken
  }

  #nameFor (sql: string): string | undefined {
    const name = this.#names.get(sql)
    if (name !== undefined || this.#names.size >= MAX_NAMED_STATEMENTS) return name
    const seen = (this.#executions.get(sql) ?? 0) + 1
    if (seen < 2) {
      if (this.#executions.size >= MAX_COUNTED_STATEMENTS) this.#executions.clear()
      this.#executions.set(sql, seen)
      return undefined
    }
    this.#executions.delete(sql)
    const fresh = `kc_jdbc_sink_${this.#names.size + 1}`
    this.#names.set(sql, fresh)
    return fresh
  }

  async execute (sql: string, params: unknown[]): Promise<number | null> {
    try {
      const name = params.length > 0 ? this.#nameFor(sql) : undefined
      const res = await this.#client.query(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params })
      return res.rowCount
    } catch (err) {
      if (this.#dialect.classify(err).transient) this.#broken = true
      throw err
    }
  }

  async begin (): Promise<void> {
    await this.execute('BEGIN', [])
  }

  async commit (): Promise<void> {
    await this.execute('COMMIT', [])
  }

  async rollback (): Promise<void> {
    if (!this.#broken) await this.execute('ROLLBACK', [])
  }

  async describeTable (id: TableId): Promise<TableDefinition | null> {
    const res = await this.#client.query<{ relkind: string, attname: string | null, type: string | null, attnotnull: boolean | null }>({
      text: 'SELECT c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull FROM pg_catalog.pg_class c ' +
        'LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ' +
        'WHERE c.oid = to_regclass($1) ORDER BY a.attnum',
      values: [this.#dialect.tableSql(id)]
    })
    if (res.rows.length === 0) return null
    const columns = new Map<string, { name: string, type: string, nullable: boolean }>()
    for (const r of res.rows) if (r.attname !== null) columns.set(r.attname, { name: r.attname, type: r.type ?? 'text', nullable: r.attnotnull !== true })
    return { id, type: RELKINDS[res.rows[0]!.relkind] ?? 'TABLE', columns }
  }

  async close (): Promise<void> {
    this.#broken = true
    await this.#client.end().catch(() => {})
  }
}
