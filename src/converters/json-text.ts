// JSON text exactly as Kafka's Jackson 2.16 writes it: `"`, `\` and control characters escaped (short forms \b \t
// \n \f \r, else \u00XX with upper-case hex), every UTF-16 surrogate written as a \uXXXX escape (so an emoji
// becomes "\uD83D\uDE00"), other characters raw; floats via Java's Float/Double.toString; non-finite floats as the
// strings "NaN", "Infinity", "-Infinity".
import { javaDoubleToString, javaFloatToString } from '../data/java-number-format.ts'

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
const HEX = '0123456789ABCDEF'
const SHORT: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' }

function unicodeEscape (c: number): string {
  return '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15]
}

/** A JSON string literal, Jackson-escaped. */
export function quote (s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"'
  let out = '"'
  let last = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let rep: string
    if (c < 32 || c === 34 || c === 92) rep = SHORT[c] ?? unicodeEscape(c)
    else if (c >= 0xd800 && c <= 0xdfff) rep = unicodeEscape(c)
    else continue
    out += s.slice(last, i) + rep
    last = i + 1
  }
  return out + s.slice(last) + '"'
}

/** A FLOAT64 value as Jackson writes a double. */
export function doubleText (d: number): string {
  if (Number.isFinite(d)) return javaDoubleToString(d)
  return '"' + javaDoubleToString(d) + '"'
}

/** A FLOAT32 value as Jackson writes a float. */
export function floatText (f: number): string {
  if (Number.isFinite(f)) return javaFloatToString(f)
  return '"' + javaFloatToString(f) + '"'
}
