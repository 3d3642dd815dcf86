// Writes one put() (Confluent's JdbcDbWriter + BufferedRecords + DbStructure): records are grouped by destination
// table; within a table, consecutive records of one kind (write / delete) and one key+value schema form a segment,
// kept in arrival order. Tables are created or altered first (DDL runs outside the data transaction: MySQL commits
// implicitly on DDL), then every segment is written inside ONE transaction — multi-row statements of up to
// batch.size rows with bound parameters — and committed; any failure rolls the whole put back.
import { ConnectError, RetriableError, Struct, schemaEquals, type Field, type Schema, type SinkRecord } from '../../../api/index.ts'
import type { JdbcSinkConfig } from './config.ts'
import { sanitizeJdbcUrl, type ParsedJdbcUrl } from './connection-url.ts'
import {
  errorMessage, isNetworkError, type Dialect, type ParamConverter, type Session, type StatementShape, type TableDefinition
} from './dialect.ts'
import {
  describeField, extractFieldsMetadata, flatMapToStruct, isFieldOptional, schemalessMapEntries, validateRecord,
  type FieldsMetadata, type SinkField
} from './fields.ts'
import { tableKey, type TableId } from './table-id.ts'

/** Reads one column's parameter from a record and its (normalized) value. */
type Binder = (record: SinkRecord, value: unknown) => unknown

interface TableMeta {
  readonly keySchema: Schema | null
  readonly valueSchema: Schema | null
  readonly fields: FieldsMetadata
  readonly keyBinders: readonly Binder[]
  readonly nonKeyBinders: readonly Binder[]
  /** The table definition the fields were last checked (and the shapes built) against. */
  checkedDef: TableDefinition | null
  readonly shapes: Map<string, StatementShape>
}

interface TableState {
  readonly id: TableId
  readonly sql: string
  /** undefined: not looked up yet; null: does not exist. */
  def: TableDefinition | null | undefined
  metas: TableMeta[]
}

interface Segment {
  readonly kind: 'write' | 'delete'
  readonly meta: TableMeta
  readonly records: SinkRecord[]
  readonly values: unknown[]
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> => new Promise(resolve => {
  if (signal.aborted || ms <= 0) { resolve(); return }
  const timer = setTimeout(done, ms)
  function done (): void {
    clearTimeout(timer)
    signal.removeEventListener('abort', done)
    resolve()
  }
  signal.addEventListener('abort', done, { once: true })
})

function coordinates (r: SinkRecord): string {
  return `(topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset})`
}

/** A string identifying a row's key for collapsing duplicates. */
function keyPart (p: unknown): string {
  if (p === null || p === undefined) return 'n'
  if (Buffer.isBuffer(p)) return 'b' + p.toString('hex')
  if (typeof p === 'object') {
    const v = (p as { value?: unknown }).value
    return 'o' + (v !== undefined ? String(v) : JSON.stringify(p))
  }
  return typeof p + String(p)
}

export class JdbcWriter {
  readonly #config: JdbcSinkConfig
  readonly #dialect: Dialect
  readonly #url: ParsedJdbcUrl
  readonly #tablesByTopic = new Map<string, TableState>()
  readonly #tables = new Map<string, TableState>()
  readonly #abort = new AbortController()
  #session: Session | null = null

  constructor (config: JdbcSinkConfig, dialect: Dialect, url: ParsedJdbcUrl) {
    this.#config = config
    this.#dialect = dialect
    this.#url = url
  }

  get dialect (): Dialect {
    return this.#dialect
  }

  #who (): string {
    return this.#config.connectorName === '' ? 'JDBC sink' : `JDBC sink connector '${this.#config.connectorName}'`
  }

  /** Writes the records in one transaction; throws RetriableError for transient failures, ConnectError otherwise. */
  async write (records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return
    const plan = this.#plan(records)
    const session = await this.#connect()
    for (const [table, segments] of plan) await this.#prepareTable(session, table, segments)
    try {
      await session.begin()
    } catch (err) {
      throw this.#driverError(err, null, null, records.length, 'start a transaction')
    }
    try {
      for (const [table, segments] of plan) {
        for (const seg of segments) await this.#writeSegment(session, table, seg, records.length)
      }
    } catch (err) {
      await session.rollback().catch(() => {})
      if (err instanceof ConnectError) throw err
      throw this.#driverError(err, null, null, records.length, 'write')
    }
    try {
      await session.commit()
    } catch (err) {
      await session.rollback().catch(() => {})
      throw this.#driverError(err, null, null, records.length, 'commit')
    }
  }

  /** Forgets what was learnt about tables: they are described again before the next write. */
  forgetTables (): void {
    this.#tablesByTopic.clear()
    this.#tables.clear()
  }

  /** Drops the connection and everything learnt about tables (after a failure, as Confluent re-creates its writer). */
  async reset (): Promise<void> {
    this.forgetTables()
    const s = this.#session
    this.#session = null
    if (s !== null) await s.close().catch(() => {})
  }

  async close (): Promise<void> {
    this.#abort.abort()
    await this.reset()
  }

  // ---- connection

  async #connect (): Promise<Session> {
    if (this.#session !== null && !this.#session.broken) return this.#session
    if (this.#session !== null) await this.reset()
    const attempts = Math.max(1, this.#config.connectionAttempts)
    let last: unknown = null
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        this.#session = await this.#dialect.connect(this.#url)
        return this.#session
      } catch (err) {
        last = err
        if (attempt < attempts && !this.#abort.signal.aborted) await sleep(this.#config.connectionBackoffMs, this.#abort.signal)
      }
    }
    const message = `${this.#who()} could not connect to ${sanitizeJdbcUrl(this.#config.connectionUrl)} after ${attempts} ` +
      `attempt${attempts === 1 ? '' : 's'}: ${errorMessage(last)}`
    if (isNetworkError(last) || this.#dialect.classify(last).transient) throw new RetriableError(message, { cause: last })
    throw new ConnectError(message, { cause: last })
  }

  // ---- planning

  #table (topic: string): TableState {
    let t = this.#tablesByTopic.get(topic)
    if (t !== undefined) return t
    const name = this.#config.tableNameFormat.replaceAll('${topic}', topic)
    if (name === '') {
      throw new ConnectError(`Destination table name for topic '${topic}' is empty using the format string '${this.#config.tableNameFormat}'`)
    }
    const id = this.#dialect.parseTableId(name)
    const key = tableKey(id)
    t = this.#tables.get(key)
    if (t === undefined) {
      t = { id, sql: this.#dialect.tableSql(id), def: undefined, metas: [] }
      this.#tables.set(key, t)
    }
    this.#tablesByTopic.set(topic, t)
    return t
  }

  #plan (records: readonly SinkRecord[]): Map<TableState, Segment[]> {
    const plan = new Map<TableState, Segment[]>()
    const config = this.#config
    let lastTopic: string | null = null
    let table: TableState | null = null
    let segments: Segment[] = []
    for (const r of records) {
      if (r.topic !== lastTopic) {
        table = this.#table(r.topic)
        lastTopic = r.topic
        let list = plan.get(table)
        if (list === undefined) plan.set(table, list = [])
        segments = list
      }
      let value = r.value
      let valueSchema = r.valueSchema
      if (value === null && config.deleteEnabled) {
        validateRecord(config, r, null, null)
        const last = segments.at(-1)
        if (last !== undefined && last.kind === 'delete' && sameSchema(last.meta.keySchema, r.keySchema)) {
          last.records.push(r)
          last.values.push(null)
        } else {
          segments.push({ kind: 'delete', meta: this.#meta(table!, r.keySchema, null), records: [r], values: [null] })
        }
        continue
      }
      if (valueSchema === null && value !== null) {
        if (value instanceof Struct) valueSchema = value.schema()
        else if (config.pkMode === 'none') {
          const entries = schemalessMapEntries(value)
          if (entries !== null) {
            value = flatMapToStruct(entries, r)
            valueSchema = (value as Struct).schema()
          }
        }
      }
      validateRecord(config, r, valueSchema, value)
      const last = segments.at(-1)
      if (last !== undefined && last.kind === 'write' && sameSchema(last.meta.valueSchema, valueSchema) && sameSchema(last.meta.keySchema, r.keySchema)) {
        last.records.push(r)
        last.values.push(value)
      } else {
        segments.push({ kind: 'write', meta: this.#meta(table!, r.keySchema, valueSchema), records: [r], values: [value] })
      }
    }
    return plan
  }

  #meta (table: TableState, keySchema: Schema | null, valueSchema: Schema | null): TableMeta {
    for (const m of table.metas) if (m.keySchema === keySchema && m.valueSchema === valueSchema) return m
    for (const m of table.metas) if (sameSchema(m.keySchema, keySchema) && sameSchema(m.valueSchema, valueSchema)) return m
    const c = this.#config
    const fields = extractFieldsMetadata(table.id.table, c.pkMode, c.pkFields, c.fieldsWhitelist, c.stringOutputValueColumnName, keySchema, valueSchema)
    const meta: TableMeta = {
      keySchema,
      valueSchema,
      fields,
      keyBinders: fields.keyFieldNames.map(name => this.#keyBinder(table, fields.allFields.get(name)!, keySchema, valueSchema)),
      nonKeyBinders: fields.nonKeyFieldNames.map(name => this.#valueBinder(table, fields.allFields.get(name)!, valueSchema, fields.stringValue)),
      checkedDef: null,
      shapes: new Map()
    }
    if (table.metas.length >= 16) table.metas.shift()
    table.metas.push(meta)
    return meta
  }

  #converter (table: TableState, field: SinkField): ParamConverter | null {
    try {
      return this.#dialect.converter(field.schema)
    } catch (err) {
      throw new ConnectError(`${this.#who()} cannot write field '${field.name}' to table ${table.sql}: ${errorMessage(err)} ` +
        '(the JDBC sink writes primitive and logical types; flatten nested structs and maps first, e.g. with the Flatten transformation)')
    }
  }

  #keyBinder (table: TableState, field: SinkField, keySchema: Schema | null, valueSchema: Schema | null): Binder {
    const convert = this.#converter(table, field)
    const wrap = (get: (r: SinkRecord, v: unknown) => unknown): Binder => convert === null
      ? get
      : (r, v) => { const x = get(r, v); return x == null ? null : convert(x) }
    switch (this.#config.pkMode) {
      case 'kafka': {
        const [topic, partition] = this.#config.pkFields.length === 3 ? this.#config.pkFields : ['__connect_topic', '__connect_partition']
        if (field.name === topic) return r => r.topic
        if (field.name === partition) return r => r.kafkaPartition
        return wrap(r => r.kafkaOffset)
      }
      case 'record_key': {
        if (keySchema !== null && keySchema.type() !== 'STRUCT') return wrap(r => r.key)
        const f = keySchema!.field(field.name)!
        return wrap(r => (r.key as Struct).get(f))
      }
      default: {
        const f = valueSchema!.field(field.name)!
        return wrap((_r, v) => (v as Struct).get(f))
      }
    }
  }

  #valueBinder (table: TableState, field: SinkField, valueSchema: Schema | null, stringValue: boolean): Binder {
    const convert = this.#converter(table, field)
    if (stringValue) return (_r, v) => v
    const f: Field = valueSchema!.field(field.name)!
    const fallback = this.#config.replaceNullWithDefault ? f.schema().defaultValue() : null
    if (fallback == null) {
      if (convert === null) return (_r, v) => (v as Struct).getWithoutDefault(f) ?? null
      return (_r, v) => {
        const x = (v as Struct).getWithoutDefault(f)
        return x == null ? null : convert(x)
      }
    }
    const converted = convert === null ? fallback : convert(fallback)
    if (convert === null) return (_r, v) => (v as Struct).getWithoutDefault(f) ?? converted
    return (_r, v) => {
      const x = (v as Struct).getWithoutDefault(f)
      return x == null ? converted : convert(x)
    }
  }

  // ---- DDL (DbStructure.createOrAmendIfNecessary)

  async #describe (session: Session, table: TableState): Promise<TableDefinition | null> {
    try {
      table.def = await session.describeTable(table.id)
    } catch (err) {
      throw this.#driverError(err, table, null, 0, 'read the definition of')
    }
    return table.def
  }

  async #prepareTable (session: Session, table: TableState, segments: readonly Segment[]): Promise<void> {
    const metas = new Set<TableMeta>()
    for (const s of segments) metas.add(s.meta)
    for (const meta of metas) {
      let def = table.def === undefined ? await this.#describe(session, table) : table.def
      if (def !== null && meta.checkedDef === def) continue
      if (def === null) {
        if (!this.#config.autoCreate) throw new ConnectError(`Table ${table.sql} is missing and auto-creation is disabled`)
        const sql = this.#ddl(table, () => this.#dialect.createTableSql(table.id, meta.fields.allFields.values()))
        try {
          await session.execute(sql, [])
        } catch (err) {
          // another task may have created it meanwhile
          if (await this.#describe(session, table) === null) throw this.#driverError(err, table, null, 0, `create (${sql})`)
        }
        def = await this.#describe(session, table)
        if (def === null) throw new ConnectError(`${this.#who()} created table ${table.sql} but cannot find it afterwards`)
      }
      if (!this.#config.tableTypes.has(def.type)) {
        throw new ConnectError(`${this.#who()} cannot write to ${table.sql}: it is a ${def.type}, but table.types is ` +
          [...this.#config.tableTypes].join(','))
      }
      def = await this.#amend(session, table, meta, def, this.#config.maxRetries)
      meta.checkedDef = def
      meta.shapes.clear()
    }
  }

  #ddl (table: TableState, build: () => string): string {
    try {
      return build()
    } catch (err) {
      throw new ConnectError(`${this.#who()} cannot create or alter table ${table.sql}: ${errorMessage(err)}`, { cause: err })
    }
  }

  async #amend (session: Session, table: TableState, meta: TableMeta, def: TableDefinition, retries: number): Promise<TableDefinition> {
    const missing = missingFields(meta.fields.allFields.values(), def)
    if (missing.length === 0) return def
    const names = missing.map(f => f.name).join(', ')
    const kind = def.type === 'VIEW' ? 'View' : 'Table'
    if (def.type === 'VIEW') throw new ConnectError(`${kind} ${table.sql} is missing fields (${names}) and ALTER VIEW is unsupported`)
    for (const f of missing) {
      if (!isFieldOptional(f) && f.schema.defaultValue() == null) {
        throw new ConnectError(`Cannot ALTER TABLE ${table.sql} to add missing field ${describeField(f)}, as the field is not ` +
          `optional and does not have a default value (table ${table.sql}, column "${f.name}")`)
      }
    }
    if (!this.#config.autoEvolve) throw new ConnectError(`${kind} ${table.sql} is missing fields (${names}) and auto-evolution is disabled`)
    const statements = (() => {
      try {
        return this.#dialect.alterTableSql(table.id, missing)
      } catch (err) {
        throw new ConnectError(`${this.#who()} cannot alter table ${table.sql} to add ${names}: ${errorMessage(err)}`, { cause: err })
      }
    })()
    try {
      for (const sql of statements) await session.execute(sql, [])
    } catch (err) {
      const fresh = await this.#describe(session, table)
      if (retries <= 0 || fresh === null) {
        throw this.#driverError(err, table, null, 0, `amend (add missing fields ${names} to)`)
      }
      return this.#amend(session, table, meta, fresh, retries - 1)
    }
    const fresh = await this.#describe(session, table)
    if (fresh === null) throw new ConnectError(`${this.#who()} altered table ${table.sql} but cannot find it afterwards`)
    return fresh
  }

  // ---- DML

  #shape (table: TableState, seg: Segment): StatementShape {
    const kind = seg.kind === 'delete' ? 'delete' : this.#config.insertMode
    let shape = seg.meta.shapes.get(kind)
    if (shape !== undefined) return shape
    const { keyFieldNames, nonKeyFieldNames } = seg.meta.fields
    switch (kind) {
      case 'delete':
        if (keyFieldNames.length === 0) throw new ConnectError('Require primary keys to support delete')
        shape = this.#dialect.deleteShape(table.id, keyFieldNames)
        break
      case 'insert':
        shape = this.#dialect.insertShape(table.id, keyFieldNames, nonKeyFieldNames)
        break
      case 'upsert':
        if (keyFieldNames.length === 0) {
          throw new ConnectError(`Write to table '${table.sql}' in UPSERT mode requires key field names to be known, check the primary key configuration`)
        }
        shape = this.#dialect.upsertShape(table.id, keyFieldNames, nonKeyFieldNames)
        break
      case 'update':
        if (nonKeyFieldNames.length === 0) {
          throw new ConnectError(`Write to table '${table.sql}' in UPDATE mode requires non-key fields to set`)
        }
        shape = this.#dialect.updateShape(table.id, keyFieldNames, nonKeyFieldNames, seg.meta.checkedDef ?? table.def!)
        break
    }
    seg.meta.shapes.set(kind, shape)
    return shape
  }

  /** Row indexes of the segment to write: all, or the last row of each key when the statement cannot take duplicates. */
  #rows (seg: Segment, shape: StatementShape): number[] {
    const n = seg.records.length
    if (!shape.dedupe) {
      const all = new Array<number>(n)
      for (let i = 0; i < n; i++) all[i] = i
      return all
    }
    const binders = seg.meta.keyBinders
    const last = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      let key = ''
      for (const b of binders) key += keyPart(b(seg.records[i]!, seg.values[i])) + '\u0001'
      last.delete(key)
      last.set(key, i)
    }
    return [...last.values()].sort((a, b) => a - b)
  }

  #chunks (total: number, maxRows: number): number[] {
    const sizes: number[] = []
    let left = total
    while (left >= maxRows) { sizes.push(maxRows); left -= maxRows }
    if (left === 0) return sizes
    if (!this.#dialect.boundedStatementSizes) { sizes.push(left); return sizes }
    for (let p = 1 << 30; p >= 1; p >>>= 1) if (left >= p) { sizes.push(p); left -= p }
    return sizes
  }

  async #writeSegment (session: Session, table: TableState, seg: Segment, putSize: number): Promise<void> {
    const shape = this.#shape(table, seg)
    const binders = shape.order === 'key'
      ? seg.meta.keyBinders
      : shape.order === 'key-nonkey' ? [...seg.meta.keyBinders, ...seg.meta.nonKeyBinders] : [...seg.meta.nonKeyBinders, ...seg.meta.keyBinders]
    const cols = binders.length
    const rows = this.#rows(seg, shape)
    const { records, values } = seg
    let at = 0
    for (const size of this.#chunks(rows.length, shape.maxRows)) {
      const params = new Array<unknown>(size * cols)
      let p = 0
      let i = 0
      let c = 0
      try {
        for (i = 0; i < size; i++) {
          const row = rows[at + i]!
          const r = records[row]!
          const v = values[row]
          for (c = 0; c < cols; c++) params[p++] = binders[c]!(r, v)
        }
      } catch (err) {
        const record = records[rows[at + i]!]!
        throw new ConnectError(`${this.#who()} cannot convert the value of column "${shape.columns[c]}" for table ${table.sql} ` +
          `in record at ${coordinates(record)}: ${errorMessage(err)}`, { cause: err })
      }
      const sql = shape.sql(size)
      try {
        await session.execute(sql, params)
      } catch (err) {
        const stmtRecords: SinkRecord[] = []
        for (let k = 0; k < size; k++) stmtRecords.push(records[rows[at + k]!]!)
        throw this.#driverError(err, table, { shape, keyColumns: seg.meta.fields.keyFieldNames, records: stmtRecords }, putSize, seg.kind === 'delete' ? 'delete from' : 'write to')
      }
      at += size
    }
  }

  // ---- errors

  /** A driver error as RetriableError (transient) or ConnectError naming the connector, table, column and record. */
  #driverError (err: unknown, table: TableState | null, stmt: { shape: StatementShape, keyColumns: readonly string[], records: SinkRecord[] } | null,
    putSize: number, action: string): ConnectError {
    if (err instanceof ConnectError) return err
    const info = this.#dialect.classify(err)
    let columns = [...info.columns]
    let culprit: SinkRecord | null = null
    if (stmt !== null) {
      const cols = stmt.shape.columns.length
      if (info.param !== null && cols > 0) {
        const idx = info.param - 1
        const col = stmt.shape.columns[idx % cols]
        if (col !== undefined) columns = [col]
        culprit = stmt.records[Math.floor(idx / cols)] ?? null
      } else if (info.row !== null) {
        culprit = stmt.records[info.row - 1] ?? null
      }
      if (columns.length === 0 && info.primaryKey) columns = [...stmt.keyColumns]
      if (columns.length === 0 && table?.def != null) {
        // "value too long for type character varying(3)": the columns of that type
        const type = /for type (.+)$/.exec(errorMessage(err))
        if (type !== null) columns = [...table.def.columns.values()].filter(c => c.type === type[1]).map(c => c.name)
      }
    }
    let message = `${this.#who()} failed to ${action} table ${table?.sql ?? '(none)'}`
    if (columns.length > 0) message += ` (column${columns.length > 1 ? 's' : ''} ${columns.map(c => `"${c}"`).join(', ')})`
    message += `: ${errorMessage(err)}`
    if (info.detail !== null) message += ` (${info.detail})`
    if (info.code !== null) message += ` [${this.#dialect.name} error ${info.code}]`
    if (culprit !== null) message += `; record at ${coordinates(culprit)}`
    else if (stmt !== null && stmt.records.length > 0) {
      message += `; statement of ${stmt.records.length} record(s) from ${coordinates(stmt.records[0]!)} to ${coordinates(stmt.records.at(-1)!)}`
    }
    if (putSize > 0) message += `; the transaction of this put (${putSize} record${putSize === 1 ? '' : 's'}) was rolled back`
    if (info.transient || isNetworkError(err)) return new RetriableError(message, { cause: err })
    return new ConnectError(message, { cause: err })
  }
}

function sameSchema (a: Schema | null, b: Schema | null): boolean {
  return a === b || (a !== null && b !== null && schemaEquals(a, b))
}

/** Fields without a column: exact name first, then ignoring case (DbStructure.missingFields). */
function missingFields (fields: Iterable<SinkField>, def: TableDefinition): SinkField[] {
  const lower = new Set([...def.columns.keys()].map(c => c.toLowerCase()))
  const out: SinkField[] = []
  for (const f of fields) if (!def.columns.has(f.name) && !lower.has(f.name.toLowerCase())) out.push(f)
  return out
}
