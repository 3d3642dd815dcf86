// A schema with a value (org.apache.kafka.connect.data.SchemaAndValue): what converters return.
import { javaToString } from './java-class.ts'
import { schemaEquals, type Schema } from './schema.ts'
import { valuesEqual } from './values-equal.ts'

export class SchemaAndValue {
  /** No schema and no value: a tombstone or an absent header. */
  static readonly NULL: SchemaAndValue = new SchemaAndValue(null, null)

  readonly schema: Schema | null
  readonly value: unknown

  constructor (schema: Schema | null, value: unknown) {
    this.schema = schema ?? null
    this.value = value === undefined ? null : value
  }

  equals (o: unknown): boolean {
    if (this === o) return true
    return o instanceof SchemaAndValue && schemaEquals(this.schema, o.schema) && valuesEqual(this.value, o.value)
  }

  toString (): string {
    return `SchemaAndValue{schema=${String(this.schema)}, value=${javaToString(this.value)}}`
  }
}
