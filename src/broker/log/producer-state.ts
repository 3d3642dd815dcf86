// Idempotent-producer state of one partition (embedded-broker-scope.md §2.2): per producer id the current epoch
// and the last five batches' sequence ranges and base offsets. In order: a batch matching a cached one (same
// epoch, first and last sequence) is a retry, answered with its original base offset and not appended; an older
// epoch gets INVALID_PRODUCER_EPOCH; a newer epoch must start at sequence 0 and the same epoch must continue at
// last sequence + 1 (wrapping at 2^31-1), else OUT_OF_ORDER_SEQUENCE_NUMBER; an unknown producer id is accepted
// at any sequence. Producer id -1 (plain producers) skips all of it. Rebuilt on start from a snapshot saved on
// clean close plus the batches after it, or from all batches.
import { LogErrors } from './errors.ts'
import type { ProducerSnapshotData } from './store.ts'

const KEPT_BATCHES = 5

interface SeenBatch { firstSeq: number, lastSeq: number, baseOffset: number }
interface Producer { epoch: number, batches: SeenBatch[] }

export interface BatchIdentity { producerId: bigint, epoch: number, firstSeq: number, lastSeq: number }

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate', baseOffset: number }
  | { kind: 'error', errorCode: number, message: string }

/** The sequence that follows `seq`, wrapping from 2^31-1 to 0. */
const nextSeq = (seq: number): number => seq === 0x7fffffff ? 0 : seq + 1

export function batchIdentity (h: { producerId: bigint, producerEpoch: number, baseSequence: number, lastOffsetDelta: number }): BatchIdentity {
  return { producerId: h.producerId, epoch: h.producerEpoch, firstSeq: h.baseSequence, lastSeq: (h.baseSequence + h.lastOffsetDelta) % 0x80000000 }
}

function check (state: Producer | undefined, id: BatchIdentity): SequenceCheck {
  if (id.producerId < 0n || state === undefined) return { kind: 'append' }
  if (id.epoch < state.epoch) return { kind: 'error', errorCode: LogErrors.INVALID_PRODUCER_EPOCH, message: `producer ${id.producerId} epoch ${id.epoch} is older than the current epoch ${state.epoch}` }
  if (id.epoch > state.epoch) {
    return id.firstSeq === 0 ? { kind: 'append' } : { kind: 'error', errorCode: LogErrors.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch ${id.epoch} of producer ${id.producerId} must start at sequence 0, got ${id.firstSeq}` }
  }
  const dup = state.batches.find(b => b.firstSeq === id.firstSeq && b.lastSeq === id.lastSeq)
  if (dup !== undefined) return { kind: 'duplicate', baseOffset: dup.baseOffset }
  const last = state.batches[state.batches.length - 1]
  if (last !== undefined && id.firstSeq !== nextSeq(last.lastSeq)) {
    return { kind: 'error', errorCode: LogErrors.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `producer ${id.producerId} epoch ${id.epoch}: expected sequence ${nextSeq(last.lastSeq)}, got ${id.firstSeq}` }
  }
  return { kind: 'append' }
}

function recordInto (map: Map<bigint, Producer>, id: BatchIdentity, baseOffset: number): void {
  if (id.producerId < 0n) return
  let state = map.get(id.producerId)
  if (state === undefined || id.epoch > state.epoch) map.set(id.producerId, state = { epoch: id.epoch, batches: [] })
  else if (id.epoch < state.epoch) return
  state.batches.push({ firstSeq: id.firstSeq, lastSeq: id.lastSeq, baseOffset })
  if (state.batches.length > KEPT_BATCHES) state.batches.shift()
}

export class ProducerState {
  #producers = new Map<bigint, Producer>()

  get size (): number { return this.#producers.size }

  check (id: BatchIdentity): SequenceCheck {
    return check(this.#producers.get(id.producerId), id)
  }

  /**
   * Checks the batches of one append in order, each against the state as it would be after the previous ones.
   * A duplicate answers for the whole append (Kafka: one batch per partition from an idempotent producer).
   */
  checkAll (ids: BatchIdentity[], baseOffsets: number[]): SequenceCheck {
    if (ids.length === 1) return this.check(ids[0])
    const staged = new Map<bigint, Producer>()
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]
      if (id.producerId < 0n) continue
      if (!staged.has(id.producerId)) {
        const current = this.#producers.get(id.producerId)
        if (current !== undefined) staged.set(id.producerId, { epoch: current.epoch, batches: [...current.batches] })
      }
      const result = check(staged.get(id.producerId), id)
      if (result.kind !== 'append') return result
      recordInto(staged, id, baseOffsets[i])
    }
    return { kind: 'append' }
  }

  record (id: BatchIdentity, baseOffset: number): void {
    recordInto(this.#producers, id, baseOffset)
  }

  clear (): void {
    this.#producers.clear()
  }

  snapshot (offset: number): ProducerSnapshotData {
    return {
      offset,
      producers: [...this.#producers].map(([pid, p]) => ({ producerId: String(pid), epoch: p.epoch, batches: p.batches.map(b => [b.firstSeq, b.lastSeq, b.baseOffset] as [number, number, number]) }))
    }
  }

  restore (data: ProducerSnapshotData): void {
    this.#producers.clear()
    for (const p of data.producers) {
      this.#producers.set(BigInt(p.producerId), { epoch: p.epoch, batches: p.batches.map(([firstSeq, lastSeq, baseOffset]) => ({ firstSeq, lastSeq, baseOffset })) })
    }
  }
}
