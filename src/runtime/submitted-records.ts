// Which source offsets may be committed (Kafka's SubmittedRecords): records are tracked per source partition in the
// order they were handed to the producer; a partition's committable offset is that of its latest record such that
// it and every earlier record of that partition were acknowledged (or dropped).
import type { SourceMap } from '../api/records.ts'

export interface SubmittedRecord {
  readonly partitionKey: string
  readonly partition: SourceMap
  readonly offset: SourceMap | null
  acked: boolean
}

export class SubmittedRecords {
  // Per partition: a FIFO as an array with a head index (shift() would be O(n)).
  readonly #queues = new Map<string, { items: SubmittedRecord[], head: number }>()
  #pending = 0

  /** Track a record; returns the handle to ack. Records without a source partition are not tracked (null). */
  submit (partition: SourceMap | null, offset: SourceMap | null): SubmittedRecord | null {
    if (partition === null) return null
    const partitionKey = JSON.stringify(partition)
    const rec: SubmittedRecord = { partitionKey, partition, offset, acked: false }
    let q = this.#queues.get(partitionKey)
    if (q === undefined) this.#queues.set(partitionKey, q = { items: [], head: 0 })
    q.items.push(rec)
    this.#pending++
    return rec
  }

  ack (rec: SubmittedRecord | null): void {
    if (rec === null || rec.acked) return
    rec.acked = true
    this.#pending--
  }

  /** Records submitted and not yet acked. */
  get pending (): number {
    return this.#pending
  }

  /** Remove the acked prefix of every partition and return the offsets to commit (partition key → [partition, offset]). */
  committable (): Map<string, { partition: SourceMap, offset: SourceMap | null }> {
    const out = new Map<string, { partition: SourceMap, offset: SourceMap | null }>()
    for (const [key, q] of this.#queues) {
      let last: SubmittedRecord | undefined
      while (q.head < q.items.length && q.items[q.head]!.acked) last = q.items[q.head++]
      if (last !== undefined) out.set(key, { partition: last.partition, offset: last.offset })
      if (q.head === q.items.length) this.#queues.delete(key)
      else if (q.head > 1024 && q.head * 2 > q.items.length) { q.items = q.items.slice(q.head); q.head = 0 }
    }
    return out
  }

  /** Wait (bounded) until every submitted record is acked. */
  async awaitAll (timeoutMs: number, signalCheck: () => boolean = () => false): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (this.#pending > 0 && Date.now() < deadline && !signalCheck()) await new Promise(resolve => setTimeout(resolve, 5))
    return this.#pending === 0
  }
}
