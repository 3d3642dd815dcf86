// The per-table (or per-query) readers of a task (Confluent's BulkTableQuerier, TimestampIncrementingTableQuerier and
// TimestampIncrementingCriteria). Each round reads what is new since the querier's offset:
//   bulk:                   SELECT * FROM t                            (streamed through a cursor)
//   timestamp:              … WHERE ts > ? AND ts < ? ORDER BY ts ASC  (streamed through a cursor)
//   incrementing:           … WHERE inc > ? ORDER BY inc ASC LIMIT n   (one page per poll)
//   timestamp+incrementing: … WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts,inc ASC LIMIT n
// where ts is the column or COALESCE(columns) and the upper bound is the database's clock minus
// timestamp.delay.interval.ms, read once per round. Paging by LIMIT is exact for the last two because (inc) and
// (ts, inc) order rows totally; the timestamp-only order does not, so that mode reads one statement to its end.
import { BigDecimal, ConnectError, DataError, SourceRecord, type SourceMap, type Struct } from '../../../api/index.ts'
import type { ColumnDefinition } from './columns.ts'
import type { DbSession, RowCursor } from './dialect.ts'
import {
  EMPTY_OFFSET, QUERY_PARTITION, offsetToMap, partitionV0, partitionV1, type TimestampIncrementingOffset
} from './offset.ts'
import { SchemaMapping, type MappingOptions } from './schema-mapping.ts'
import { NANOS_PER_MILLI, parseDateTime, toEpochNanos } from './temporal.ts'
import { qualifiedName, quoteIdentifier, unquotedName, type TableId } from './table-id.ts'

export interface QuerierSettings {
  readonly connector: string
  readonly topicPrefix: string
  readonly suffix: string
  /** quote.sql.identifiers = always. */
  readonly quoteIdentifiers: boolean
  readonly mapping: Omit<MappingOptions, 'dialect'>
  readonly timestampDelayMs: number
}

export interface PollResult {
  readonly records: SourceRecord[]
  /** The round is over: the querier waits poll.interval.ms before its next one. */
  readonly done: boolean
}

/** A table or a custom query. */
export type QuerySource = { readonly table: TableId } | { readonly query: string }

export abstract class TableQuerier {
  /** When the last round ended (ms); the next starts poll.interval.ms later. */
  lastUpdate = 0
  readonly source: QuerySource
  protected readonly settings: QuerierSettings
  /** Unquoted table name, or `query`, for messages. */
  readonly description: string

  constructor (source: QuerySource, settings: QuerierSettings) {
    this.source = source
    this.settings = settings
    this.description = 'table' in source ? `table '${unquotedName(source.table)}'` : 'the configured query'
  }

  get tableName (): string | null {
    return 'table' in this.source ? this.source.table.table : null
  }

  /** Whether a round is under way (more rows may follow at once). */
  abstract get querying (): boolean

  /** Reads up to `max` records of the current round, starting one if none is under way. */
  abstract poll (session: DbSession, max: number): Promise<PollResult>

  /** Ends the round (closing any cursor); `resetOffset` rewinds to where the failed statement started. */
  abstract reset (now: number, resetOffset: boolean): Promise<void>

  protected baseQuery (session: DbSession): string {
    if ('table' in this.source) return `SELECT * FROM ${qualifiedName(this.source.table, session.quote, this.settings.quoteIdentifiers)}`
    return this.source.query
  }

  protected withSuffix (sql: string): string {
    const suffix = this.settings.suffix.trim()
    return suffix === '' ? sql : `${sql} ${suffix}`
  }

  protected topic (): string {
    const name = this.tableName
    return name === null ? this.settings.topicPrefix : this.settings.topicPrefix + name
  }

  protected createMapping (session: DbSession, columns: readonly ColumnDefinition[]): SchemaMapping {
    return SchemaMapping.create(this.tableName, columns, { ...this.settings.mapping, dialect: session.dialect },
      { connector: this.settings.connector, source: this.description })
  }

  compareTo (other: TableQuerier): number {
    if (this.lastUpdate !== other.lastUpdate) return this.lastUpdate - other.lastUpdate
    return this.description < other.description ? -1 : this.description > other.description ? 1 : 0
  }
}

export class BulkTableQuerier extends TableQuerier {
  #cursor: RowCursor | null = null
  #mapping: SchemaMapping | null = null
  readonly #partition: SourceMap

  constructor (source: QuerySource, settings: QuerierSettings) {
    super(source, settings)
    this.#partition = 'table' in source ? partitionV0(source.table) : QUERY_PARTITION
  }

  get querying (): boolean {
    return this.#cursor !== null
  }

  async poll (session: DbSession, max: number): Promise<PollResult> {
    if (this.#cursor === null) {
      const cursor = await session.cursor(this.withSuffix(this.baseQuery(session)), [])
      try {
        this.#mapping = this.createMapping(session, cursor.columns)
      } catch (err) {
        await cursor.close().catch(() => {})
        throw err
      }
      this.#cursor = cursor
    }
    const rows = await this.#cursor.next(max)
    const mapping = this.#mapping!
    const topic = this.topic()
    const records = rows.map(row => {
      const { struct } = mapping.map(row)
      return new SourceRecord({ sourcePartition: this.#partition, sourceOffset: null, topic, valueSchema: struct.schema(), value: struct })
    })
    const done = rows.length < max
    if (done) {
      const cursor = this.#cursor
      this.#cursor = null
      await cursor.close()
    }
    return { records, done }
  }

  async reset (now: number, _resetOffset: boolean): Promise<void> {
    const cursor = this.#cursor
    this.#cursor = null
    this.#mapping = null
    this.lastUpdate = now
    await cursor?.close().catch(() => {})
  }
}

export interface IncrementalSpec {
  /** Timestamp column names (empty in incrementing mode). */
  readonly timestampColumns: readonly string[]
  /** The incrementing column (null in timestamp mode). */
  readonly incrementingColumn: string | null
  readonly initialOffset: TimestampIncrementingOffset
  /** The table's columns (table mode), to bind timestamp parameters as the column type needs. */
  readonly tableColumns: readonly ColumnDefinition[] | null
}

interface Round {
  /** Upper bound of the round's timestamps (epoch nanos), when timestamps are used. */
  readonly end: bigint | null
}

/** TimestampIncrementingTableQuerier (also TimestampTableQuerier for the timestamp-only mode). */
export class TimestampIncrementingTableQuerier extends TableQuerier {
  readonly #spec: IncrementalSpec
  readonly #partition: SourceMap
  #offset: TimestampIncrementingOffset
  #committed: TimestampIncrementingOffset
  #round: Round | null = null
  #cursor: RowCursor | null = null
  #mapping: SchemaMapping | null = null
  #mappingColumns: readonly ColumnDefinition[] | null = null
  /** Field names of the timestamp and incrementing columns in the record schema (case-adjusted). */
  #tsFields: string[] | null = null
  #incField: string | null = null

  constructor (source: QuerySource, settings: QuerierSettings, spec: IncrementalSpec) {
    super(source, settings)
    this.#spec = spec
    this.#partition = 'table' in source ? partitionV1(source.table) : QUERY_PARTITION
    this.#offset = this.#committed = spec.initialOffset ?? EMPTY_OFFSET
  }

  get offset (): TimestampIncrementingOffset {
    return this.#offset
  }

  get querying (): boolean {
    return this.#round !== null
  }

  get #hasTimestamps (): boolean {
    return this.#spec.timestampColumns.length > 0
  }

  get #hasIncrementing (): boolean {
    return this.#spec.incrementingColumn !== null
  }

  /** Timestamp-only mode reads a round through one statement (its order has ties); the others page with LIMIT. */
  get #paged (): boolean {
    return this.#hasIncrementing
  }

  #column (session: DbSession, name: string): string {
    const quoted = this.settings.quoteIdentifiers ? quoteIdentifier(name, session.quote) : name
    if (!('table' in this.source)) return quoted
    return `${qualifiedName(this.source.table, session.quote, this.settings.quoteIdentifiers)}.${quoted}`
  }

  #definition (name: string): ColumnDefinition | null {
    const cols = this.#spec.tableColumns
    if (cols === null) return null
    return cols.find(c => c.name === name) ?? cols.find(c => c.name.toLowerCase() === name.toLowerCase()) ?? null
  }

  #timestampExpression (session: DbSession): string {
    const exprs = this.#spec.timestampColumns.map(name => {
      const expr = this.#column(session, name)
      return session.timestampExpression?.(expr, this.#definition(name)) ?? expr
    })
    return exprs.length === 1 ? exprs[0]! : `COALESCE(${exprs.join(',')})`
  }

  #statement (session: DbSession, max: number): { sql: string, params: unknown[] } {
    const params: unknown[] = []
    const p = (v: unknown): string => {
      params.push(v)
      return session.placeholder(params.length)
    }
    const tsColumn = this.#hasTimestamps ? this.#definition(this.#spec.timestampColumns[0]!) : null
    const zone = this.settings.mapping.zone
    const tsParam = (nanos: bigint): unknown => session.timestampParam({ epochNanos: nanos, zone, column: tsColumn })
    const begin = this.#offset.timestamp ?? 0n
    const inc = this.#offset.incrementing ?? -1n
    let sql = this.baseQuery(session)
    if (this.#hasTimestamps && this.#hasIncrementing) {
      const ts = this.#timestampExpression(session)
      const incCol = this.#column(session, this.#spec.incrementingColumn!)
      sql += ` WHERE ${ts} < ${p(tsParam(this.#round!.end!))} AND ((${ts} = ${p(tsParam(begin))} AND ${incCol} > ${p(inc)}) ` +
        `OR ${ts} > ${p(tsParam(begin))}) ORDER BY ${ts},${incCol} ASC`
    } else if (this.#hasIncrementing) {
      const incCol = this.#column(session, this.#spec.incrementingColumn!)
      sql += ` WHERE ${incCol} > ${p(inc)} ORDER BY ${incCol} ASC`
    } else {
      const ts = this.#timestampExpression(session)
      sql += ` WHERE ${ts} > ${p(tsParam(begin))} AND ${ts} < ${p(tsParam(this.#round!.end!))} ORDER BY ${ts} ASC`
    }
    if (this.#paged) sql += session.limitClause(max)
    return { sql: this.withSuffix(sql), params }
  }

  async poll (session: DbSession, max: number): Promise<PollResult> {
    if (this.#round === null) {
      const end = this.#hasTimestamps
        ? (await session.currentTime()) - BigInt(this.settings.timestampDelayMs) * NANOS_PER_MILLI
        : null
      this.#round = { end }
    }
    // A statement about to start reads from here; a failure rewinds to it (Confluent's committedOffset).
    if (this.#paged || this.#cursor === null) this.#committed = this.#offset
    let rows: readonly (readonly unknown[])[]
    let columns: readonly ColumnDefinition[]
    if (this.#paged) {
      const { sql, params } = this.#statement(session, max)
      const result = await session.query(sql, params)
      rows = result.rows
      columns = result.columns
    } else {
      if (this.#cursor === null) {
        const { sql, params } = this.#statement(session, max)
        this.#cursor = await session.cursor(sql, params)
      }
      columns = this.#cursor.columns
      rows = await this.#cursor.next(max)
    }
    const mapping = this.#mappingFor(session, columns)
    const topic = this.topic()
    const records: SourceRecord[] = []
    for (const row of rows) {
      const { struct, instants } = mapping.map(row)
      this.#offset = this.#extractOffset(struct, instants)
      records.push(new SourceRecord({
        sourcePartition: this.#partition, sourceOffset: offsetToMap(this.#offset), topic, valueSchema: struct.schema(), value: struct
      }))
    }
    const done = rows.length < max
    if (done) {
      const cursor = this.#cursor
      this.#cursor = null
      this.#round = null
      await cursor?.close()
    }
    return { records, done }
  }

  #mappingFor (session: DbSession, columns: readonly ColumnDefinition[]): SchemaMapping {
    if (this.#mapping !== null && sameColumns(this.#mappingColumns!, columns)) return this.#mapping
    const mapping = this.createMapping(session, columns)
    this.#tsFields = this.#spec.timestampColumns.map(name => fieldFor(mapping, name, 'Timestamp', true))
    this.#incField = this.#spec.incrementingColumn === null ? null : fieldFor(mapping, this.#spec.incrementingColumn, 'Incrementing', false)
    this.#mapping = mapping
    this.#mappingColumns = columns
    return mapping
  }

  /** TimestampIncrementingCriteria.extractValues: the first non-null timestamp column, and the incrementing value. */
  #extractOffset (struct: Struct, instants: ReadonlyMap<string, bigint>): TimestampIncrementingOffset {
    let timestamp: bigint | null = null
    if (this.#hasTimestamps) {
      for (const f of this.#tsFields!) {
        const v = instants.get(f) ?? this.#instantOf(struct, f)
        if (v !== null) {
          timestamp = v
          break
        }
      }
    }
    let incrementing: bigint | null = null
    if (this.#incField !== null) {
      const field = this.#incField
      const value = struct.get(field)
      const type = struct.schema().field(field)!.schema().type()
      if (value == null) throw new ConnectError(`JDBC source connector '${this.settings.connector}': null value for incrementing column '${field}' of type ${type} in ${this.description}`)
      if (typeof value === 'bigint') incrementing = value
      else if (typeof value === 'number' && Number.isInteger(value)) incrementing = BigInt(value)
      else if (value instanceof BigDecimal) {
        if (value.scale !== 0 && value.setScale(0, 'DOWN').compareTo(value) !== 0) {
          throw new ConnectError(`JDBC source connector '${this.settings.connector}': scale of Decimal value for incrementing column '${field}' in ${this.description} must be 0`)
        }
        incrementing = value.setScale(0, 'DOWN').unscaledValue
        if (incrementing > 2n ** 63n - 1n) throw new ConnectError(`JDBC source connector '${this.settings.connector}': Decimal value for incrementing column '${field}' in ${this.description} exceeded Long.MAX_VALUE`)
      } else {
        throw new ConnectError(`JDBC source connector '${this.settings.connector}': invalid type for incrementing column '${field}' in ${this.description}: ${type}`)
      }
    }
    return { timestamp, incrementing }
  }

  /**
   * The instant of a timestamp column that is not a TIMESTAMP (a DATE, epoch milliseconds in an integer column, date
   * text); Confluent fails on these with a ClassCastException.
   */
  #instantOf (struct: Struct, field: string): bigint | null {
    const value = struct.get(field)
    if (value == null) return null
    if (value instanceof Date) return BigInt(value.getTime()) * NANOS_PER_MILLI
    if (typeof value === 'bigint') return value * NANOS_PER_MILLI
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value) * NANOS_PER_MILLI
    if (typeof value === 'string') {
      const parsed = parseDateTime(value)
      if (parsed !== null) return toEpochNanos(parsed, this.settings.mapping.zone)
    }
    throw new ConnectError(`JDBC source connector '${this.settings.connector}': timestamp column '${field}' of ${this.description} ` +
      `holds ${JSON.stringify(String(value))}, which cannot be read as a timestamp`)
  }

  async reset (now: number, resetOffset: boolean): Promise<void> {
    if (resetOffset) this.#offset = this.#committed
    const cursor = this.#cursor
    this.#cursor = null
    this.#round = null
    this.lastUpdate = now
    await cursor?.close().catch(() => {})
  }
}

function sameColumns (a: readonly ColumnDefinition[], b: readonly ColumnDefinition[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  return a.every((c, i) => {
    const d = b[i]!
    return c.name === d.name && c.sqlType === d.sqlType && c.typeName === d.typeName && c.precision === d.precision &&
      c.scale === d.scale && c.optional === d.optional && c.signed === d.signed
  })
}

/** The record field of a configured column: exact name first, else the one field matching case-insensitively. */
function fieldFor (mapping: SchemaMapping, name: string, what: 'Timestamp' | 'Incrementing', caseInsensitive: boolean): string {
  const fields = mapping.schema.fields().map(f => f.name())
  if (fields.includes(name)) return name
  const matches = fields.filter(f => f.toLowerCase() === name.toLowerCase())
  if (matches.length === 1 && (caseInsensitive || what === 'Incrementing')) return matches[0]!
  if (matches.length > 1) {
    throw new DataError(`${what} column ${name} not found in columns read from database: ${fields.join(',')}. Could not fall back to ` +
      'case-insensitively selecting a column because there were multiple columns whose names case-insensitively matched ' +
      `the specified name: ${matches.join(',')}. To force the connector to choose between these columns, specify a value ` +
      `for the ${what.toLowerCase()} column configuration property that matches the desired column case-sensitively.`)
  }
  throw new DataError(`${what} column ${name} not found in ${fields.join(',')}`)
}
