// Record batches of a Fetch response → ConsumerRecords: offsets and timestamps made absolute (LogAppendTime
// batches carry the broker's time in maxTimestamp), control batches dropped, records below the fetch offset
// dropped (a compressed batch starts where it starts), and for read_committed the batches of aborted transactions
// dropped as Kafka's Java fetcher does it (the aborted list gives where each aborted transaction starts, the abort
// marker where it ends).
import type { RecordsBatch } from '@platformatic/kafka'
import type { ConsumerRecord, Header } from './types.ts'

const TIMESTAMP_TYPE_BIT = 0x08
const TRANSACTIONAL_BIT = 0x10
const CONTROL_BIT = 0x20

export interface AbortedTransaction {
  producerId: bigint
  firstOffset: bigint
}

export interface ConvertedBatches {
  records: ConsumerRecord[]
  /** The offset after the last batch (control batches and compacted-away offsets included); null: no batch. */
  nextOffset: number | null
}

export function convertBatches (topic: string, partition: number, fetchOffset: number, batches: readonly RecordsBatch[],
  aborted: readonly AbortedTransaction[] | null, readCommitted: boolean): ConvertedBatches {
  const records: ConsumerRecord[] = []
  let nextOffset: number | null = null
  const pendingAborts = readCommitted && aborted !== null && aborted.length > 0
    ? [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0))
    : []
  const abortedProducers = new Set<bigint>()
  for (const batch of batches) {
    const base = Number(batch.firstOffset)
    const last = base + batch.lastOffsetDelta
    nextOffset = last + 1
    if (last < fetchOffset) continue
    if (readCommitted) {
      while (pendingAborts.length > 0 && Number(pendingAborts[0]!.firstOffset) <= last) abortedProducers.add(pendingAborts.shift()!.producerId)
    }
    if ((batch.attributes & CONTROL_BIT) !== 0) {
      // An abort marker (control key type 0) ends the producer's aborted transaction.
      const key = batch.records[0]?.key
      if (readCommitted && key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === 0) abortedProducers.delete(batch.producerId)
      continue
    }
    if (readCommitted && (batch.attributes & TRANSACTIONAL_BIT) !== 0 && abortedProducers.has(batch.producerId)) continue
    const logAppend = (batch.attributes & TIMESTAMP_TYPE_BIT) !== 0
    const firstTimestamp = Number(batch.firstTimestamp)
    const maxTimestamp = Number(batch.maxTimestamp)
    for (const r of batch.records) {
      const offset = base + r.offsetDelta
      if (offset < fetchOffset) continue
      const headers: Header[] = r.headers.length === 0 ? [] : r.headers.map(([k, v]) => [k === null ? '' : k.toString('utf8'), v])
      records.push({
        topic,
        partition,
        offset,
        timestamp: logAppend ? maxTimestamp : firstTimestamp + Number(r.timestampDelta),
        timestampType: logAppend ? 'LogAppendTime' : 'CreateTime',
        key: r.key,
        value: r.value,
        headers
      })
    }
  }
  return { records, nextOffset }
}
