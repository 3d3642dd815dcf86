// HeaderFrom$Key / HeaderFrom$Value (org.apache.kafka.connect.transforms.HeaderFrom): copies or moves fields of the
// key or value into headers (`fields[i]` → header `headers[i]`), with the field's schema when there is one.
import type { ConnectRecord, Header, Schema } from '../api/index.ts'
import { ConfigException, DataError, SchemaBuilder, Struct, defineConfig, validators } from '../api/index.ts'
import { copySchemaBasics, nonEmptyList } from './b-common.ts'
import {
  KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStruct,
  stringProps, type Side
} from './base.ts'

const CONFIG_DEF = defineConfig({
  fields: {
    type: 'LIST',
    validator: nonEmptyList(),
    importance: 'HIGH',
    doc: 'Field names in the record whose values are to be copied or moved to headers.'
  },
  headers: {
    type: 'LIST',
    validator: nonEmptyList(),
    importance: 'HIGH',
    doc: 'Header names, in the same order as the field names listed in the fields configuration property.'
  },
  operation: {
    type: 'STRING',
    validator: validators.oneOf('move', 'copy'),
    importance: 'HIGH',
    doc: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), ' +
      'or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).'
  },
  'replace.null.with.default': {
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.'
  }
})

export abstract class HeaderFrom<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Moves or copies fields in the key/value of a record into that record\'s headers. ' +
    'Corresponding elements of <code>fields</code> and <code>headers</code> together identify a field and the header ' +
    'it should be moved or copied to. Use the concrete transformation type designed for the record key ' +
    `(<code>${TRANSFORMS_PACKAGE}.HeaderFrom$Key</code>) or value (<code>${TRANSFORMS_PACKAGE}.HeaderFrom$Value</code>).`

  #fields: string[] = []
  #headers: string[] = []
  #move = false
  #replaceNullWithDefault = true
  readonly #moveSchemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    if (config.headers.length !== config.fields.length) {
      throw new ConfigException("'fields' config must have the same number of elements as 'headers' config.")
    }
    this.#fields = [...config.fields]
    this.#headers = [...config.headers]
    this.#move = config.operation === 'move'
    this.#replaceNullWithDefault = config['replace.null.with.default']
  }

  apply (record: R): R {
    const schema = operatingSchema(this.side, record)
    const value = operatingValue(this.side, record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value, schema)
  }

  get #purpose (): string {
    return `header ${this.#move ? 'move' : 'copy'}`
  }

  #fieldValue (value: Struct, name: string): unknown {
    return this.#replaceNullWithDefault ? value.get(name) : value.getWithoutDefault(name)
  }

  #applyWithSchema (record: R, operating: unknown, schema: Schema): R {
    const headers = record.headers.duplicate()
    const value = requireStruct(operating, this.#purpose)
    let updatedSchema = schema
    let updatedValue = value
    if (this.#move) {
      updatedSchema = this.#moveSchema(schema)
      updatedValue = new Struct(updatedSchema)
      for (const f of updatedSchema.fields()) updatedValue.put(f, this.#fieldValue(value, f.name()))
    }
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!
      const fieldValue = value.schema().field(name) !== null ? this.#fieldValue(value, name) : null
      const field = schema.field(name)
      // Kafka fails here with a NullPointerException.
      if (field === null) throw new DataError(`Field does not exist: ${name}`)
      headers.add(this.#headers[i]!, fieldValue, field.schema())
    }
    return this.#newRecord(record, updatedSchema, updatedValue, headers)
  }

  #moveSchema (schema: Schema): Schema {
    let moved = this.#moveSchemaCache.get(schema)
    if (moved === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const f of schema.fields()) if (!this.#fields.includes(f.name())) builder.field(f.name(), f.schema())
      moved = builder.build()
      this.#moveSchemaCache.set(schema, moved)
    }
    return moved
  }

  #applySchemaless (record: R, operating: unknown): R {
    const headers = record.headers.duplicate()
    const value = requireMap(operating, this.#purpose)
    const updated = new Map(value)
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!
      const fieldValue = value.get(name) ?? null
      if (this.#move) updated.delete(name)
      headers.add(this.#headers[i]!, fieldValue, null)
    }
    return this.#newRecord(record, null, updated, headers)
  }

  #newRecord (record: R, schema: Schema | null, value: unknown, headers: Iterable<Header>): R {
    return this.side === 'key'
      ? record.newRecord(record.topic, record.kafkaPartition, schema, value, record.valueSchema, record.value, record.timestamp, headers)
      : record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, schema, value, record.timestamp, headers)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class HeaderFrom$Key<R extends ConnectRecord<R> = any> extends HeaderFrom<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.HeaderFrom$Key`
  readonly side: Side = 'key'
}

export class HeaderFrom$Value<R extends ConnectRecord<R> = any> extends HeaderFrom<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.HeaderFrom$Value`
  readonly side: Side = 'value'
}
