// The Connect data model: schemas, structs, logical types, headers, Values. Plugins import it through src/api.
export * from './errors.ts'
export { BigDecimal, RoundingMode } from './big-decimal.ts'
export {
  Type, Schema, ConnectSchema, Field, schemaEquals, isPrimitiveType, typeName,
  INT8_SCHEMA, INT16_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, FLOAT32_SCHEMA, FLOAT64_SCHEMA, BOOLEAN_SCHEMA, STRING_SCHEMA,
  BYTES_SCHEMA, OPTIONAL_INT8_SCHEMA, OPTIONAL_INT16_SCHEMA, OPTIONAL_INT32_SCHEMA, OPTIONAL_INT64_SCHEMA,
  OPTIONAL_FLOAT32_SCHEMA, OPTIONAL_FLOAT64_SCHEMA, OPTIONAL_BOOLEAN_SCHEMA, OPTIONAL_STRING_SCHEMA, OPTIONAL_BYTES_SCHEMA,
  type SchemaType, type ConnectSchemaOptions
} from './schema.ts'
export { SchemaBuilder } from './schema-builder.ts'
export { Struct } from './struct.ts'
export { SchemaAndValue } from './schema-and-value.ts'
export { validateValue } from './validate-value.ts'
export { valuesEqual } from './values-equal.ts'
export { Decimal } from './logical/decimal.ts'
export { ConnectDate } from './logical/date.ts'
export { Time } from './logical/time.ts'
export { Timestamp } from './logical/timestamp.ts'
export { ConnectHeader, ConnectHeaders, type Header, type HeaderTransform } from './headers.ts'
export { Values, inferSchema } from './values.ts'
export { javaDoubleToString, javaFloatToString } from './java-number-format.ts'
export { javaToString, javaClassNameOf } from './java-class.ts'
