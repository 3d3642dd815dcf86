// Connect schemas (org.apache.kafka.connect.data.Schema / ConnectSchema / Field): the twelve types, optional,
// default, name, version, doc, parameters, struct fields and array/map element schemas; the predefined schemas.
// Accessors are methods, as in Kafka, so SchemaBuilder can offer the same names as fluent setters.
import { DataError } from './errors.ts'
import { validateValue } from './validate-value.ts'
import { valuesEqual } from './values-equal.ts'

/** The Connect schema types; the value is also what Kafka's `Type.toString()` prints. */
export const Type = {
  INT8: 'INT8',
  INT16: 'INT16',
  INT32: 'INT32',
  INT64: 'INT64',
  FLOAT32: 'FLOAT32',
  FLOAT64: 'FLOAT64',
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  BYTES: 'BYTES',
  ARRAY: 'ARRAY',
  MAP: 'MAP',
  STRUCT: 'STRUCT'
} as const
export type SchemaType = typeof Type[keyof typeof Type]

const PRIMITIVES: ReadonlySet<string> = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'])

/** Kafka's `Type.isPrimitive()`. */
export function isPrimitiveType (type: SchemaType): boolean {
  return PRIMITIVES.has(type)
}

/** Kafka's `Type.getName()`: the lower-case name (`int8`, `struct`). */
export function typeName (type: SchemaType): string {
  return type.toLowerCase()
}

/**
 * A Connect schema. Values per type: INT8/INT16/INT32 `number` (integer in range), INT64 `bigint`,
 * FLOAT32/FLOAT64 `number`, BOOLEAN `boolean`, STRING `string`, BYTES `Uint8Array` (Buffer), ARRAY `unknown[]`,
 * MAP `Map` (a plain object is accepted for string keys), STRUCT `Struct`; logical types: Decimal `BigDecimal`,
 * Date/Time/Timestamp `Date`.
 */
export interface Schema {
  type (): SchemaType
  isOptional (): boolean
  /** The default value, or null when there is none. */
  defaultValue (): unknown
  name (): string | null
  version (): number | null
  doc (): string | null
  /** Parameters in insertion order, or null when none were set. */
  parameters (): ReadonlyMap<string, string> | null
  /** Key schema of a MAP. */
  keySchema (): Schema | null
  /** Element schema of an ARRAY, value schema of a MAP. */
  valueSchema (): Schema | null
  /** Fields of a STRUCT, in order; throws a DataError for other types. */
  fields (): readonly Field[]
  /** The named field of a STRUCT or null; throws a DataError for other types. */
  field (fieldName: string): Field | null
  /** The concrete (built) schema. */
  schema (): Schema
  /** Kafka's equals: ConnectSchemas compare by content, a SchemaBuilder only equals itself. */
  equals (o: unknown): boolean
}

/** One field of a struct schema: name, position and schema. */
export class Field {
  readonly #name: string
  readonly #index: number
  readonly #schema: Schema

  constructor (name: string, index: number, schema: Schema) {
    this.#name = name
    this.#index = index
    this.#schema = schema
  }

  name (): string { return this.#name }
  index (): number { return this.#index }
  schema (): Schema { return this.#schema }

  equals (o: unknown): boolean {
    if (this === o) return true
    return o instanceof Field && o.#index === this.#index && o.#name === this.#name && schemaEquals(o.#schema, this.#schema)
  }

  toString (): string {
    return `Field{name=${this.#name}, index=${this.#index}, schema=${String(this.#schema)}}`
  }
}

/** Optional parts of a ConnectSchema. */
export interface ConnectSchemaOptions {
  optional?: boolean
  defaultValue?: unknown
  name?: string | null
  version?: number | null
  doc?: string | null
  parameters?: ReadonlyMap<string, string> | null
  fields?: readonly Field[] | null
  keySchema?: Schema | null
  valueSchema?: Schema | null
}

const EMPTY_FIELDS: readonly Field[] = Object.freeze([])

/** An immutable schema (Kafka's ConnectSchema). Most code builds them with SchemaBuilder. */
export class ConnectSchema implements Schema {
  readonly #type: SchemaType
  readonly #optional: boolean
  readonly #defaultValue: unknown
  readonly #name: string | null
  readonly #version: number | null
  readonly #doc: string | null
  readonly #parameters: ReadonlyMap<string, string> | null
  readonly #fields: readonly Field[] | null
  readonly #fieldsByName: Map<string, Field> | null
  readonly #keySchema: Schema | null
  readonly #valueSchema: Schema | null

  constructor (type: SchemaType, opts: ConnectSchemaOptions = {}) {
    this.#type = type
    this.#optional = opts.optional ?? false
    this.#defaultValue = opts.defaultValue ?? null
    this.#name = opts.name ?? null
    this.#version = opts.version ?? null
    this.#doc = opts.doc ?? null
    this.#parameters = opts.parameters ?? null
    if (type === 'STRUCT') {
      this.#fields = opts.fields == null ? EMPTY_FIELDS : Object.freeze([...opts.fields])
      this.#fieldsByName = new Map()
      for (const f of this.#fields) this.#fieldsByName.set(f.name(), f)
    } else {
      this.#fields = null
      this.#fieldsByName = null
    }
    this.#keySchema = opts.keySchema ?? null
    this.#valueSchema = opts.valueSchema ?? null
  }

  type (): SchemaType { return this.#type }
  isOptional (): boolean { return this.#optional }
  defaultValue (): unknown { return this.#defaultValue }
  name (): string | null { return this.#name }
  version (): number | null { return this.#version }
  doc (): string | null { return this.#doc }
  parameters (): ReadonlyMap<string, string> | null { return this.#parameters }

  fields (): readonly Field[] {
    if (this.#fields === null) throw new DataError('Cannot list fields on non-struct type')
    return this.#fields
  }

  field (fieldName: string): Field | null {
    if (this.#fieldsByName === null) throw new DataError('Cannot look up fields on non-struct type')
    return this.#fieldsByName.get(fieldName) ?? null
  }

  keySchema (): Schema | null {
    if (this.#type !== 'MAP') throw new DataError('Cannot look up key schema on non-map type')
    return this.#keySchema
  }

  valueSchema (): Schema | null {
    if (this.#type !== 'MAP' && this.#type !== 'ARRAY') throw new DataError('Cannot look up value schema on non-array and non-map type')
    return this.#valueSchema
  }

  schema (): ConnectSchema { return this }

  /** Checks `value` against this schema; throws a DataError (ConnectSchema.validateValue). */
  validateValue (value: unknown): void {
    validateValue(this, value)
  }

  /** Kafka's ConnectSchema.validateValue(schema, value) / (field, schema, value). */
  static validateValue (schema: Schema, value: unknown, field?: string | null): void {
    validateValue(schema, value, field)
  }

  /** Same type, optionality, default, name, version, doc, parameters, fields and element schemas. */
  equals (o: unknown): boolean {
    if (this === o) return true
    if (!(o instanceof ConnectSchema)) return false
    return o.#optional === this.#optional &&
      o.#version === this.#version &&
      o.#name === this.#name &&
      o.#doc === this.#doc &&
      o.#type === this.#type &&
      valuesEqual(o.#defaultValue, this.#defaultValue) &&
      fieldListsEqual(o.#fields, this.#fields) &&
      schemaEquals(o.#keySchema, this.#keySchema) &&
      schemaEquals(o.#valueSchema, this.#valueSchema) &&
      parametersEqual(o.#parameters, this.#parameters)
  }

  toString (): string {
    return this.#name !== null ? `Schema{${this.#name}:${this.#type}}` : `Schema{${this.#type}}`
  }
}

function fieldListsEqual (a: readonly Field[] | null, b: readonly Field[] | null): boolean {
  if (a === b) return true
  if (a === null || b === null || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!a[i]!.equals(b[i])) return false
  return true
}

function parametersEqual (a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): boolean {
  if (a === b) return true
  if (a === null || b === null || a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

/**
 * Schema equality as Kafka's `Objects.equals(a, b)`: two ConnectSchemas compare by content; any other Schema
 * implementation (a SchemaBuilder) only equals itself.
 */
export function schemaEquals (a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true
  if (a == null || b == null) return false
  if (a instanceof ConnectSchema) return a.equals(b)
  return false
}

export const INT8_SCHEMA: Schema = new ConnectSchema('INT8')
export const INT16_SCHEMA: Schema = new ConnectSchema('INT16')
export const INT32_SCHEMA: Schema = new ConnectSchema('INT32')
export const INT64_SCHEMA: Schema = new ConnectSchema('INT64')
export const FLOAT32_SCHEMA: Schema = new ConnectSchema('FLOAT32')
export const FLOAT64_SCHEMA: Schema = new ConnectSchema('FLOAT64')
export const BOOLEAN_SCHEMA: Schema = new ConnectSchema('BOOLEAN')
export const STRING_SCHEMA: Schema = new ConnectSchema('STRING')
export const BYTES_SCHEMA: Schema = new ConnectSchema('BYTES')
export const OPTIONAL_INT8_SCHEMA: Schema = new ConnectSchema('INT8', { optional: true })
export const OPTIONAL_INT16_SCHEMA: Schema = new ConnectSchema('INT16', { optional: true })
export const OPTIONAL_INT32_SCHEMA: Schema = new ConnectSchema('INT32', { optional: true })
export const OPTIONAL_INT64_SCHEMA: Schema = new ConnectSchema('INT64', { optional: true })
export const OPTIONAL_FLOAT32_SCHEMA: Schema = new ConnectSchema('FLOAT32', { optional: true })
export const OPTIONAL_FLOAT64_SCHEMA: Schema = new ConnectSchema('FLOAT64', { optional: true })
export const OPTIONAL_BOOLEAN_SCHEMA: Schema = new ConnectSchema('BOOLEAN', { optional: true })
export const OPTIONAL_STRING_SCHEMA: Schema = new ConnectSchema('STRING', { optional: true })
export const OPTIONAL_BYTES_SCHEMA: Schema = new ConnectSchema('BYTES', { optional: true })

/** The predefined schemas and the type names under Kafka's spelling: `Schema.INT32_SCHEMA`, `Schema.Type.STRUCT`. */
export const Schema = Object.freeze({
  Type,
  INT8_SCHEMA,
  INT16_SCHEMA,
  INT32_SCHEMA,
  INT64_SCHEMA,
  FLOAT32_SCHEMA,
  FLOAT64_SCHEMA,
  BOOLEAN_SCHEMA,
  STRING_SCHEMA,
  BYTES_SCHEMA,
  OPTIONAL_INT8_SCHEMA,
  OPTIONAL_INT16_SCHEMA,
  OPTIONAL_INT32_SCHEMA,
  OPTIONAL_INT64_SCHEMA,
  OPTIONAL_FLOAT32_SCHEMA,
  OPTIONAL_FLOAT64_SCHEMA,
  OPTIONAL_BOOLEAN_SCHEMA,
  OPTIONAL_STRING_SCHEMA,
  OPTIONAL_BYTES_SCHEMA
})
