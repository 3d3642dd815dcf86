// Converters turn Connect data (schema + value) into the bytes of a Kafka record key, value or header, and back
// (Kafka: org.apache.kafka.connect.storage.Converter / HeaderConverter / ConverterType / ConverterConfig).
import type { ConfigDef } from '../config/config-def.ts'
import type { ConnectHeaders } from '../data/headers.ts'
import type { SchemaAndValue } from '../data/schema-and-value.ts'
import type { Schema } from '../data/schema.ts'

/** What a converter is used for; the runtime passes it as `converter.type`. */
export const ConverterType = { KEY: 'key', VALUE: 'value', HEADER: 'header' } as const
export type ConverterType = typeof ConverterType[keyof typeof ConverterType]

/** The config key the runtime sets to `key`, `value` or `header` (Kafka's ConverterConfig.TYPE_CONFIG). */
export const CONVERTER_TYPE_CONFIG = 'converter.type'

/** Converter configs as the worker hands them over: the `key.converter.` / `value.converter.` props, prefix removed. */
export type ConverterConfigs = Readonly<Record<string, unknown>>

/** Converts record keys or values between Connect data and bytes. */
export interface Converter {
  /** Called once before use; `isKey` tells whether this instance handles keys or values. */
  configure (configs: ConverterConfigs, isKey: boolean): void
  /**
   * Connect data to bytes. `headers` are the record's headers (a converter may read or add to them), or null.
   * Returns null for a null value where the format allows it (a tombstone).
   */
  fromConnectData (topic: string, headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null
  /** Bytes (null for a tombstone) to Connect data. Throws a DataError when the bytes cannot be read. */
  toConnectData (topic: string, headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue
  /** The config definition, for validation and docs. */
  config? (): ConfigDef
  close? (): void
}

/** Converts header values between Connect data and bytes. */
export interface HeaderConverter {
  configure (configs: ConverterConfigs): void
  toConnectHeader (topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue
  fromConnectHeader (topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null
  config? (): ConfigDef
  close? (): void
}
