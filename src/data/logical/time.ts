// The Time logical type (org.apache.kafka.connect.data.Time): INT32 milliseconds since midnight; the JS Date must lie
// on 1970-01-01 UTC.
import { DataError } from '../errors.ts'
import type { Schema } from '../schema.ts'
import { SchemaBuilder } from '../schema-builder.ts'
import { MILLIS_PER_DAY, TIME_LOGICAL_NAME } from './names.ts'

function builder (): SchemaBuilder {
  return SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1)
}

export const Time = Object.freeze({
  LOGICAL_NAME: TIME_LOGICAL_NAME,
  builder,
  SCHEMA: builder().build() as Schema,

  fromLogical (schema: Schema, value: Date): number {
    if (schema.name() !== TIME_LOGICAL_NAME) throw new DataError('Requested conversion of Time object but the schema does not match.')
    const millis = value.getTime()
    if (!(millis >= 0 && millis <= MILLIS_PER_DAY)) {
      throw new DataError('Kafka Connect Time type should not have any date fields set to non-zero values.')
    }
    return millis
  },

  toLogical (schema: Schema, value: number): Date {
    if (schema.name() !== TIME_LOGICAL_NAME) throw new DataError('Requested conversion of Date object but the schema does not match.')
    if (value < 0 || value > MILLIS_PER_DAY) {
      throw new DataError('Time values must use number of milliseconds greater than 0 and less than 86400000')
    }
    return new Date(value)
  }
})
