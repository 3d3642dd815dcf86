// What every SMT shares: the $Key/$Value split (one class per side, Kafka's `Name$Key` / `Name$Value`), the
// "Only Map/Struct objects supported" checks, and the per-schema cache of updated schemas (LRU, 16 entries).
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/index.ts'
import { DataError, Struct, javaClassNameOf } from '../api/index.ts'

export const TRANSFORMS_PACKAGE = 'org.apache.kafka.connect.transforms'

export type Side = 'key' | 'value'

/** The schema and value a $Key or $Value variant works on. */
export function operatingSchema<R extends ConnectRecord<R>> (side: Side, r: R): Schema | null {
  return side === 'key' ? r.keySchema : r.valueSchema
}

export function operatingValue<R extends ConnectRecord<R>> (side: Side, r: R): unknown {
  return side === 'key' ? r.key : r.value
}

/** A copy of `r` with the operating side replaced. */
export function withSide<R extends ConnectRecord<R>> (side: Side, r: R, schema: Schema | null, value: unknown): R {
  return side === 'key'
    ? r.newRecord(r.topic, r.kafkaPartition, schema, value, r.valueSchema, r.value, r.timestamp)
    : r.newRecord(r.topic, r.kafkaPartition, r.keySchema, r.key, schema, value, r.timestamp)
}

/** Schemaless values are JS Maps (what JsonConverter produces); plain objects are accepted and read as maps. */
export function requireMap (value: unknown, purpose: string): Map<unknown, unknown> {
  if (value instanceof Map) return value
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Struct) && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    return new Map(Object.entries(value))
  }
  throw new DataError(`Only Map objects supported in absence of schema for [${purpose}], found: ${value === null || value === undefined ? 'null' : javaClassNameOf(value)}`)
}

export function requireMapOrNull (value: unknown, purpose: string): Map<unknown, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose)
}

export function requireStruct (value: unknown, purpose: string): Struct {
  if (value instanceof Struct) return value
  throw new DataError(`Only Struct objects supported for [${purpose}], found: ${value === null || value === undefined ? 'null' : javaClassNameOf(value)}`)
}

export function requireStructOrNull (value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose)
}

export function requireSinkRecord<R extends ConnectRecord<R>> (r: R, purpose: string): void {
  if (!('kafkaOffset' in r)) throw new DataError(`Only SinkRecord supported for [${purpose}], found: ${r.constructor.name}`)
}

/** Kafka's SynchronizedCache(LRUCache(16)) of derived schemas, keyed by the input schema object. */
export class SchemaCache {
  readonly #max: number
  readonly #map = new Map<Schema, Schema>()

  constructor (max = 16) {
    this.#max = max
  }

  get (s: Schema): Schema | undefined {
    const v = this.#map.get(s)
    // Recency only matters once the cache is full; re-inserting on every hit would cost more than the lookup.
    if (v !== undefined && this.#map.size >= this.#max) { this.#map.delete(s); this.#map.set(s, v) }
    return v
  }

  set (s: Schema, v: Schema): void {
    this.#map.delete(s)
    this.#map.set(s, v)
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!)
  }
}

/**
 * Base of an SMT with $Key/$Value variants: subclasses implement `applyTo(record)` with `this.side` telling which
 * part they work on, and the two variants are `class X$Key extends X { side = 'key' }` etc.
 */
export abstract class KeyOrValueTransformation<R extends ConnectRecord<R> = any> implements Transformation<R> {
  abstract readonly side: Side
  abstract configure (props: Readonly<Record<string, unknown>>): void
  abstract apply (record: R): R | R[] | null
  abstract config (): ConfigDef
  close (): void {}
  version (): string {
    return '4.0.0'
  }
}

/** Plain string props from the loosely typed configure() input. */
export function stringProps (props: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) out[k] = String(v)
  return out
}
