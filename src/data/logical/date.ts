// The Date logical type (org.apache.kafka.connect.data.Date): INT32 days since the epoch; the JS Date must be a
// UTC midnight. Named ConnectDate so it does not hide the JS Date global.
import { DataError } from '../errors.ts'
import type { Schema } from '../schema.ts'
import { SchemaBuilder } from '../schema-builder.ts'
import { DATE_LOGICAL_NAME, MILLIS_PER_DAY } from './names.ts'

function builder (): SchemaBuilder {
  return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1)
}

export const ConnectDate = Object.freeze({
  LOGICAL_NAME: DATE_LOGICAL_NAME,
  builder,
  SCHEMA: builder().build() as Schema,

  /** Days since 1970-01-01 (the date must have no time part in UTC). */
  fromLogical (schema: Schema, value: Date): number {
    if (schema.name() !== DATE_LOGICAL_NAME) throw new DataError('Requested conversion of Date object but the schema does not match.')
    const millis = value.getTime()
    if (Number.isNaN(millis)) throw new DataError('Invalid Date value for Kafka Connect Date type')
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new DataError('Kafka Connect Date type should not have any time fields set to non-zero values.')
    }
    return Math.trunc(millis / MILLIS_PER_DAY)
  },

  toLogical (schema: Schema, value: number): Date {
    if (schema.name() !== DATE_LOGICAL_NAME) throw new DataError('Requested conversion of Date object but the schema does not match.')
    const d = new Date(value * MILLIS_PER_DAY)
    if (Number.isNaN(d.getTime())) throw new DataError(`Date value ${value} is outside the range of a JavaScript Date`)
    return d
  }
})
