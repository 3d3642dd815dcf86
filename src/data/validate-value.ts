// ConnectSchema.validateValue: does a value fit a schema (type, range, optionality, nested elements)? The messages
// are Kafka's, with the JS value's Java counterpart named where Kafka names a Java class.
import { BigDecimal } from './big-decimal.ts'
import { DataError } from './errors.ts'
import { javaClassOf } from './java-class.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical/names.ts'
import { schemaEquals, type Schema } from './schema.ts'
import { Struct } from './struct.ts'
import { isPlainObject } from './values-equal.ts'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** True when `value` is a valid (non-null) Java-equivalent value for a schema of this type and logical name. */
export function isValueOfType (type: string, name: string | null, value: unknown): boolean {
  if (name !== null) {
    if (name === DECIMAL_LOGICAL_NAME) return value instanceof BigDecimal
    if (name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME) return value instanceof Date
  }
  switch (type) {
    case 'INT8': return typeof value === 'number' && Number.isInteger(value) && value >= -128 && value <= 127
    case 'INT16': return typeof value === 'number' && Number.isInteger(value) && value >= -32768 && value <= 32767
    case 'INT32': return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647
    case 'INT64': return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX
    case 'FLOAT32': case 'FLOAT64': return typeof value === 'number'
    case 'BOOLEAN': return typeof value === 'boolean'
    case 'STRING': return typeof value === 'string'
    case 'BYTES': return value instanceof Uint8Array
    case 'ARRAY': return Array.isArray(value)
    case 'MAP': return value instanceof Map || isPlainObject(value)
    case 'STRUCT': return value instanceof Struct
    default: return false
  }
}

/**
 * Checks that `value` can be used with `schema`; throws a DataError otherwise. `field` names the struct field in
 * the message (`field: "f"`), else the message says `value`.
 */
export function validateValue (schema: Schema, value: unknown, field?: string | null): void {
  validateAt(schema, value, field == null ? 'value' : `field: "${field}"`)
}

function validateAt (schema: Schema, value: unknown, location: string): void {
  if (value == null) {
    if (!schema.isOptional()) throw new DataError(`Invalid value: null used for required ${location}, schema type: ${schema.type()}`)
    return
  }
  const type = schema.type()
  const name = schema.name()
  if (!isValueOfType(type, name, value)) {
    const named = name !== null ? ` "${name}"` : ''
    throw new DataError(`Invalid Java object for schema${named} with type ${type}: ${javaClassOf(value)} for ${location}`)
  }
  switch (type) {
    case 'STRUCT': {
      const struct = value as Struct
      if (!schemaEquals(struct.schema(), schema)) throw new DataError('Struct schemas do not match.')
      struct.validate()
      break
    }
    case 'ARRAY': {
      const entryLocation = `element of array ${location}`
      const elementSchema = notNull(schema.valueSchema(), entryLocation)
      for (const e of value as unknown[]) validateAt(elementSchema, e, entryLocation)
      break
    }
    case 'MAP': {
      const keyLocation = `key of map ${location}`
      const valueLocation = `value of map ${location}`
      const keySchema = notNull(schema.keySchema(), keyLocation)
      const valueSchema = notNull(schema.valueSchema(), valueLocation)
      const entries = value instanceof Map ? value.entries() : Object.entries(value as object)
      for (const [k, v] of entries) {
        validateAt(keySchema, k, keyLocation)
        validateAt(valueSchema, v, valueLocation)
      }
      break
    }
  }
}

function notNull (schema: Schema | null, location: string): Schema {
  if (schema === null) throw new DataError(`No schema defined for ${location}`)
  return schema
}
