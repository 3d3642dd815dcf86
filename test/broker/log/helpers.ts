// Shared helpers of the log tests: temp dirs, a fake clock, batch construction, reading back records.
import type { TestContext } from 'node:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBatch, type RecordInput, type BatchOptions } from '../../../src/broker/records/builder.ts'
import { decodeRecords } from '../../../src/broker/records/records.ts'
import { splitBatches } from '../../../src/broker/records/records.ts'
import { PartitionLog } from '../../../src/broker/log/partition-log.ts'
import { resolveTopicConfig } from '../../../src/broker/log/topic-config.ts'

export async function tempDir (t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-log-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

export class FakeClock {
  ms: number
  constructor (start = 1_700_000_000_000) { this.ms = start }
  now = (): number => this.ms
  advance (ms: number): void { this.ms += ms }
}

/** A batch of string values (keys optional), as a producer would send it (base offset 0). */
export function batchOf (values: Array<string | null>, opts: BatchOptions & { keys?: Array<string | null>, timestamp?: number } = {}): Buffer {
  const records: RecordInput[] = values.map((value, i) => ({ key: opts.keys?.[i] ?? null, value, timestamp: opts.timestamp }))
  return buildBatch(records, { partitionLeaderEpoch: -1, ...opts })
}

export interface ReadRecord { offset: number, key: string | null, value: string | null, timestamp: number }

/** Every record from `from` to the high watermark, read batch by batch. */
export async function readAll (log: PartitionLog, from = log.logStartOffset): Promise<ReadRecord[]> {
  const out: ReadRecord[] = []
  let offset = from
  while (offset < log.highWatermark) {
    const read = await log.read(offset, 1 << 20, { minOneBatch: true, committed: false })
    if (read.errorCode !== 0) throw new Error(`read at ${offset} failed with ${read.errorCode}`)
    if (read.records === null) break
    let last = offset
    for (const b of splitBatches(read.records)) {
      for (const r of decodeRecords(read.records, b.position)) {
        if (r.offset >= offset) out.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp })
      }
      last = b.lastOffset + 1
    }
    offset = last
  }
  return out
}

export interface OpenOptions {
  dir?: string
  configs?: Record<string, string>
  clock?: FakeClock
  clean?: boolean
}

export function openLog (opts: OpenOptions = {}): Promise<PartitionLog> {
  const config = resolveTopicConfig(opts.configs ?? {})
  return PartitionLog.open({ topic: 't', partition: 0, dir: opts.dir, config: () => config, now: opts.clock?.now, cleanShutdown: opts.clean })
}
