// What the coordinator persists, as records: group metadata (existence, protocol type, generation), committed
// offsets, deletions and producer-id block reservations. With a data dir they go to coord.log (coord-log.ts); without
// one nothing is written. Replay applies records in order; every record is an idempotent upsert or delete, so a
// snapshot followed by re-appended records replays to the same state.
import { CoordLog } from './coord-log.ts'
import type { CoordLogger } from './types.ts'

export interface GroupRecord {
  type: 'group'
  groupId: string
  protocolType: string | null
  protocolName: string | null
  generationId: number
}

export interface GroupDeleteRecord {
  type: 'group-delete'
  groupId: string
}

export interface OffsetRecord {
  type: 'offset'
  groupId: string
  topic: string
  partition: number
  /** int64 as a decimal string */
  offset: string
  leaderEpoch: number
  metadata: string
  commitTimestamp: number
}

export interface TopicDeleteRecord {
  type: 'topic-delete'
  topic: string
}

export interface ProducerIdBlockRecord {
  type: 'producer-id-block'
  /** ids below this (decimal string) are reserved */
  end: string
}

export type CoordRecord = GroupRecord | GroupDeleteRecord | OffsetRecord | TopicDeleteRecord | ProducerIdBlockRecord

export interface CoordStoreOptions {
  dataDir?: string
  logger: CoordLogger
  syncWrites?: boolean
  compactMinBytes?: number
  /** The live state as records (for snapshots). */
  snapshot: () => CoordRecord[]
}

const RECORD_TYPES = new Set(['group', 'group-delete', 'offset', 'topic-delete', 'producer-id-block'])

function isRecord (value: unknown): value is CoordRecord {
  return typeof value === 'object' && value !== null && RECORD_TYPES.has((value as { type?: unknown }).type as string)
}

export class CoordStore {
  readonly #log: CoordLog | null
  readonly #logger: CoordLogger

  private constructor (log: CoordLog | null, logger: CoordLogger) {
    this.#log = log
    this.#logger = logger
  }

  /** Opens the store; returns the records to replay, in order (none in memory mode). */
  static async open (opts: CoordStoreOptions): Promise<{ store: CoordStore, records: CoordRecord[] }> {
    if (opts.dataDir === undefined) return { store: new CoordStore(null, opts.logger), records: [] }
    const { log, entries } = await CoordLog.open({
      dir: opts.dataDir,
      logger: opts.logger,
      syncWrites: opts.syncWrites,
      compactMinBytes: opts.compactMinBytes,
      snapshot: opts.snapshot
    })
    const records: CoordRecord[] = []
    let unknown = 0
    for (const entry of entries) {
      for (const r of entry) {
        if (isRecord(r)) records.push(r)
        else unknown++
      }
    }
    if (unknown > 0) opts.logger.warn({ unknown }, 'coord.log: skipped records of unknown type')
    return { store: new CoordStore(log, opts.logger), records }
  }

  get persistent (): boolean {
    return this.#log !== null
  }

  /** Bytes in coord.log (0 in memory mode). */
  get size (): number {
    return this.#log?.size ?? 0
  }

  /** Writes the records as one atomic entry; resolves when written (immediately in memory mode). */
  append (records: CoordRecord[]): Promise<void> {
    if (this.#log === null || records.length === 0) return Promise.resolve()
    return this.#log.append(records)
  }

  /** Like append, but logs a failure instead of rejecting. */
  appendQuietly (records: CoordRecord[]): Promise<void> {
    return this.append(records).catch(err => { this.#logger.error({ err }, 'coord.log: could not persist records') })
  }

  async compact (): Promise<void> {
    await this.#log?.compact()
  }

  async close (): Promise<void> {
    await this.#log?.close()
  }
}
