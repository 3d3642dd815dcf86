// ValueToKey (org.apache.kafka.connect.transforms.ValueToKey): the key becomes a map (schemaless) or struct of the
// listed value fields.
import type { ConnectRecord, Schema, Transformation } from '../api/index.ts'
import { DataError, SchemaBuilder, Struct, defineConfig } from '../api/index.ts'
import { SMT_VERSION, nonEmptyList } from './b-common.ts'
import { SchemaCache, TRANSFORMS_PACKAGE, requireMap, requireStruct, stringProps } from './base.ts'

const CONFIG_DEF = defineConfig({
  fields: {
    type: 'LIST',
    validator: nonEmptyList(),
    importance: 'HIGH',
    doc: 'Field names on the record value to extract as the record key.'
  },
  'replace.null.with.default': {
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.'
  }
})

const PURPOSE = 'copying fields from value to key'

export class ValueToKey<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.ValueToKey`
  static readonly OVERVIEW_DOC = 'Replace the record key with a new key formed from a subset of fields in the record value.'

  #fields: readonly string[] = []
  #replaceNullWithDefault = true
  readonly #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#fields = [...config.fields]
    this.#replaceNullWithDefault = config['replace.null.with.default']
  }

  apply (record: R): R {
    return record.valueSchema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record)
  }

  #applySchemaless (record: R): R {
    const value = requireMap(record.value, PURPOSE)
    const key = new Map<string, unknown>()
    for (const f of this.#fields) key.set(f, value.get(f) ?? null)
    return record.newRecord(record.topic, record.kafkaPartition, null, key, record.valueSchema, record.value, record.timestamp)
  }

  #applyWithSchema (record: R): R {
    const value = requireStruct(record.value, PURPOSE)
    let keySchema: Schema | undefined = this.#schemaCache.get(value.schema())
    if (keySchema === undefined) {
      const builder = SchemaBuilder.struct()
      for (const f of this.#fields) {
        const field = value.schema().field(f)
        if (field === null) throw new DataError(`Field does not exist: ${f}`)
        builder.field(f, field.schema())
      }
      keySchema = builder.build()
      this.#schemaCache.set(value.schema(), keySchema)
    }
    const key = new Struct(keySchema)
    for (const f of this.#fields) key.put(f, this.#replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f))
    return record.newRecord(record.topic, record.kafkaPartition, keySchema, key, value.schema(), value, record.timestamp)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }
}
