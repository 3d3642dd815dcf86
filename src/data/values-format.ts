// Values.convertToString: the text form of a Connect value, as SimpleHeaderConverter writes header values. Strings
// are raw at top level and quoted (only `\` and `"` escaped) inside lists, maps and structs; bytes are base64;
// lists `[a,b]`, maps `{k:v}`, structs `{"f":v}`; dates use the ISO-8601 texts of values-temporal.ts.
//
// Kafka prints a number by its Java class (Integer 1 → `1`, Double 1.0 → `1.0`). A JS number has no class, so the
// schema decides when there is one (FLOAT32/FLOAT64 print Java-style, e.g. `1.0`); without one, integers print
// as integers and other numbers as Java doubles.
import { BigDecimal } from './big-decimal.ts'
import { DataError } from './errors.ts'
import { javaClassNameOf, javaToString } from './java-class.ts'
import { javaDoubleToString, javaFloatToString } from './java-number-format.ts'
import type { Schema } from './schema.ts'
import { Struct } from './struct.ts'
import { isPlainObject } from './values-equal.ts'
import { formatTemporal } from './values-temporal.ts'

function elementSchema (schema: Schema | null, which: 'key' | 'value'): Schema | null {
  if (schema === null) return null
  const t = schema.type()
  if (which === 'key') return t === 'MAP' ? schema.keySchema() : null
  return t === 'MAP' || t === 'ARRAY' ? schema.valueSchema() : null
}

function formatNumber (schema: Schema | null, n: number): string {
  const type = schema?.type()
  if (type === 'FLOAT32') return javaFloatToString(n)
  if (type === 'FLOAT64') return javaDoubleToString(n)
  if (Number.isSafeInteger(n)) return String(n)
  return javaDoubleToString(n)
}

function escape (s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')
}

function append (out: string[], value: unknown, embedded: boolean, schema: Schema | null): void {
  if (value == null) {
    out.push('null')
  } else if (typeof value === 'number') {
    out.push(formatNumber(schema, value))
  } else if (typeof value === 'bigint' || typeof value === 'boolean') {
    out.push(String(value))
  } else if (value instanceof BigDecimal) {
    out.push(value.toString())
  } else if (typeof value === 'string') {
    out.push(embedded ? `"${escape(value)}"` : value)
  } else if (value instanceof Uint8Array) {
    const b64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
    out.push(embedded ? `"${b64}"` : b64)
  } else if (Array.isArray(value)) {
    const es = elementSchema(schema, 'value')
    out.push('[')
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',')
      append(out, value[i], true, es)
    }
    out.push(']')
  } else if (value instanceof Map || isPlainObject(value)) {
    const ks = elementSchema(schema, 'key')
    const vs = elementSchema(schema, 'value')
    const entries = value instanceof Map ? value.entries() : Object.entries(value)
    out.push('{')
    let first = true
    for (const [k, v] of entries) {
      if (!first) out.push(',')
      first = false
      append(out, k, true, ks)
      out.push(':')
      append(out, v, true, vs)
    }
    out.push('}')
  } else if (value instanceof Struct) {
    out.push('{')
    let first = true
    for (const field of value.schema().fields()) {
      if (!first) out.push(',')
      first = false
      append(out, field.name(), true, null)
      out.push(':')
      append(out, value.get(field), true, field.schema())
    }
    out.push('}')
  } else if (value instanceof Date) {
    out.push(formatTemporal(value))
  } else {
    throw new DataError(`Failed to serialize unexpected value type ${javaClassNameOf(value)}: ${javaToString(value)}`)
  }
}

/** Kafka's Values.convertToString; null for a null value. */
export function convertToString (schema: Schema | null, value: unknown): string | null {
  if (value == null) return null
  const out: string[] = []
  append(out, value, false, schema ?? null)
  return out.join('')
}
