// org.apache.kafka.connect.json.JsonConverter: Connect data as JSON, by default inside the envelope
// {"schema": <schema>, "payload": <value>}; byte-identical to Kafka's (Jackson 2.16) output. Also a HeaderConverter.
//
// Speed: a schema's JSON text is cached per schema object, and on reading, the bytes of the last envelope's
// `{"schema":...,"payload":` prefix are compared in place, so a stream of records with one schema decodes and parses
// only its payloads.
import { isUtf8 } from 'node:buffer'
import type { Converter, ConverterConfigs, HeaderConverter } from '../api/converter.ts'
import type { ConfigDef } from '../config/config-def.ts'
import { ConnectError, DataError } from '../data/errors.ts'
import type { ConnectHeaders } from '../data/headers.ts'
import { SchemaAndValue } from '../data/schema-and-value.ts'
import type { Schema } from '../data/schema.ts'
import { jsonConverterConfigDef, withConverterType } from './converter-config.ts'
import { toJsonText, type JsonDataOptions } from './json-from-connect.ts'
import { JsonParseError, lastSchemaText, parseEnvelopeTail, parseJson, parseJsonToConnect, type JsonNode } from './json-parser.ts'
import { asConnectSchema, asJsonSchema } from './json-schema.ts'
import { toConnect } from './json-to-connect.ts'
import { LruCache } from './lru-cache.ts'

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain ' +
  'additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'
const ENVELOPE_HEAD = '{"schema":'
const PAYLOAD_HEAD = ',"payload":'

function serializationError (err: unknown): DataError {
  return new DataError('Converting byte[] to Kafka Connect data failed due to serialization error: ', { cause: err })
}

function decode (bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (!isUtf8(buf)) throw serializationError(new JsonParseError('Invalid UTF-8 in JSON input'))
  return buf.toString('utf8')
}

function parse (text: string): JsonNode | undefined {
  try {
    return parseJson(text)
  } catch (err) {
    if (err instanceof JsonParseError) throw serializationError(err)
    throw err
  }
}

function parseSchemaless (text: string): unknown {
  try {
    return parseJsonToConnect(text)
  } catch (err) {
    if (err instanceof JsonParseError) throw serializationError(err)
    throw err
  }
}

export class JsonConverter implements Converter, HeaderConverter {
  #opts: JsonDataOptions | null = null
  #schemasEnabled = true
  #fromConnectSchemaCache = new LruCache<Schema, string>(1000)
  #toConnectSchemaCache = new LruCache<string, Schema | null>(1000)
  /** `{"schema":<text>,"payload":` of the last envelope read in that layout, as bytes, and its schema. */
  #lastPrefix: Buffer | null = null
  #lastSchema: Schema | null = null

  config (): ConfigDef {
    return jsonConverterConfigDef
  }

  /**
   * As a Converter: `configure(configs, isKey)`. As a HeaderConverter: `configure(configs)` with
   * `converter.type` among the configs. Throws a ConfigError for invalid settings.
   */
  configure (configs: ConverterConfigs, isKey?: boolean): void {
    const parsed = jsonConverterConfigDef.parse(isKey === undefined ? configs : withConverterType(configs, isKey))
    this.#schemasEnabled = parsed['schemas.enable']
    this.#opts = {
      decimalFormat: parsed['decimal.format'].toUpperCase() === 'NUMERIC' ? 'NUMERIC' : 'BASE64',
      replaceNullWithDefault: parsed['replace.null.with.default']
    }
    const size = parsed['schemas.cache.size']
    this.#fromConnectSchemaCache = new LruCache(size)
    this.#toConnectSchemaCache = new LruCache(size)
    this.#lastPrefix = null
    this.#lastSchema = null
  }

  #options (): JsonDataOptions {
    if (this.#opts === null) throw new ConnectError('JsonConverter has not been configured')
    return this.#opts
  }

  /** The envelope JSON text of a schema (cached per schema object). */
  asJsonSchema (schema: Schema | null): string {
    if (schema === null) return 'null'
    let text = this.#fromConnectSchemaCache.get(schema)
    if (text === undefined) {
      text = asJsonSchema(schema, this.#options())
      this.#fromConnectSchemaCache.set(schema, text)
    }
    return text
  }

  /** A Connect schema from envelope schema JSON text (cached per text). */
  asConnectSchema (jsonText: string): Schema | null {
    let schema = this.#toConnectSchemaCache.get(jsonText)
    if (schema === undefined) {
      schema = asConnectSchema(parse(jsonText) ?? null, this.#options())
      this.#toConnectSchemaCache.set(jsonText, schema)
    }
    return schema
  }

  fromConnectData (_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema == null && value == null) return null
    const opts = this.#options()
    if (!this.#schemasEnabled) return Buffer.from(toJsonText(schema ?? null, value, opts), 'utf8')
    const schemaText = this.asJsonSchema(schema ?? null)
    return Buffer.from(ENVELOPE_HEAD + schemaText + PAYLOAD_HEAD + toJsonText(schema ?? null, value, opts) + '}', 'utf8')
  }

  toConnectData (_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return SchemaAndValue.NULL
    const opts = this.#options()
    if (this.#schemasEnabled) {
      const fast = this.#tryKnownSchema(value, opts)
      if (fast !== null) return fast
    }
    const text = decode(value)
    if (!this.#schemasEnabled) return new SchemaAndValue(null, parseSchemaless(text))
    const root = parse(text)
    if (!(root instanceof Map) || root.size !== 2 || !root.has('schema') || !root.has('payload')) throw new DataError(ENVELOPE_ERROR)
    const schemaText = lastSchemaText(text)!
    let schema = this.#toConnectSchemaCache.get(schemaText)
    if (schema === undefined) {
      schema = asConnectSchema(root.get('schema')!, opts)
      this.#toConnectSchemaCache.set(schemaText, schema)
    }
    const result = new SchemaAndValue(schema, toConnect(schema, root.get('payload'), opts))
    const prefix = ENVELOPE_HEAD + schemaText + PAYLOAD_HEAD
    if (text.startsWith(prefix)) {
      this.#lastPrefix = Buffer.from(prefix, 'utf8')
      this.#lastSchema = schema
    }
    return result
  }

  /**
   * The common layout `{"schema":<same schema text as last time>,"payload":...}`: the prefix is compared as bytes
   * and only the payload is decoded and parsed. Anything unusual returns null and takes the full path.
   */
  #tryKnownSchema (value: Uint8Array, opts: JsonDataOptions): SchemaAndValue | null {
    const prefix = this.#lastPrefix
    if (prefix === null || value.length <= prefix.length) return null
    const buf = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    if (buf.compare(prefix, 0, prefix.length, 0, prefix.length) !== 0) return null
    const rest = buf.subarray(prefix.length)
    if (!isUtf8(rest)) return null
    let tail
    try {
      tail = parseEnvelopeTail(rest.toString('utf8'), 0)
    } catch (err) {
      if (err instanceof JsonParseError) return null // the full parse reports it
      throw err
    }
    if (tail.end < 0) return null
    const schema = this.#lastSchema
    return new SchemaAndValue(schema, toConnect(schema, tail.value, opts))
  }

  fromConnectHeader (topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader (topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close (): void {}

  /** @internal For tests: schemas cached for writing. */
  sizeOfFromConnectSchemaCache (): number { return this.#fromConnectSchemaCache.size }
  /** @internal For tests: schemas cached for reading. */
  sizeOfToConnectSchemaCache (): number { return this.#toConnectSchemaCache.size }
}
