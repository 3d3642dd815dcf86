// SetSchemaMetadata$Key / SetSchemaMetadata$Value (org.apache.kafka.connect.transforms.SetSchemaMetadata): sets the
// name and/or version of the key or value schema; a Struct is rebuilt against the renamed schema.
import type { ConnectRecord, Schema } from '../api/index.ts'
import { ConfigException, ConnectSchema, DataError, Struct, defineConfig } from '../api/index.ts'
import { KeyOrValueTransformation, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, stringProps, withSide, type Side } from './base.ts'

const CONFIG_DEF = defineConfig({
  'schema.name': { type: 'STRING', default: null, importance: 'HIGH', doc: 'Schema name to set.' },
  'schema.version': { type: 'INT', default: null, importance: 'HIGH', doc: 'Schema version to set.' },
  'replace.null.with.default': {
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.'
  }
})

export abstract class SetSchemaMetadata<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Set the schema name, version or both on the record\'s key ' +
    `(<code>${TRANSFORMS_PACKAGE}.SetSchemaMetadata$Key</code>) or value ` +
    `(<code>${TRANSFORMS_PACKAGE}.SetSchemaMetadata$Value</code>) schema.`

  #schemaName: string | null = null
  #schemaVersion: number | null = null
  #replaceNullWithDefault = true

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#schemaName = config['schema.name']
    this.#schemaVersion = config['schema.version']
    this.#replaceNullWithDefault = config['replace.null.with.default']
    if (this.#schemaName === null && this.#schemaVersion === null) {
      throw new ConfigException('Neither schema name nor version configured')
    }
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    const schema = operatingSchema(this.side, record)
    if ((value === null || value === undefined) && schema === null) return record
    if (schema === null) throw new DataError('Schema required for [updating schema metadata]')
    const type = schema.type()
    const updatedSchema = new ConnectSchema(type, {
      optional: schema.isOptional(),
      defaultValue: schema.defaultValue(),
      name: this.#schemaName ?? schema.name(),
      version: this.#schemaVersion ?? schema.version(),
      doc: schema.doc(),
      parameters: schema.parameters(),
      // Kafka calls schema.fields() for every type, which fails for anything but a struct; here other types work.
      fields: type === 'STRUCT' ? schema.fields() : null,
      keySchema: type === 'MAP' ? schema.keySchema() : null,
      valueSchema: type === 'MAP' || type === 'ARRAY' ? schema.valueSchema() : null
    })
    return withSide(this.side, record, updatedSchema, this.updateSchemaIn(value, updatedSchema))
  }

  /** A Struct rebuilt against `updatedSchema` (same fields); any other value as is. */
  updateSchemaIn (keyOrValue: unknown, updatedSchema: Schema): unknown {
    if (!(keyOrValue instanceof Struct)) return keyOrValue
    const updated = new Struct(updatedSchema)
    for (const f of updatedSchema.fields()) {
      updated.put(f, this.#replaceNullWithDefault ? keyOrValue.get(f) : keyOrValue.getWithoutDefault(f.name()))
    }
    return updated
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class SetSchemaMetadata$Key<R extends ConnectRecord<R> = any> extends SetSchemaMetadata<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.SetSchemaMetadata$Key`
  readonly side: Side = 'key'
}

export class SetSchemaMetadata$Value<R extends ConnectRecord<R> = any> extends SetSchemaMetadata<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.SetSchemaMetadata$Value`
  readonly side: Side = 'value'
}
