// MaskField$Key / MaskField$Value: replaces the listed fields with the "empty" value of their type (false, 0, "",
// the epoch, an empty list or map), or with `replacement` converted to the field's numeric type or kept as a string.
// The schema is unchanged. A null key/value is an error (tombstones are not passed through).
import type { ConnectRecord, Schema } from '../api/index.ts'
import { BigDecimal, ConfigException, DataError, Decimal, ConnectDate, Struct, Time, Timestamp, Values, defineConfig, javaClassNameOf, validators } from '../api/index.ts'
import { KeyOrValueTransformation, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStruct, stringProps, withSide } from './base.ts'
import { REPLACE_NULL_WITH_DEFAULT_DOC, fieldValue } from './a-schema-util.ts'

const PURPOSE = 'mask fields'

const CONFIG_DEF = defineConfig({
  fields: {
    type: 'LIST',
    importance: 'HIGH',
    doc: 'Names of fields to mask.',
    validator: {
      ensureValid (name: string, value: unknown): void {
        if (value == null || (value as unknown[]).length === 0) throw ConfigException.invalid(name, value, 'Empty list')
      },
      toString: () => 'non-empty list'
    }
  },
  replacement: {
    type: 'STRING',
    default: null,
    validator: validators.nonEmptyString(),
    importance: 'LOW',
    doc: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only)."
  },
  'replace.null.with.default': { type: 'BOOLEAN', default: true, importance: 'MEDIUM', doc: REPLACE_NULL_WITH_DEFAULT_DOC }
})

const CLASS_BY_TYPE: Readonly<Record<string, string>> = {
  INT8: 'java.lang.Byte',
  INT16: 'java.lang.Short',
  INT32: 'java.lang.Integer',
  INT64: 'java.lang.Long',
  FLOAT32: 'java.lang.Float',
  FLOAT64: 'java.lang.Double',
  BOOLEAN: 'java.lang.Boolean',
  STRING: 'java.lang.String'
}

/** The Java class Kafka would hold for a field value: from the field schema when there is one, else the JS value. */
function javaClassOfValue (schema: Schema | null, value: unknown): string {
  if (schema !== null) {
    const name = schema.name()
    if (name === Decimal.LOGICAL_NAME && value instanceof BigDecimal) return 'java.math.BigDecimal'
    if ((name === ConnectDate.LOGICAL_NAME || name === Time.LOGICAL_NAME || name === Timestamp.LOGICAL_NAME) && value instanceof Date) return 'java.util.Date'
    const byType = CLASS_BY_TYPE[schema.type()]
    if (byType !== undefined) return byType
  }
  return javaClassNameOf(value)
}

const EMPTY_VALUES: Readonly<Record<string, () => unknown>> = {
  'java.lang.Boolean': () => false,
  'java.lang.Byte': () => 0,
  'java.lang.Short': () => 0,
  'java.lang.Integer': () => 0,
  'java.lang.Long': () => 0n,
  'java.lang.Float': () => 0,
  'java.lang.Double': () => 0,
  'java.math.BigDecimal': () => new BigDecimal(0n, 0),
  'java.util.Date': () => new Date(0),
  'java.lang.String': () => ''
}

const REPLACEMENTS: Readonly<Record<string, (r: string) => unknown>> = {
  'java.lang.Byte': r => Values.convertToByte(null, r),
  'java.lang.Short': r => Values.convertToShort(null, r),
  'java.lang.Integer': r => Values.convertToInteger(null, r),
  'java.lang.Long': r => Values.convertToLong(null, r),
  'java.lang.Float': r => Values.convertToFloat(null, r),
  'java.lang.Double': r => Values.convertToDouble(null, r),
  'java.lang.String': r => r,
  'java.math.BigDecimal': r => {
    try {
      return BigDecimal.parse(r)
    } catch (err) {
      throw new DataError(`Unable to convert ${r} (class java.lang.String) to number`, { cause: err })
    }
  }
}

function maskWithEmptyValue (schema: Schema | null, value: unknown): unknown {
  const cls = javaClassOfValue(schema, value)
  const empty = EMPTY_VALUES[cls]
  if (empty !== undefined) return empty()
  if (Array.isArray(value)) return []
  if (cls === 'java.util.HashMap') return new Map()
  throw new DataError(`Cannot mask value of type: class ${cls}`)
}

function maskWithReplacement (schema: Schema | null, value: unknown, replacement: string): unknown {
  const cls = javaClassOfValue(schema, value)
  const mapper = REPLACEMENTS[cls]
  if (mapper === undefined) throw new DataError(`Cannot mask value of type class ${cls} with custom replacement.`)
  return mapper(replacement)
}

export abstract class MaskField<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Mask specified fields with a valid null value for the field type (i.e. 0, false, empty string, and so on).' +
    '<p/>For numeric and string fields, an optional replacement value can be specified that is converted to the correct type.'

  #maskedFields: ReadonlySet<string> = new Set()
  #replacement: string | null = null
  #replaceNullWithDefault = true

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#maskedFields = new Set(config.fields)
    this.#replacement = config.replacement
    this.#replaceNullWithDefault = config['replace.null.with.default']
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    const schema = operatingSchema(this.side, record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value)
  }

  #masked (schema: Schema | null, value: unknown): unknown {
    if (value == null) return null
    return this.#replacement === null ? maskWithEmptyValue(schema, value) : maskWithReplacement(schema, value, this.#replacement)
  }

  #applySchemaless (record: R, value: unknown): R {
    const map = requireMap(value, PURPOSE)
    const updated = new Map(map)
    for (const field of this.#maskedFields) updated.set(field, this.#masked(null, map.get(field)))
    return withSide(this.side, record, null, updated)
  }

  #applyWithSchema (record: R, schema: Schema, value: unknown): R {
    const struct = requireStruct(value, PURPOSE)
    const updated = new Struct(struct.schema())
    for (const field of struct.schema().fields()) {
      const orig = fieldValue(struct, field, this.#replaceNullWithDefault)
      updated.put(field, this.#maskedFields.has(field.name()) ? this.#masked(field.schema(), orig) : orig)
    }
    return withSide(this.side, record, schema, updated)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class MaskField$Key<R extends ConnectRecord<R> = any> extends MaskField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.MaskField$Key`
  readonly side = 'key'
}

export class MaskField$Value<R extends ConnectRecord<R> = any> extends MaskField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.MaskField$Value`
  readonly side = 'value'
}
