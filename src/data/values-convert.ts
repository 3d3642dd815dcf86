// Values.convertTo*: best-effort conversion of a Connect value to another type (used by the Cast SMT, header
// converters and Values.parseString), with Kafka's rules: numbers narrow with Java's wrap-around casts, strings are
// parsed, logical temporal values convert through their physical numbers.
import { BigDecimal } from './big-decimal.ts'
import { DataError } from './errors.ts'
import { javaClassOf, javaToString } from './java-class.ts'
import { ConnectDate } from './logical/date.ts'
import { Decimal } from './logical/decimal.ts'
import { DATE_LOGICAL_NAME, MILLIS_PER_DAY, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical/names.ts'
import { Time } from './logical/time.ts'
import { Timestamp } from './logical/timestamp.ts'
import { SchemaBuilder } from './schema-builder.ts'
import { STRING_SCHEMA, type Schema } from './schema.ts'
import { Struct } from './struct.ts'
import { convertToString } from './values-format.ts'
import { parseString } from './values-parser.ts'
import { isPlainObject } from './values-equal.ts'

const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

let selectors: { array: Schema, map: Schema, struct: Schema } | null = null
function selector (kind: 'array' | 'map' | 'struct'): Schema {
  selectors ??= {
    array: SchemaBuilder.array(STRING_SCHEMA).build(),
    map: SchemaBuilder.map(STRING_SCHEMA, STRING_SCHEMA).build(),
    struct: SchemaBuilder.struct().build()
  }
  return selectors[kind]
}

function nullError (): DataError {
  return new DataError('Unable to convert a null value to a schema that requires a value')
}

function unable (value: unknown, to: Schema | string, cause?: unknown): DataError {
  const target = typeof to === 'string' ? to : String(to)
  return new DataError(`Unable to convert ${javaToString(value)} (${javaClassOf(value)}) to ${target}`, cause === undefined ? undefined : { cause })
}

/** Java's `(long) double`: truncation, saturating at the long range, NaN to 0. */
function doubleToLong (d: number): bigint {
  if (Number.isNaN(d)) return 0n
  if (d >= 2 ** 63) return LONG_MAX
  if (d <= -(2 ** 63)) return LONG_MIN
  return BigInt(Math.trunc(d))
}

/** Kafka's Values.asLong: a number's long value, a parsed string, or a logical temporal value's physical number. */
export function asLong (value: unknown, fromSchema: Schema | null, error?: unknown): bigint {
  if (typeof value === 'number') return doubleToLong(value)
  if (typeof value === 'bigint') return BigInt.asIntN(64, value)
  if (value instanceof BigDecimal) return BigInt.asIntN(64, value.toBigInt())
  if (typeof value === 'string') {
    try {
      return BigInt.asIntN(64, BigDecimal.parse(value).toBigInt())
    } catch (err) {
      error = err
    }
  }
  if (fromSchema !== null) {
    const name = fromSchema.name()
    if (value instanceof Date) {
      if (name === DATE_LOGICAL_NAME) return BigInt(ConnectDate.fromLogical(fromSchema, value))
      if (name === TIME_LOGICAL_NAME) return BigInt(Time.fromLogical(fromSchema, value))
      if (name === TIMESTAMP_LOGICAL_NAME) return Timestamp.fromLogical(fromSchema, value)
    }
    throw unable(value, fromSchema, error)
  }
  throw unable(value, 'a number', error)
}

/** Kafka's Values.asDouble. */
export function asDouble (value: unknown, schema: Schema | null, error?: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof BigDecimal) return value.toNumber()
  if (typeof value === 'string') {
    try {
      return BigDecimal.parse(value).toNumber()
    } catch (err) {
      error = err
    }
  }
  return Number(asLong(value, schema, error))
}

export function convertToBoolean (schema: Schema | null, value: unknown): boolean | null {
  if (value == null) return null
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const parsed = parseString(value)
    if (typeof parsed.value === 'boolean') return parsed.value
  }
  return asLong(value, schema) !== 0n
}

function isIntIn (value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

export function convertToByte (schema: Schema | null, value: unknown): number | null {
  if (value == null) return null
  if (isIntIn(value, -128, 127)) return value
  return Number(BigInt.asIntN(8, asLong(value, schema)))
}

export function convertToShort (schema: Schema | null, value: unknown): number | null {
  if (value == null) return null
  if (isIntIn(value, -32768, 32767)) return value
  return Number(BigInt.asIntN(16, asLong(value, schema)))
}

export function convertToInteger (schema: Schema | null, value: unknown): number | null {
  if (value == null) return null
  if (isIntIn(value, -2147483648, 2147483647)) return value
  return Number(BigInt.asIntN(32, asLong(value, schema)))
}

export function convertToLong (schema: Schema | null, value: unknown): bigint | null {
  if (value == null) return null
  return asLong(value, schema)
}

export function convertToFloat (schema: Schema | null, value: unknown): number | null {
  if (value == null) return null
  return Math.fround(asDouble(value, schema))
}

export function convertToDouble (schema: Schema | null, value: unknown): number | null {
  if (value == null) return null
  return asDouble(value, schema)
}

function parsedIfString (value: unknown): unknown {
  return typeof value === 'string' ? parseString(value).value : value
}

function convertToArray (toSchema: Schema, value: unknown): unknown[] {
  if (value == null) throw nullError()
  const v = parsedIfString(value)
  if (Array.isArray(v)) return v
  throw unable(v, toSchema)
}

function convertToMapInternal (toSchema: Schema, value: unknown): Map<unknown, unknown> {
  if (value == null) throw nullError()
  const v = parsedIfString(value)
  if (v instanceof Map) return v
  if (isPlainObject(v)) return new Map(Object.entries(v))
  throw unable(v, toSchema)
}

function convertToStructInternal (toSchema: Schema, value: unknown): Struct {
  if (value == null) throw nullError()
  if (value instanceof Struct) return value
  throw unable(value, toSchema)
}

export function convertToList (_schema: Schema | null, value: unknown): unknown[] {
  return convertToArray(selector('array'), value)
}

export function convertToMap (_schema: Schema | null, value: unknown): Map<unknown, unknown> {
  return convertToMapInternal(selector('map'), value)
}

export function convertToStruct (_schema: Schema | null, value: unknown): Struct {
  return convertToStructInternal(selector('struct'), value)
}

function toDate (toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null
  value = parsedIfString(value)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    const name = fromSchema.name()
    if (name === DATE_LOGICAL_NAME) return value
    if (name === TIMESTAMP_LOGICAL_NAME) return ConnectDate.toLogical(toSchema, Math.trunc(value.getTime() / MILLIS_PER_DAY) | 0)
  }
  return ConnectDate.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema))))
}

function toTime (toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null
  value = parsedIfString(value)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    const name = fromSchema.name()
    if (name === TIME_LOGICAL_NAME) return value
    if (name === TIMESTAMP_LOGICAL_NAME) {
      const millisOfDay = ((value.getTime() % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY
      return Time.toLogical(toSchema, millisOfDay)
    }
  }
  return Time.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema))))
}

function toTimestamp (toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null
  value = parsedIfString(value)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    const name = fromSchema.name()
    if (name === DATE_LOGICAL_NAME) return Timestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY)
    if (name === TIME_LOGICAL_NAME) return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, value))
    if (name === TIMESTAMP_LOGICAL_NAME) return value
  }
  return Timestamp.toLogical(toSchema, asLong(value, fromSchema))
}

export function convertToTime (schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullError()
  return toTime(Time.SCHEMA, schema, value)!
}

export function convertToDate (schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullError()
  return toDate(ConnectDate.SCHEMA, schema, value)!
}

export function convertToTimestamp (schema: Schema | null, value: unknown): Date {
  if (value == null) throw nullError()
  return toTimestamp(Timestamp.SCHEMA, schema, value)!
}

function toDecimal (toSchema: Schema, value: unknown): BigDecimal {
  if (value instanceof Uint8Array) return Decimal.toLogical(toSchema, value)
  if (value instanceof BigDecimal) return value
  if (typeof value === 'number' || typeof value === 'bigint') return BigDecimal.valueOf(Number(value))
  if (typeof value === 'string') return BigDecimal.parse(value)
  throw unable(value, toSchema)
}

export function convertToDecimal (_schema: Schema | null, value: unknown, scale: number): BigDecimal {
  if (value == null) throw nullError()
  return toDecimal(Decimal.schema(scale), value)
}

function toBytes (toSchema: Schema, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value)
  throw unable(value, toSchema)
}

/** Kafka's Values.convertTo: converts `value` (described by `fromSchema`, maybe null) to `toSchema`'s type. */
export function convertTo (toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value == null) {
    if (toSchema.isOptional()) return null
    throw nullError()
  }
  const name = toSchema.name()
  switch (toSchema.type()) {
    case 'BYTES': return name === Decimal.LOGICAL_NAME ? toDecimal(toSchema, value) : toBytes(toSchema, value)
    case 'STRING': return convertToString(fromSchema, value)
    case 'BOOLEAN': return convertToBoolean(fromSchema, value)
    case 'INT8': return convertToByte(fromSchema, value)
    case 'INT16': return convertToShort(fromSchema, value)
    case 'INT32':
      if (name === DATE_LOGICAL_NAME) return toDate(toSchema, fromSchema, value)
      if (name === TIME_LOGICAL_NAME) return toTime(toSchema, fromSchema, value)
      return convertToInteger(fromSchema, value)
    case 'INT64':
      if (name === TIMESTAMP_LOGICAL_NAME) return toTimestamp(toSchema, fromSchema, value)
      return convertToLong(fromSchema, value)
    case 'FLOAT32': return convertToFloat(fromSchema, value)
    case 'FLOAT64': return convertToDouble(fromSchema, value)
    case 'ARRAY': return convertToArray(toSchema, value)
    case 'MAP': return convertToMapInternal(toSchema, value)
    case 'STRUCT': return convertToStructInternal(toSchema, value)
  }
  throw new DataError(`Unable to convert ${javaToString(value)} (${javaClassOf(value)}) to ${String(toSchema)}`)
}
