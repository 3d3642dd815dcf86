// Idempotent-producer state of one partition (embedded-broker-scope.md §2.2): per producer id the current epoch
// and the last five batches' sequence ranges and offsets. A retried batch is answered with its original offset and
// not appended; a gap in sequences gets OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch INVALID_PRODUCER_EPOCH.
// Producer id -1 (plain producers) skips all of it.
const OUT_OF_ORDER_SEQUENCE_NUMBER = 45
const INVALID_PRODUCER_EPOCH = 47
const KEPT_BATCHES = 5

interface SeenBatch { firstSeq: number, lastSeq: number, baseOffset: number }
interface Producer { epoch: number, batches: SeenBatch[] }

export interface BatchIdentity { producerId: bigint, epoch: number, firstSeq: number, lastSeq: number }

export type SequenceCheck = { kind: 'append' } | { kind: 'duplicate', baseOffset: number } | { kind: 'error', errorCode: number, message: string }

/** The sequence that follows `seq`, wrapping from 2^31-1 to 0. */
const nextSeq = (seq: number): number => seq === 0x7fffffff ? 0 : seq + 1

export function batchIdentity (batch: Buffer, at: number): BatchIdentity {
  const firstSeq = batch.readInt32BE(at + 53)
  const delta = batch.readInt32BE(at + 23)
  return { producerId: batch.readBigInt64BE(at + 43), epoch: batch.readInt16BE(at + 51), firstSeq, lastSeq: (firstSeq + delta) % 0x80000000 }
}

export class ProducerState {
  #producers = new Map<bigint, Producer>()

  check (id: BatchIdentity): SequenceCheck {
    if (id.producerId < 0n) return { kind: 'append' }
    const state = this.#producers.get(id.producerId)
    if (state === undefined) return { kind: 'append' }
    if (id.epoch < state.epoch) return { kind: 'error', errorCode: INVALID_PRODUCER_EPOCH, message: `producer ${id.producerId} epoch ${id.epoch} is older than ${state.epoch}` }
    if (id.epoch > state.epoch) {
      return id.firstSeq === 0 ? { kind: 'append' } : { kind: 'error', errorCode: OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch ${id.epoch} of producer ${id.producerId} must start at sequence 0, got ${id.firstSeq}` }
    }
    const dup = state.batches.find(b => b.firstSeq === id.firstSeq && b.lastSeq === id.lastSeq)
    if (dup !== undefined) return { kind: 'duplicate', baseOffset: dup.baseOffset }
    const last = state.batches[state.batches.length - 1]
    if (last !== undefined && id.firstSeq !== nextSeq(last.lastSeq)) {
      return { kind: 'error', errorCode: OUT_OF_ORDER_SEQUENCE_NUMBER, message: `producer ${id.producerId}: expected sequence ${nextSeq(last.lastSeq)}, got ${id.firstSeq}` }
    }
    return { kind: 'append' }
  }

  record (id: BatchIdentity, baseOffset: number): void {
    if (id.producerId < 0n) return
    let state = this.#producers.get(id.producerId)
    if (state === undefined || id.epoch > state.epoch) this.#producers.set(id.producerId, state = { epoch: id.epoch, batches: [] })
    state.batches.push({ firstSeq: id.firstSeq, lastSeq: id.lastSeq, baseOffset })
    if (state.batches.length > KEPT_BATCHES) state.batches.shift()
  }
}
