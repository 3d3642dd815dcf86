// Config definitions of the built-in converters (Kafka: ConverterConfig, JsonConverterConfig, StringConverterConfig,
// NumberConverterConfig, BooleanConverterConfig), declared with src/config's defineConfig.
import { CONVERTER_TYPE_CONFIG, ConverterType, type ConverterConfigs } from '../api/converter.ts'
import { defineConfig } from '../config/config-def.ts'
import { oneOf, oneOfIgnoreCase } from '../config/validators.ts'

/** ConverterConfig: `converter.type` (key, value or header), required; the runtime sets it. */
export const converterConfigDef = defineConfig({
  [CONVERTER_TYPE_CONFIG]: {
    type: 'STRING',
    importance: 'LOW',
    doc: 'How this converter will be used.',
    validator: oneOf(ConverterType.KEY, ConverterType.VALUE, ConverterType.HEADER)
  }
})

export const jsonConverterConfigDef = converterConfigDef.extend({
  'schemas.enable': {
    type: 'BOOLEAN',
    default: true,
    importance: 'HIGH',
    doc: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Enable Schemas'
  },
  'schemas.cache.size': {
    type: 'INT',
    default: 1000,
    importance: 'HIGH',
    doc: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Schema Cache Size'
  },
  'decimal.format': {
    type: 'STRING',
    default: 'BASE64',
    validator: oneOfIgnoreCase('BASE64', 'NUMERIC'),
    importance: 'LOW',
    doc: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Decimal Format'
  },
  'replace.null.with.default': {
    type: 'BOOLEAN',
    default: true,
    importance: 'LOW',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Replace null with default'
  }
})

export const stringConverterConfigDef = converterConfigDef.extend({
  'converter.encoding': {
    type: 'STRING',
    default: 'UTF-8',
    importance: 'HIGH',
    doc: 'The name of the Java character set to use for encoding strings as byte arrays.',
    width: 'MEDIUM',
    displayName: 'Encoding'
  }
})

/** `configure(configs, isKey)` as Kafka's converters do it: `converter.type` set to key or value. */
export function withConverterType (configs: ConverterConfigs, isKey: boolean): Record<string, unknown> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? ConverterType.KEY : ConverterType.VALUE }
}
