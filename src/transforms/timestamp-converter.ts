// TimestampConverter$Key / TimestampConverter$Value: converts a timestamp (the whole key/value, or one top-level
// field) between a formatted string, Unix epoch (INT64, with a precision), and the Connect Date, Time and Timestamp
// logical types. Everything goes through epoch milliseconds in UTC: a Date target drops the time of day, a Time
// target keeps only the time of day.
import type { ConnectRecord, Schema } from '../api/index.ts'
import {
  ConfigException, ConnectDate, ConnectError, DataError, INT64_SCHEMA, OPTIONAL_INT64_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA,
  SchemaBuilder, Struct, Time, Timestamp, defineConfig, javaClassNameOf, validators
} from '../api/index.ts'
import { KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStructOrNull, stringProps, withSide } from './base.ts'
import { REPLACE_NULL_WITH_DEFAULT_DOC, copySchemaBasics, fieldValue } from './a-schema-util.ts'
import { IllegalPatternError, JavaDateFormat } from './java-date-format.ts'

const PURPOSE = 'converting timestamp formats'

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp'
type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds'

const CONFIG_DEF = defineConfig({
  field: { type: 'STRING', default: '', importance: 'HIGH', doc: 'The field containing the timestamp, or empty if the entire value is a timestamp' },
  'target.type': {
    type: 'STRING',
    validator: validators.oneOf('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'HIGH',
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp'
  },
  format: {
    type: 'STRING',
    default: '',
    importance: 'MEDIUM',
    doc: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string ' +
      'or used to parse the input if the input is a string.'
  },
  'unix.precision': {
    type: 'STRING',
    default: 'milliseconds',
    validator: validators.oneOf('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'LOW',
    doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. ' +
      'Used to generate the output when type=unix or used to parse the input if the input is a Long.' +
      'Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.'
  },
  'replace.null.with.default': { type: 'BOOLEAN', default: true, importance: 'MEDIUM', doc: REPLACE_NULL_WITH_DEFAULT_DOC }
})

const OPTIONAL_DATE_SCHEMA = ConnectDate.builder().optional().build()
const OPTIONAL_TIME_SCHEMA = Time.builder().optional().build()
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build()

const MILLIS_PER_DAY = 86400000n
const LONG_MAX = (1n << 63n) - 1n
const LONG_MIN = -(1n << 63n)

/** java.util.concurrent.TimeUnit's saturating multiplication. */
function saturatingTimes (v: bigint, factor: bigint): bigint {
  const r = v * factor
  return r > LONG_MAX ? LONG_MAX : r < LONG_MIN ? LONG_MIN : r
}

function typeSchema (type: TimestampType, optional: boolean): Schema {
  switch (type) {
    case 'string': return optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA
    case 'unix': return optional ? OPTIONAL_INT64_SCHEMA : INT64_SCHEMA
    case 'Date': return optional ? OPTIONAL_DATE_SCHEMA : ConnectDate.SCHEMA
    case 'Time': return optional ? OPTIONAL_TIME_SCHEMA : Time.SCHEMA
    case 'Timestamp': return optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA
  }
}

function classOf (v: unknown): string {
  return `class ${javaClassNameOf(v)}`
}

function isBlank (s: string): boolean {
  return s.trim().length === 0
}

export abstract class TimestampConverter<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Convert timestamps between different formats such as Unix epoch, strings, and Connect Date/Timestamp types.' +
    'Applies to individual fields or to the entire value.'

  #field = ''
  #type: TimestampType = 'Timestamp'
  #format: JavaDateFormat | null = null
  #unixPrecision: UnixPrecision = 'milliseconds'
  #replaceNullWithDefault = true
  #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    const pattern = config.format
    this.#field = config.field
    this.#type = config['target.type'] as TimestampType
    this.#unixPrecision = config['unix.precision'] as UnixPrecision
    this.#replaceNullWithDefault = config['replace.null.with.default']
    this.#schemaCache = new SchemaCache()
    if (this.#type === 'string' && isBlank(pattern)) {
      throw new ConfigException('TimestampConverter requires format option to be specified when using string timestamps')
    }
    this.#format = null
    if (!isBlank(pattern)) {
      try {
        this.#format = new JavaDateFormat(pattern)
      } catch (err) {
        if (!(err instanceof IllegalPatternError)) throw err
        throw new ConfigException(`TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`, { cause: err })
      }
    }
  }

  apply (record: R): R {
    const schema = operatingSchema(this.side, record)
    return schema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record, schema)
  }

  #applyWithSchema (record: R, schema: Schema): R {
    const value = operatingValue(this.side, record)
    if (this.#field.length === 0) {
      const updatedSchema = typeSchema(this.#type, schema.isOptional())
      return withSide(this.side, record, updatedSchema, this.#convert(value, timestampTypeFromSchema(schema)))
    }
    const struct = requireStructOrNull(value, PURPOSE)
    let updatedSchema = this.#schemaCache.get(schema)
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields()) {
        builder.field(field.name(), field.name() === this.#field ? typeSchema(this.#type, field.schema().isOptional()) : field.schema())
      }
      if (schema.isOptional()) builder.optional()
      if (schema.defaultValue() != null) builder.defaultValue(this.#convertStruct(schema.defaultValue() as Struct, builder))
      updatedSchema = builder.build()
      this.#schemaCache.set(schema, updatedSchema)
    }
    return withSide(this.side, record, updatedSchema, struct === null ? null : this.#convertStruct(struct, updatedSchema))
  }

  #convertStruct (value: Struct, updatedSchema: Schema): Struct {
    const updated = new Struct(updatedSchema)
    for (const field of value.schema().fields()) {
      const orig = fieldValue(value, field, this.#replaceNullWithDefault)
      updated.put(field.name(), field.name() === this.#field ? this.#convert(orig, timestampTypeFromSchema(field.schema())) : orig)
    }
    return updated
  }

  #applySchemaless (record: R): R {
    const raw = operatingValue(this.side, record)
    if (raw == null || this.#field.length === 0) return withSide(this.side, record, null, this.#convert(raw, null))
    const map = requireMap(raw, PURPOSE)
    const updated = new Map(map)
    updated.set(this.#field, this.#convert(map.get(this.#field), null))
    return withSide(this.side, record, null, updated)
  }

  /** Converts a timestamp of `from` (null: inferred from the JS value) to the target type; null stays null. */
  #convert (timestamp: unknown, from: TimestampType | null): unknown {
    if (timestamp == null) return null
    return this.#toType(this.#toRaw(from ?? inferTimestampType(timestamp), timestamp))
  }

  #toRaw (type: TimestampType, orig: unknown): Date {
    switch (type) {
      case 'string': {
        if (typeof orig !== 'string') throw new DataError(`Expected string timestamp to be a String, but found ${classOf(orig)}`)
        const format = this.#format
        if (format === null) throw new DataError('TimestampConverter requires format option to be specified when using string timestamps')
        const parsed = format.parse(orig)
        if (parsed === null) throw new DataError(`Could not parse timestamp: value (${orig}) does not match pattern (${format.toPattern()})`)
        return parsed
      }
      case 'unix': {
        if (typeof orig !== 'bigint') throw new DataError(`Expected Unix timestamp to be a Long, but found ${classOf(orig)}`)
        switch (this.#unixPrecision) {
          case 'seconds': return Timestamp.toLogical(Timestamp.SCHEMA, saturatingTimes(orig, 1000n))
          case 'microseconds': return Timestamp.toLogical(Timestamp.SCHEMA, orig / 1000n)
          case 'nanoseconds': return Timestamp.toLogical(Timestamp.SCHEMA, orig / 1000000n)
          default: return Timestamp.toLogical(Timestamp.SCHEMA, orig)
        }
      }
      default:
        if (!(orig instanceof Date)) throw new DataError(`Expected ${type} to be a java.util.Date, but found ${classOf(orig)}`)
        return orig
    }
  }

  #toType (date: Date): unknown {
    switch (this.#type) {
      case 'string': return this.#format!.format(date)
      case 'unix': {
        const millis = Timestamp.fromLogical(Timestamp.SCHEMA, date)
        switch (this.#unixPrecision) {
          case 'seconds': return millis / 1000n
          case 'microseconds': return saturatingTimes(millis, 1000n)
          case 'nanoseconds': return saturatingTimes(millis, 1000000n)
          default: return millis
        }
      }
      case 'Date': {
        const millis = BigInt(date.getTime())
        let day = millis / MILLIS_PER_DAY
        if (millis % MILLIS_PER_DAY < 0n) day -= 1n
        return new Date(Number(day * MILLIS_PER_DAY))
      }
      case 'Time': {
        const millis = BigInt(date.getTime())
        return new Date(Number(((millis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY))
      }
      case 'Timestamp': return date
    }
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

/** The timestamp type a schema holds (logical name, else STRING = formatted, INT64 = unix). */
function timestampTypeFromSchema (schema: Schema): TimestampType {
  switch (schema.name()) {
    case Timestamp.LOGICAL_NAME: return 'Timestamp'
    case ConnectDate.LOGICAL_NAME: return 'Date'
    case Time.LOGICAL_NAME: return 'Time'
  }
  if (schema.type() === 'STRING') return 'string'
  if (schema.type() === 'INT64') return 'unix'
  throw new ConnectError(`Schema ${String(schema)} does not correspond to a known timestamp type format`)
}

/** The timestamp type of a schemaless value: a Date is a Timestamp, a Long unix time, a String formatted text. */
function inferTimestampType (value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp'
  if (typeof value === 'bigint') return 'unix'
  if (typeof value === 'string') return 'string'
  throw new DataError(`TimestampConverter does not support ${classOf(value)} objects as timestamps`)
}

export class TimestampConverter$Key<R extends ConnectRecord<R> = any> extends TimestampConverter<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.TimestampConverter$Key`
  readonly side = 'key'
}

export class TimestampConverter$Value<R extends ConnectRecord<R> = any> extends TimestampConverter<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.TimestampConverter$Value`
  readonly side = 'value'
}
