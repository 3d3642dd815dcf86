// Source offsets as Kafka Connect stores them: key = JSON `["<connector>",{<source partition>}]`, value = JSON of the
// source offset (null = tombstone), both written by a schemaless JsonConverter (kafka-connect-behavior.md §4.2).
// Stores keep those exact strings, so the standalone file and the offsets topic hold the same bytes.
import type { SourceMap } from '../../api/records.ts'

export interface OffsetBackingStore {
  start (): Promise<void>
  stop (): Promise<void>
  /** Values by key (absent keys are missing from the result). */
  get (keys: readonly string[]): Promise<Map<string, string>>
  /** Write these entries (null = delete) durably; resolves once written. */
  set (entries: ReadonlyMap<string, string | null>): Promise<void>
  /** Every stored key (for GET /connectors/{c}/offsets). */
  keys (): Promise<string[]>
}

export function offsetKey (connector: string, partition: SourceMap): string {
  return JSON.stringify([connector, partition])
}

/** The connector and partition of a stored key, or null for a key that is not in Connect's format. */
export function parseOffsetKey (key: string): { connector: string, partition: Record<string, unknown> } | null {
  try {
    const v = JSON.parse(key) as unknown
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || v[1] === null || typeof v[1] !== 'object' || Array.isArray(v[1])) return null
    return { connector: v[0], partition: v[1] as Record<string, unknown> }
  } catch {
    return null
  }
}

/** Offsets may only hold string keys and primitive values (Kafka's OffsetUtils.validateFormat). */
export function validateOffsetMap (map: unknown, what: 'partition' | 'offset'): void {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new TypeError(`The ${what} must be a JSON object`)
  for (const [k, v] of Object.entries(map)) {
    if (v !== null && typeof v === 'object') {
      throw new TypeError(`Offsets may only contain primitive types as values, but field ${k} contains ${Array.isArray(v) ? 'ArrayList' : 'LinkedHashMap'}`)
    }
  }
}
