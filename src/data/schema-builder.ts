// SchemaBuilder (org.apache.kafka.connect.data.SchemaBuilder): the fluent way to make schemas, with Kafka's checks
// and messages. A builder is itself a Schema (accessors without arguments), like Kafka's.
//
//   const schema = SchemaBuilder.struct().name('com.example.Person').version(1)
//     .field('name', Schema.STRING_SCHEMA)
//     .field('age', SchemaBuilder.int32().optional().build())
//     .build()
import { DataError, SchemaBuilderError } from './errors.ts'
import { ConnectSchema, Field, type Schema, type SchemaType } from './schema.ts'
import { validateValue } from './validate-value.ts'

function checkCanSet (fieldName: string, current: unknown, value: unknown): void {
  if (current != null && current !== value) throw new SchemaBuilderError(`Invalid SchemaBuilder call: ${fieldName} has already been set.`)
}

const TYPES: ReadonlySet<string> = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT'])

export class SchemaBuilder implements Schema {
  readonly #type: SchemaType
  #optional: boolean | null = null
  #defaultValue: unknown = null
  #fields: Map<string, Field> | null = null
  #keySchema: Schema | null = null
  #valueSchema: Schema | null = null
  #name: string | null = null
  #version: number | null = null
  #doc: string | null = null
  #parameters: Map<string, string> | null = null

  constructor (type: SchemaType) {
    if (type == null) throw new SchemaBuilderError('type cannot be null')
    if (!TYPES.has(type)) throw new SchemaBuilderError(`Unknown schema type: ${String(type)}`)
    this.#type = type
    if (type === 'STRUCT') this.#fields = new Map()
  }

  // Factories

  /** A builder for any type (useful when the type is computed). */
  static type (type: SchemaType): SchemaBuilder { return new SchemaBuilder(type) }
  static int8 (): SchemaBuilder { return new SchemaBuilder('INT8') }
  static int16 (): SchemaBuilder { return new SchemaBuilder('INT16') }
  static int32 (): SchemaBuilder { return new SchemaBuilder('INT32') }
  static int64 (): SchemaBuilder { return new SchemaBuilder('INT64') }
  static float32 (): SchemaBuilder { return new SchemaBuilder('FLOAT32') }
  static float64 (): SchemaBuilder { return new SchemaBuilder('FLOAT64') }
  static bool (): SchemaBuilder { return new SchemaBuilder('BOOLEAN') }
  static string (): SchemaBuilder { return new SchemaBuilder('STRING') }
  static bytes (): SchemaBuilder { return new SchemaBuilder('BYTES') }
  static struct (): SchemaBuilder { return new SchemaBuilder('STRUCT') }

  static array (valueSchema: Schema): SchemaBuilder {
    if (valueSchema == null) throw new SchemaBuilderError('valueSchema cannot be null.')
    const b = new SchemaBuilder('ARRAY')
    b.#valueSchema = valueSchema
    return b
  }

  static map (keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    if (keySchema == null) throw new SchemaBuilderError('keySchema cannot be null.')
    if (valueSchema == null) throw new SchemaBuilderError('valueSchema cannot be null.')
    const b = new SchemaBuilder('MAP')
    b.#keySchema = keySchema
    b.#valueSchema = valueSchema
    return b
  }

  /** @internal Values.parseString: an array whose elements are all null. */
  static arrayOfNull (): SchemaBuilder { return new SchemaBuilder('ARRAY') }
  /** @internal Values.parseString: a map whose keys and values are all null. */
  static mapOfNull (): SchemaBuilder { return new SchemaBuilder('MAP') }
  /** @internal Values.parseString: a map whose values are all null. */
  static mapWithNullValues (keySchema: Schema): SchemaBuilder {
    const b = new SchemaBuilder('MAP')
    b.#keySchema = keySchema
    return b
  }

  /** @internal Values.parseString: a map whose keys are all null. */
  static mapWithNullKeys (valueSchema: Schema): SchemaBuilder {
    const b = new SchemaBuilder('MAP')
    b.#valueSchema = valueSchema
    return b
  }

  // Accessors (Schema) and setters

  type (): SchemaType { return this.#type }

  isOptional (): boolean { return this.#optional === true }

  /** Makes the schema optional. */
  optional (): this {
    checkCanSet('optional', this.#optional, true)
    this.#optional = true
    return this
  }

  /** Makes the schema required (the default, stated explicitly). */
  required (): this {
    checkCanSet('optional', this.#optional, false)
    this.#optional = false
    return this
  }

  /** The default value, or null. */
  defaultValue (): unknown
  /** Sets the default value; it must fit the schema (SchemaBuilderError `Invalid default value`). */
  defaultValue (value: unknown): this
  defaultValue (...args: [] | [unknown]): unknown {
    if (args.length === 0) return this.#defaultValue
    const value = args[0] ?? null
    checkCanSet('default', this.#defaultValue, value)
    try {
      validateValue(this, value)
    } catch (err) {
      if (err instanceof DataError) throw new SchemaBuilderError('Invalid default value', { cause: err })
      throw err
    }
    this.#defaultValue = value
    return this
  }

  name (): string | null
  name (name: string | null): this
  name (...args: [] | [string | null]): string | null | this {
    if (args.length === 0) return this.#name
    checkCanSet('name', this.#name, args[0])
    this.#name = args[0] ?? null
    return this
  }

  version (): number | null
  version (version: number | null): this
  version (...args: [] | [number | null]): number | null | this {
    if (args.length === 0) return this.#version
    checkCanSet('version', this.#version, args[0])
    this.#version = args[0] ?? null
    return this
  }

  doc (): string | null
  doc (doc: string | null): this
  doc (...args: [] | [string | null]): string | null | this {
    if (args.length === 0) return this.#doc
    checkCanSet('doc', this.#doc, args[0])
    this.#doc = args[0] ?? null
    return this
  }

  /** Parameters set so far, or null. */
  parameters (): ReadonlyMap<string, string> | null
  /** Adds parameters (keeping ones already set); an empty set adds nothing. */
  parameters (props: ReadonlyMap<string, string> | Readonly<Record<string, string>>): this
  parameters (...args: [] | [ReadonlyMap<string, string> | Readonly<Record<string, string>>]): ReadonlyMap<string, string> | null | this {
    if (args.length === 0) return this.#parameters === null ? null : new Map(this.#parameters)
    const entries = args[0] instanceof Map ? [...args[0].entries()] : Object.entries(args[0])
    if (entries.length === 0) return this
    this.#parameters ??= new Map()
    for (const [k, v] of entries) this.#parameters.set(k, v)
    return this
  }

  /** Sets one parameter (insertion order is kept). */
  parameter (name: string, value: string): this {
    this.#parameters ??= new Map()
    this.#parameters.set(name, value)
    return this
  }

  /** The named field, or null (STRUCT only). */
  field (fieldName: string): Field | null
  /** Adds a field (STRUCT only). */
  field (fieldName: string, fieldSchema: Schema): this
  field (fieldName: string, ...rest: [] | [Schema]): Field | null | this {
    if (rest.length === 0) {
      if (this.#fields === null) throw new DataError('Cannot look up fields on non-struct type')
      return this.#fields.get(fieldName) ?? null
    }
    if (this.#fields === null) throw new SchemaBuilderError(`Cannot create fields on type ${this.#type}`)
    if (fieldName == null || fieldName === '') throw new SchemaBuilderError('fieldName cannot be null.')
    const fieldSchema = rest[0]
    if (fieldSchema == null) throw new SchemaBuilderError(`fieldSchema for field ${fieldName} cannot be null.`)
    if (this.#fields.has(fieldName)) throw new SchemaBuilderError(`Cannot create field because of field name duplication ${fieldName}`)
    this.#fields.set(fieldName, new Field(fieldName, this.#fields.size, fieldSchema))
    return this
  }

  fields (): readonly Field[] {
    if (this.#fields === null) throw new DataError('Cannot list fields on non-struct type')
    return [...this.#fields.values()]
  }

  keySchema (): Schema | null { return this.#keySchema }
  valueSchema (): Schema | null { return this.#valueSchema }

  /** The immutable schema for the current settings. */
  build (): ConnectSchema {
    return new ConnectSchema(this.#type, {
      optional: this.isOptional(),
      defaultValue: this.#defaultValue,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters === null ? null : new Map(this.#parameters),
      fields: this.#fields === null ? null : [...this.#fields.values()],
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema
    })
  }

  /** Same as build(). */
  schema (): ConnectSchema {
    return this.build()
  }

  /** A builder only equals itself (Kafka's SchemaBuilder keeps Object.equals). */
  equals (o: unknown): boolean {
    return this === o
  }

  toString (): string {
    return this.#name !== null ? `SchemaBuilder{${this.#name}:${this.#type}}` : `SchemaBuilder{${this.#type}}`
  }
}
