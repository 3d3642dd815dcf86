// How a JS value is named in Kafka's messages, which print Java classes: "Invalid type for INT32: class
// java.lang.String". Each Connect value type maps to the Java class Kafka would hold for it.
import { BigDecimal } from './big-decimal.ts'
import { javaDoubleToString } from './java-number-format.ts'
import { Struct } from './struct.ts'

function isInt32 (n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647
}

/** Java's `value.getClass().toString()` for the Java counterpart of a JS value (`class java.lang.String`). */
export function javaClassOf (v: unknown): string {
  return `class ${javaClassNameOf(v)}`
}

/** Java's `value.getClass().getName()` for the Java counterpart of a JS value (`java.lang.String`). */
export function javaClassNameOf (v: unknown): string {
  switch (typeof v) {
    case 'string': return 'java.lang.String'
    case 'boolean': return 'java.lang.Boolean'
    case 'bigint': return 'java.lang.Long'
    case 'number': return isInt32(v) ? 'java.lang.Integer' : 'java.lang.Double'
    case 'undefined': return 'null'
    case 'function': return 'java.util.function.Function'
    case 'symbol': return 'java.lang.Object'
  }
  if (v === null) return 'null'
  if (v instanceof Uint8Array) return '[B'
  if (Array.isArray(v)) return 'java.util.ArrayList'
  if (v instanceof Map) return 'java.util.HashMap'
  if (v instanceof Struct) return 'org.apache.kafka.connect.data.Struct'
  if (v instanceof BigDecimal) return 'java.math.BigDecimal'
  if (v instanceof Date) return 'java.util.Date'
  const proto = Object.getPrototypeOf(v)
  if (proto === Object.prototype || proto === null) return 'java.util.HashMap'
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== '' ? name : 'java.lang.Object'
}

/** Java's `String.valueOf(value)` for a Connect value, as Kafka's messages embed it. */
export function javaToString (v: unknown): string {
  switch (typeof v) {
    case 'string': return v
    case 'number': return isInt32(v) ? String(v) : javaDoubleToString(v)
    case 'bigint': case 'boolean': return String(v)
    case 'undefined': return 'null'
  }
  if (v === null) return 'null'
  if (v instanceof Uint8Array) return `[B@${hash(v).toString(16)}`
  if (Array.isArray(v)) return `[${v.map(javaToString).join(', ')}]`
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${javaToString(k)}=${javaToString(x)}`).join(', ')}}`
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()
  const proto = Object.getPrototypeOf(v)
  if (proto === Object.prototype || proto === null) {
    return `{${Object.entries(v as object).map(([k, x]) => `${k}=${javaToString(x)}`).join(', ')}}`
  }
  return String(v)
}

function hash (bytes: Uint8Array): number {
  let h = 1
  for (const b of bytes) h = (Math.imul(h, 31) + ((b << 24) >> 24)) | 0
  return h >>> 0
}
