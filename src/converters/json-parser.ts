// A JSON reader with the semantics of the Jackson ObjectMapper inside Kafka's JsonConverter: numbers keep their text
// (int64 and decimals stay exact; `1` and `1.0` differ), leading zeros are allowed, duplicate keys keep the last
// value in the first position, anything after the first root value is ignored (FAIL_ON_TRAILING_TOKENS is off)
// except that a root number must be followed by whitespace, and Jackson's default limits apply (nesting depth
// 1000, number length 1000). Empty input is "missing" (undefined).
//
import { DataError } from '../data/errors.ts'

// The reader keeps its cursor in module state: parsing is synchronous, so calls never interleave.

/** A JSON number as written: `integral` when it has no fraction or exponent. */
export class JsonNumber {
  readonly text: string
  readonly integral: boolean

  constructor (text: string, integral: boolean) {
    this.text = text
    this.integral = integral
  }
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject
export type JsonObject = Map<string, JsonNode>

/** Jackson's JsonNodeType name of a node (as JsonConverter's messages print it). */
export function nodeType (node: JsonNode | undefined): string {
  if (node === undefined) return 'MISSING'
  if (node === null) return 'NULL'
  switch (typeof node) {
    case 'boolean': return 'BOOLEAN'
    case 'string': return 'STRING'
  }
  if (node instanceof JsonNumber) return 'NUMBER'
  if (Array.isArray(node)) return 'ARRAY'
  return 'OBJECT'
}

export class JsonParseError extends Error {
  override name = 'JsonParseError'
}

const MAX_DEPTH = 1000
const MAX_NUMBER_LENGTH = 1000
const MAX_STRING_LENGTH = 20_000_000

let src = ''
let pos = 0
let depth = 0
/** Numbers as Connect values (integral → INT64 bigint, else a double) instead of JsonNumber nodes. */
let connectNumbers = false
/** Span of the root object's last "schema" member value (for the schema cache), or -1. */
let schemaStart = -1
let schemaEnd = -1

function describe (c: number): string {
  if (Number.isNaN(c)) return 'end-of-input'
  const ch = String.fromCharCode(c)
  return c < 32 ? `(CTRL-CHAR, code ${c})` : `'${ch}' (code ${c})`
}

function fail (message: string): never {
  throw new JsonParseError(`${message}\n at position ${pos}`)
}

function unexpected (c: number, expecting: string): never {
  if (Number.isNaN(c)) fail(`Unexpected end-of-input: ${expecting}`)
  fail(`Unexpected character (${describe(c)}): ${expecting}`)
}

function skipWs (): number {
  const s = src
  let p = pos
  let c = s.charCodeAt(p)
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p)
  pos = p
  return c
}

function parseString (): string {
  // pos is just after the opening quote
  const s = src
  const start = pos
  let p = start
  while (true) {
    const c = s.charCodeAt(p)
    if (c === 34) {
      pos = p + 1
      return s.slice(start, p)
    }
    if (c === 92) break
    if (c < 32 || Number.isNaN(c)) {
      pos = p
      if (Number.isNaN(c)) fail('Unexpected end-of-input: was expecting closing quote for a string value')
      fail(`Illegal unquoted character (${describe(c)}): has to be escaped using backslash to be included in string value`)
    }
    p++
  }
  let out = s.slice(start, p)
  while (true) {
    const c = s.charCodeAt(p)
    if (c === 34) {
      pos = p + 1
      if (out.length > MAX_STRING_LENGTH) fail(`String value length (${out.length}) exceeds the maximum allowed (${MAX_STRING_LENGTH})`)
      return out
    }
    if (Number.isNaN(c)) {
      pos = p
      fail('Unexpected end-of-input: was expecting closing quote for a string value')
    }
    if (c < 32) {
      pos = p
      fail(`Illegal unquoted character (${describe(c)}): has to be escaped using backslash to be included in string value`)
    }
    if (c !== 92) {
      out += s[p]
      p++
      continue
    }
    const e = s.charCodeAt(p + 1)
    p += 2
    switch (e) {
      case 34: out += '"'; break
      case 92: out += '\\'; break
      case 47: out += '/'; break
      case 98: out += '\b'; break
      case 102: out += '\f'; break
      case 110: out += '\n'; break
      case 114: out += '\r'; break
      case 116: out += '\t'; break
      case 117: {
        const hex = s.slice(p, p + 4)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          pos = p
          fail('Unexpected character: expected a hex-digit for character escape sequence')
        }
        out += String.fromCharCode(parseInt(hex, 16))
        p += 4
        break
      }
      default:
        pos = p - 1
        if (Number.isNaN(e)) fail('Unexpected end-of-input in character escape sequence')
        fail(`Unrecognized character escape ${describe(e)}`)
    }
  }
}

function digitsFrom (p: number): number {
  const s = src
  let c = s.charCodeAt(p)
  while (c >= 48 && c <= 57) c = s.charCodeAt(++p)
  return p
}

function parseNumber (): JsonNode {
  const s = src
  const start = pos
  let p = pos
  if (s.charCodeAt(p) === 45) {
    p++
    const c = s.charCodeAt(p)
    if (!(c >= 48 && c <= 57)) {
      pos = p
      unexpected(c, 'expected digit (0-9) to follow minus sign, for valid numeric value')
    }
  }
  p = digitsFrom(p)
  let integral = true
  if (s.charCodeAt(p) === 46) {
    integral = false
    const q = digitsFrom(p + 1)
    if (q === p + 1) {
      pos = q
      unexpected(s.charCodeAt(q), 'Decimal point not followed by a digit')
    }
    p = q
  }
  const e = s.charCodeAt(p)
  if (e === 101 || e === 69) {
    integral = false
    p++
    const sign = s.charCodeAt(p)
    if (sign === 43 || sign === 45) p++
    const q = digitsFrom(p)
    if (q === p) {
      pos = q
      unexpected(s.charCodeAt(q), 'Exponent indicator not followed by a digit')
    }
    p = q
  }
  if (p - start > MAX_NUMBER_LENGTH) fail(`Number value length (${p - start}) exceeds the maximum allowed (${MAX_NUMBER_LENGTH})`)
  pos = p
  const text = s.slice(start, p)
  if (connectNumbers) return connectNumber(text, integral)
  return new JsonNumber(text, integral)
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function connectNumber (text: string, integral: boolean): JsonNode {
  if (!integral) return (Number(text) + 0) as unknown as JsonNode // Java's BigDecimal has no -0
  const v = BigInt(text)
  if (text.length > 18 && (v < INT64_MIN || v > INT64_MAX)) {
    throw new DataError(`Numeric value (${text}) out of range of long (INT64)`)
  }
  return v as unknown as JsonNode
}

const IDENT = /[\p{L}\p{N}_$]/u

function literal (word: string, value: JsonNode): JsonNode {
  if (!src.startsWith(word, pos)) {
    let end = pos
    while (end < src.length && IDENT.test(src[end]!)) end++
    fail(`Unrecognized token '${src.slice(pos, Math.max(end, pos + 1))}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`)
  }
  pos += word.length
  const next = src[pos]
  if (next !== undefined && IDENT.test(next)) {
    let end = pos
    while (end < src.length && IDENT.test(src[end]!)) end++
    fail(`Unrecognized token '${word}${src.slice(pos, end)}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`)
  }
  return value
}

function parseArray (): JsonNode[] {
  if (++depth > MAX_DEPTH) fail(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_DEPTH})`)
  const out: JsonNode[] = []
  let c = skipWs()
  if (c === 93) {
    pos++
    depth--
    return out
  }
  while (true) {
    out.push(parseValue())
    c = skipWs()
    pos++
    if (c === 44) continue
    if (c === 93) break
    pos--
    unexpected(c, 'was expecting comma to separate Array entries')
  }
  depth--
  return out
}

function parseObject (): JsonObject {
  if (++depth > MAX_DEPTH) fail(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_DEPTH})`)
  const root = depth === 1
  const out: JsonObject = new Map()
  let c = skipWs()
  if (c === 125) {
    pos++
    depth--
    return out
  }
  while (true) {
    if (c !== 34) unexpected(c, 'was expecting double-quote to start field name')
    pos++
    const key = parseString()
    c = skipWs()
    if (c !== 58) unexpected(c, "was expecting a colon to separate field name and value")
    pos++
    if (root && key === 'schema') {
      skipWs()
      schemaStart = pos
      out.set(key, parseValue())
      schemaEnd = pos
    } else {
      out.set(key, parseValue())
    }
    c = skipWs()
    pos++
    if (c === 125) break
    if (c !== 44) {
      pos--
      unexpected(c, 'was expecting comma to separate Object entries')
    }
    c = skipWs()
  }
  depth--
  return out
}

function parseValue (): JsonNode {
  const c = skipWs()
  switch (c) {
    case 123: pos++; return parseObject()
    case 91: pos++; return parseArray()
    case 34: pos++; return parseString()
    case 116: return literal('true', true)
    case 102: return literal('false', false)
    case 110: return literal('null', null)
    case 45: case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57:
      return parseNumber()
    case 93:
    case 125:
      unexpected(c, 'expected a value')
  }
  if (Number.isNaN(c)) fail('Unexpected end-of-input: expected a value')
  if (c === 39) unexpected(c, "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')")
  return literal(String.fromCharCode(c), null)
}

function begin (text: string, at: number): void {
  src = text
  pos = at
  depth = 0
  connectNumbers = false
  schemaStart = -1
  schemaEnd = -1
}

/**
 * Parses the first JSON value of `text` (a UTF-8 BOM is skipped); undefined when there is none. Throws
 * JsonParseError on malformed input.
 */
export function parseJson (text: string, asConnect = false): JsonNode | undefined {
  begin(text, text.charCodeAt(0) === 0xfeff ? 1 : 0)
  connectNumbers = asConnect
  try {
    const c = skipWs()
    if (Number.isNaN(c)) return undefined
    const value = parseValue()
    const v: unknown = value
    if (v instanceof JsonNumber || typeof v === 'number' || typeof v === 'bigint') {
      const next = src.charCodeAt(pos)
      if (!Number.isNaN(next) && next !== 32 && next !== 9 && next !== 10 && next !== 13) {
        unexpected(next, 'Expected space separating root-level values')
      }
    }
    return value
  } finally {
    src = ''
  }
}

/**
 * Parses like parseJson but returns schemaless Connect data directly: integral numbers as bigint (INT64, DataError
 * beyond its range), other numbers as doubles, objects as Maps. Undefined when there is no value.
 */
export function parseJsonToConnect (text: string): unknown {
  try {
    const value = parseJson(text, true)
    return value === undefined ? null : value
  } finally {
    connectNumbers = false
  }
}

/** The source text of the root object's "schema" member from the last parseJson call, or null. */
export function lastSchemaText (text: string): string | null {
  return schemaStart < 0 ? null : text.slice(schemaStart, schemaEnd)
}

/**
 * Parses one JSON value at `start` of `text` and returns it with the position after the closing `}` of the
 * enclosing envelope object, or -1 when something other than `}` follows (the caller then uses parseJson).
 */
export function parseEnvelopeTail (text: string, start: number): { value: JsonNode, end: number } {
  begin(text, start)
  depth = 1
  try {
    const value = parseValue()
    const c = skipWs()
    return { value, end: c === 125 ? pos + 1 : -1 }
  } finally {
    src = ''
  }
}
