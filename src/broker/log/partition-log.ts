// One partition's log, in memory: record batches (magic 2) stored as received with their assigned base offset.
// Validation on append: length, magic, CRC-32C. Offsets are JS numbers. File segments, recovery, retention,
// and compaction are not here yet (see docs/broker.md).
import { crc32c } from '@platformatic/wasm-utils'
import { ProducerState, batchIdentity, type BatchIdentity } from './producer-state.ts'

export interface AppendResult { errorCode: number, errorMessage?: string, baseOffset: number, logAppendTimeMs: number, logStartOffset: number }
export interface ReadResult { errorCode: number, records: Buffer | null, highWatermark: number, lastStableOffset: number, logStartOffset: number }

interface StoredBatch { base: number, last: number, maxTimestamp: number, data: Buffer }

const HEADER = 61
const CORRUPT_MESSAGE = 2
const OFFSET_OUT_OF_RANGE = 1
const MESSAGE_TOO_LARGE = 10

export class PartitionLog {
  readonly topic: string
  readonly partition: number
  errorCode = 0
  logStartOffset = 0
  #next = 0
  #batches: StoredBatch[] = []
  #listeners = new Set<() => void>()
  #producers = new ProducerState()
  #maxMessageBytes: () => number

  constructor (topic: string, partition: number, maxMessageBytes: () => number) {
    this.topic = topic
    this.partition = partition
    this.#maxMessageBytes = maxMessageBytes
  }

  get logEndOffset (): number { return this.#next }
  get highWatermark (): number { return this.#next }
  get lastStableOffset (): number { return this.#next }

  /** Validates every batch in `records`, assigns offsets and stores copies (the input is a view of a request frame). */
  async append (records: Buffer): Promise<AppendResult> {
    const parsed: Array<{ start: number, end: number, delta: number, maxTimestamp: number, id: BatchIdentity }> = []
    let pos = 0
    while (pos < records.length) {
      if (records.length - pos < HEADER) return this.#fail(CORRUPT_MESSAGE, `truncated record batch at byte ${pos}`)
      const length = records.readInt32BE(pos + 8)
      const end = pos + 12 + length
      if (length < HEADER - 12 || end > records.length) return this.#fail(CORRUPT_MESSAGE, `record batch length ${length} does not fit the request`)
      if (12 + length > this.#maxMessageBytes()) return this.#fail(MESSAGE_TOO_LARGE, `record batch of ${12 + length} bytes exceeds max.message.bytes`)
      if (records[pos + 16] !== 2) return this.#fail(CORRUPT_MESSAGE, `record batch magic ${records[pos + 16]} is not 2`)
      if (crc32c(records.subarray(pos + 21, end)) >>> 0 !== records.readUInt32BE(pos + 17)) return this.#fail(CORRUPT_MESSAGE, 'record batch CRC-32C mismatch')
      parsed.push({ start: pos, end, delta: records.readInt32BE(pos + 23), maxTimestamp: Number(records.readBigInt64BE(pos + 35)), id: batchIdentity(records, pos) })
      pos = end
    }
    if (parsed.length === 0) return this.#fail(CORRUPT_MESSAGE, 'no record batch')
    // Kafka requires one batch per partition from an idempotent producer, so checking the first decides.
    const check = this.#producers.check(parsed[0].id)
    if (check.kind === 'duplicate') return { errorCode: 0, baseOffset: check.baseOffset, logAppendTimeMs: -1, logStartOffset: this.logStartOffset }
    if (check.kind === 'error') return this.#fail(check.errorCode, check.message)
    const baseOffset = this.#next
    for (const b of parsed) {
      const data = Buffer.from(records.subarray(b.start, b.end))
      data.writeBigInt64BE(BigInt(this.#next), 0)
      data.writeInt32BE(0, 12)
      this.#batches.push({ base: this.#next, last: this.#next + b.delta, maxTimestamp: b.maxTimestamp, data })
      this.#producers.record(b.id, this.#next)
      this.#next += b.delta + 1
    }
    for (const listener of [...this.#listeners]) listener()
    return { errorCode: 0, baseOffset, logAppendTimeMs: -1, logStartOffset: this.logStartOffset }
  }

  #fail (errorCode: number, errorMessage: string): AppendResult {
    return { errorCode, errorMessage, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: this.logStartOffset }
  }

  /** Whole batches from the one holding `offset`; at least one when `minOneBatch` (KIP-74). */
  async read (offset: number, maxBytes: number, opts: { minOneBatch: boolean, committed: boolean }): Promise<ReadResult> {
    const base = { highWatermark: this.#next, lastStableOffset: this.#next, logStartOffset: this.logStartOffset }
    if (offset < this.logStartOffset || offset > this.#next) return { ...base, errorCode: OFFSET_OUT_OF_RANGE, records: null }
    const chunks: Buffer[] = []
    let size = 0
    for (let i = this.#indexOf(offset); i < this.#batches.length; i++) {
      const data = this.#batches[i].data
      if (size + data.length > maxBytes && !(opts.minOneBatch && chunks.length === 0)) break
      chunks.push(data)
      size += data.length
    }
    return { ...base, errorCode: 0, records: chunks.length === 0 ? null : Buffer.concat(chunks, size) }
  }

  /** Index of the first batch whose last offset is >= offset (binary search). */
  #indexOf (offset: number): number {
    let lo = 0
    let hi = this.#batches.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.#batches[mid].last < offset) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  onAppend (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** First offset whose record timestamp is at or after `ts`, else -1/-1. Compressed batches answer at batch granularity. */
  async offsetForTimestamp (ts: number): Promise<{ offset: number, timestamp: number }> {
    for (const b of this.#batches) {
      if (b.last < this.logStartOffset || b.maxTimestamp < ts) continue
      const found = (b.data.readInt16BE(21) & 7) === 0 ? firstRecordAtOrAfter(b.data, ts) : undefined
      const offset = found === undefined ? b.base : b.base + found.offsetDelta
      return { offset: Math.max(offset, this.logStartOffset), timestamp: found?.timestamp ?? b.maxTimestamp }
    }
    return { offset: -1, timestamp: -1 }
  }

  async maxTimestampOffset (): Promise<{ offset: number, timestamp: number }> {
    let best: StoredBatch | undefined
    for (const b of this.#batches) if (b.last >= this.logStartOffset && (best === undefined || b.maxTimestamp > best.maxTimestamp)) best = b
    return best === undefined ? { offset: -1, timestamp: -1 } : { offset: best.last, timestamp: best.maxTimestamp }
  }

  async deleteRecordsBefore (offset: number): Promise<{ errorCode: number, lowWatermark: number }> {
    if (offset < 0 || offset > this.#next) return { errorCode: OFFSET_OUT_OF_RANGE, lowWatermark: this.logStartOffset }
    if (offset > this.logStartOffset) this.logStartOffset = offset
    while (this.#batches.length > 0 && this.#batches[0].last < this.logStartOffset) this.#batches.shift()
    return { errorCode: 0, lowWatermark: this.logStartOffset }
  }
}

/** Reads a zigzag varint (also used for varlongs whose values fit a JS number) at `pos`. */
function readVarint (buf: Buffer, pos: number): { value: number, next: number } {
  let result = 0
  let shift = 1
  let at = pos
  while (at < buf.length) {
    const byte = buf[at++]
    result += (byte & 0x7f) * shift
    if ((byte & 0x80) === 0) return { value: result % 2 === 0 ? result / 2 : -(result + 1) / 2, next: at }
    shift *= 128
  }
  throw new RangeError('truncated varint in record batch')
}

/** Scans the records of an uncompressed batch for the first whose timestamp is >= ts. */
function firstRecordAtOrAfter (batch: Buffer, ts: number): { offsetDelta: number, timestamp: number } | undefined {
  const baseTimestamp = Number(batch.readBigInt64BE(27))
  const count = batch.readInt32BE(57)
  let pos = HEADER
  for (let i = 0; i < count && pos < batch.length; i++) {
    const length = readVarint(batch, pos)
    const tsDelta = readVarint(batch, length.next + 1)
    const offsetDelta = readVarint(batch, tsDelta.next)
    if (baseTimestamp + tsDelta.value >= ts) return { offsetDelta: offsetDelta.value, timestamp: baseTimestamp + tsDelta.value }
    pos = length.next + length.value
  }
  return undefined
}
