// Record headers (org.apache.kafka.connect.header): an ordered list of (key, schema, value) entries where a key may
// repeat. ConnectHeaders offers Kafka's typed adders, lookups, removal and in-place transforms.
import { BigDecimal } from './big-decimal.ts'
import { DataError } from './errors.ts'
import { javaToString } from './java-class.ts'
import { ConnectDate } from './logical/date.ts'
import { Decimal } from './logical/decimal.ts'
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical/names.ts'
import { Time } from './logical/time.ts'
import { Timestamp } from './logical/timestamp.ts'
import { SchemaAndValue } from './schema-and-value.ts'
import {
  BOOLEAN_SCHEMA, BYTES_SCHEMA, FLOAT32_SCHEMA, FLOAT64_SCHEMA, INT16_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, INT8_SCHEMA,
  OPTIONAL_BYTES_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA, schemaEquals, type Schema, type SchemaType
} from './schema.ts'
import { Struct } from './struct.ts'
import { isValueOfType } from './validate-value.ts'
import { valuesEqual } from './values-equal.ts'

/** One header: a key with a schema and value. Immutable; `with` and `rename` return new headers. */
export interface Header {
  key (): string
  schema (): Schema | null
  value (): unknown
  with (schema: Schema | null, value: unknown): Header
  rename (key: string): Header
}

/** Replaces a header (return it, or another) or removes it (return null). */
export type HeaderTransform = (header: Header) => Header | null

export class ConnectHeader implements Header {
  readonly #key: string
  readonly #sv: SchemaAndValue

  constructor (key: string, schemaAndValue: SchemaAndValue | null) {
    if (key == null) throw new TypeError('Null header keys are not permitted')
    this.#key = key
    this.#sv = schemaAndValue ?? SchemaAndValue.NULL
  }

  key (): string { return this.#key }
  value (): unknown { return this.#sv.value }

  schema (): Schema | null {
    const s = this.#sv.schema
    if (s === null && this.#sv.value instanceof Struct) return this.#sv.value.schema()
    return s
  }

  rename (key: string): Header {
    if (key == null) throw new TypeError('Null header keys are not permitted')
    return key === this.#key ? this : new ConnectHeader(key, this.#sv)
  }

  with (schema: Schema | null, value: unknown): Header {
    return new ConnectHeader(this.#key, new SchemaAndValue(schema, value))
  }

  equals (o: unknown): boolean {
    if (o === this) return true
    if (o == null || typeof (o as Header).key !== 'function') return false
    const h = o as Header
    return this.#key === h.key() && schemaEquals(this.schema(), h.schema()) && valuesEqual(this.value(), h.value())
  }

  toString (): string {
    return `ConnectHeader(key=${this.#key}, value=${javaToString(this.value())}, schema=${String(this.schema())})`
  }
}

function checkKey (key: string): void {
  if (key == null) throw new TypeError('Header key cannot be null')
}

function checkSchemaType (schema: Schema, type: SchemaType): void {
  if (schema.type() !== type) throw new DataError(`Expecting ${type} but instead found ${schema.type()}`)
}

const LOGICAL_BY_TYPE: Record<string, readonly string[]> = {
  BYTES: [DECIMAL_LOGICAL_NAME],
  INT32: [DATE_LOGICAL_NAME, TIME_LOGICAL_NAME],
  INT64: [TIMESTAMP_LOGICAL_NAME]
}

/** Kafka's ConnectHeaders.checkSchemaMatches: a value must fit its schema's type (logical values allowed). */
function checkSchemaMatches (sv: SchemaAndValue | null): void {
  if (sv === null || sv.schema === null) return
  const schema = sv.schema.schema()
  const value = sv.value
  if (value == null) {
    if (!schema.isOptional()) throw new DataError(`A null value requires an optional schema but was ${String(schema)}`)
    return
  }
  const type = schema.type()
  const logical = LOGICAL_BY_TYPE[type]?.includes(schema.name() ?? '') === true
  const ok = isValueOfType(type, null, value) ||
    (logical && (schema.name() === DECIMAL_LOGICAL_NAME ? value instanceof BigDecimal : value instanceof Date))
  if (!ok) throw new DataError(`The value ${javaToString(value)} is not compatible with the schema ${String(schema)}`)
}

/** The headers of a record (Kafka's ConnectHeaders). Iterable in insertion order. */
export class ConnectHeaders implements Iterable<Header> {
  #headers: Header[] = []

  constructor (original?: Iterable<Header> | null) {
    if (original == null) return
    for (const h of original) {
      if (h == null) throw new TypeError('Unable to add a null header.')
      this.#headers.push(h)
    }
  }

  size (): number { return this.#headers.length }
  isEmpty (): boolean { return this.#headers.length === 0 }

  clear (): this {
    this.#headers = []
    return this
  }

  [Symbol.iterator] (): Iterator<Header> {
    return this.#headers[Symbol.iterator]()
  }

  /** Adds a header object. */
  add (header: Header): this
  /** Adds a header after checking the value fits the schema. */
  add (key: string, schemaAndValue: SchemaAndValue | null): this
  add (key: string, value: unknown, schema: Schema | null): this
  add (keyOrHeader: string | Header, ...rest: [] | [SchemaAndValue | null] | [unknown, Schema | null]): this {
    if (typeof keyOrHeader !== 'string') {
      if (keyOrHeader == null) throw new TypeError('Unable to add a null header.')
      this.#headers.push(keyOrHeader)
      return this
    }
    let sv: SchemaAndValue | null
    if (rest.length === 2) {
      const [value, schema] = rest
      sv = value != null || schema != null ? new SchemaAndValue(schema ?? null, value) : SchemaAndValue.NULL
    } else {
      sv = (rest[0] as SchemaAndValue | null | undefined) ?? null
    }
    checkSchemaMatches(sv)
    this.#headers.push(new ConnectHeader(keyOrHeader, sv ?? SchemaAndValue.NULL))
    return this
  }

  #addUnchecked (key: string, value: unknown, schema: Schema | null): this {
    this.#headers.push(new ConnectHeader(key, new SchemaAndValue(schema, value)))
    return this
  }

  addString (key: string, value: string | null): this {
    return this.#addUnchecked(key, value, value != null ? STRING_SCHEMA : OPTIONAL_STRING_SCHEMA)
  }

  addBytes (key: string, value: Uint8Array | null): this {
    return this.#addUnchecked(key, value, value != null ? BYTES_SCHEMA : OPTIONAL_BYTES_SCHEMA)
  }

  addBoolean (key: string, value: boolean): this { return this.#addUnchecked(key, value, BOOLEAN_SCHEMA) }
  addByte (key: string, value: number): this { return this.#addUnchecked(key, value, INT8_SCHEMA) }
  addShort (key: string, value: number): this { return this.#addUnchecked(key, value, INT16_SCHEMA) }
  addInt (key: string, value: number): this { return this.#addUnchecked(key, value, INT32_SCHEMA) }
  addLong (key: string, value: bigint): this { return this.#addUnchecked(key, value, INT64_SCHEMA) }
  addFloat (key: string, value: number): this { return this.#addUnchecked(key, value, FLOAT32_SCHEMA) }
  addDouble (key: string, value: number): this { return this.#addUnchecked(key, value, FLOAT64_SCHEMA) }

  addList (key: string, value: unknown[] | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null)
    checkSchemaType(schema, 'ARRAY')
    return this.#addUnchecked(key, value, schema)
  }

  addMap (key: string, value: Map<unknown, unknown> | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null)
    checkSchemaType(schema, 'MAP')
    return this.#addUnchecked(key, value, schema)
  }

  addStruct (key: string, value: Struct | null): this {
    if (value == null) return this.add(key, null, null)
    checkSchemaType(value.schema(), 'STRUCT')
    return this.#addUnchecked(key, value, value.schema())
  }

  addDecimal (key: string, value: BigDecimal | null): this {
    if (value == null) return this.add(key, null, null)
    const schema = Decimal.schema(value.scale)
    Decimal.fromLogical(schema, value)
    return this.#addUnchecked(key, value, schema)
  }

  addDate (key: string, value: Date | null): this {
    if (value != null) ConnectDate.fromLogical(ConnectDate.SCHEMA, value)
    return this.#addUnchecked(key, value, ConnectDate.SCHEMA)
  }

  addTime (key: string, value: Date | null): this {
    if (value != null) Time.fromLogical(Time.SCHEMA, value)
    return this.#addUnchecked(key, value, Time.SCHEMA)
  }

  addTimestamp (key: string, value: Date | null): this {
    if (value != null) Timestamp.fromLogical(Timestamp.SCHEMA, value)
    return this.#addUnchecked(key, value, Timestamp.SCHEMA)
  }

  /** The last header with this key, or null. */
  lastWithName (key: string): Header | null {
    checkKey(key)
    for (let i = this.#headers.length - 1; i >= 0; i--) if (this.#headers[i]!.key() === key) return this.#headers[i]!
    return null
  }

  /** Every header with this key, in order. */
  * allWithName (key: string): IterableIterator<Header> {
    for (const h of [...this.#headers]) if (h.key() === key) yield h
  }

  /** Removes every header with this key. */
  remove (key: string): this {
    checkKey(key)
    this.#headers = this.#headers.filter(h => h.key() !== key)
    return this
  }

  /** Keeps only the last header of each key (or of the given key). */
  retainLatest (key?: string): this {
    if (key !== undefined) checkKey(key)
    const seen = new Set<string>()
    const kept: Header[] = []
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const h = this.#headers[i]!
      const k = h.key()
      if (key !== undefined && k !== key) { kept.push(h); continue }
      if (seen.has(k)) continue
      seen.add(k)
      kept.push(h)
    }
    this.#headers = kept.reverse()
    return this
  }

  /** Replaces or removes headers (all, or those with `key`) through `transform`. */
  apply (transform: HeaderTransform): this
  apply (key: string, transform: HeaderTransform): this
  apply (keyOrTransform: string | HeaderTransform, maybe?: HeaderTransform): this {
    const key = typeof keyOrTransform === 'string' ? keyOrTransform : null
    const transform = typeof keyOrTransform === 'string' ? maybe! : keyOrTransform
    if (key !== null) checkKey(key)
    const out: Header[] = []
    for (const h of this.#headers) {
      if (key !== null && h.key() !== key) { out.push(h); continue }
      const updated = transform(h)
      if (updated != null) out.push(updated)
    }
    this.#headers = out
    return this
  }

  /** A copy that can be changed independently. */
  duplicate (): ConnectHeaders {
    return new ConnectHeaders(this)
  }

  equals (o: unknown): boolean {
    if (o === this) return true
    if (!(o instanceof ConnectHeaders) || o.size() !== this.size()) return false
    const other = o.#headers
    for (let i = 0; i < other.length; i++) if (!valuesEqual(this.#headers[i], other[i])) return false
    return true
  }

  toString (): string {
    return `ConnectHeaders(headers=${this.#headers.length > 0 ? `[${this.#headers.map(String).join(', ')}]` : ''})`
  }
}
