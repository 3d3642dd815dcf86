// Source partitions and offsets exactly as Confluent writes them (OffsetProtocols, TimestampIncrementingOffset):
//   partition (incremental modes, protocol 1): {"protocol":"1","table":"<catalog.schema.table, unquoted>"}
//   partition (protocol 0, read for upgrades): {"table":"<table name>"}; bulk mode writes this one with no offset
//   partition (custom query): {"query":"query"}
//   offset: {"incrementing":<long>} and/or {"timestamp":<epoch millis>,"timestamp_nanos":<nanos within the second>}
// One deliberate difference: an incrementing value beyond 2^53 (a JSON number would lose digits in a JS runtime) is
// written as a decimal string; reading accepts numbers, bigints and such strings.
import { ConnectError, type SourceMap } from '../../../api/index.ts'
import { NANOS_PER_MILLI, NANOS_PER_SECOND, floorDiv, floorMod } from './temporal.ts'
import { unquotedName, type TableId } from './table-id.ts'

export const TABLE_NAME_KEY = 'table'
export const QUERY_NAME_KEY = 'query'
export const QUERY_NAME_VALUE = 'query'
export const OFFSET_PROTOCOL_VERSION_KEY = 'protocol'
export const PROTOCOL_VERSION_ONE = '1'
export const INCREMENTING_FIELD = 'incrementing'
export const TIMESTAMP_FIELD = 'timestamp'
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos'

export function partitionV1 (id: TableId): SourceMap {
  return Object.freeze({ [TABLE_NAME_KEY]: unquotedName(id), [OFFSET_PROTOCOL_VERSION_KEY]: PROTOCOL_VERSION_ONE })
}

export function partitionV0 (id: TableId): SourceMap {
  return Object.freeze({ [TABLE_NAME_KEY]: id.table })
}

export const QUERY_PARTITION: SourceMap = Object.freeze({ [QUERY_NAME_KEY]: QUERY_NAME_VALUE })

/** An offset: the last timestamp (epoch nanos) and incrementing value seen; null = none yet. */
export interface TimestampIncrementingOffset {
  readonly timestamp: bigint | null
  readonly incrementing: bigint | null
}

export const EMPTY_OFFSET: TimestampIncrementingOffset = Object.freeze({ timestamp: null, incrementing: null })

function longOf (map: SourceMap, key: string): bigint | null {
  const v = map[key]
  if (v == null) return null
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim())
  throw new ConnectError(`The source offset field '${key}' must be a long, but is ${JSON.stringify(String(v))}`)
}

/** TimestampIncrementingOffset.fromMap: `timestamp` millis with `timestamp_nanos` replacing its sub-second part. */
export function offsetFromMap (map: SourceMap | null | undefined): TimestampIncrementingOffset {
  if (map == null) return EMPTY_OFFSET
  const incrementing = longOf(map, INCREMENTING_FIELD)
  const millis = longOf(map, TIMESTAMP_FIELD)
  let timestamp: bigint | null = null
  if (millis !== null) {
    const nanos = longOf(map, TIMESTAMP_NANOS_FIELD)
    timestamp = nanos === null
      ? millis * NANOS_PER_MILLI
      : floorDiv(millis, 1000n) * NANOS_PER_SECOND + floorMod(nanos, NANOS_PER_SECOND)
  }
  return { timestamp, incrementing }
}

function jsonLong (v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
}

/** TimestampIncrementingOffset.toMap. */
export function offsetToMap (o: TimestampIncrementingOffset): SourceMap {
  const map: Record<string, unknown> = {}
  if (o.incrementing !== null) map[INCREMENTING_FIELD] = jsonLong(o.incrementing)
  if (o.timestamp !== null) {
    map[TIMESTAMP_FIELD] = Number(floorDiv(o.timestamp, NANOS_PER_MILLI))
    map[TIMESTAMP_NANOS_FIELD] = Number(floorMod(o.timestamp, NANOS_PER_SECOND))
  }
  return Object.freeze(map)
}
