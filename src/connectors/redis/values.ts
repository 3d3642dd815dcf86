// Turning Connect keys and values into Redis command arguments. Keys and SET values must be strings or bytes, as in
// redis-kafka-connect (use the StringConverter or ByteArrayConverter); numbers and booleans are accepted too, as their
// decimal text. HSET and XADD take the fields of a Struct or a map: each non-null field becomes one hash/stream field,
// its value as text (bytes as they are, nested structs, maps and arrays as JSON).
import { BigDecimal, DataError, Struct } from '../../api/index.ts'
import type { RedisArg } from './client.ts'

/** A string in the configured charset: UTF-8 strings go to node-redis as they are (it encodes them itself). */
export function encodeText (text: string, encoding: BufferEncoding): RedisArg {
  return encoding === 'utf8' ? text : Buffer.from(text, encoding)
}

function asBuffer (bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function scalarText (value: unknown): string | null {
  switch (typeof value) {
    case 'string': return value
    case 'number': case 'bigint': case 'boolean': return String(value)
  }
  if (value instanceof BigDecimal) return value.toString()
  return null
}

function mustBeStringOrBytes (what: string): DataError {
  return new DataError(`The ${what} for the record must be a string or byte array. Consider using the StringConverter ` +
    'or ByteArrayConverter if the data is stored in Kafka in the format needed in Redis.')
}

/** A record key or value as one argument: bytes as they are, strings in the charset, numbers as text. */
export function argOf (value: unknown, what: string, encoding: BufferEncoding): RedisArg {
  if (value instanceof Uint8Array) return asBuffer(value)
  const text = scalarText(value)
  if (text === null) throw value == null ? new DataError(`The ${what} for the record must not be null`) : mustBeStringOrBytes(what)
  return encodeText(text, encoding)
}

/** A record key as text, to be joined into `keyspace + separator + key` (bytes decoded with the charset). */
export function textOf (value: unknown, what: string, encoding: BufferEncoding): string {
  if (value instanceof Uint8Array) return asBuffer(value).toString(encoding)
  const text = scalarText(value)
  if (text === null) throw value == null ? new DataError(`The ${what} for the record must not be null`) : mustBeStringOrBytes(what)
  return text
}

/** A plain JSON-able copy of a nested value (structs and maps as objects, bytes as base64, bigints as numbers' text). */
function plain (value: unknown): unknown {
  if (value == null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
  if (value instanceof BigDecimal) return value.toString()
  if (value instanceof Uint8Array) return asBuffer(value).toString('base64')
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Struct) {
    const out: Record<string, unknown> = {}
    for (const f of value.schema().fields()) out[f.name()] = plain(value.get(f))
    return out
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of value) out[String(k)] = plain(v)
    return out
  }
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = plain(v)
    return out
  }
  return String(value)
}

function fieldValue (value: unknown, encoding: BufferEncoding): RedisArg {
  if (value instanceof Uint8Array) return asBuffer(value)
  if (value instanceof Date) return encodeText(value.toISOString(), encoding)
  const text = scalarText(value)
  return encodeText(text ?? JSON.stringify(plain(value)), encoding)
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * The field/value pairs of a Struct or map value, appended to `out` (nulls left out); returns how many pairs.
 * Anything else is a DataError.
 */
export function appendFields (out: RedisArg[], value: unknown, command: string, encoding: BufferEncoding): number {
  let pairs = 0
  const add = (name: string, v: unknown): void => {
    if (v == null) return
    out.push(encodeText(name, encoding), fieldValue(v, encoding))
    pairs++
  }
  if (value instanceof Struct) {
    for (const f of value.schema().fields()) add(f.name(), value.get(f))
  } else if (value instanceof Map) {
    for (const [k, v] of value) add(textOf(k, 'map key', encoding), v)
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) add(k, v)
  } else {
    throw new DataError(`${command} needs a Struct or map value (e.g. from the JsonConverter), got ${describe(value)}`)
  }
  return pairs
}

/** A ZADD score: a number, or text/bytes holding one. */
export function scoreOf (value: unknown): string {
  let text: string | null
  if (value instanceof Uint8Array) text = asBuffer(value).toString('utf8')
  else if (typeof value === 'boolean') text = null
  else text = scalarText(value)
  if (text === null || text.trim() === '' || Number.isNaN(Number(text))) {
    throw new DataError(`The value for the record must be a number (the ZADD score), got ${describe(value)}. Consider ` +
      'using a single message transformation to transform the data before it is written to Redis.')
  }
  return text.trim()
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return 'bytes'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object'
  return typeof value
}
