// Flatten$Key / Flatten$Value: nested structs (schema'd) or maps (schemaless) become top-level fields named
// `parent<delimiter>child`. Arrays are left as they are. With a schema, a flattened field is optional when it or any
// ancestor is, and takes its default from its own schema or else from the ancestors' struct defaults.
import type { ConnectRecord, Schema } from '../api/index.ts'
import { DataError, SchemaBuilder, Struct, defineConfig, javaClassNameOf, javaToString } from '../api/index.ts'
import { KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStructOrNull, stringProps, withSide } from './base.ts'
import { copySchemaBasics, copySchemaBasicsOf } from './a-schema-util.ts'

const PURPOSE = 'flattening'

const CONFIG_DEF = defineConfig({
  delimiter: {
    type: 'STRING',
    default: '.',
    importance: 'MEDIUM',
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record'
  }
})

const LEAF_TYPES: ReadonlySet<string> = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY'])

/** Kafka's ConnectSchema.schemaType(value.getClass()) for a non-null schemaless value, or null. */
function schemalessType (value: unknown): string | null {
  switch (typeof value) {
    case 'string': return 'STRING'
    case 'boolean': return 'BOOLEAN'
    case 'bigint': return 'INT64'
    case 'number': return javaClassNameOf(value) === 'java.lang.Integer' ? 'INT32' : 'FLOAT64'
  }
  if (value instanceof Uint8Array) return 'BYTES'
  if (Array.isArray(value)) return 'ARRAY'
  if (value instanceof Struct) return 'STRUCT'
  if (value instanceof Map) return 'MAP'
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return 'MAP'
  return null
}

export abstract class Flatten<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Flatten a nested data structure, generating names for each field by concatenating the field names at each ' +
    'level with a configurable delimiter character. Applies to Struct when schema present, or a Map ' +
    "in the case of schemaless data. Array fields and their contents are not modified. The default delimiter is '.'."

  #delimiter = '.'
  #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#delimiter = config.delimiter
    this.#schemaCache = new SchemaCache()
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    if (value == null) return record
    const schema = operatingSchema(this.side, record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value)
  }

  #fieldName (prefix: string, name: unknown): unknown {
    return prefix.length === 0 ? name : prefix + this.#delimiter + javaToString(name)
  }

  #applySchemaless (record: R, value: unknown): R {
    const out = new Map<unknown, unknown>()
    this.#flattenMap(requireMap(value, PURPOSE), '', out)
    return withSide(this.side, record, null, out)
  }

  #flattenMap (map: Map<unknown, unknown>, prefix: string, out: Map<unknown, unknown>): void {
    for (const [key, v] of map) {
      const name = this.#fieldName(prefix, key)
      if (v == null) {
        out.set(name, null)
        continue
      }
      const type = schemalessType(v)
      if (type === null) {
        throw new DataError(`Flatten transformation was passed a value of type class ${javaClassNameOf(v)} which is not supported by Connect's data API`)
      }
      if (LEAF_TYPES.has(type)) {
        out.set(name, v)
      } else if (type === 'MAP') {
        this.#flattenMap(requireMap(v, PURPOSE), javaToString(name), out)
      } else {
        throw new DataError(`Flatten transformation does not support class ${javaClassNameOf(v)} for record without schemas (for field ${javaToString(name)}).`)
      }
    }
  }

  #applyWithSchema (record: R, schema: Schema, value: unknown): R {
    const struct = requireStructOrNull(value, PURPOSE)
    let updatedSchema = this.#schemaCache.get(schema)
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      this.#buildSchema(schema, '', builder, schema.isOptional(), (schema.defaultValue() as Struct | null) ?? null)
      updatedSchema = builder.build()
      this.#schemaCache.set(schema, updatedSchema)
    }
    if (struct === null) return withSide(this.side, record, updatedSchema, null)
    const updated = new Struct(updatedSchema)
    this.#flattenStruct(struct, '', updated)
    return withSide(this.side, record, updatedSchema, updated)
  }

  #buildSchema (schema: Schema, prefix: string, out: SchemaBuilder, optional: boolean, defaultFromParent: Struct | null): void {
    for (const field of schema.fields()) {
      const name = String(this.#fieldName(prefix, field.name()))
      const fieldSchema = field.schema()
      const fieldOptional = optional || fieldSchema.isOptional()
      let fieldDefault: unknown = null
      if (fieldSchema.defaultValue() != null) fieldDefault = fieldSchema.defaultValue()
      else if (defaultFromParent !== null) fieldDefault = defaultFromParent.get(field)
      const type = fieldSchema.type()
      if (LEAF_TYPES.has(type)) {
        const builder = copySchemaBasicsOf(fieldSchema)
        if (fieldOptional) builder.optional()
        if (fieldDefault != null) builder.defaultValue(fieldDefault)
        out.field(name, builder.build())
      } else if (type === 'STRUCT') {
        this.#buildSchema(fieldSchema, name, out, fieldOptional, (fieldDefault as Struct | null) ?? null)
      } else {
        throw new DataError(`Flatten transformation does not support ${type} for record with schemas (for field ${name}).`)
      }
    }
  }

  #flattenStruct (struct: Struct | null, prefix: string, out: Struct): void {
    if (struct === null) return
    for (const field of struct.schema().fields()) {
      const name = String(this.#fieldName(prefix, field.name()))
      const type = field.schema().type()
      if (LEAF_TYPES.has(type)) {
        out.put(name, struct.get(field))
      } else if (type === 'STRUCT') {
        this.#flattenStruct(struct.getWithoutDefault(field) as Struct | null, name, out)
      } else {
        throw new DataError(`Flatten transformation does not support ${type} for record with schemas (for field ${name}).`)
      }
    }
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class Flatten$Key<R extends ConnectRecord<R> = any> extends Flatten<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.Flatten$Key`
  readonly side = 'key'
}

export class Flatten$Value<R extends ConnectRecord<R> = any> extends Flatten<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.Flatten$Value`
  readonly side = 'value'
}
