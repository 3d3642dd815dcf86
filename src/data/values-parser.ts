// Values.parseString: reads the text form of a Connect value (what SimpleHeaderConverter stores in a header) and
// infers its schema. A faithful port of Kafka's tokenizer and ValueParser, quirks included: top-level text that
// does not parse stays a STRING of the whole input, quoted strings keep their backslashes, numbers take the smallest
// type that holds them (fractions become FLOAT32 when finite as a float), and list/map element schemas widen.
import { BigDecimal, RoundingMode } from './big-decimal.ts'
import { DataError } from './errors.ts'
import { ConnectDate } from './logical/date.ts'
import { Decimal } from './logical/decimal.ts'
import { Time } from './logical/time.ts'
import { Timestamp } from './logical/timestamp.ts'
import { SchemaAndValue } from './schema-and-value.ts'
import { SchemaBuilder } from './schema-builder.ts'
import {
  BOOLEAN_SCHEMA, FLOAT32_SCHEMA, FLOAT64_SCHEMA, INT16_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, INT8_SCHEMA, STRING_SCHEMA,
  schemaEquals, type Schema
} from './schema.ts'
import { convertTo } from './values-convert.ts'
import { ISO_8601_DATE_LENGTH, ISO_8601_TIME_LENGTH, ISO_8601_TIMESTAMP_LENGTH, parseTemporal } from './values-temporal.ts'

const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
const TRUE_SV = new SchemaAndValue(BOOLEAN_SCHEMA, true)
const FALSE_SV = new SchemaAndValue(BOOLEAN_SCHEMA, false)
const DIGIT = /^\p{Nd}/u

/** Java's String.trim(): strips characters up to U+0020 from both ends. */
export function javaTrim (s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 32) start++
  while (end > start && s.charCodeAt(end - 1) <= 32) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

function isBlank (s: string | null): boolean {
  return s === null || javaTrim(s) === ''
}

/** Kafka's Values.Parser: splits on unescaped `: , { } [ ] "`, delimiters being tokens of their own. */
class Parser {
  readonly original: string
  #index = 0
  #nextToken: string | null = null
  #previousToken: string | null = null

  constructor (original: string) {
    this.original = original
  }

  position (): number { return this.#index }
  mark (): number { return this.#index - (this.#nextToken !== null ? this.#nextToken.length : 0) }

  rewindTo (position: number): void {
    this.#index = position
    this.#nextToken = null
    this.#previousToken = null
  }

  hasNext (): boolean { return this.#nextToken !== null || this.#canConsumeNextToken() }
  #canConsumeNextToken (): boolean { return this.#index < this.original.length }

  next (): string {
    if (this.#nextToken !== null) {
      this.#previousToken = this.#nextToken
      this.#nextToken = null
    } else {
      this.#previousToken = this.#consumeNextToken()
    }
    return this.#previousToken
  }

  /** The text of the next n tokens, or null (and no move) when there are fewer. */
  nextN (n: number): string | null {
    const start = this.mark()
    for (let i = 0; i !== n; ++i) {
      if (!this.hasNext()) {
        this.rewindTo(start)
        return null
      }
      this.next()
    }
    return this.original.substring(start, this.position())
  }

  previous (): string | null { return this.#previousToken }

  #consumeNextToken (): string {
    let escaped = false
    const start = this.#index
    const s = this.original
    while (this.#index < s.length) {
      const c = s[this.#index]
      switch (c) {
        case '\\':
          escaped = !escaped
          break
        case ':': case ',': case '{': case '}': case '[': case ']': case '"':
          if (!escaped) {
            if (start < this.#index) return s.substring(start, this.#index)
            this.#index++
            return s.substring(start, start + 1)
          }
          escaped = false
          break
        default:
          escaped = false
      }
      this.#index++
    }
    return s.substring(start, this.#index)
  }

  canConsume (expected: string, ignoreWhitespace = true): boolean {
    if (this.#isNext(expected, ignoreWhitespace)) {
      this.#nextToken = null
      return true
    }
    return false
  }

  #isNext (expected: string, ignoreWhitespace: boolean): boolean {
    if (this.#nextToken === null) {
      if (!this.hasNext()) return false
      this.#nextToken = this.#consumeNextToken()
    }
    if (ignoreWhitespace) {
      while (isBlank(this.#nextToken) && this.#canConsumeNextToken()) this.#nextToken = this.#consumeNextToken()
    }
    return ignoreWhitespace ? javaTrim(this.#nextToken) === expected : this.#nextToken === expected
  }
}

class ValueParser {
  readonly #parser: Parser

  constructor (parser: Parser) {
    this.#parser = parser
  }

  #canParseSingleTokenLiteral (embedded: boolean, literal: string): boolean {
    const start = this.#parser.mark()
    if (this.#parser.canConsume(literal)) {
      if (embedded || !this.#parser.hasNext()) return true
    }
    this.#parser.rewindTo(start)
    return false
  }

  parse (embedded: boolean): SchemaAndValue | null {
    const p = this.#parser
    if (!p.hasNext()) return null
    if (embedded && p.canConsume('"')) return this.#parseQuotedString()
    if (this.#canParseSingleTokenLiteral(embedded, 'null')) return null
    if (this.#canParseSingleTokenLiteral(embedded, 'true')) return TRUE_SV
    if (this.#canParseSingleTokenLiteral(embedded, 'false')) return FALSE_SV
    const start = p.mark()
    try {
      if (p.canConsume('[')) return this.#parseArray()
      if (p.canConsume('{')) return this.#parseMap()
    } catch (err) {
      if (!(err instanceof DataError)) throw err
      p.rewindTo(start)
    }
    const token = p.next()
    if (isBlank(token)) return new SchemaAndValue(STRING_SCHEMA, token)
    return this.#parseNextToken(embedded, javaTrim(token))
  }

  #parseNextToken (embedded: boolean, token: string): SchemaAndValue {
    const firstChar = token[0]!
    const firstCharIsDigit = DIGIT.test(token)
    if (firstCharIsDigit) {
      const temporal = this.#parseMultipleTokensAsTemporal(token)
      if (temporal !== null) return temporal
    }
    if (firstCharIsDigit || firstChar === '+' || firstChar === '-') {
      const n = parseAsNumber(token)
      if (n !== null) return n
    }
    if (embedded) throw new DataError('Failed to parse embedded value')
    return new SchemaAndValue(STRING_SCHEMA, this.#parser.original)
  }

  #parseQuotedString (): SchemaAndValue {
    let content = ''
    while (this.#parser.hasNext()) {
      if (this.#parser.canConsume('"')) break
      content += this.#parser.next()
    }
    return parseAsTemporal(content) ?? new SchemaAndValue(STRING_SCHEMA, content)
  }

  #parseArray (): SchemaAndValue {
    const p = this.#parser
    let result: unknown[] = []
    const elementSchema = new SchemaMerger()
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        let listSchema: Schema
        if (elementSchema.hasCommonSchema()) {
          listSchema = SchemaBuilder.array(elementSchema.schema()!).schema()
          result = result.map(v => convertTo(listSchema.valueSchema()!, null, v))
        } else {
          listSchema = SchemaBuilder.arrayOfNull().build()
        }
        return new SchemaAndValue(listSchema, result)
      }
      if (p.canConsume(',')) throw new DataError(`Unable to parse an empty array element: ${p.original}`)
      const element = this.parse(true)
      elementSchema.merge(element)
      result.push(element !== null ? element.value : null)
      const current = p.mark()
      if (p.canConsume(']')) p.rewindTo(current)
      else if (!p.canConsume(',')) throw new DataError("Array elements missing ',' delimiter")
    }
    if (p.previous() === ',') throw new DataError(`Array is missing element after ',': ${p.original}`)
    throw new DataError(`Array is missing terminating ']': ${p.original}`)
  }

  #parseMap (): SchemaAndValue {
    const p = this.#parser
    let result = new Map<unknown, unknown>()
    const keySchema = new SchemaMerger()
    const valueSchema = new SchemaMerger()
    while (p.hasNext()) {
      if (p.canConsume('}')) {
        let mapSchema: Schema
        if (keySchema.hasCommonSchema() && valueSchema.hasCommonSchema()) {
          mapSchema = SchemaBuilder.map(keySchema.schema()!, valueSchema.schema()!).build()
          const aligned = new Map<unknown, unknown>()
          for (const [k, v] of result) aligned.set(convertTo(mapSchema.keySchema()!, null, k), convertTo(mapSchema.valueSchema()!, null, v))
          result = aligned
        } else if (keySchema.hasCommonSchema()) {
          mapSchema = SchemaBuilder.mapWithNullValues(keySchema.schema()!)
          const aligned = new Map<unknown, unknown>()
          for (const [k, v] of result) aligned.set(convertTo(mapSchema.keySchema()!, null, k), v)
          result = aligned
        } else {
          mapSchema = SchemaBuilder.mapOfNull().build()
        }
        return new SchemaAndValue(mapSchema, result)
      }
      if (p.canConsume(',')) throw new DataError(`Unable to parse a map entry with no key or value: ${p.original}`)
      const key = this.parse(true)
      if (key === null || key.value === null) throw new DataError(`Map entry may not have a null key: ${p.original}`)
      if (!p.canConsume(':')) throw new DataError(`Map entry is missing ':' at ${p.position()} in ${p.original}`)
      const value = this.parse(true)
      result.set(key.value, value !== null ? value.value : null)
      p.canConsume(',')
      keySchema.merge(key)
      valueSchema.merge(value)
    }
    if (p.previous() === ',') throw new DataError(`Map is missing element after ',': ${p.original}`)
    throw new DataError(`Map is missing terminating '}': ${p.original}`)
  }

  #parseMultipleTokensAsTemporal (token: string): SchemaAndValue | null {
    // Times and timestamps span five tokens since an unescaped colon is a delimiter.
    const position = this.#parser.mark()
    const remainder = this.#parser.nextN(4)
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder)
      if (temporal !== null) return temporal
    }
    this.#parser.rewindTo(position)
    return parseAsTemporal(token)
  }
}

function parseAsTemporal (token: string): SchemaAndValue | null {
  const text = token.replaceAll('\\:', ':')
  switch (text.length) {
    case ISO_8601_TIME_LENGTH: return temporal(parseTemporal(text, 'time'), Time.SCHEMA)
    case ISO_8601_TIMESTAMP_LENGTH: return temporal(parseTemporal(text, 'timestamp'), Timestamp.SCHEMA)
    case ISO_8601_DATE_LENGTH: return temporal(parseTemporal(text, 'date'), ConnectDate.SCHEMA)
    default: return null
  }
}

function temporal (d: Date | null, schema: Schema): SchemaAndValue | null {
  return d === null ? null : new SchemaAndValue(schema, d)
}

function parseAsNumber (token: string): SchemaAndValue | null {
  let decimal: BigDecimal
  try {
    decimal = BigDecimal.parse(token)
  } catch {
    return null
  }
  const exact = parseAsExactDecimal(decimal)
  if (exact !== null) return exact
  const dValue = decimal.toNumber()
  const fValue = Math.fround(dValue)
  if (Number.isFinite(fValue) && decimal.scale !== 0) return new SchemaAndValue(FLOAT32_SCHEMA, fValue)
  if (Number.isFinite(dValue) && decimal.scale !== 0) return new SchemaAndValue(FLOAT64_SCHEMA, dValue)
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal)
}

function parseAsExactDecimal (decimal: BigDecimal): SchemaAndValue | null {
  const digits = decimal.precision()
  // Integral? (Kafka compares the CEILING and FLOOR roundings to scale 0; this avoids huge powers of ten.)
  if (decimal.scale > 0 && decimal.unscaledValue !== 0n && decimal.scale >= digits) return null
  if (decimal.scale > 0 && decimal.unscaledValue !== 0n) {
    const ceil = decimal.setScale(0, RoundingMode.CEILING)
    const floor = decimal.setScale(0, RoundingMode.FLOOR)
    if (!ceil.equals(floor)) return null
  }
  if (decimal.unscaledValue !== 0n && digits - decimal.scale > 19) return null // beyond any long
  const num = decimal.unscaledValue === 0n ? 0n : decimal.setScale(0, RoundingMode.FLOOR).unscaledValue
  if (num < LONG_MIN || num > LONG_MAX) return null
  const n = Number(num)
  if (n >= -128 && n <= 127) return new SchemaAndValue(INT8_SCHEMA, n)
  if (n >= -32768 && n <= 32767) return new SchemaAndValue(INT16_SCHEMA, n)
  if (n >= -2147483648 && n <= 2147483647) return new SchemaAndValue(INT32_SCHEMA, n)
  return new SchemaAndValue(INT64_SCHEMA, num)
}

class SchemaMerger {
  #common: Schema | null = null
  #compatible = true

  merge (latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.#compatible) return
    if (this.#common === null) {
      this.#common = latest.schema
    } else {
      this.#common = mergeSchemas(this.#common, latest.schema)
      this.#compatible = this.#common !== null
    }
  }

  hasCommonSchema (): boolean { return this.#common !== null }
  schema (): Schema | null { return this.#common }
}

const WIDENING: Record<string, readonly string[]> = {
  INT8: ['INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'],
  INT16: ['INT32', 'INT64', 'FLOAT32', 'FLOAT64'],
  INT32: ['INT64', 'FLOAT32', 'FLOAT64'],
  INT64: ['FLOAT32', 'FLOAT64'],
  FLOAT32: ['FLOAT64'],
  FLOAT64: []
}
const NARROWER: Record<string, readonly string[]> = {
  INT8: [],
  INT16: ['INT8'],
  INT32: ['INT8', 'INT16'],
  INT64: ['INT8', 'INT16', 'INT32'],
  FLOAT32: ['INT8', 'INT16', 'INT32', 'INT64'],
  FLOAT64: ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32']
}

function mergeSchemas (previous: Schema, newSchema: Schema): Schema | null {
  const prevType = previous.type()
  const newType = newSchema.type()
  if (prevType !== newType) {
    const wider = WIDENING[prevType]
    if (wider === undefined) return null
    if (wider.includes(newType)) return newSchema
    if (NARROWER[prevType]!.includes(newType)) return previous
    return null
  }
  if (previous.isOptional() === newSchema.isOptional()) return previous.isOptional() ? previous : newSchema
  return schemaEquals(previous, newSchema) ? previous : null
}

/** Kafka's Values.parseString. `null` text gives SchemaAndValue.NULL (Kafka returns a null reference for "null"). */
export function parseString (value: string | null): SchemaAndValue {
  if (value == null) return SchemaAndValue.NULL
  if (value === '') return new SchemaAndValue(STRING_SCHEMA, value)
  return new ValueParser(new Parser(value)).parse(false) ?? SchemaAndValue.NULL
}
