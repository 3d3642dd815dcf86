// Java's String.valueOf(value) for a Connect value, which is what Kafka's FileStreamSinkTask prints for each record
// (PrintStream.println(Object)). The data model's own formatter is not part of the SDK, so this mirrors it: numbers
// print as the Java type they would be (int when a 32-bit integer, else double, or as the schema's FLOAT32/FLOAT64
// says), maps as `{k=v, …}`, lists as `[a, b]`, structs as Struct.toString does (`Struct{f=v,…}`, null fields left
// out, each field formatted with its own schema), bytes as `[B@<hash>` (Java prints an identity hash; here a content
// hash in hex).
import { BigDecimal, Struct, javaDoubleToString, javaFloatToString, type Schema } from '../../api/index.ts'

function isInt32 (n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647
}

function bytesHash (bytes: Uint8Array): number {
  let h = 1
  for (const b of bytes) h = (Math.imul(h, 31) + ((b << 24) >> 24)) | 0
  return h >>> 0
}

function numberToString (schema: Schema | null, n: number): string {
  switch (schema?.type()) {
    case 'FLOAT32': return javaFloatToString(n)
    case 'FLOAT64': return javaDoubleToString(n)
    case 'INT8': case 'INT16': case 'INT32': case 'INT64':
      if (Number.isInteger(n)) return String(n)
  }
  return isInt32(n) ? String(n) : javaDoubleToString(n)
}

/** Struct.toString: the non-null fields, each formatted with its field schema (a FLOAT64 2 prints `2.0`). */
function structToString (struct: Struct): string {
  const parts: string[] = []
  const fields = struct.schema().fields()
  for (let i = 0; i < fields.length; i++) {
    const v = struct.getWithoutDefault(fields[i]!)
    if (v != null) parts.push(`${fields[i]!.name()}=${javaString(v, fields[i]!.schema())}`)
  }
  return `Struct{${parts.join(',')}}`
}

/** `String.valueOf(value)`; `schema` (may be null) refines how numbers print. */
export function javaString (value: unknown, schema: Schema | null = null): string {
  switch (typeof value) {
    case 'string': return value
    case 'number': return numberToString(schema, value)
    case 'bigint': case 'boolean': return String(value)
    case 'undefined': return 'null'
  }
  if (value === null) return 'null'
  if (value instanceof Struct) return structToString(value)
  if (value instanceof BigDecimal) return value.toString()
  if (value instanceof Uint8Array) return `[B@${bytesHash(value).toString(16)}`
  if (Array.isArray(value)) {
    const element = schema?.type() === 'ARRAY' ? schema.valueSchema() : null
    return `[${value.map(v => javaString(v, element)).join(', ')}]`
  }
  const isMap = schema?.type() === 'MAP'
  const keySchema = isMap ? schema!.keySchema() : null
  const valueSchema = isMap ? schema!.valueSchema() : null
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${javaString(k, keySchema)}=${javaString(v, valueSchema)}`).join(', ')}}`
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) {
    return `{${Object.entries(value as object).map(([k, v]) => `${k}=${javaString(v, valueSchema)}`).join(', ')}}`
  }
  return String(value)
}
