// Cast$Key / Cast$Value: casts fields (spec `field:type,...`) or the whole key/value (spec `type`) to int8, int16,
// int32, int64, float32, float64, boolean or string, with Java's conversions: numbers narrow like Number.xxxValue(),
// strings are parsed like Integer.parseInt / Double.parseDouble / Boolean.parseBoolean, booleans become 1/0, bytes
// become base64 text and dates their ISO text. Logical Date/Time/Timestamp values are first encoded to their int/long
// form when the target is not a string.
import type { ConnectRecord, Schema } from '../api/index.ts'
import {
  BigDecimal, ConfigException, ConnectDate, DataError, SchemaBuilder, Struct, Time, Timestamp, Values,
  defineConfig, javaClassNameOf, javaDoubleToString, javaFloatToString, javaToString
} from '../api/index.ts'
import {
  KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStruct,
  stringProps, withSide
} from './base.ts'
import {
  NumberFormatError, byteValue, doubleValue, floatValue, intValue, isJavaNumber, longValue, parseJavaBoolean, parseJavaByte,
  parseJavaDouble, parseJavaFloat, parseJavaInt, parseJavaLong, parseJavaShort, shortValue, type JavaNumber
} from './a-java-number.ts'
import { REPLACE_NULL_WITH_DEFAULT_DOC, copySchemaBasics, fieldValue } from './a-schema-util.ts'

const PURPOSE = 'cast types'

type CastType = 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64' | 'BOOLEAN' | 'STRING'

const SCHEMA_TYPES: ReadonlySet<string> = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT'])
const INPUT_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES']
const OUTPUT_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING']

/** The key of the whole-value cast in the parsed spec (Kafka uses the otherwise impossible null field name). */
const WHOLE_VALUE = null

/** Java's String.split(regex) for a one-char separator: trailing empty strings are removed. */
function javaSplit (s: string, sep: string): string[] {
  if (s.length === 0) return ['']
  const parts = s.split(sep)
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

function castType (text: string): CastType {
  const name = text.trim().toUpperCase()
  if (!SCHEMA_TYPES.has(name)) throw new ConfigException(`Invalid type found in casting spec: ${text.trim()}`)
  if (!OUTPUT_TYPES.includes(name)) {
    throw new ConfigException(`Cast transformation does not support casting to ${name}; supported types are [${OUTPUT_TYPES.join(', ')}]`)
  }
  return name as CastType
}

/** Parses the `spec` list (Kafka's Cast.parseFieldTypes); errors are ConfigExceptions with Kafka's messages. */
export function parseCastSpec (mappings: readonly string[]): Map<string | null, CastType> {
  const casts = new Map<string | null, CastType>()
  let wholeValueCast = false
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length > 2) throw ConfigException.invalid('renames', mappings, `Invalid rename mapping: ${mapping}`)
    if (parts.length === 1) {
      casts.set(WHOLE_VALUE, castType(parts[0]!))
      wholeValueCast = true
    } else if (parts.length === 2) {
      casts.set(parts[0]!.trim(), castType(parts[1]!))
    }
  }
  if (wholeValueCast && mappings.length > 1) {
    throw new ConfigException('Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec')
  }
  return casts
}

const CONFIG_DEF = defineConfig({
  spec: {
    type: 'LIST',
    importance: 'HIGH',
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of ' +
      'Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, ' +
      'int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    validator: {
      ensureValid (_name: string, value: unknown): void {
        const list = value as string[] | null
        if (list == null || list.length === 0) throw new ConfigException('Must specify at least one field to cast.')
        parseCastSpec(list)
      },
      toString: () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'
    }
  },
  'replace.null.with.default': { type: 'BOOLEAN', default: true, importance: 'MEDIUM', doc: REPLACE_NULL_WITH_DEFAULT_DOC }
})

/** Kafka's ConnectSchema.schemaType(value.getClass()): the type of a schemaless value, or null. */
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
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof BigDecimal) &&
    Object.getPrototypeOf(value) === Object.prototype) return 'MAP'
  return null
}

function encodeLogical (schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value
  switch (schema.name()) {
    case ConnectDate.LOGICAL_NAME: return ConnectDate.fromLogical(schema, value)
    case Time.LOGICAL_NAME: return Time.fromLogical(schema, value)
    case Timestamp.LOGICAL_NAME: return Timestamp.fromLogical(schema, value)
  }
  return value
}

function unexpected (value: unknown): DataError {
  return new DataError(`Unexpected type in Cast transformation: class ${javaClassNameOf(value)}`)
}

/** The Java-like number, boolean (1/0) or parsed string a numeric cast starts from. */
function numericSource (value: unknown, parse: (s: string) => JavaNumber): JavaNumber {
  if (isJavaNumber(value)) return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') return parse(value)
  throw unexpected(value)
}

/** `value.toString()` of the Java object a Connect value of `type` would be. */
function javaText (value: unknown, type: string): string {
  if (typeof value === 'number') {
    if (type === 'FLOAT32') return javaFloatToString(value)
    if (type === 'FLOAT64') return javaDoubleToString(value)
    return String(value)
  }
  if (value instanceof Date) return Values.formatDate(value)
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  return javaToString(value)
}

/** Kafka's Cast.castValueToType: `schema` null means schemaless (the type comes from the value). */
function castValueToType (schema: Schema | null, value: unknown, target: CastType | string): unknown {
  if (value == null) return null
  const inferred = schema === null ? schemalessType(value) : schema.type()
  if (inferred === null) {
    throw new DataError(`Cast transformation was passed a value of type class ${javaClassNameOf(value)} which is not supported by Connect's data API`)
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataError(`Cast transformation does not support casting from ${inferred}; supported types are [${INPUT_TYPES.join(', ')}]`)
  }
  let v: unknown = value
  if (schema !== null && schema.name() !== null && target !== 'STRING') v = encodeLogical(schema, v)
  try {
    switch (target) {
      case 'INT8': return byteValue(numericSource(v, parseJavaByte))
      case 'INT16': return shortValue(numericSource(v, parseJavaShort))
      case 'INT32': return intValue(numericSource(v, parseJavaInt))
      case 'INT64': return longValue(numericSource(v, parseJavaLong))
      case 'FLOAT32': return floatValue(numericSource(v, parseJavaFloat))
      case 'FLOAT64': return doubleValue(numericSource(v, parseJavaDouble))
      case 'BOOLEAN':
        if (typeof v === 'boolean') return v
        if (typeof v === 'string') return parseJavaBoolean(v)
        if (isJavaNumber(v)) return longValue(v) !== 0n
        throw unexpected(v)
      case 'STRING': return javaText(v, inferred)
      default: throw new DataError(`${target} is not supported in the Cast transformation.`)
    }
  } catch (err) {
    if (err instanceof NumberFormatError) {
      throw new DataError(`Value (${javaText(v, inferred)}) was out of range for requested data type`, { cause: err })
    }
    throw err
  }
}

function builderFor (type: string): SchemaBuilder {
  if (!OUTPUT_TYPES.includes(type)) throw new DataError(`Unexpected type in Cast transformation: ${type}`)
  return SchemaBuilder.type(type as CastType)
}

export abstract class Cast<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Cast fields or the entire key or value to a specific type, e.g. to force an integer field to a smaller ' +
    'width. Cast from integers, floats, boolean and string to any other type, and cast binary to string (base64 encoded).'

  #casts = new Map<string | null, CastType>()
  #wholeValueCastType: CastType | null = null
  #replaceNullWithDefault = true
  #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#casts = parseCastSpec(config.spec)
    this.#wholeValueCastType = this.#casts.get(WHOLE_VALUE) ?? null
    this.#replaceNullWithDefault = config['replace.null.with.default']
    this.#schemaCache = new SchemaCache()
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    if (value == null) return record
    const schema = operatingSchema(this.side, record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value)
  }

  #applySchemaless (record: R, value: unknown): R {
    if (this.#wholeValueCastType !== null) {
      return withSide(this.side, record, null, castValueToType(null, value, this.#wholeValueCastType))
    }
    const map = requireMap(value, PURPOSE)
    const updated = new Map(map)
    for (const [field, type] of this.#casts) updated.set(field, castValueToType(null, map.get(field), type))
    return withSide(this.side, record, null, updated)
  }

  #applyWithSchema (record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.#updatedSchema(schema)
    if (this.#wholeValueCastType !== null) {
      return withSide(this.side, record, updatedSchema, castValueToType(schema, value, this.#wholeValueCastType))
    }
    const struct = requireStruct(value, PURPOSE)
    const updated = new Struct(updatedSchema)
    for (const field of struct.schema().fields()) {
      const orig = fieldValue(struct, field, this.#replaceNullWithDefault)
      const target = this.#casts.get(field.name())
      updated.put(updatedSchema.field(field.name())!, target === undefined ? orig : castValueToType(field.schema(), orig, target))
    }
    return withSide(this.side, record, updatedSchema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const cached = this.#schemaCache.get(schema)
    if (cached !== undefined) return cached
    let builder: SchemaBuilder
    if (this.#wholeValueCastType !== null) {
      builder = copySchemaBasics(schema, builderFor(this.#wholeValueCastType))
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const field of schema.fields()) {
        const target = this.#casts.get(field.name())
        if (target === undefined) {
          builder.field(field.name(), field.schema())
          continue
        }
        const fieldSchema = field.schema()
        const fieldBuilder = builderFor(target)
        if (fieldSchema.isOptional()) fieldBuilder.optional()
        if (fieldSchema.defaultValue() != null) {
          fieldBuilder.defaultValue(castValueToType(fieldSchema, fieldSchema.defaultValue(), fieldBuilder.type()))
        }
        builder.field(field.name(), fieldBuilder.build())
      }
    }
    if (schema.isOptional()) builder.optional()
    if (schema.defaultValue() != null) builder.defaultValue(castValueToType(schema, schema.defaultValue(), builder.type()))
    const updated = builder.build()
    this.#schemaCache.set(schema, updated)
    return updated
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class Cast$Key<R extends ConnectRecord<R> = any> extends Cast<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.Cast$Key`
  readonly side = 'key'
}

export class Cast$Value<R extends ConnectRecord<R> = any> extends Cast<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.Cast$Value`
  readonly side = 'value'
}
