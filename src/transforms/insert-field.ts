// InsertField$Key / InsertField$Value: adds fields from the record's metadata (topic, partition, offset, timestamp)
// or a static string. A field name ending in `!` makes a required field; `?` or no suffix an optional one.
import type { ConnectRecord, Schema } from '../api/index.ts'
import {
  ConfigException, OPTIONAL_INT32_SCHEMA, OPTIONAL_INT64_SCHEMA, OPTIONAL_STRING_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA,
  SchemaBuilder, Struct, Timestamp, defineConfig
} from '../api/index.ts'
import {
  KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireSinkRecord,
  requireStruct, stringProps, withSide
} from './base.ts'
import { REPLACE_NULL_WITH_DEFAULT_DOC, copySchemaBasics, fieldValue } from './a-schema-util.ts'

const PURPOSE = 'field insertion'
const OPTIONALITY_DOC = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).'
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build()

const CONFIG_DEF = defineConfig({
  'topic.field': { type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka topic. ${OPTIONALITY_DOC}` },
  'partition.field': { type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka partition. ${OPTIONALITY_DOC}` },
  'offset.field': { type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}` },
  'timestamp.field': { type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for record timestamp. ${OPTIONALITY_DOC}` },
  'static.field': { type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for static data field. ${OPTIONALITY_DOC}` },
  'static.value': { type: 'STRING', default: null, importance: 'MEDIUM', doc: 'Static field value, if field name configured.' },
  'replace.null.with.default': { type: 'BOOLEAN', default: true, importance: 'MEDIUM', doc: REPLACE_NULL_WITH_DEFAULT_DOC }
})

interface InsertionSpec {
  readonly name: string
  readonly optional: boolean
}

function parseSpec (spec: string | null): InsertionSpec | null {
  if (spec === null) return null
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true }
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false }
  return { name: spec, optional: true }
}

export abstract class InsertField<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Insert field(s) using attributes from the record metadata or a configured static value.'

  #topicField: InsertionSpec | null = null
  #partitionField: InsertionSpec | null = null
  #offsetField: InsertionSpec | null = null
  #timestampField: InsertionSpec | null = null
  #staticField: InsertionSpec | null = null
  #staticValue: string | null = null
  #replaceNullWithDefault = true
  #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#topicField = parseSpec(config['topic.field'])
    this.#partitionField = parseSpec(config['partition.field'])
    this.#offsetField = parseSpec(config['offset.field'])
    this.#timestampField = parseSpec(config['timestamp.field'])
    this.#staticField = parseSpec(config['static.field'])
    this.#staticValue = config['static.value']
    this.#replaceNullWithDefault = config['replace.null.with.default']
    if (this.#topicField === null && this.#partitionField === null && this.#offsetField === null &&
      this.#timestampField === null && this.#staticField === null) {
      throw new ConfigException('No field insertion configured')
    }
    if (this.#staticField !== null && this.#staticValue === null) {
      throw ConfigException.invalid('static.value', null, `No value specified for static field: ${this.#staticField.name}`)
    }
    this.#schemaCache = new SchemaCache()
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    if (value == null) return record
    return operatingSchema(this.side, record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value)
  }

  #applySchemaless (record: R, value: unknown): R {
    const updated = new Map(requireMap(value, PURPOSE))
    if (this.#topicField !== null) updated.set(this.#topicField.name, record.topic)
    if (this.#partitionField !== null && record.kafkaPartition !== null) updated.set(this.#partitionField.name, record.kafkaPartition)
    if (this.#offsetField !== null) updated.set(this.#offsetField.name, this.#offset(record))
    if (this.#timestampField !== null && record.timestamp !== null) updated.set(this.#timestampField.name, BigInt(record.timestamp))
    if (this.#staticField !== null && this.#staticValue !== null) updated.set(this.#staticField.name, this.#staticValue)
    return withSide(this.side, record, null, updated)
  }

  #applyWithSchema (record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE)
    const updatedSchema = this.#updatedSchema(struct.schema())
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema().fields()) updated.put(field.name(), fieldValue(struct, field, this.#replaceNullWithDefault))
    if (this.#topicField !== null) updated.put(this.#topicField.name, record.topic)
    if (this.#partitionField !== null && record.kafkaPartition !== null) updated.put(this.#partitionField.name, record.kafkaPartition)
    if (this.#offsetField !== null) updated.put(this.#offsetField.name, this.#offset(record))
    if (this.#timestampField !== null && record.timestamp !== null) updated.put(this.#timestampField.name, new Date(record.timestamp))
    if (this.#staticField !== null && this.#staticValue !== null) updated.put(this.#staticField.name, this.#staticValue)
    return withSide(this.side, record, updatedSchema, updated)
  }

  #offset (record: R): bigint {
    requireSinkRecord(record, PURPOSE)
    return BigInt((record as unknown as { kafkaOffset: number }).kafkaOffset)
  }

  #updatedSchema (schema: Schema): Schema {
    const cached = this.#schemaCache.get(schema)
    if (cached !== undefined) return cached
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const field of schema.fields()) builder.field(field.name(), field.schema())
    if (this.#topicField !== null) builder.field(this.#topicField.name, this.#topicField.optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA)
    if (this.#partitionField !== null) builder.field(this.#partitionField.name, this.#partitionField.optional ? OPTIONAL_INT32_SCHEMA : INT32_SCHEMA)
    if (this.#offsetField !== null) builder.field(this.#offsetField.name, this.#offsetField.optional ? OPTIONAL_INT64_SCHEMA : INT64_SCHEMA)
    if (this.#timestampField !== null) builder.field(this.#timestampField.name, this.#timestampField.optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA)
    if (this.#staticField !== null) builder.field(this.#staticField.name, this.#staticField.optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA)
    const updated = builder.build()
    this.#schemaCache.set(schema, updated)
    return updated
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class InsertField$Key<R extends ConnectRecord<R> = any> extends InsertField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.InsertField$Key`
  readonly side = 'key'
}

export class InsertField$Value<R extends ConnectRecord<R> = any> extends InsertField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.InsertField$Value`
  readonly side = 'value'
}
