// Log compaction (cleanup.policy=compact) over closed segments, embedded-broker-scope.md §3.2:
// 1. Map every key to the offset of its latest record across the segments being cleaned.
// 2. Rewrite each segment keeping, per batch, the records that are still the latest for their key (and records
//    without a key), in their original batches: same base offset, offset deltas, last offset delta, producer
//    fields and codec, so offsets never change (gaps appear). Unchanged batches are copied byte for byte; a batch
//    left without records is dropped; control batches and batches that cannot be decompressed are kept verbatim.
// 3. Tombstones (null value) that are the latest for their key stay until their batch's delete horizon (KIP-534:
//    attribute bit 6, horizon in the base timestamp) has passed. The first cleaning that keeps a tombstone sets
//    the horizon to now + delete.retention.ms; a later one drops it.
// The rewritten segment replaces the old one through the store (atomic .cleaned -> .swap -> .log for files).
// Work is chunked: reads are async and the loop yields to the event loop every few milliseconds.
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { codecOf, hasDeleteHorizon, isControl, isLogAppendTime, isTransactional, type BatchHeader } from '../records/batch.ts'
import { decodeRecords, type BatchRecord } from '../records/records.ts'
import { buildBatch } from '../records/builder.ts'
import type { Segment } from './segment.ts'
import type { SegmentWriter } from './store.ts'

const READ_CHUNK = 1024 * 1024
const SLICE_MS = 10

export interface CompactionInput {
  /** Closed segments to clean, oldest first. */
  segments: readonly Segment[]
  now: number
  deleteRetentionMs: number
  /** Starts the replacement of `old` (store.beginReplace). */
  begin: (old: Segment) => Promise<SegmentWriter>
  /** Checked between batches; true abandons the run (closing). */
  aborted: () => boolean
}

export interface CompactionResult {
  replaced: Array<{ old: Segment, cleaned: Segment }>
  recordsRemoved: number
  tombstonesRemoved: number
  bytesBefore: number
  bytesAfter: number
  /** Batches kept verbatim because they could not be decompressed. */
  undecodable: number
  /** Earliest delete horizon of a tombstone still kept (Infinity when none). */
  nextHorizonMs: number
  /** Stopped early (closing, or `error`); segments already in `replaced` were swapped. */
  aborted: boolean
  /** Why the run stopped before swapping the current segment (reading or writing its output failed). */
  error?: unknown
}

interface StoredBatch { header: BatchHeader, position: number, data: Buffer }

/** The batches of a segment with their bytes, read in chunks of about 1 MiB. */
async function * batchesOf (segment: Segment): AsyncGenerator<StoredBatch> {
  const located: Array<{ header: BatchHeader, position: number }> = []
  const scan = await segment.scan((header, position) => { located.push({ header, position }) })
  if (scan.problem !== undefined) throw new Error(`segment ${segment.io.name}: ${scan.problem}`)
  let i = 0
  while (i < located.length) {
    const start = located[i].position
    let j = i + 1
    while (j < located.length && located[j].position + located[j].header.size - start <= READ_CHUNK) j++
    const end = located[j - 1].position + located[j - 1].header.size
    const buf = await segment.read(start, end - start)
    for (let k = i; k < j; k++) yield { header: located[k].header, position: located[k].position, data: buf.subarray(located[k].position - start, located[k].position - start + located[k].header.size) }
    i = j
  }
}

const keyOf = (key: Buffer): string => key.toString('latin1')

function tryDecode (batch: StoredBatch): BatchRecord[] | undefined {
  if (isControl(batch.header.attributes)) return undefined
  try {
    return decodeRecords(batch.data)
  } catch {
    return undefined
  }
}

export async function compactSegments (input: CompactionInput): Promise<CompactionResult> {
  const result: CompactionResult = { replaced: [], recordsRemoved: 0, tombstonesRemoved: 0, bytesBefore: 0, bytesAfter: 0, undecodable: 0, nextHorizonMs: Infinity, aborted: false }
  let sliceStart = performance.now()
  const breathe = async (): Promise<boolean> => {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToLoop()
      sliceStart = performance.now()
    }
    return input.aborted()
  }
  // 1. key -> latest offset
  const latest = new Map<string, number>()
  for (const segment of input.segments) {
    for await (const batch of batchesOf(segment)) {
      for (const r of tryDecode(batch) ?? []) if (r.key !== null) latest.set(keyOf(r.key), r.offset)
      if (await breathe()) return { ...result, aborted: true }
    }
  }
  // 2. rewrite: a segment gets a writer at its first changed batch (earlier bytes are copied over); output is
  // written in chunks of about 1 MiB
  for (const segment of input.segments) {
    let writer: SegmentWriter | undefined
    let pending: Buffer[] = []
    let pendingBytes = 0
    let outBytes = 0
    const flush = async (): Promise<void> => {
      if (writer === undefined || pendingBytes === 0) return
      await writer.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes))
      pending = []
      pendingBytes = 0
    }
    try {
      for await (const batch of batchesOf(segment)) {
        if (await breathe()) {
          await writer?.abort()
          return { ...result, aborted: true }
        }
        const kept = keepBatch(batch, latest, input, result)
        if (writer === undefined && kept !== batch.data) {
          writer = await input.begin(segment)
          for (let pos = 0; pos < batch.position; pos += READ_CHUNK) await writer.write(await segment.read(pos, Math.min(READ_CHUNK, batch.position - pos)))
          outBytes = batch.position
        }
        if (writer === undefined || kept === undefined) continue
        pending.push(kept)
        pendingBytes += kept.length
        outBytes += kept.length
        if (pendingBytes >= READ_CHUNK) await flush()
      }
      if (writer === undefined) continue
      await flush()
    } catch (err) {
      // nothing was swapped yet: drop the output, keep the segment as it is
      await writer?.abort().catch(() => {})
      return { ...result, aborted: true, error: err }
    }
    // a failure from here on (the swap) is a storage failure of the partition
    const cleaned = await writer.commit()
    result.bytesBefore += segment.size
    result.bytesAfter += outBytes
    result.replaced.push({ old: segment, cleaned })
  }
  return result
}

/** The bytes to keep for one batch: the batch itself, a rebuilt one, or undefined (nothing left). */
function keepBatch (batch: StoredBatch, latest: Map<string, number>, input: CompactionInput, result: CompactionResult): Buffer | undefined {
  const h = batch.header
  const records = tryDecode(batch)
  if (records === undefined) {
    if (!isControl(h.attributes)) result.undecodable++
    return batch.data
  }
  const horizonSet = hasDeleteHorizon(h.attributes)
  const horizonPassed = horizonSet && input.now >= h.baseTimestamp
  const kept: BatchRecord[] = []
  for (const r of records) {
    const keep = r.key === null || (latest.get(keyOf(r.key)) === r.offset && !(r.value === null && horizonPassed))
    if (keep) kept.push(r)
    else if (r.value === null) result.tombstonesRemoved++
  }
  result.recordsRemoved += records.length - kept.length
  const keepsTombstone = kept.some(r => r.key !== null && r.value === null)
  const horizon = horizonSet ? h.baseTimestamp : keepsTombstone ? input.now + input.deleteRetentionMs : undefined
  if (keepsTombstone && horizon !== undefined) result.nextHorizonMs = Math.min(result.nextHorizonMs, horizon)
  if (kept.length === records.length && (horizonSet || !keepsTombstone)) return batch.data
  if (kept.length === 0) return undefined
  try {
    return buildBatch(kept.map(r => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offsetDelta, attributes: r.attributes })), {
      baseOffset: h.baseOffset,
      partitionLeaderEpoch: h.partitionLeaderEpoch,
      codec: codecOf(h.attributes),
      logAppendTime: isLogAppendTime(h.attributes),
      transactional: isTransactional(h.attributes),
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence,
      lastOffsetDelta: h.lastOffsetDelta,
      maxTimestamp: isLogAppendTime(h.attributes) ? h.maxTimestamp : undefined,
      deleteHorizonMs: keepsTombstone ? horizon : undefined
    })
  } catch {
    result.undecodable++
    return batch.data
  }
}
