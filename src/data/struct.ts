// A structured record (org.apache.kafka.connect.data.Struct): one value per field of a STRUCT schema, checked on
// `put`; `validate()` checks that required fields are set. `get` falls back to the field's default.
import { DataError } from './errors.ts'
import { javaToString } from './java-class.ts'
import type { Field, Schema, SchemaType } from './schema.ts'
import { schemaEquals } from './schema.ts'
import { validateValue } from './validate-value.ts'
import { valuesEqual } from './values-equal.ts'

export class Struct {
  readonly #schema: Schema
  readonly #values: unknown[]

  constructor (schema: Schema) {
    if (schema.type() !== 'STRUCT') throw new DataError(`Not a struct schema: ${String(schema)}`)
    this.#schema = schema
    this.#values = new Array<unknown>(schema.fields().length).fill(null)
  }

  schema (): Schema {
    return this.#schema
  }

  /** The field's value, or its schema's default when the value is null. */
  get (field: string | Field): unknown {
    const f = typeof field === 'string' ? this.#lookup(field) : field
    const v = this.#values[f.index()]
    if (v == null) return f.schema().defaultValue() ?? null
    return v
  }

  /** The field's value as set (null when unset), ignoring defaults. */
  getWithoutDefault (field: string | Field): unknown {
    const f = typeof field === 'string' ? this.#lookup(field) : field
    return this.#values[f.index()]
  }

  /** @internal The raw value at a field index (converters' fast path). */
  valueAt (index: number): unknown {
    return this.#values[index]
  }

  getInt8 (name: string): number | null { return this.#getChecked(name, 'INT8') as number | null }
  getInt16 (name: string): number | null { return this.#getChecked(name, 'INT16') as number | null }
  getInt32 (name: string): number | null { return this.#getChecked(name, 'INT32') as number | null }
  getInt64 (name: string): bigint | null { return this.#getChecked(name, 'INT64') as bigint | null }
  getFloat32 (name: string): number | null { return this.#getChecked(name, 'FLOAT32') as number | null }
  getFloat64 (name: string): number | null { return this.#getChecked(name, 'FLOAT64') as number | null }
  getBoolean (name: string): boolean | null { return this.#getChecked(name, 'BOOLEAN') as boolean | null }
  getString (name: string): string | null { return this.#getChecked(name, 'STRING') as string | null }
  getBytes (name: string): Uint8Array | null { return this.#getChecked(name, 'BYTES') as Uint8Array | null }
  getArray<T = unknown> (name: string): T[] | null { return this.#getChecked(name, 'ARRAY') as T[] | null }
  getMap<K = unknown, V = unknown> (name: string): Map<K, V> | null { return this.#getChecked(name, 'MAP') as Map<K, V> | null }
  getStruct (name: string): Struct | null { return this.#getChecked(name, 'STRUCT') as Struct | null }

  /** Sets a field after checking the value against the field's schema (DataError when it does not fit). */
  put (field: string | Field, value: unknown): this {
    if (field == null) throw new DataError('field cannot be null.')
    const f = typeof field === 'string' ? this.#lookup(field) : field
    validateValue(f.schema(), value, f.name())
    this.#values[f.index()] = value === undefined ? null : value
    return this
  }

  /** Checks every field: required fields without a default must be set. Throws a DataError. */
  validate (): void {
    for (const f of this.#schema.fields()) {
      const fieldSchema = f.schema()
      const v = this.#values[f.index()]
      if (v == null && (fieldSchema.isOptional() || fieldSchema.defaultValue() != null)) continue
      validateValue(fieldSchema, v, f.name())
    }
  }

  equals (o: unknown): boolean {
    if (this === o) return true
    if (!(o instanceof Struct) || !schemaEquals(this.#schema, o.#schema)) return false
    const a = this.#values
    const b = o.#values
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false
    return true
  }

  toString (): string {
    const parts: string[] = []
    const fields = this.#schema.fields()
    for (let i = 0; i < this.#values.length; i++) {
      const v = this.#values[i]
      if (v != null) parts.push(`${fields[i]!.name()}=${javaToString(v)}`)
    }
    return `Struct{${parts.join(',')}}`
  }

  #lookup (name: string): Field {
    const f = this.#schema.field(name)
    if (f === null) throw new DataError(`${name} is not a valid field name`)
    return f
  }

  #getChecked (name: string, type: SchemaType): unknown {
    const f = this.#lookup(name)
    if (f.schema().type() !== type) throw new DataError(`Field '${name}' is not of type ${type}`)
    return this.#values[f.index()]
  }
}
