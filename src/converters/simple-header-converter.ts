// org.apache.kafka.connect.storage.SimpleHeaderConverter, the worker's default header converter: a header value is
// written as its Values.convertToString text in UTF-8 and read back with Values.parseString (schema inferred);
// text that cannot be parsed comes back as BYTES.
import type { ConverterConfigs, HeaderConverter } from '../api/converter.ts'
import { defineConfig, type ConfigDef } from '../config/config-def.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import { BYTES_SCHEMA, type Schema } from '../data/schema.ts'
import { convertToString, parseString } from '../data/values.ts'
import { UTF8_CHARSET } from './charsets.ts'

const CONFIG_DEF = defineConfig({})

export class SimpleHeaderConverter implements HeaderConverter {
  config (): ConfigDef {
    return CONFIG_DEF
  }

  configure (_configs: ConverterConfigs): void {}

  toConnectHeader (_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return SchemaAndValue.NULL
    try {
      return parseString(UTF8_CHARSET.decode(value))
    } catch {
      return new SchemaAndValue(BYTES_SCHEMA, value)
    }
  }

  fromConnectHeader (_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null
    return UTF8_CHARSET.encode(convertToString(schema, value)!)
  }

  close (): void {}
}
