// ExtractField$Key / ExtractField$Value: replaces the key or value with one of its fields (a nested one with
// field.syntax.version=V2). Schemaless: a map lookup (null stays null). With a schema: the new schema is the field's.
import type { ConnectRecord } from '../api/index.ts'
import { defineConfig } from '../api/index.ts'
import { KeyOrValueTransformation, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMapOrNull, requireStructOrNull, stringProps, withSide } from './base.ts'
import { FIELD_SYNTAX_VERSION_KEY, SingleFieldPath, fieldSyntaxVersion } from './field-path.ts'
import { REPLACE_NULL_WITH_DEFAULT_DOC } from './a-schema-util.ts'

const PURPOSE = 'field extraction'

const CONFIG_DEF = defineConfig({
  field: { type: 'STRING', importance: 'MEDIUM', doc: 'Field name to extract.' },
  'replace.null.with.default': { type: 'BOOLEAN', default: true, importance: 'MEDIUM', doc: REPLACE_NULL_WITH_DEFAULT_DOC },
  'field.syntax.version': FIELD_SYNTAX_VERSION_KEY
})

/** Java's IllegalArgumentException, which Kafka throws for a field the schema does not have. */
function illegalArgument (message: string): Error {
  const err = new Error(message)
  err.name = 'IllegalArgumentException'
  return err
}

export abstract class ExtractField<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Extract the specified field from a Struct when schema present, or a Map in the case of schemaless data. ' +
    'Any null values are passed through unmodified.'

  #path: SingleFieldPath | null = null
  #originalPath = ''
  #replaceNullWithDefault = true

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#originalPath = config.field
    this.#path = new SingleFieldPath(config.field, fieldSyntaxVersion(config['field.syntax.version']))
    this.#replaceNullWithDefault = config['replace.null.with.default']
  }

  apply (record: R): R {
    const path = this.#path!
    const schema = operatingSchema(this.side, record)
    const value = operatingValue(this.side, record)
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE)
      return withSide(this.side, record, null, map === null ? null : path.valueFromMap(map))
    }
    const struct = requireStructOrNull(value, PURPOSE)
    const field = path.fieldFrom(schema)
    if (field === null) throw illegalArgument(`Unknown field: ${this.#originalPath}`)
    return withSide(this.side, record, field.schema(), struct === null ? null : path.valueFromStruct(struct, this.#replaceNullWithDefault))
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class ExtractField$Key<R extends ConnectRecord<R> = any> extends ExtractField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.ExtractField$Key`
  readonly side = 'key'
}

export class ExtractField$Value<R extends ConnectRecord<R> = any> extends ExtractField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.ExtractField$Value`
  readonly side = 'value'
}
