// PostgreSQL through `pg` (Confluent's PostgreSqlDatabaseDialect on pgjdbc). Every value is read as the server's text
// form and converted by schema-mapping.ts; column types are described as pgjdbc's TypeInfoCache reports them (bool as
// BIT(1), text as VARCHAR, bytea as BINARY, timestamptz as TIMESTAMP, json/jsonb/uuid as OTHER…), nullability from
// pg_attribute.attnotnull, and NUMERIC precision/scale from the type modifier. Discovered tables are schema.table
// (Confluent strips the catalog pgjdbc 42.7.5+ reports), so offsets are keyed `{"protocol":"1","table":"public.t"}`.
import pg from 'pg'
import type { ServerJdbcUrl } from '../jdbc-url.ts'
import { column, type ColumnDefinition, type SqlType } from './columns.ts'
import type { ConnectOptions, DbSession, QueryResult, RowCursor, TableListing, TimestampParam } from './dialect.ts'
import { tableId, qualifiedName, type TableId } from './table-id.ts'
import { formatLocal, formatOffset, parseDateTime, toEpochNanos } from './temporal.ts'

/** Built-in type OIDs → the java.sql.Types pgjdbc reports. */
const BUILTIN: ReadonlyMap<number, [string, SqlType]> = new Map([
  [16, ['bool', 'BIT']], [17, ['bytea', 'BINARY']], [18, ['char', 'CHAR']], [19, ['name', 'VARCHAR']],
  [20, ['int8', 'BIGINT']], [21, ['int2', 'SMALLINT']], [23, ['int4', 'INTEGER']], [25, ['text', 'VARCHAR']],
  [26, ['oid', 'BIGINT']], [114, ['json', 'OTHER']], [142, ['xml', 'SQLXML']], [700, ['float4', 'REAL']],
  [701, ['float8', 'DOUBLE']], [790, ['money', 'DOUBLE']], [1042, ['bpchar', 'CHAR']], [1043, ['varchar', 'VARCHAR']],
  [1082, ['date', 'DATE']], [1083, ['time', 'TIME']], [1114, ['timestamp', 'TIMESTAMP']],
  [1184, ['timestamptz', 'TIMESTAMP']], [1186, ['interval', 'OTHER']], [1266, ['timetz', 'TIME']],
  [1560, ['bit', 'BIT']], [1562, ['varbit', 'OTHER']], [1700, ['numeric', 'NUMERIC']], [2950, ['uuid', 'OTHER']],
  [3802, ['jsonb', 'OTHER']], [705, ['unknown', 'VARCHAR']]
])

const TEXT_TYPES = { getTypeParser: () => (value: string) => value }

interface AttributeInfo { notNull: boolean, autoIncrement: boolean }

/** pgjdbc's isAutoIncrement: a serial default or an identity column. */
const ATTRIBUTES_SQL = `SELECT a.attrelid, a.attnum, a.attnotnull,
  (a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%', false)) AS autoinc
  FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0`

/** pgjdbc's getTables type conditions (relkind and whether the schema is a system one). */
const TABLE_TYPE_CONDITIONS: Readonly<Record<string, string>> = {
  'TABLE': "c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  'PARTITIONED TABLE': "c.relkind = 'p' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  'VIEW': "c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema'",
  'MATERIALIZED VIEW': "c.relkind = 'm'",
  'FOREIGN TABLE': "c.relkind = 'f'",
  'SYSTEM TABLE': "c.relkind = 'r' AND (n.nspname = 'pg_catalog' OR n.nspname = 'information_schema')",
  'SYSTEM VIEW': "c.relkind = 'v' AND (n.nspname = 'pg_catalog' OR n.nspname = 'information_schema')",
  'TEMPORARY TABLE': "c.relkind = 'r' AND n.nspname ~ '^pg_temp_'",
  'TEMPORARY VIEW': "c.relkind = 'v' AND n.nspname ~ '^pg_temp_'"
}

const ISOLATION: Readonly<Record<string, string>> = {
  READ_UNCOMMITTED: 'READ UNCOMMITTED', READ_COMMITTED: 'READ COMMITTED', REPEATABLE_READ: 'REPEATABLE READ', SERIALIZABLE: 'SERIALIZABLE'
}

/**
 * Bit strings as the schema maps them: bit(2..8) as the (signed) byte value of its bits, longer ones as bytes, most
 * significant bit first, zero-padded at the end to whole bytes. Other values stay text.
 */
function decodeRows (columns: readonly ColumnDefinition[], rows: readonly unknown[][]): unknown[][] {
  const bitColumns = columns.map((c, i) => c.typeName === 'bit' && c.precision > 1 ? i : -1).filter(i => i >= 0)
  if (bitColumns.length === 0) return rows as unknown[][]
  return rows.map(row => {
    const out = [...row]
    for (const i of bitColumns) {
      const bits = out[i]
      if (typeof bits !== 'string') continue
      if (columns[i]!.precision <= 8) {
        out[i] = String(BigInt.asIntN(8, BigInt('0b' + (bits === '' ? '0' : bits))))
      } else {
        const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0')
        const bytes = Buffer.alloc(padded.length / 8)
        for (let b = 0; b < bytes.length; b++) bytes[b] = parseInt(padded.slice(b * 8, b * 8 + 8), 2)
        out[i] = bytes
      }
    }
    return out
  })
}

class PostgresSession implements DbSession {
  readonly dialect = 'PostgreSqlDatabaseDialect' as const
  readonly quote = '"'
  readonly twoPartNamesAreCatalog = false
  readonly #client: pg.Client
  readonly #typeNames = new Map<number, [string, SqlType]>()
  readonly #attributes = new Map<string, AttributeInfo>()
  #cursorSeq = 0
  #broken: Error | null = null

  constructor (client: pg.Client) {
    this.#client = client
    client.on('error', err => { this.#broken = err })
  }

  placeholder (index: number): string {
    return `$${index}`
  }

  limitClause (n: number): string {
    return ` LIMIT ${n}`
  }

  /** Wall clock in db.timezone with its offset: a `timestamp` column ignores the offset, `timestamptz` honours it. */
  timestampParam (p: TimestampParam): unknown {
    return formatLocal(p.epochNanos, p.zone, 6) + formatOffset(p.epochNanos, p.zone)
  }

  async #run (config: pg.QueryConfig): Promise<pg.QueryResult<unknown[]>> {
    if (this.#broken !== null) throw this.#broken
    return await this.#client.query<unknown[]>({ ...config, rowMode: 'array', types: TEXT_TYPES })
  }

  async #typeInfo (oids: readonly number[]): Promise<void> {
    const missing = [...new Set(oids)].filter(o => !BUILTIN.has(o) && !this.#typeNames.has(o))
    if (missing.length === 0) return
    const r = await this.#run({
      text: `SELECT t.oid, t.typname, t.typtype, t.typcategory, t.typelem FROM pg_catalog.pg_type t WHERE t.oid = ANY($1::oid[])`,
      values: [missing]
    })
    for (const [oid, name, typtype, category] of r.rows as string[][]) {
      let sqlType: SqlType = 'OTHER'
      if (category === 'A') sqlType = 'ARRAY'
      else if (typtype === 'c') sqlType = 'STRUCT'
      else if (typtype === 'e') sqlType = 'VARCHAR'
      this.#typeNames.set(Number(oid), [name!, sqlType])
    }
  }

  async #attributeInfo (fields: readonly pg.FieldDef[]): Promise<void> {
    const rels = [...new Set(fields.filter(f => f.tableID !== 0 && !this.#attributes.has(`${f.tableID}:${f.columnID}`)).map(f => f.tableID))]
    if (rels.length === 0) return
    const r = await this.#run({ text: ATTRIBUTES_SQL, values: [rels] })
    for (const [rel, num, notNull, autoinc] of r.rows as string[][]) {
      this.#attributes.set(`${rel}:${num}`, { notNull: notNull === 't', autoIncrement: autoinc === 't' })
    }
  }

  async #columns (fields: readonly pg.FieldDef[], table: TableId | null): Promise<ColumnDefinition[]> {
    await this.#typeInfo(fields.map(f => f.dataTypeID))
    await this.#attributeInfo(fields)
    return fields.map(f => {
      const [typeName, sqlType] = BUILTIN.get(f.dataTypeID) ?? this.#typeNames.get(f.dataTypeID) ?? ['unknown', 'OTHER']
      const attr = f.tableID === 0 ? undefined : this.#attributes.get(`${f.tableID}:${f.columnID}`)
      const mod = f.dataTypeModifier
      let precision = 0
      let scale = 0
      if (sqlType === 'NUMERIC' && mod !== -1) {
        precision = ((mod - 4) >> 16) & 0xffff
        scale = (mod - 4) & 0xffff
      } else if (typeName === 'bool') {
        precision = 1
      } else if (typeName === 'bit') {
        precision = mod === -1 ? 1 : mod
      }
      return column({
        name: f.name,
        table: f.tableID === 0 ? null : table,
        sqlType,
        typeName,
        precision,
        scale,
        signed: ['int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'numeric', 'money'].includes(typeName),
        optional: attr === undefined ? true : !attr.notNull,
        autoIncrement: attr?.autoIncrement ?? false,
        temporal: typeName === 'timestamptz' || typeName === 'timetz' ? 'offset' : 'local'
      })
    })
  }

  async query (sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const r = await this.#run({ text: sql, values: [...params] })
    const columns = await this.#columns(r.fields, null)
    return { columns, rows: decodeRows(columns, r.rows) }
  }

  async cursor (sql: string, params: readonly unknown[]): Promise<RowCursor> {
    const name = `kconnect_cursor_${++this.#cursorSeq}`
    await this.#run({ text: 'BEGIN READ ONLY' })
    try {
      await this.#run({ text: `DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, values: [...params] })
      const first = await this.#run({ text: `FETCH FORWARD 0 FROM ${name}` })
      const columns = await this.#columns(first.fields, null)
      let open = true
      const close = async (): Promise<void> => {
        if (!open) return
        open = false
        if (this.#broken !== null) return
        await this.#run({ text: `CLOSE ${name}` }).catch(() => {})
        await this.#run({ text: 'COMMIT' }).catch(() => {})
      }
      return {
        columns,
        next: async (max: number) => {
          if (!open) return []
          const r = await this.#run({ text: `FETCH FORWARD ${Math.max(1, max)} FROM ${name}` })
          if (r.rows.length < max) await close()
          return decodeRows(columns, r.rows)
        },
        close
      }
    } catch (err) {
      if (this.#broken === null) await this.#run({ text: 'ROLLBACK' }).catch(() => {})
      throw err
    }
  }

  async listTables (listing: TableListing): Promise<TableId[]> {
    const conditions = listing.types.map(t => TABLE_TYPE_CONDITIONS[t.trim().toUpperCase()]).filter((c): c is string => c !== undefined)
    if (conditions.length === 0) return []
    const values: unknown[] = []
    let where = `(${conditions.map(c => `(${c})`).join(' OR ')})`
    if (listing.catalogPattern !== null) {
      values.push(listing.catalogPattern)
      where += ` AND current_database() LIKE $${values.length}`
    }
    if (listing.schemaPattern !== null) {
      values.push(listing.schemaPattern)
      where += ` AND n.nspname LIKE $${values.length}`
    }
    const r = await this.#run({
      text: `SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE ${where} ORDER BY n.nspname, c.relname`,
      values
    })
    return (r.rows as string[][]).map(([schema, name]) => tableId(null, schema!, name!))
  }

  async describeTable (table: TableId): Promise<ColumnDefinition[] | null> {
    try {
      const r = await this.#run({ text: `SELECT * FROM ${qualifiedName(table, this.quote)} WHERE 1 = 0` })
      return await this.#columns(r.fields, table)
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (code === '42P01' || code === '3F000') return null
      throw err
    }
  }

  async currentTime (): Promise<bigint> {
    const r = await this.#run({ text: 'SELECT CURRENT_TIMESTAMP' })
    const parsed = parseDateTime(String(r.rows[0]![0]))
    if (parsed === null) throw new Error(`Unable to read the current time from PostgreSQL: ${String(r.rows[0]![0])}`)
    return toEpochNanos(parsed, 'UTC')
  }

  async isValid (): Promise<boolean> {
    if (this.#broken !== null) return false
    try {
      await this.#run({ text: 'SELECT 1' })
      return true
    } catch {
      return false
    }
  }

  async close (): Promise<void> {
    await this.#client.end().catch(() => {})
  }
}

export async function connectPostgres (url: ServerJdbcUrl, opts: ConnectOptions): Promise<DbSession> {
  const user = opts.user ?? url.user ?? undefined
  const sslmode = url.params.get('sslmode')
  const sslParam = url.params.get('ssl')
  let ssl: pg.ClientConfig['ssl']
  if (sslmode === 'verify-full' || sslmode === 'verify-ca') ssl = { rejectUnauthorized: true }
  else if (sslmode === 'require' || sslParam === 'true' || sslParam === '') ssl = { rejectUnauthorized: false }
  const options: string[] = []
  const currentSchema = url.params.get('currentSchema')
  if (currentSchema !== undefined) options.push(`-c search_path=${currentSchema.replace(/[\s\\]/g, '\\$&')}`)
  const connectTimeout = Number(url.params.get('connectTimeout') ?? 10)
  const client = new pg.Client({
    host: url.host,
    port: url.port,
    user,
    password: opts.password ?? url.password ?? undefined,
    database: url.database ?? user,
    ssl,
    options: options.length > 0 ? options.join(' ') : undefined,
    application_name: url.params.get('ApplicationName') ?? 'kconnect-jdbc-source',
    connectionTimeoutMillis: Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout * 1000 : 10000
  })
  client.on('error', () => {})
  try {
    await client.connect()
    const isolation = ISOLATION[opts.transactionIsolation.toUpperCase()]
    if (isolation !== undefined) await client.query(`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ${isolation}`)
  } catch (err) {
    await client.end().catch(() => {})
    throw err
  }
  return new PostgresSession(client)
}
