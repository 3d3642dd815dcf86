// Schema and struct helpers shared by the part-A SMTs (Kafka's SchemaUtil, and the `replace.null.with.default` read).
import type { Field, Schema, Struct } from '../api/index.ts'
import { SchemaBuilder } from '../api/index.ts'

/** Kafka's SchemaUtil.copySchemaBasics(source, builder): name, version, doc and parameters (not optionality). */
export function copySchemaBasics (source: Schema, builder: SchemaBuilder): SchemaBuilder {
  builder.name(source.name())
  builder.version(source.version())
  builder.doc(source.doc())
  const params = source.parameters()
  if (params !== null) builder.parameters(params)
  return builder
}

/** Kafka's SchemaUtil.copySchemaBasics(source): a builder of the same type (arrays keep their element schema). */
export function copySchemaBasicsOf (source: Schema): SchemaBuilder {
  const builder = source.type() === 'ARRAY' ? SchemaBuilder.array(source.valueSchema()!) : SchemaBuilder.type(source.type())
  return copySchemaBasics(source, builder)
}

/** A struct field's value: its schema default for a null when `replaceNullWithDefault`, else the raw value. */
export function fieldValue (struct: Struct, field: Field, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field)
}

/** The `replace.null.with.default` key most SMTs share. */
export const REPLACE_NULL_WITH_DEFAULT_DOC = 'Whether to replace fields that have a default value and that are null to the default value. ' +
  'When set to true, the default value is used, otherwise null is used.'
