// How Java would print or read a few things, so messages and REST bodies match Kafka's byte for byte:
// String.valueOf of config values, Double.toString, String.trim, Integer/Short/Long/Double parsing, and the
// iteration order of a default java.util.HashSet<String> (which CaseInsensitiveValidString's messages expose).
import { Password } from './password.ts'

/** Java's String.trim(): strips code units <= U+0020 at both ends (not Unicode whitespace). */
export function javaTrim (s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 0x20) start++
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

/** Utils.isBlank: null, or empty after Java trim. */
export function isBlank (s: string | null | undefined): boolean {
  return s == null || javaTrim(s).length === 0
}

/** Double.toString: shortest round-trip digits, `1.0`, `1.0E10`, `1.5E-5`, `NaN`, `Infinity`. */
export function javaDoubleToString (d: number): string {
  if (Number.isNaN(d)) return 'NaN'
  if (d === Infinity) return 'Infinity'
  if (d === -Infinity) return '-Infinity'
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(d)
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d)
    return s.includes('.') ? s : `${s}.0`
  }
  const [mantissa, exp] = d.toExponential().split('e') as [string, string]
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`
}

/** The Java class name a JS value would have had in Kafka's messages (`… but it was a java.lang.Integer`). */
export function javaClassName (value: unknown): string {
  switch (typeof value) {
    case 'string': return 'java.lang.String'
    case 'boolean': return 'java.lang.Boolean'
    case 'bigint': return 'java.lang.Long'
    case 'number':
      if (!Number.isInteger(value)) return 'java.lang.Double'
      return value >= -2147483648 && value <= 2147483647 ? 'java.lang.Integer' : 'java.lang.Long'
    default:
      if (Array.isArray(value)) return 'java.util.ArrayList'
      if (value instanceof Password) return 'org.apache.kafka.common.config.types.Password'
      if (value instanceof Map) return 'java.util.HashMap'
      return value === null || value === undefined ? 'null' : 'java.lang.Object'
  }
}

/** String.valueOf(value) as Kafka's messages print it: lists as `[a, b]`, passwords as `[hidden]`. */
export function javaString (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : javaDoubleToString(value)
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${javaString(k)}=${javaString(v)}`).join(', ')}}`
  return String(value)
}

const INT_RANGES = {
  SHORT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  LONG: [-9223372036854775808n, 9223372036854775807n]
} as const

/** Integer.parseInt / Short.parseShort / Long.parseLong on an already-trimmed string; undefined when Java throws. */
export function parseJavaInteger (s: string, kind: keyof typeof INT_RANGES): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const n = BigInt(s)
  const [min, max] = INT_RANGES[kind]
  return n < min || n > max ? undefined : n
}

export function inJavaRange (n: number | bigint, kind: keyof typeof INT_RANGES): boolean {
  const [min, max] = INT_RANGES[kind]
  if (typeof n === 'number' && !Number.isInteger(n)) return false
  const b = BigInt(n)
  return b >= min && b <= max
}

const DECIMAL_FLOAT = /^[+-]?(NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/

/** Double.parseDouble on a string (Java trims it itself); undefined when Java throws NumberFormatException. */
export function parseJavaDouble (input: string): number | undefined {
  const s = javaTrim(input)
  if (DECIMAL_FLOAT.test(s)) {
    const body = s.replace(/[fFdD]$/, '')
    if (body.endsWith('NaN')) return NaN
    if (body.endsWith('Infinity')) return body.startsWith('-') ? -Infinity : Infinity
    return Number(body)
  }
  const hex = HEX_FLOAT.exec(s)
  if (hex !== null) {
    const [, sign, int = '', frac = '', exp = '0'] = hex
    if (int.length + frac.length === 0) return undefined
    const mantissa = parseInt(int || '0', 16) + (frac.length > 0 ? parseInt(frac, 16) / 16 ** frac.length : 0)
    const v = mantissa * 2 ** Number(exp)
    return sign === '-' ? -v : v
  }
  return undefined
}

function javaStringHash (s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h
}

/**
 * The iteration order of `new HashSet<>()` after adding `items` in order: by bucket of the spread hash in the final
 * table (capacity 16, doubling past 0.75 load), insertion order within a bucket.
 */
export function javaHashSetOrder (items: readonly string[]): string[] {
  const unique = [...new Set(items)]
  let capacity = 16
  while (unique.length > capacity * 0.75) capacity *= 2
  const bucket = (s: string): number => {
    const h = javaStringHash(s)
    return (h ^ (h >>> 16)) & (capacity - 1)
  }
  return unique.map((s, i) => ({ s, i, b: bucket(s) })).sort((x, y) => x.b - y.b || x.i - y.i).map(e => e.s)
}

/** Compiles a Java regex for full-match use (`Matcher.matches()`); throws SyntaxError when JS cannot read it. */
export function javaFullMatchRegex (pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u')
  } catch {
    return new RegExp(`^(?:${pattern})$`)
  }
}
