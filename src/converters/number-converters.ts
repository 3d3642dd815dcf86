// The fixed-width converters of org.apache.kafka.connect.converters: ShortConverter, IntegerConverter, LongConverter
// (2/4/8-byte big-endian two's complement), FloatConverter, DoubleConverter (IEEE-754 big-endian) and
// BooleanConverter (one byte, 0x01/0x00), like Kafka's serializers. null passes through. Also HeaderConverters.
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter.ts'
import type { ConfigDef } from '../config/config-def.ts'
import { DataError } from '../data/errors.ts'
import type { ConnectHeaders } from '../data/headers.ts'
import { javaClassOf } from '../data/java-class.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import {
  OPTIONAL_BOOLEAN_SCHEMA, OPTIONAL_FLOAT32_SCHEMA, OPTIONAL_FLOAT64_SCHEMA, OPTIONAL_INT16_SCHEMA, OPTIONAL_INT32_SCHEMA,
  OPTIONAL_INT64_SCHEMA, type Schema
} from '../data/schema.ts'
import { converterConfigDef, withConverterType } from './converter-config.ts'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

interface Codec {
  /** Kafka's typeName in messages: integer, long, short, float, double. */
  typeName: string
  schema: Schema
  /** The serialized bytes, or undefined when the value is not of the Java type (ClassCastException in Kafka). */
  serialize (value: unknown): Buffer | undefined
  /** The value, or throws an Error with the Kafka deserializer's message. */
  deserialize (bytes: Buffer): unknown
}

function isInt (v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

function sized (bytes: Buffer, size: number, deserializer: string): void {
  if (bytes.length !== size) throw new Error(`Size of data received by ${deserializer} is not ${size}`)
}

function asBuffer (b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

/** Shared behaviour of Kafka's NumberConverter. */
abstract class NumberConverter implements Converter, HeaderConverter {
  readonly #codec: Codec

  constructor (codec: Codec) {
    this.#codec = codec
  }

  config (): ConfigDef {
    return converterConfigDef
  }

  configure (configs: ConverterConfigs, isKey?: boolean): void {
    converterConfigDef.parse(isKey === undefined ? configs : withConverterType(configs, isKey))
  }

  fromConnectData (_topic: string, _headers: ConnectHeaders | null, _schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null
    const out = this.#codec.serialize(value)
    if (out === undefined) {
      throw new DataError(`Failed to serialize to ${this.#codec.typeName} (was ${javaClassOf(value)}): `,
        { cause: new TypeError(`${javaClassOf(value)} cannot be cast to the ${this.#codec.typeName} type`) })
    }
    return out
  }

  toConnectData (_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return new SchemaAndValue(this.#codec.schema, null)
    try {
      return new SchemaAndValue(this.#codec.schema, this.#codec.deserialize(asBuffer(value)))
    } catch (err) {
      throw new DataError(`Failed to deserialize ${this.#codec.typeName}: `, { cause: err })
    }
  }

  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close (): void {}
}

export class ShortConverter extends NumberConverter {
  constructor () {
    super({
      typeName: 'short',
      schema: OPTIONAL_INT16_SCHEMA,
      serialize: v => {
        if (!isInt(v, -32768, 32767)) return undefined
        const b = Buffer.allocUnsafe(2)
        b.writeInt16BE(v)
        return b
      },
      deserialize: b => { sized(b, 2, 'ShortDeserializer'); return b.readInt16BE(0) }
    })
  }
}

export class IntegerConverter extends NumberConverter {
  constructor () {
    super({
      typeName: 'integer',
      schema: OPTIONAL_INT32_SCHEMA,
      serialize: v => {
        if (!isInt(v, -2147483648, 2147483647)) return undefined
        const b = Buffer.allocUnsafe(4)
        b.writeInt32BE(v)
        return b
      },
      deserialize: b => { sized(b, 4, 'IntegerDeserializer'); return b.readInt32BE(0) }
    })
  }
}

export class LongConverter extends NumberConverter {
  constructor () {
    super({
      typeName: 'long',
      schema: OPTIONAL_INT64_SCHEMA,
      serialize: v => {
        if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) return undefined
        const b = Buffer.allocUnsafe(8)
        b.writeBigInt64BE(v)
        return b
      },
      deserialize: b => { sized(b, 8, 'LongDeserializer'); return b.readBigInt64BE(0) }
    })
  }
}

export class FloatConverter extends NumberConverter {
  constructor () {
    super({
      typeName: 'float',
      schema: OPTIONAL_FLOAT32_SCHEMA,
      serialize: v => {
        if (typeof v !== 'number') return undefined
        const b = Buffer.allocUnsafe(4)
        b.writeFloatBE(v)
        return b
      },
      deserialize: b => { sized(b, 4, 'Deserializer'); return b.readFloatBE(0) }
    })
  }
}

export class DoubleConverter extends NumberConverter {
  constructor () {
    super({
      typeName: 'double',
      schema: OPTIONAL_FLOAT64_SCHEMA,
      serialize: v => {
        if (typeof v !== 'number') return undefined
        const b = Buffer.allocUnsafe(8)
        b.writeDoubleBE(v)
        return b
      },
      deserialize: b => { sized(b, 8, 'Deserializer'); return b.readDoubleBE(0) }
    })
  }
}

/** org.apache.kafka.connect.converters.BooleanConverter: one byte, 0x01 for true, 0x00 for false. */
export class BooleanConverter implements Converter, HeaderConverter {
  config (): ConfigDef {
    return converterConfigDef
  }

  configure (configs: ConverterConfigs, isKey?: boolean): void {
    converterConfigDef.parse(isKey === undefined ? configs : withConverterType(configs, isKey))
  }

  fromConnectData (_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema != null && schema.type() !== 'BOOLEAN') throw new DataError(`Invalid schema type for BooleanConverter: ${schema.type()}`)
    if (value == null) return null
    if (typeof value !== 'boolean') throw new DataError(`BooleanConverter is not compatible with objects of type ${javaClassOf(value)}`)
    return Buffer.from([value ? 1 : 0])
  }

  toConnectData (_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return new SchemaAndValue(OPTIONAL_BOOLEAN_SCHEMA, null)
    let cause: Error
    if (value.length !== 1) cause = new Error('Size of data received by BooleanDeserializer is not 1')
    else if (value[0] === 1) return new SchemaAndValue(OPTIONAL_BOOLEAN_SCHEMA, true)
    else if (value[0] === 0) return new SchemaAndValue(OPTIONAL_BOOLEAN_SCHEMA, false)
    else cause = new Error(`Unexpected byte received by BooleanDeserializer: ${(value[0]! << 24) >> 24}`)
    throw new DataError('Failed to deserialize boolean: ', { cause })
  }

  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close (): void {}
}
