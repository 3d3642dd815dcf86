// Connect data to JSON text, as Kafka's JsonConverter.convertToJson builds it: logical types first (Decimal as
// base64 of the unscaled bytes or a JSON number, Date/Time as ints, Timestamp as a long), then the schema type;
// values without a schema are typed by their JS class. Messages are Kafka's.
//
// Each schema is compiled once (per options object) into a writer function, so a record costs one call per value
// with no type dispatch; struct keys are pre-quoted.
import { BigDecimal } from '../data/big-decimal.ts'
import { DataError } from '../data/errors.ts'
import { javaClassOf } from '../data/java-class.ts'
import { ConnectDate } from '../data/logical/date.ts'
import { Decimal } from '../data/logical/decimal.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../data/logical/names.ts'
import { Time } from '../data/logical/time.ts'
import { ConnectSchema, schemaEquals, type Schema } from '../data/schema.ts'
import { Struct } from '../data/struct.ts'
import { isPlainObject } from '../data/values-equal.ts'
import { doubleText, floatText, quote } from './json-text.ts'

/** The JsonConverter settings the data conversion depends on. */
export interface JsonDataOptions {
  readonly decimalFormat: 'BASE64' | 'NUMERIC'
  readonly replaceNullWithDefault: boolean
}

type Writer = (value: unknown) => string

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const writers = new WeakMap<JsonDataOptions, WeakMap<Schema, Writer>>()

function invalidType (schema: Schema | null, value: unknown): DataError {
  return new DataError(`Invalid type for ${schema !== null ? schema.type() : 'unknown schema'}: ${javaClassOf(value)}`)
}

function bytesText (bytes: Uint8Array): string {
  return '"' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') + '"'
}

/** BigInteger.toByteArray of a safe integer, as base64 text (the common Decimal case, without bigint work). */
function smallUnscaledBase64 (v: number): string {
  let len = 1
  while (len < 7 && (v >= 2 ** (8 * len - 1) || v < -(2 ** (8 * len - 1)))) len++
  const b = Buffer.allocUnsafe(len)
  b.writeIntBE(v, 0, len)
  return '"' + b.toString('base64') + '"'
}

function decimalWriter (schema: Schema, opts: JsonDataOptions): Writer {
  const numeric = opts.decimalFormat === 'NUMERIC'
  let scale: number | null = null
  return value => {
    if (!(value instanceof BigDecimal)) throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${javaClassOf(value)}`)
    if (numeric) return value.toString()
    scale ??= Decimal.scale(schema)
    const u = value.unscaledValue
    if (value.scale === scale && u >= -0x7fffffffffffn && u <= 0x7fffffffffffn) return smallUnscaledBase64(Number(u))
    return bytesText(Decimal.fromLogical(schema, value))
  }
}

function logicalWriter (name: string, schema: Schema, opts: JsonDataOptions): Writer | null {
  switch (name) {
    case DECIMAL_LOGICAL_NAME: return decimalWriter(schema, opts)
    case DATE_LOGICAL_NAME:
      return value => {
        if (!(value instanceof Date)) throw new DataError(`Invalid type for Date, expected Date but was ${javaClassOf(value)}`)
        return String(ConnectDate.fromLogical(schema, value))
      }
    case TIME_LOGICAL_NAME:
      return value => {
        if (!(value instanceof Date)) throw new DataError(`Invalid type for Time, expected Date but was ${javaClassOf(value)}`)
        return String(Time.fromLogical(schema, value))
      }
    case TIMESTAMP_LOGICAL_NAME:
      return value => {
        if (!(value instanceof Date)) throw new DataError(`Invalid type for Timestamp, expected Date but was ${javaClassOf(value)}`)
        const millis = value.getTime()
        if (Number.isNaN(millis)) throw new DataError('Invalid Date value for Kafka Connect Timestamp type')
        return String(millis)
      }
  }
  return null
}

function intWriter (schema: Schema, min: number, max: number): Writer {
  return value => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return '' + value
    throw invalidType(schema, value)
  }
}

function entriesOf (value: unknown): Iterable<[unknown, unknown]> | null {
  if (value instanceof Map) return value
  if (isPlainObject(value)) return Object.entries(value)
  return null
}

function mapText (schema: Schema | null, value: unknown, opts: JsonDataOptions): string {
  const entries = entriesOf(value)
  if (entries === null) throw invalidType(schema, value)
  const keySchema = schema !== null ? schema.keySchema() : null
  const valueSchema = schema !== null ? schema.valueSchema() : null
  let objectMode: boolean
  if (schema === null) {
    objectMode = true
    for (const e of entries) {
      if (typeof e[0] !== 'string') { objectMode = false; break }
    }
  } else {
    objectMode = keySchema !== null && keySchema.type() === 'STRING'
  }
  let out = ''
  if (objectMode) {
    for (const e of entries) {
      const k = e[0]
      const keyJson = typeof k === 'string' ? quote(k) : toJsonText(keySchema, k, opts)
      out += (out === '' ? '{' : ',') + (keyJson.charCodeAt(0) === 34 ? keyJson : quote(keyJson)) + ':' + toJsonText(valueSchema, e[1], opts)
    }
    return out === '' ? '{}' : out + '}'
  }
  for (const e of entries) {
    out += (out === '' ? '[[' : ',[') + toJsonText(keySchema, e[0], opts) + ',' + toJsonText(valueSchema, e[1], opts) + ']'
  }
  return out === '' ? '[]' : out + ']'
}

function arrayText (elementSchema: Schema | null, value: unknown[], opts: JsonDataOptions): string {
  let out = '['
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ','
    out += toJsonText(elementSchema, value[i], opts)
  }
  return out + ']'
}

function structWriter (schema: Schema, opts: JsonDataOptions): Writer {
  const fields = schema.fields()
  const keys = fields.map((f, i) => (i === 0 ? '{' : ',') + quote(f.name()) + ':')
  let fieldWriters: Writer[] | null = null // compiled on first use: a struct may contain itself through a builder
  return value => {
    if (!(value instanceof Struct)) throw invalidType(schema, value)
    if (value.schema() !== schema && !schemaEquals(value.schema(), schema)) throw new DataError('Mismatching schema.')
    if (fields.length === 0) return '{}'
    fieldWriters ??= fields.map(f => compile(f.schema(), opts))
    let out = ''
    for (let i = 0; i < keys.length; i++) out += keys[i]! + fieldWriters[i]!(value.valueAt(i))
    return out + '}'
  }
}

function typeWriter (schema: Schema, opts: JsonDataOptions): Writer {
  switch (schema.type()) {
    case 'INT8': return intWriter(schema, -128, 127)
    case 'INT16': return intWriter(schema, -32768, 32767)
    case 'INT32': return intWriter(schema, -2147483648, 2147483647)
    case 'INT64':
      return value => {
        if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return '' + value
        throw invalidType(schema, value)
      }
    case 'FLOAT32':
      return value => { if (typeof value === 'number') return floatText(value); throw invalidType(schema, value) }
    case 'FLOAT64':
      return value => { if (typeof value === 'number') return doubleText(value); throw invalidType(schema, value) }
    case 'BOOLEAN':
      return value => { if (typeof value === 'boolean') return value ? 'true' : 'false'; throw invalidType(schema, value) }
    case 'STRING':
      return value => { if (typeof value === 'string') return quote(value); throw invalidType(schema, value) }
    case 'BYTES':
      return value => {
        if (value instanceof Uint8Array) return bytesText(value)
        throw new DataError(`Invalid type for bytes type: ${javaClassOf(value)}`)
      }
    case 'ARRAY': {
      const elementSchema = schema.valueSchema()
      return value => {
        if (!Array.isArray(value)) throw invalidType(schema, value)
        return arrayText(elementSchema, value, opts)
      }
    }
    case 'MAP': return value => mapText(schema, value, opts)
    case 'STRUCT': return structWriter(schema, opts)
    default: return value => { throw new DataError(`Couldn't convert ${String(value)} to JSON.`) }
  }
}

/** The writer of one schema, null handling included. */
function compile (schema: Schema, opts: JsonDataOptions): Writer {
  let cache = writers.get(opts)
  if (cache === undefined) {
    cache = new WeakMap()
    writers.set(opts, cache)
  }
  const cached = cache.get(schema)
  if (cached !== undefined) return cached
  const name = schema.name()
  const write = (name !== null ? logicalWriter(name, schema, opts) : null) ?? typeWriter(schema, opts)
  const def = schema.defaultValue()
  const optional = schema.isOptional()
  const writer: Writer = value => {
    if (value != null) return write(value)
    if (def != null && opts.replaceNullWithDefault) return write(def)
    if (optional) return 'null'
    throw new DataError('Conversion error: null value for field that is required and has no default value')
  }
  if (schema instanceof ConnectSchema) cache.set(schema, writer) // a SchemaBuilder may still change
  return writer
}

function schemalessText (value: unknown, opts: JsonDataOptions): string {
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'string': return quote(value)
    case 'number': return Number.isSafeInteger(value) ? String(value) : doubleText(value)
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) throw new DataError(`Invalid type for INT64: ${javaClassOf(value)} (out of range)`)
      return String(value)
  }
  if (value instanceof Uint8Array) return bytesText(value)
  if (Array.isArray(value)) return arrayText(null, value, opts)
  if (value instanceof Map || isPlainObject(value)) return mapText(null, value, opts)
  if (value instanceof Struct) throw new DataError('Mismatching schema.')
  throw new DataError(`Java class ${javaClassOf(value)} does not have corresponding schema type.`)
}

/** Kafka's JsonConverter.convertToJson, as JSON text. */
export function toJsonText (schema: Schema | null, value: unknown, opts: JsonDataOptions): string {
  if (schema === null) return value == null ? 'null' : schemalessText(value, opts)
  return compile(schema, opts)(value)
}
