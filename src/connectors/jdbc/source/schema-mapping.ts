// Column definitions → a Connect struct schema and per-column value converters (Confluent's SchemaMapping with
// GenericDatabaseDialect.addFieldToSchema / columnConverterFor and the PostgreSQL dialect's overrides):
//   BOOLEAN → BOOLEAN; BIT → INT8 (PostgreSQL: bit(1)/bool → BOOLEAN, bit(2..8) → INT8, longer → BYTES);
//   TINYINT → INT8 (unsigned INT16); SMALLINT → INT16 (unsigned INT32); INTEGER → INT32 (unsigned INT64);
//   BIGINT → INT64; REAL → FLOAT32; FLOAT/DOUBLE → FLOAT64; NUMERIC → by numeric.mapping, else like DECIMAL;
//   DECIMAL → Decimal(scale) with `connect.decimal.precision`; character types, CLOB, SQLXML (and PostgreSQL json,
//   jsonb, uuid) → STRING; BINARY/VARBINARY/LONGVARBINARY/BLOB → BYTES; DATE → Date; TIME → Time;
//   TIMESTAMP → Timestamp (or the timestamp.granularity form). Nullable or unknown nullability → optional.
// Other types (arrays, intervals, geometric types…) have no mapping: Confluent leaves such columns out of the record
// with a warning, and so does this. A value that does not fit its schema fails with a ConnectError naming the
// connector, table and column.
import {
  BigDecimal, ConnectDate, ConnectError, Decimal, RoundingMode, Schema, SchemaBuilder, Struct, Time, Timestamp,
  type Field
} from '../../../api/index.ts'
import {
  NUMERIC_TYPE_SCALE_HIGH, NUMERIC_TYPE_SCALE_LOW, NUMERIC_TYPE_SCALE_UNSET, type ColumnDefinition
} from './columns.ts'
import type { NumericMapping, TimestampGranularity } from './config.ts'
import {
  NANOS_PER_MILLI, dayToDate, epochNanosToDate, floorDiv, formatLocal, parseDateTime, parseTimeOfDay,
  timeOfDayToConnect, toEpochNanos, utcMillis
} from './temporal.ts'

const PRECISION_FIELD = 'connect.decimal.precision'
const MAX_INTEGER_TYPE_PRECISION = 18

export type DialectName = 'PostgreSqlDatabaseDialect' | 'MySqlDatabaseDialect' | 'SqliteDatabaseDialect'

export type Target =
  | { kind: 'boolean' } | { kind: 'int', bits: 8 | 16 | 32 | 64 } | { kind: 'float', bits: 32 | 64 }
  | { kind: 'decimal', scale: number } | { kind: 'string' } | { kind: 'bytes' } | { kind: 'date' } | { kind: 'time' }
  | { kind: 'timestamp' }

export interface MappingOptions {
  readonly dialect: DialectName
  readonly numericMapping: NumericMapping
  readonly granularity: TimestampGranularity
  /** The resolved db.timezone. */
  readonly zone: string
}

/** Where a value came from, for error messages. */
export interface MappingContext {
  readonly connector: string
  /** The table (unquoted) or `query`. */
  readonly source: string
}

const INT_RANGE: Record<8 | 16 | 32, [number, number]> = { 8: [-128, 127], 16: [-32768, 32767], 32: [-2147483648, 2147483647] }
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function integerTarget (precision: number): Target {
  if (precision > 9) return { kind: 'int', bits: 64 }
  if (precision > 4) return { kind: 'int', bits: 32 }
  if (precision > 2) return { kind: 'int', bits: 16 }
  return { kind: 'int', bits: 8 }
}

function decimalScale (col: ColumnDefinition, dialect: DialectName): number {
  if (col.scale === NUMERIC_TYPE_SCALE_UNSET) return NUMERIC_TYPE_SCALE_HIGH
  // PostgreSQL reports precision 0 for a NUMERIC declared without precision; its scale then is not fixed either.
  if (dialect === 'PostgreSqlDatabaseDialect' && col.precision === 0) return NUMERIC_TYPE_SCALE_HIGH
  return col.scale
}

/** The Connect target of a column, or null when Confluent has no mapping for its type. */
export function targetFor (col: ColumnDefinition, opts: MappingOptions): Target | null {
  const { precision, scale } = col
  if (opts.dialect === 'PostgreSqlDatabaseDialect') {
    if (col.sqlType === 'BIT') {
      if (precision <= 1) return { kind: 'boolean' }
      if (precision <= 8) return { kind: 'int', bits: 8 }
      return { kind: 'bytes' }
    }
    if (col.sqlType === 'OTHER') {
      const t = col.typeName.toLowerCase()
      if (t === 'json' || t === 'jsonb' || t === 'uuid') return { kind: 'string' }
      return null
    }
  }
  switch (col.sqlType) {
    case 'BOOLEAN': return { kind: 'boolean' }
    case 'BIT': return { kind: 'int', bits: 8 }
    case 'TINYINT': return col.signed ? { kind: 'int', bits: 8 } : { kind: 'int', bits: 16 }
    case 'SMALLINT': return col.signed ? { kind: 'int', bits: 16 } : { kind: 'int', bits: 32 }
    case 'INTEGER': return col.signed ? { kind: 'int', bits: 32 } : { kind: 'int', bits: 64 }
    case 'BIGINT': return { kind: 'int', bits: 64 }
    case 'REAL': return { kind: 'float', bits: 32 }
    case 'FLOAT':
    case 'DOUBLE': return { kind: 'float', bits: 64 }
    case 'NUMERIC':
      if (opts.numericMapping === 'precision_only') {
        if (scale === 0 && precision <= MAX_INTEGER_TYPE_PRECISION) return integerTarget(precision)
      } else if (opts.numericMapping === 'best_fit') {
        if (precision <= MAX_INTEGER_TYPE_PRECISION) {
          if (scale < 1 && scale >= NUMERIC_TYPE_SCALE_LOW) return integerTarget(precision)
          if (scale > 0) return { kind: 'float', bits: 64 }
        }
      } else if (opts.numericMapping === 'best_fit_eager_double') {
        if (scale < 1 && scale >= NUMERIC_TYPE_SCALE_LOW) {
          if (precision <= MAX_INTEGER_TYPE_PRECISION) return integerTarget(precision)
        } else if (scale > 0) {
          return { kind: 'float', bits: 64 }
        }
      }
      return { kind: 'decimal', scale: decimalScale(col, opts.dialect) }
    case 'DECIMAL': return { kind: 'decimal', scale: decimalScale(col, opts.dialect) }
    case 'CHAR': case 'VARCHAR': case 'LONGVARCHAR': case 'NCHAR': case 'NVARCHAR': case 'LONGNVARCHAR':
    case 'CLOB': case 'NCLOB': case 'SQLXML':
      return { kind: 'string' }
    case 'BINARY': case 'VARBINARY': case 'LONGVARBINARY': case 'BLOB':
      return { kind: 'bytes' }
    case 'DATE': return { kind: 'date' }
    case 'TIME': return { kind: 'time' }
    case 'TIMESTAMP': return { kind: 'timestamp' }
    default: return null
  }
}

function timestampSchema (granularity: TimestampGranularity, optional: boolean): Schema {
  switch (granularity) {
    case 'connect_logical': return optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA
    case 'micros_long':
    case 'nanos_long': return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA
    default: return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA
  }
}

export function schemaFor (target: Target, col: ColumnDefinition, opts: MappingOptions): Schema {
  const optional = col.optional
  switch (target.kind) {
    case 'boolean': return optional ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.BOOLEAN_SCHEMA
    case 'int':
      switch (target.bits) {
        case 8: return optional ? Schema.OPTIONAL_INT8_SCHEMA : Schema.INT8_SCHEMA
        case 16: return optional ? Schema.OPTIONAL_INT16_SCHEMA : Schema.INT16_SCHEMA
        case 32: return optional ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA
        default: return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA
      }
    case 'float':
      if (target.bits === 32) return optional ? Schema.OPTIONAL_FLOAT32_SCHEMA : Schema.FLOAT32_SCHEMA
      return optional ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.FLOAT64_SCHEMA
    case 'decimal': {
      const b = Decimal.builder(target.scale).parameter(PRECISION_FIELD, String(col.precision))
      return (optional ? b.optional() : b).build()
    }
    case 'string': return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA
    case 'bytes': return optional ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.BYTES_SCHEMA
    case 'date': return optional ? ConnectDate.builder().optional().build() : ConnectDate.SCHEMA
    case 'time': return optional ? Time.builder().optional().build() : Time.SCHEMA
    case 'timestamp': return timestampSchema(opts.granularity, optional)
  }
}

/** A value the converter cannot map; the message is completed with connector, table and column by the caller. */
class Unmappable extends Error {}

function text (raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw)
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
  throw new Unmappable(`unexpected value of type ${typeof raw}`)
}

function toBoolean (raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw
  if (typeof raw === 'number') return raw !== 0
  if (typeof raw === 'bigint') return raw !== 0n
  const t = text(raw).trim().toLowerCase()
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t)) return true
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(t)) return false
  throw new Unmappable(`'${t}' is not a boolean`)
}

function toBigInt (raw: unknown): bigint {
  if (typeof raw === 'bigint') return raw
  if (typeof raw === 'boolean') return raw ? 1n : 0n
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new Unmappable(`${raw} is not an integer`)
    return BigInt(Math.trunc(raw))
  }
  const t = text(raw).trim()
  if (/^[+-]?\d+$/.test(t)) return BigInt(t)
  // JDBC drivers truncate a decimal text read as an integer (e.g. "1.0" from a NUMERIC mapped by precision).
  if (/^[+-]?\d*\.\d+$|^[+-]?\d+\.\d*$/.test(t)) return BigDecimal.parse(t).setScale(0, RoundingMode.DOWN).unscaledValue
  throw new Unmappable(`'${t}' is not an integer`)
}

function toInt (raw: unknown, bits: 8 | 16 | 32): number {
  const v = toBigInt(raw)
  const [min, max] = INT_RANGE[bits]
  if (v < BigInt(min) || v > BigInt(max)) throw new Unmappable(`${v} is out of range for INT${bits} [${min}, ${max}]`)
  return Number(v)
}

function toInt64 (raw: unknown): bigint {
  const v = toBigInt(raw)
  if (v < INT64_MIN || v > INT64_MAX) throw new Unmappable(`${v} is out of range for INT64`)
  return v
}

function toFloat (raw: unknown, col: ColumnDefinition): number {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'bigint') return Number(raw)
  let t = text(raw).trim()
  if (col.typeName.toLowerCase() === 'money') t = t.replace(/[^0-9.eE+-]/g, '').replace(/^(-?)[^0-9.]*/, '$1')
  if (t === 'NaN') return NaN
  if (t === 'Infinity' || t === 'inf') return Infinity
  if (t === '-Infinity' || t === '-inf') return -Infinity
  const v = Number(t)
  if (t === '' || Number.isNaN(v)) throw new Unmappable(`'${t}' is not a number`)
  return v
}

function toDecimal (raw: unknown, scale: number): BigDecimal {
  let d: BigDecimal
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new Unmappable(`${raw} cannot be represented as a Decimal`)
    d = BigDecimal.valueOf(raw)
  } else if (typeof raw === 'bigint') {
    d = new BigDecimal(raw, 0)
  } else {
    const t = text(raw).trim()
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new Unmappable(`'${t}' cannot be represented as a Decimal`)
    d = BigDecimal.parse(t)
  }
  return d.scale === scale ? d : d.setScale(scale, RoundingMode.HALF_UP)
}

function toBytes (raw: unknown): Buffer {
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  if (typeof raw === 'string') {
    // PostgreSQL's bytea text form: \x followed by hex digits.
    if (raw.startsWith('\\x')) return Buffer.from(raw.slice(2), 'hex')
    return Buffer.from(raw, 'utf8')
  }
  if (typeof raw === 'number' || typeof raw === 'bigint') return Buffer.from(String(raw), 'utf8')
  throw new Unmappable(`unexpected value of type ${typeof raw}`)
}

const JULIAN_DAY_OF_EPOCH = 2440587.5

/** An instant (epoch nanos) from a database value: date-time text, or (SQLite) epoch millis or a Julian day number. */
export function rawToEpochNanos (raw: unknown, col: ColumnDefinition, zone: string): bigint {
  if (typeof raw === 'bigint') return raw * NANOS_PER_MILLI
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new Unmappable(`${raw} is not a timestamp`)
    if (Number.isInteger(raw)) return BigInt(raw) * NANOS_PER_MILLI
    return BigInt(Math.round((raw - JULIAN_DAY_OF_EPOCH) * 86_400_000)) * NANOS_PER_MILLI
  }
  const t = text(raw).trim()
  if (/^[+-]?infinity$/i.test(t)) throw new Unmappable(`'${t}' cannot be represented as a timestamp`)
  const parsed = parseDateTime(t)
  if (parsed === null) throw new Unmappable(`'${t}' is not a timestamp`)
  return toEpochNanos(parsed, col.temporal === 'utc' ? 'UTC' : zone)
}

function toDate (raw: unknown, col: ColumnDefinition): Date {
  if (typeof raw === 'number' || typeof raw === 'bigint') {
    const ms = Number(floorDiv(rawToEpochNanos(raw, col, 'UTC'), NANOS_PER_MILLI))
    return dayToDate(Math.floor(ms / 86_400_000))
  }
  const t = text(raw).trim()
  if (/^[+-]?infinity$/i.test(t)) throw new Unmappable(`'${t}' cannot be represented as a date`)
  const m = /^(\d{1,6})-(\d{1,2})-(\d{1,2})/.exec(t)
  if (m === null) throw new Unmappable(`'${t}' is not a date`)
  let year = Number(m[1])
  if (/\sBC$/i.test(t)) year = 1 - year
  const d = new Date(utcMillis(year, Number(m[2]), Number(m[3])))
  if (Number.isNaN(d.getTime())) throw new Unmappable(`'${t}' is outside the range of a JavaScript Date`)
  return d
}

function toTime (raw: unknown, col: ColumnDefinition, zone: string): Date {
  if (typeof raw === 'number' || typeof raw === 'bigint') {
    const ms = Number(floorDiv(rawToEpochNanos(raw, col, 'UTC'), NANOS_PER_MILLI))
    return new Date(((ms % 86_400_000) + 86_400_000) % 86_400_000)
  }
  const t = text(raw).trim()
  const time = parseTimeOfDay(t)
  if (time === null) {
    const dt = parseDateTime(t)
    if (dt === null) throw new Unmappable(`'${t}' is not a time`)
    const ms = dt.localMs - Math.floor(dt.localMs / 86_400_000) * 86_400_000
    return new Date(timeOfDayToConnect(ms, dt.offsetMs, zone))
  }
  if (time.millis < 0 || time.millis > 86_400_000) {
    throw new Unmappable(`'${t}' is not a time of day: Connect's Time represents a wall-clock time, not a duration`)
  }
  return new Date(timeOfDayToConnect(time.millis % 86_400_000, time.offsetMs, col.temporal === 'utc' ? 'UTC' : zone))
}

/** The Connect value of an instant in the configured timestamp granularity. */
export function timestampValue (epochNanos: bigint, granularity: TimestampGranularity, zone: string): unknown {
  switch (granularity) {
    case 'connect_logical': return epochNanosToDate(epochNanos)
    case 'micros_long': return floorDiv(epochNanos, 1000n)
    case 'micros_string': return String(floorDiv(epochNanos, 1000n))
    case 'micros_iso_datetime_string': return formatLocal(epochNanos, zone, 6).replace(' ', 'T')
    case 'nanos_long': return epochNanos
    case 'nanos_string': return String(epochNanos)
    case 'nanos_iso_datetime_string': return formatLocal(epochNanos, zone, 9).replace(' ', 'T')
  }
}

interface FieldSetter {
  readonly field: string
  readonly index: number
  readonly column: ColumnDefinition
  readonly target: Target
}

/** A row turned into a record value, with the exact instants of its timestamp columns (for offsets). */
export interface MappedRow {
  readonly struct: Struct
  /** Epoch nanos of each non-null TIMESTAMP column, by field name. */
  readonly instants: ReadonlyMap<string, bigint>
}

/** SchemaMapping: the struct schema of a result set and the conversion of its rows. */
export class SchemaMapping {
  readonly schema: Schema
  readonly columns: readonly ColumnDefinition[]
  readonly #setters: readonly FieldSetter[]
  readonly #opts: MappingOptions
  readonly #ctx: MappingContext

  private constructor (schema: Schema, columns: readonly ColumnDefinition[], setters: FieldSetter[], opts: MappingOptions, ctx: MappingContext) {
    this.schema = schema
    this.columns = columns
    this.#setters = setters
    this.#opts = opts
    this.#ctx = ctx
  }

  /**
   * Builds the mapping; `schemaName` is the table name (null for a custom query). Columns without a mapping are
   * skipped with a warning, as Confluent does; a result with no mappable column at all is an error.
   */
  static create (schemaName: string | null, columns: readonly ColumnDefinition[], opts: MappingOptions, ctx: MappingContext): SchemaMapping {
    const builder = SchemaBuilder.struct().name(schemaName)
    const setters: FieldSetter[] = []
    const skipped: string[] = []
    columns.forEach((col, index) => {
      const target = targetFor(col, opts)
      if (target === null) {
        skipped.push(`${col.name} (${col.typeName})`)
        console.warn(`JDBC source connector '${ctx.connector}': column '${col.name}' of ${ctx.source} has type ` +
          `${col.typeName} (JDBC ${col.sqlType}), which is not currently supported; the column is left out of the records`)
        return
      }
      try {
        builder.field(col.name, schemaFor(target, col, opts))
      } catch (err) {
        throw new ConnectError(`JDBC source connector '${ctx.connector}': cannot add column '${col.name}' of ${ctx.source} ` +
          `to the record schema: ${(err as Error).message}`, { cause: err })
      }
      setters.push({ field: col.name, index, column: col, target })
    })
    if (setters.length === 0) {
      throw new ConnectError(`JDBC source connector '${ctx.connector}': no column of ${ctx.source} can be mapped to a ` +
        `Connect type (unsupported: ${skipped.join(', ')})`)
    }
    return new SchemaMapping(builder.build(), columns, setters, opts, ctx)
  }

  field (name: string): Field | null {
    return this.schema.field(name)
  }

  /** Converts one row (raw values in column order). */
  map (row: readonly unknown[]): MappedRow {
    const struct = new Struct(this.schema)
    const instants = new Map<string, bigint>()
    for (const s of this.#setters) {
      const raw = row[s.index]
      if (raw === null || raw === undefined) {
        struct.put(s.field, null)
        continue
      }
      let value: unknown
      try {
        value = this.#convert(s, raw, instants)
      } catch (err) {
        const reason = err instanceof Unmappable || err instanceof ConnectError ? err.message : String(err)
        throw new ConnectError(`JDBC source connector '${this.#ctx.connector}': cannot map the value of column ` +
          `'${s.column.name}' (${s.column.typeName}) of ${this.#ctx.source} to ${describe(s.target)}: ${reason}`, { cause: err })
      }
      struct.put(s.field, value)
    }
    return { struct, instants }
  }

  #convert (s: FieldSetter, raw: unknown, instants: Map<string, bigint>): unknown {
    const { zone, granularity } = this.#opts
    const t = s.target
    switch (t.kind) {
      case 'boolean': return toBoolean(raw)
      case 'int': return t.bits === 64 ? toInt64(raw) : toInt(raw, t.bits)
      case 'float': {
        const v = toFloat(raw, s.column)
        return t.bits === 32 ? Math.fround(v) : v
      }
      case 'decimal': return toDecimal(raw, t.scale)
      case 'string': return text(raw)
      case 'bytes': return toBytes(raw)
      case 'date': return toDate(raw, s.column)
      case 'time': return toTime(raw, s.column, zone)
      case 'timestamp': {
        const nanos = rawToEpochNanos(raw, s.column, zone)
        instants.set(s.field, nanos)
        return timestampValue(nanos, granularity, zone)
      }
    }
  }
}

function describe (t: Target): string {
  switch (t.kind) {
    case 'int': return `INT${t.bits}`
    case 'float': return `FLOAT${t.bits}`
    case 'decimal': return `Decimal(scale=${t.scale})`
    default: return t.kind.toUpperCase()
  }
}
