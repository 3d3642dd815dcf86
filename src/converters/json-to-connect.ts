// Parsed JSON to Connect data, as Kafka's JsonConverter.convertToConnect: null handling (default when
// replace.null.with.default, null when optional, else an error), logical types, then the schema type; without a
// schema, integral numbers become INT64 (bigint), other numbers FLOAT64, objects maps.
//
// Where Jackson would silently coerce a mismatched value (a string for an INT32 reads as 0, 300 for an INT8 wraps
// to 44, a number for a STRING reads as null), kconnect throws a DataError instead. FLOAT32/FLOAT64 also accept
// the strings "NaN", "Infinity" and "-Infinity" that Jackson writes for non-finite numbers.
import { BigDecimal } from '../data/big-decimal.ts'
import { DataError } from '../data/errors.ts'
import { ConnectDate } from '../data/logical/date.ts'
import { Decimal } from '../data/logical/decimal.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../data/logical/names.ts'
import { Time } from '../data/logical/time.ts'
import { Timestamp } from '../data/logical/timestamp.ts'
import type { Schema } from '../data/schema.ts'
import { Struct } from '../data/struct.ts'
import { decodeBase64 } from './base64.ts'
import type { JsonDataOptions } from './json-from-connect.ts'
import { JsonNumber, nodeType, type JsonNode } from './json-parser.ts'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** A JSON integer's value when it fits in an int32 (Jackson's isInt), else null. */
function int32Of (n: JsonNumber): number | null {
  if (!n.integral || n.text.length > 12) return null
  const v = Number(n.text)
  return v >= -2147483648 && v <= 2147483647 ? v : null
}

/** The exact integer value of a JSON number (`1.0` and `1e2` count), or null when it has a fraction. */
function integerOf (n: JsonNumber): bigint | null {
  if (n.integral) return BigInt(n.text)
  const d = BigDecimal.parse(n.text)
  if (d.scale <= 0) return d.scale < -400 ? INT64_MAX + 1n : d.toBigInt() // huge exponents are out of every range
  if (d.scale >= d.precision() && d.unscaledValue !== 0n) return null
  const i = d.toBigInt()
  return d.compareTo(new BigDecimal(i)) === 0 ? i : null
}

function mismatch (type: string, expected: string, node: JsonNode): DataError {
  return new DataError(`Invalid JSON for ${type} field: expected ${expected} but found ${nodeType(node)}`)
}

function intValue (type: string, node: JsonNode, min: number, max: number): number {
  if (!(node instanceof JsonNumber)) throw mismatch(type, 'a number', node)
  if (node.integral && node.text.length <= 15) {
    const v = Number(node.text) + 0 // -0 reads as 0, as in Java
    if (v >= min && v <= max) return v
    throw new DataError(`Numeric value (${node.text}) out of range of ${type} field`)
  }
  const i = integerOf(node)
  if (i === null) throw new DataError(`Numeric value (${node.text}) is not an integer, as a ${type} field requires`)
  if (i < BigInt(min) || i > BigInt(max)) throw new DataError(`Numeric value (${node.text}) out of range of ${type} field`)
  return Number(i)
}

function longValue (type: string, node: JsonNode): bigint {
  if (!(node instanceof JsonNumber)) throw mismatch(type, 'a number', node)
  const i = integerOf(node)
  if (i === null) throw new DataError(`Numeric value (${node.text}) is not an integer, as a ${type} field requires`)
  if (i < INT64_MIN || i > INT64_MAX) throw new DataError(`Numeric value (${node.text}) out of range of ${type} field`)
  return i
}

function floatValue (type: string, node: JsonNode): number {
  if (node instanceof JsonNumber) return Number(node.text) + 0 // Java's BigDecimal has no -0
  if (node === 'NaN') return NaN
  if (node === 'Infinity') return Infinity
  if (node === '-Infinity') return -Infinity
  throw mismatch(type, 'a number', node)
}

function logicalToConnect (name: string, schema: Schema, node: JsonNode): unknown {
  switch (name) {
    case DECIMAL_LOGICAL_NAME:
      if (node instanceof JsonNumber) return BigDecimal.parse(node.text)
      if (typeof node === 'string') {
        try {
          return Decimal.toLogical(schema, decodeBase64(node))
        } catch (err) {
          throw new DataError('Invalid bytes for Decimal field', { cause: err })
        }
      }
      throw new DataError(`Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`)
    case DATE_LOGICAL_NAME: {
      const days = node instanceof JsonNumber ? int32Of(node) : null
      if (days === null) throw new DataError(`Invalid type for Date, underlying representation should be integer but was ${nodeType(node)}`)
      return ConnectDate.toLogical(schema, days)
    }
    case TIME_LOGICAL_NAME: {
      const millis = node instanceof JsonNumber ? int32Of(node) : null
      if (millis === null) throw new DataError(`Invalid type for Time, underlying representation should be integer but was ${nodeType(node)}`)
      return Time.toLogical(schema, millis)
    }
    case TIMESTAMP_LOGICAL_NAME: {
      if (!(node instanceof JsonNumber) || !node.integral) {
        throw new DataError(`Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`)
      }
      return Timestamp.toLogical(schema, longValue('INT64', node))
    }
  }
  return undefined
}

function mapToConnect (schema: Schema, node: JsonNode, opts: JsonDataOptions): Map<unknown, unknown> {
  const keySchema = schema.keySchema()
  const valueSchema = schema.valueSchema()
  const result = new Map<unknown, unknown>()
  if (keySchema === null || keySchema.type() === 'STRING') {
    if (!(node instanceof Map)) throw new DataError(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`)
    for (const [k, v] of node) result.set(k, toConnect(valueSchema, v, opts))
    return result
  }
  if (!Array.isArray(node)) throw new DataError(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`)
  for (const entry of node) {
    if (!Array.isArray(entry)) throw new DataError(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`)
    if (entry.length !== 2) throw new DataError(`Found invalid map entry, expected length 2 but found :${entry.length}`)
    result.set(toConnect(keySchema, entry[0]!, opts), toConnect(valueSchema, entry[1]!, opts))
  }
  return result
}

function structToConnect (schema: Schema, node: JsonNode, opts: JsonDataOptions): Struct {
  if (!(node instanceof Map)) throw new DataError(`Structs should be encoded as JSON objects, but found ${nodeType(node)}`)
  const result = new Struct(schema.schema())
  for (const f of schema.fields()) result.put(f, toConnect(f.schema(), node.get(f.name()), opts))
  return result
}

function schemalessToConnect (node: JsonNode | undefined): unknown {
  if (node === undefined || node === null) return null
  switch (typeof node) {
    case 'boolean': case 'string': return node
  }
  if (node instanceof JsonNumber) {
    if (!node.integral) return Number(node.text) + 0
    const v = BigInt(node.text)
    if (v < INT64_MIN || v > INT64_MAX) throw new DataError(`Numeric value (${node.text}) out of range of long (INT64)`)
    return v
  }
  if (Array.isArray(node)) return node.map(schemalessToConnect)
  const out = new Map<string, unknown>()
  for (const [k, v] of node) out.set(k, schemalessToConnect(v))
  return out
}

/** Kafka's JsonConverter.convertToConnect (strict where Jackson coerces; see the file header). */
export function toConnect (schema: Schema | null, node: JsonNode | undefined, opts: JsonDataOptions): unknown {
  if (schema === null) return schemalessToConnect(node)
  if (node === undefined || node === null) {
    const def = schema.defaultValue()
    if (def != null && opts.replaceNullWithDefault) return def
    if (schema.isOptional()) return null
    throw new DataError(`Invalid null value for required ${schema.type()} field`)
  }
  const name = schema.name()
  if (name !== null) {
    const logical = logicalToConnect(name, schema, node)
    if (logical !== undefined) return logical
  }
  const type = schema.type()
  switch (type) {
    case 'BOOLEAN':
      if (typeof node !== 'boolean') throw mismatch(type, 'a boolean', node)
      return node
    case 'INT8': return intValue(type, node, -128, 127)
    case 'INT16': return intValue(type, node, -32768, 32767)
    case 'INT32': return intValue(type, node, -2147483648, 2147483647)
    case 'INT64': return longValue(type, node)
    case 'FLOAT32': return Math.fround(floatValue(type, node))
    case 'FLOAT64': return floatValue(type, node)
    case 'STRING':
      if (typeof node !== 'string') throw mismatch(type, 'a string', node)
      return node
    case 'BYTES':
      if (typeof node !== 'string') throw mismatch(type, 'a base64 string', node)
      try {
        return decodeBase64(node)
      } catch (err) {
        throw new DataError('Invalid bytes field', { cause: err })
      }
    case 'ARRAY': {
      if (!Array.isArray(node)) throw new DataError(`Arrays should be encoded as JSON arrays, but found ${nodeType(node)}`)
      const elementSchema = schema.valueSchema()
      return node.map(e => toConnect(elementSchema, e, opts))
    }
    case 'MAP': return mapToConnect(schema, node, opts)
    case 'STRUCT': return structToConnect(schema, node, opts)
  }
  throw new DataError(`Unknown schema type: ${String(type)}`)
}
