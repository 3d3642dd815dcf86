// Which columns a record writes (Confluent's FieldsMetadata.extract and RecordValidator): key columns from pk.mode /
// pk.fields, other columns from the value struct filtered by fields.whitelist, a single column for String values;
// plus the checks records must pass before they are written. Schemaless values are refused as Confluent refuses
// them, except a flat map when pk.mode=none: it is written column by column, with a schema inferred from its values.
import {
  ConnectError, Schema, SchemaBuilder, Struct, inferSchema, javaClassNameOf, type SinkRecord
} from '../../../api/index.ts'
import { DEFAULT_KAFKA_PK_NAMES, type JdbcSinkConfig, type PkMode } from './config.ts'

/** One column the sink writes (Confluent's SinkRecordField). */
export interface SinkField {
  readonly name: string
  readonly schema: Schema
  readonly isPrimaryKey: boolean
}

/** Nullable in DDL: only non-key fields with an optional schema. */
export function isFieldOptional (f: SinkField): boolean {
  return !f.isPrimaryKey && f.schema.isOptional()
}

export function describeField (f: SinkField): string {
  return `SinkRecordField{schema=${String(f.schema)}, name='${f.name}', isPrimaryKey=${f.isPrimaryKey}}`
}

export interface FieldsMetadata {
  readonly keyFieldNames: readonly string[]
  readonly nonKeyFieldNames: readonly string[]
  /** Every column in DDL order: Kafka coordinates, value fields in schema order, other key fields sorted by name. */
  readonly allFields: ReadonlyMap<string, SinkField>
  /** The value is a String written to one column. */
  readonly stringValue: boolean
}

function isPrimitive (s: Schema): boolean {
  switch (s.type()) {
    case 'ARRAY': case 'MAP': case 'STRUCT': return false
    default: return true
  }
}

export function extractFieldsMetadata (tableName: string, pkMode: PkMode, configuredPkFields: readonly string[],
  fieldsWhitelist: ReadonlySet<string>, stringValueColumnName: string, keySchema: Schema | null, valueSchema: Schema | null): FieldsMetadata {
  if (valueSchema !== null && valueSchema.type() !== 'STRUCT' && valueSchema.type() !== 'STRING') {
    throw new ConnectError('Value schema must be of type Struct or String')
  }
  const isStringValue = valueSchema !== null && valueSchema.type() === 'STRING'
  const allFields = new Map<string, SinkField>()
  const keyFieldNames: string[] = []
  const addKey = (name: string, schema: Schema): void => {
    if (!keyFieldNames.includes(name)) keyFieldNames.push(name)
    allFields.set(name, { name, schema, isPrimaryKey: true })
  }
  switch (pkMode) {
    case 'none':
      break
    case 'kafka': {
      let names: readonly string[]
      if (configuredPkFields.length === 0) names = DEFAULT_KAFKA_PK_NAMES
      else if (configuredPkFields.length === 3) names = configuredPkFields
      else {
        throw new ConnectError(`PK mode for table '${tableName}' is KAFKA so there should either be no field names defined for ` +
          `defaults [${DEFAULT_KAFKA_PK_NAMES.join(', ')}] to be applicable, or exactly 3, defined fields are: [${configuredPkFields.join(', ')}]`)
      }
      addKey(names[0]!, Schema.STRING_SCHEMA)
      addKey(names[1]!, Schema.INT32_SCHEMA)
      addKey(names[2]!, Schema.INT64_SCHEMA)
      break
    }
    case 'record_key': {
      if (keySchema === null) {
        throw new ConnectError(`PK mode for table '${tableName}' is RECORD_KEY, but record key schema is missing`)
      }
      if (isPrimitive(keySchema)) {
        if (configuredPkFields.length !== 1) {
          throw new ConnectError('Need exactly one PK column defined since the key schema for records is a primitive type, ' +
            `defined columns are: [${configuredPkFields.join(', ')}]`)
        }
        addKey(configuredPkFields[0]!, keySchema)
      } else if (keySchema.type() === 'STRUCT') {
        if (configuredPkFields.length === 0) {
          for (const f of keySchema.fields()) addKey(f.name(), f.schema())
        } else {
          for (const name of configuredPkFields) {
            if (keySchema.field(name) === null) {
              throw new ConnectError(`PK mode for table '${tableName}' is RECORD_KEY with configured PK fields ` +
                `[${configuredPkFields.join(', ')}], but record key schema does not contain field: ${name}`)
            }
          }
          for (const name of configuredPkFields) addKey(name, keySchema.field(name)!.schema())
        }
      } else {
        throw new ConnectError(`Key schema must be primitive type or Struct, but is of type: ${keySchema.type()}`)
      }
      break
    }
    case 'record_value': {
      if (isStringValue) throw new ConnectError('pk.mode record_value is not supported with String value schemas')
      if (valueSchema === null) {
        throw new ConnectError(`PK mode for table '${tableName}' is RECORD_VALUE, but record value schema is missing`)
      }
      if (configuredPkFields.length === 0) {
        for (const f of valueSchema.fields()) addKey(f.name(), f.schema())
      } else {
        for (const name of configuredPkFields) {
          if (valueSchema.field(name) === null) {
            throw new ConnectError(`PK mode for table '${tableName}' is RECORD_VALUE with configured PK fields ` +
              `[${configuredPkFields.join(', ')}], but record value schema does not contain field: ${name}`)
          }
        }
        for (const name of configuredPkFields) addKey(name, valueSchema.field(name)!.schema())
      }
      break
    }
  }

  const nonKeyFieldNames: string[] = []
  if (isStringValue) {
    if (keyFieldNames.includes(stringValueColumnName)) {
      throw new ConnectError(`Configured string.output.value.column.name '${stringValueColumnName}' conflicts with a primary ` +
        `key column for table '${tableName}'`)
    }
    nonKeyFieldNames.push(stringValueColumnName)
    allFields.set(stringValueColumnName, { name: stringValueColumnName, schema: Schema.OPTIONAL_STRING_SCHEMA, isPrimaryKey: false })
  } else if (valueSchema !== null) {
    for (const f of valueSchema.fields()) {
      const name = f.name()
      if (keyFieldNames.includes(name)) continue
      if (fieldsWhitelist.size > 0 && !fieldsWhitelist.has(name)) continue
      nonKeyFieldNames.push(name)
      allFields.set(name, { name, schema: f.schema(), isPrimaryKey: false })
    }
  }
  if (allFields.size === 0) throw new ConnectError(`No fields found using key and value schemas for table: ${tableName}`)

  const ordered = new Map<string, SinkField>()
  for (const name of DEFAULT_KAFKA_PK_NAMES) if (allFields.has(name)) ordered.set(name, allFields.get(name)!)
  if (isStringValue) ordered.set(stringValueColumnName, allFields.get(stringValueColumnName)!)
  else if (valueSchema !== null) for (const f of valueSchema.fields()) if (allFields.has(f.name())) ordered.set(f.name(), allFields.get(f.name())!)
  if (ordered.size < allFields.size) {
    for (const name of [...allFields.keys()].sort()) if (!ordered.has(name)) ordered.set(name, allFields.get(name)!)
  }
  return { keyFieldNames, nonKeyFieldNames, allFields: ordered, stringValue: isStringValue }
}

function simpleClassName (v: unknown): string {
  const name = javaClassNameOf(v)
  return name === 'null' ? 'null' : name.slice(name.lastIndexOf('.') + 1)
}

function coordinates (r: SinkRecord): string {
  return `(topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset},timestamp=${r.timestamp})`
}

/** RecordValidator.requiresValue: a non-null Struct or String value with a schema. */
function requiresValue (config: JdbcSinkConfig, r: SinkRecord, s: Schema | null, value: unknown): void {
  if (value !== null && s !== null && (s.type() === 'STRUCT' || s.type() === 'STRING')) {
    if (s.type() === 'STRING' && config.fieldsWhitelist.size > 0) {
      throw new ConnectError(`Sink connector '${config.connectorName}' is configured with field-level options that are not ` +
        'applicable to String values: fields.whitelist. Remove these options, or have the upstream producer emit Struct values instead.')
    }
    return
  }
  throw new ConnectError(`Sink connector '${config.connectorName}' is configured with 'delete.enabled=${config.deleteEnabled}' and ` +
    `'pk.mode=${config.pkMode}' and therefore requires records with a non-null Struct or String value and non-null Struct or ` +
    `String schema, but found record at ${coordinates(r)} with a ${simpleClassName(r.value)} value and ` +
    `${s === null ? 'null' : s.type()} value schema.`)
}

/** RecordValidator.requiresKey: a non-null key with a Struct or primitive schema. */
function requiresKey (config: JdbcSinkConfig, r: SinkRecord): void {
  const s = r.keySchema
  if (r.key !== null && s !== null && (s.type() === 'STRUCT' || isPrimitive(s))) return
  throw new ConnectError(`Sink connector '${config.connectorName}' is configured with 'delete.enabled=${config.deleteEnabled}' and ` +
    `'pk.mode=${config.pkMode}' and therefore requires records with a non-null key and non-null Struct or primitive key ` +
    `schema, but found record at ${coordinates(r)} with a ${simpleClassName(r.key)} key and ${s === null ? 'null' : s.type()} key schema.`)
}

/**
 * RecordValidator.create(config).validate(record), with the value and value schema as the writer sees them (a flat
 * schemaless map already turned into a Struct).
 */
export function validateRecord (config: JdbcSinkConfig, r: SinkRecord, valueSchema: Schema | null, value: unknown): void {
  if (config.pkMode === 'record_key' || config.deleteEnabled) requiresKey(config, r)
  if (config.pkMode === 'none' || config.pkMode === 'record_value' || !config.deleteEnabled) requiresValue(config, r, valueSchema, value)
}

function isPlainObject (v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** A schemaless Map or plain object value, or null. */
export function schemalessMapEntries (value: unknown): Array<[string, unknown]> | null {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [String(k), v])
  if (isPlainObject(value)) return Object.entries(value)
  return null
}

const flatSchemas = new Map<string, Schema>()
const MAX_FLAT_SCHEMAS = 1024

/**
 * A flat schemaless map as a Struct: each entry an optional column of the type inferred from its value (null values
 * give an optional string column). Nested maps, arrays and structs are refused.
 */
export function flatMapToStruct (entries: Array<[string, unknown]>, r: SinkRecord): Struct {
  const types: Schema[] = []
  let signature = ''
  for (const [name, v] of entries) {
    const inferred = v == null ? Schema.OPTIONAL_STRING_SCHEMA : inferSchema(v)
    if (inferred === null || !isPrimitive(inferred)) {
      throw new ConnectError(`Schemaless record value at ${coordinates(r)} has a nested or unsupported value in field '${name}' ` +
        `(${simpleClassName(v)}); without a schema the JDBC sink only writes flat maps of primitive values (pk.mode=none)`)
    }
    types.push(inferred)
    signature += `${name.length}:${name}:${inferred.type()},`
  }
  let schema = flatSchemas.get(signature)
  if (schema === undefined) {
    const b = SchemaBuilder.struct()
    entries.forEach(([name], i) => { b.field(name, optionalOf(types[i]!)) })
    schema = b.build()
    if (flatSchemas.size >= MAX_FLAT_SCHEMAS) flatSchemas.clear()
    flatSchemas.set(signature, schema)
  }
  const struct = new Struct(schema)
  entries.forEach(([name, v]) => { if (v != null) struct.put(name, v) })
  return struct
}

function optionalOf (s: Schema): Schema {
  switch (s.type()) {
    case 'INT32': return Schema.OPTIONAL_INT32_SCHEMA
    case 'INT64': return Schema.OPTIONAL_INT64_SCHEMA
    case 'FLOAT64': return Schema.OPTIONAL_FLOAT64_SCHEMA
    case 'BOOLEAN': return Schema.OPTIONAL_BOOLEAN_SCHEMA
    case 'BYTES': return Schema.OPTIONAL_BYTES_SCHEMA
    default: return Schema.OPTIONAL_STRING_SCHEMA
  }
}
