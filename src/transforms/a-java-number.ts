// Java number semantics the SMTs need: the `Number.xxxValue()` narrowings (wrap-around for integers, saturation for
// doubles), and the `Byte/Short/Integer/Long/Float/Double.parseXxx` and `Boolean.parseBoolean` string parsers.
// A numeric Connect value is a JS number (INT8..INT32, FLOAT32/64), a bigint (INT64) or a BigDecimal (Decimal).
import { BigDecimal } from '../api/index.ts'

export type JavaNumber = number | bigint | BigDecimal

/** What Java throws as NumberFormatException: a string that is not a number of the requested type. */
export class NumberFormatError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'NumberFormatException'
  }
}

export function isJavaNumber (v: unknown): v is JavaNumber {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof BigDecimal
}

const INT_MAX = 2147483647
const INT_MIN = -2147483648
const LONG_MAX = (1n << 63n) - 1n
const LONG_MIN = -(1n << 63n)

/** Java's `(int) d`: truncation toward zero, saturating at the int range, NaN to 0. */
function doubleToInt (d: number): number {
  if (Number.isNaN(d)) return 0
  if (d >= INT_MAX) return INT_MAX
  if (d <= INT_MIN) return INT_MIN
  return Math.trunc(d) | 0
}

/** Java's `(long) d`. */
function doubleToLong (d: number): bigint {
  if (Number.isNaN(d)) return 0n
  if (d >= 2 ** 63) return LONG_MAX
  if (d <= -(2 ** 63)) return LONG_MIN
  return BigInt(Math.trunc(d))
}

/** `Number.longValue()`. A JS number is read as a double (an int value converts the same way). */
export function longValue (v: JavaNumber): bigint {
  if (typeof v === 'number') return doubleToLong(v)
  if (typeof v === 'bigint') return BigInt.asIntN(64, v)
  return BigInt.asIntN(64, v.toBigInt())
}

/** `Number.intValue()`. */
export function intValue (v: JavaNumber): number {
  if (typeof v === 'number') return doubleToInt(v)
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v))
  return Number(BigInt.asIntN(32, v.toBigInt()))
}

/** `Number.shortValue()`: the int value narrowed to 16 bits. */
export function shortValue (v: JavaNumber): number {
  return (intValue(v) << 16) >> 16
}

/** `Number.byteValue()`: the int value narrowed to 8 bits. */
export function byteValue (v: JavaNumber): number {
  return (intValue(v) << 24) >> 24
}

/** `Number.doubleValue()`. */
export function doubleValue (v: JavaNumber): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  return v.toNumber()
}

/** `Number.floatValue()`. */
export function floatValue (v: JavaNumber): number {
  return Math.fround(doubleValue(v))
}

const INTEGER_TEXT = /^[+-]?[0-9]+$/

function parseIntegral (s: string, bits: number): bigint {
  if (!INTEGER_TEXT.test(s)) throw new NumberFormatError(`For input string: "${s}"`)
  const n = BigInt(s)
  const max = (1n << BigInt(bits - 1)) - 1n
  if (n > max || n < -max - 1n) throw new NumberFormatError(`Value out of range. Value:"${s}" Radix:10`)
  return n
}

/** `Byte.parseByte(s)` (no trimming; an optional sign and decimal digits). */
export function parseJavaByte (s: string): number {
  return Number(parseIntegral(s, 8))
}

export function parseJavaShort (s: string): number {
  return Number(parseIntegral(s, 16))
}

export function parseJavaInt (s: string): number {
  return Number(parseIntegral(s, 32))
}

export function parseJavaLong (s: string): bigint {
  return parseIntegral(s, 64)
}

const DECIMAL_FLOAT_TEXT = /^([+-]?)(?:(NaN)|(Infinity)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))[fFdD]?$/
const HEX_FLOAT_TEXT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/

/** Java's String.trim(): drops leading and trailing chars <= U+0020. */
function javaTrim (s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 32) start++
  while (end > start && s.charCodeAt(end - 1) <= 32) end--
  return s.slice(start, end)
}

/** `Double.parseDouble(s)`: trimmed; decimal or hex floating literals, `NaN`, `Infinity`, optional f/d suffix. */
export function parseJavaDouble (input: string): number {
  const s = javaTrim(input)
  const m = DECIMAL_FLOAT_TEXT.exec(s)
  if (m !== null) {
    const negative = m[1] === '-'
    if (m[2] !== undefined) return NaN
    if (m[3] !== undefined) return negative ? -Infinity : Infinity
    const v = Number(m[4])
    return negative ? -v : v
  }
  const h = HEX_FLOAT_TEXT.exec(s)
  if (h !== null) {
    const intDigits = h[2] ?? ''
    const fracDigits = h[3] ?? ''
    if (intDigits.length + fracDigits.length > 0) {
      const mantissa = BigInt('0x' + (intDigits + fracDigits || '0'))
      const exp = Number(h[4]) - 4 * fracDigits.length
      const v = Number(mantissa) * 2 ** exp
      return h[1] === '-' ? -v : v
    }
  }
  throw new NumberFormatError(s.length === 0 ? 'empty String' : `For input string: "${s}"`)
}

/** `Float.parseFloat(s)`. */
export function parseJavaFloat (input: string): number {
  return Math.fround(parseJavaDouble(input))
}

/** `Boolean.parseBoolean(s)`: true only for "true", ignoring case. */
export function parseJavaBoolean (s: string): boolean {
  return s.toLowerCase() === 'true'
}
