// Values (org.apache.kafka.connect.data.Values): converting Connect values between types, to and from text, and
// inferring schemas. `Values.parseString(text)` / `Values.convertToString(schema, value)` are what
// SimpleHeaderConverter and the Cast SMT use.
import { SchemaBuilder } from './schema-builder.ts'
import { BOOLEAN_SCHEMA, BYTES_SCHEMA, FLOAT64_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA, type Schema, type SchemaType } from './schema.ts'
import { Struct } from './struct.ts'
import {
  asDouble, asLong, convertTo, convertToBoolean, convertToByte, convertToDate, convertToDecimal, convertToDouble,
  convertToFloat, convertToInteger, convertToList, convertToLong, convertToMap, convertToShort, convertToStruct,
  convertToTime, convertToTimestamp
} from './values-convert.ts'
import { isPlainObject } from './values-equal.ts'
import { convertToString } from './values-format.ts'
import { parseString } from './values-parser.ts'
import { formatTemporal } from './values-temporal.ts'

/**
 * Kafka's Values.inferSchema: the schema of a plain value, or null when it cannot be told (empty or mixed lists and
 * maps, logical values). A JS integer number infers INT32 when it fits, other numbers FLOAT64.
 */
export function inferSchema (value: unknown): Schema | null {
  switch (typeof value) {
    case 'string': return STRING_SCHEMA
    case 'boolean': return BOOLEAN_SCHEMA
    case 'bigint': return INT64_SCHEMA
    case 'number': return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? INT32_SCHEMA : FLOAT64_SCHEMA
  }
  if (value instanceof Uint8Array) return BYTES_SCHEMA
  if (Array.isArray(value)) return inferListSchema(value)
  if (value instanceof Map) return inferMapSchema([...value.entries()])
  if (value instanceof Struct) return value.schema()
  if (isPlainObject(value)) return inferMapSchema(Object.entries(value))
  return null
}

class SchemaDetector {
  #knownType: SchemaType | null = null
  #optional = false

  canDetect (value: unknown): boolean {
    if (value == null) {
      this.#optional = true
      return true
    }
    const schema = inferSchema(value)
    if (schema === null) return false
    if (this.#knownType === null) this.#knownType = schema.type()
    else if (this.#knownType !== schema.type()) return false
    return true
  }

  schema (): Schema {
    const b = SchemaBuilder.type(this.#knownType!)
    if (this.#optional) b.optional()
    return b.schema()
  }
}

function inferListSchema (list: unknown[]): Schema | null {
  if (list.length === 0) return null
  const detector = new SchemaDetector()
  for (const e of list) if (!detector.canDetect(e)) return null
  return SchemaBuilder.array(detector.schema()).build()
}

function inferMapSchema (entries: Array<[unknown, unknown]>): Schema | null {
  if (entries.length === 0) return null
  const keys = new SchemaDetector()
  const values = new SchemaDetector()
  for (const [k, v] of entries) if (!keys.canDetect(k) || !values.canDetect(v)) return null
  return SchemaBuilder.map(keys.schema(), values.schema()).build()
}

/** Kafka's `Values.dateFormatFor(d).format(d)` (in UTC). */
export function formatDate (value: Date): string {
  return formatTemporal(value)
}

export {
  asDouble, asLong, convertTo, convertToBoolean, convertToByte, convertToDate, convertToDecimal, convertToDouble,
  convertToFloat, convertToInteger, convertToList, convertToLong, convertToMap, convertToShort, convertToString,
  convertToStruct, convertToTime, convertToTimestamp, parseString
}

/** Kafka's static Values methods under one name: `Values.parseString(text)`, `Values.convertToString(schema, v)`. */
export const Values = Object.freeze({
  convertToBoolean,
  convertToByte,
  convertToShort,
  convertToInteger,
  convertToLong,
  convertToFloat,
  convertToDouble,
  convertToString,
  convertToList,
  convertToMap,
  convertToStruct,
  convertToTime,
  convertToDate,
  convertToTimestamp,
  convertToDecimal,
  convertTo,
  inferSchema,
  parseString,
  formatDate
})

