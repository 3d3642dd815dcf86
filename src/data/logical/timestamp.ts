// The Timestamp logical type (org.apache.kafka.connect.data.Timestamp): INT64 milliseconds since the epoch.
import { DataError } from '../errors.ts'
import type { Schema } from '../schema.ts'
import { SchemaBuilder } from '../schema-builder.ts'
import { TIMESTAMP_LOGICAL_NAME } from './names.ts'

function builder (): SchemaBuilder {
  return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1)
}

export const Timestamp = Object.freeze({
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,
  builder,
  SCHEMA: builder().build() as Schema,

  /** Milliseconds since the epoch, as the INT64 physical value (bigint). */
  fromLogical (schema: Schema, value: Date): bigint {
    if (schema.name() !== TIMESTAMP_LOGICAL_NAME) throw new DataError('Requested conversion of Timestamp object but the schema does not match.')
    const millis = value.getTime()
    if (Number.isNaN(millis)) throw new DataError('Invalid Date value for Kafka Connect Timestamp type')
    return BigInt(millis)
  },

  toLogical (schema: Schema, value: bigint | number): Date {
    if (schema.name() !== TIMESTAMP_LOGICAL_NAME) throw new DataError('Requested conversion of Timestamp object but the schema does not match.')
    const d = new Date(Number(value))
    if (Number.isNaN(d.getTime())) throw new DataError(`Timestamp value ${value} is outside the range of a JavaScript Date`)
    return d
  }
})
