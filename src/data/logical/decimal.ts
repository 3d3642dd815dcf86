// The Decimal logical type (org.apache.kafka.connect.data.Decimal): BYTES holding the big-endian two's-complement
// unscaled value (Java BigInteger.toByteArray: shortest form with a sign bit), `scale` parameter, version 1.
// Values are BigDecimal instances.
import { BigDecimal } from '../big-decimal.ts'
import { DataError } from '../errors.ts'
import type { Schema } from '../schema.ts'
import { SchemaBuilder } from '../schema-builder.ts'
import { DECIMAL_LOGICAL_NAME } from './names.ts'

const SCALE_FIELD = 'scale'
const INT_TEXT = /^[+-]?\d+$/

/** Java's BigInteger.toByteArray(): minimal big-endian two's complement, at least one byte. */
export function bigintToTwosComplement (v: bigint): Buffer {
  if (v >= 0n) {
    let hex = v.toString(16)
    if (hex.length % 2 === 1) hex = '0' + hex
    if (hex.charCodeAt(0) >= 56) hex = '00' + hex // top bit set: add a sign byte ('8'..'f')
    return Buffer.from(hex, 'hex')
  }
  const magnitude = -v - 1n
  const bits = magnitude === 0n ? 0 : magnitude.toString(2).length
  const len = Math.floor(bits / 8) + 1
  const hex = ((1n << BigInt(len * 8)) + v).toString(16).padStart(len * 2, '0')
  return Buffer.from(hex, 'hex')
}

/** Java's `new BigInteger(byte[])`: big-endian two's complement; empty input is an error. */
export function twosComplementToBigint (bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataError('Zero length BigInteger')
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
  let v = BigInt('0x' + hex)
  if ((bytes[0]! & 0x80) !== 0) v -= 1n << BigInt(bytes.length * 8)
  return v
}

function scaleOf (schema: Schema): number {
  const text = schema.parameters()?.get(SCALE_FIELD)
  if (text == null) throw new DataError('Invalid Decimal schema: scale parameter not found.')
  const n = INT_TEXT.test(text) ? Number(text) : NaN
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) {
    throw new DataError('Invalid scale parameter found in Decimal schema: ', { cause: new Error(`For input string: "${text}"`) })
  }
  return n
}

export const Decimal = Object.freeze({
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD,

  /** A BYTES builder named Decimal with this scale, version 1. */
  builder (scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter(SCALE_FIELD, String(scale)).version(1)
  },

  schema (scale: number): Schema {
    return Decimal.builder(scale).build()
  },

  /** The scale parameter of a Decimal schema (DataError when missing or not an int). */
  scale (schema: Schema): number {
    return scaleOf(schema)
  },

  /** The unscaled bytes; the value's scale must equal the schema's. */
  fromLogical (schema: Schema, value: BigDecimal): Buffer {
    const schemaScale = scaleOf(schema)
    if (value.scale !== schemaScale) {
      throw new DataError(`Decimal value has mismatching scale for given Decimal schema. Schema has scale ${schemaScale}, value has scale ${value.scale}.`)
    }
    return bigintToTwosComplement(value.unscaledValue)
  },

  toLogical (schema: Schema, value: Uint8Array): BigDecimal {
    return new BigDecimal(twosComplementToBigint(value), scaleOf(schema))
  }
})
