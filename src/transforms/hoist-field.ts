// HoistField$Key / HoistField$Value: wraps the key or value in a one-field struct (schema'd: the field has the
// original schema) or a one-entry map (schemaless). Null values are wrapped too.
import type { ConnectRecord, Schema } from '../api/index.ts'
import { SchemaBuilder, Struct, defineConfig } from '../api/index.ts'
import { KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, stringProps, withSide } from './base.ts'

const CONFIG_DEF = defineConfig({
  field: {
    type: 'STRING',
    importance: 'MEDIUM',
    doc: 'Field name for the single field that will be created in the resulting Struct or Map.'
  }
})

export abstract class HoistField<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Wrap data using the specified field name in a Struct when schema present, or a Map in the case of schemaless data.'

  #fieldName = ''
  #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#fieldName = config.field
    this.#schemaCache = new SchemaCache()
  }

  apply (record: R): R {
    const schema = operatingSchema(this.side, record)
    const value = operatingValue(this.side, record)
    if (schema === null) return withSide(this.side, record, null, new Map([[this.#fieldName, value]]))
    const updatedSchema = this.#updatedSchema(schema)
    return withSide(this.side, record, updatedSchema, new Struct(updatedSchema).put(this.#fieldName, value))
  }

  #updatedSchema (schema: Schema): Schema {
    let updated = this.#schemaCache.get(schema)
    if (updated === undefined) {
      updated = SchemaBuilder.struct().field(this.#fieldName, schema).build()
      this.#schemaCache.set(schema, updated)
    }
    return updated
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class HoistField$Key<R extends ConnectRecord<R> = any> extends HoistField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.HoistField$Key`
  readonly side = 'key'
}

export class HoistField$Value<R extends ConnectRecord<R> = any> extends HoistField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.HoistField$Value`
  readonly side = 'value'
}
