// org.apache.kafka.connect.storage.StringConverter: any value as its string form in a charset. The charset is
// `converter.encoding` (default UTF-8), which Kafka copies over `serializer.encoding` / `deserializer.encoding`; only
// the key/value-specific `key.serializer.encoding`, `value.deserializer.encoding`... still override it, as in
// Kafka's StringSerializer/StringDeserializer. Reads give an OPTIONAL_STRING. Also a HeaderConverter.
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter.ts'
import type { ConfigDef } from '../config/config-def.ts'
import { ConnectError } from '../data/errors.ts'
import type { ConnectHeaders } from '../data/headers.ts'
import { javaToString } from '../data/java-class.ts'
import { javaDoubleToString, javaFloatToString } from '../data/java-number-format.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import { OPTIONAL_STRING_SCHEMA, type Schema } from '../data/schema.ts'
import { charsetFor, UTF8_CHARSET, type Charset } from './charsets.ts'
import { stringConverterConfigDef, withConverterType } from './converter-config.ts'

function charsetNamed (configs: ConverterConfigs, specific: string, fallback: string): Charset {
  const given = configs[specific]
  const name = typeof given === 'string' ? given : fallback
  const charset = charsetFor(name)
  if (charset === null) throw new ConnectError(`Unsupported encoding ${name}`)
  return charset
}

/** Java's `value.toString()` for a Connect value; numbers follow the schema's type when there is one. */
export function valueToString (schema: Schema | null, value: unknown): string {
  if (typeof value === 'number') {
    const type = schema?.type()
    if (type === 'FLOAT32') return javaFloatToString(value)
    if (type === 'FLOAT64') return javaDoubleToString(value)
  }
  return javaToString(value)
}

export class StringConverter implements Converter, HeaderConverter {
  #encoder: Charset = UTF8_CHARSET
  #decoder: Charset = UTF8_CHARSET

  config (): ConfigDef {
    return stringConverterConfigDef
  }

  configure (configs: ConverterConfigs, isKey?: boolean): void {
    const all = isKey === undefined ? configs : withConverterType(configs, isKey)
    const parsed = stringConverterConfigDef.parse(all)
    const encoding = parsed['converter.encoding']
    const prefix = parsed['converter.type'] === 'key' ? 'key' : 'value'
    this.#encoder = charsetNamed(all, `${prefix}.serializer.encoding`, encoding)
    this.#decoder = charsetNamed(all, `${prefix}.deserializer.encoding`, encoding)
  }

  fromConnectData (_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null
    return this.#encoder.encode(valueToString(schema, value))
  }

  toConnectData (_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(OPTIONAL_STRING_SCHEMA, value == null ? null : this.#decoder.decode(value))
  }

  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close (): void {}
}
