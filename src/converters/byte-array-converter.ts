// org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through unchanged; reads give OPTIONAL_BYTES.
// Also a HeaderConverter.
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter.ts'
import type { ConfigDef } from '../config/config-def.ts'
import { DataError } from '../data/errors.ts'
import type { ConnectHeaders } from '../data/headers.ts'
import { javaClassOf } from '../data/java-class.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import { OPTIONAL_BYTES_SCHEMA, type Schema } from '../data/schema.ts'
import { converterConfigDef } from './converter-config.ts'

function asBuffer (b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

export class ByteArrayConverter implements Converter, HeaderConverter {
  config (): ConfigDef {
    return converterConfigDef
  }

  configure (_configs: ConverterConfigs, _isKey?: boolean): void {}

  fromConnectData (_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema != null && schema.type() !== 'BYTES') throw new DataError(`Invalid schema type for ByteArrayConverter: ${schema.type()}`)
    if (value == null) return null
    if (!(value instanceof Uint8Array)) throw new DataError(`ByteArrayConverter is not compatible with objects of type ${javaClassOf(value)}`)
    return asBuffer(value)
  }

  toConnectData (_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(OPTIONAL_BYTES_SCHEMA, value == null ? null : asBuffer(value))
  }

  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close (): void {}
}
