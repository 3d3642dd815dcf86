// The two sparse per-segment indexes, kept in memory and (for file segments) mirrored in files with Kafka's
// entry layouts:
//   .index      entries of 8 bytes: int32 offset relative to the segment base | int32 file position of that batch
//   .timeindex  entries of 12 bytes: int64 largest timestamp so far | int32 relative base offset of the batch at
//               which it was recorded (every batch up to and including it has timestamps <= that value)
// An offset entry is added when more than index.interval.bytes were appended since the previous one; a time entry
// at the same moments when the largest timestamp grew, and a final one when the segment is closed.

export const OFFSET_ENTRY = 8
export const TIME_ENTRY = 12

export class OffsetIndex {
  readonly baseOffset: number
  readonly offsets: number[] = []
  readonly positions: number[] = []

  constructor (baseOffset: number) {
    this.baseOffset = baseOffset
  }

  get length (): number { return this.offsets.length }

  append (offset: number, position: number): Buffer {
    this.offsets.push(offset)
    this.positions.push(position)
    const entry = Buffer.allocUnsafe(OFFSET_ENTRY)
    entry.writeInt32BE(offset - this.baseOffset, 0)
    entry.writeInt32BE(position, 4)
    return entry
  }

  /** The position of the last indexed batch whose base offset is <= offset (0 when none). */
  lookup (offset: number): { offset: number, position: number } {
    let lo = 0
    let hi = this.offsets.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (this.offsets[mid] <= offset) { found = mid; lo = mid + 1 } else hi = mid - 1
    }
    return found === -1 ? { offset: this.baseOffset, position: 0 } : { offset: this.offsets[found], position: this.positions[found] }
  }

  /** Drops entries at or beyond `position` (after a truncation). */
  truncateTo (position: number): void {
    while (this.positions.length > 0 && this.positions[this.positions.length - 1] >= position) {
      this.positions.pop()
      this.offsets.pop()
    }
  }

  encode (): Buffer {
    const buf = Buffer.allocUnsafe(this.offsets.length * OFFSET_ENTRY)
    for (let i = 0; i < this.offsets.length; i++) {
      buf.writeInt32BE(this.offsets[i] - this.baseOffset, i * OFFSET_ENTRY)
      buf.writeInt32BE(this.positions[i], i * OFFSET_ENTRY + 4)
    }
    return buf
  }

  /** Parses an index file; undefined when it is torn or inconsistent with a log of `logSize` bytes. */
  static decode (baseOffset: number, data: Buffer, logSize: number): OffsetIndex | undefined {
    if (data.length % OFFSET_ENTRY !== 0) return undefined
    const index = new OffsetIndex(baseOffset)
    for (let pos = 0; pos < data.length; pos += OFFSET_ENTRY) {
      const rel = data.readInt32BE(pos)
      const position = data.readInt32BE(pos + 4)
      const n = index.offsets.length
      if (rel < 0 || position < 0 || position >= logSize) return undefined
      if (n > 0 && (rel + baseOffset <= index.offsets[n - 1] || position <= index.positions[n - 1])) return undefined
      index.offsets.push(rel + baseOffset)
      index.positions.push(position)
    }
    return index
  }
}

export class TimeIndex {
  readonly baseOffset: number
  readonly timestamps: number[] = []
  readonly offsets: number[] = []

  constructor (baseOffset: number) {
    this.baseOffset = baseOffset
  }

  get length (): number { return this.timestamps.length }
  get lastTimestamp (): number { return this.timestamps.length === 0 ? -1 : this.timestamps[this.timestamps.length - 1] }

  /** Adds an entry when `timestamp` is larger than the last one; returns its bytes, or undefined. */
  maybeAppend (timestamp: number, offset: number): Buffer | undefined {
    if (timestamp <= this.lastTimestamp) return undefined
    this.timestamps.push(timestamp)
    this.offsets.push(offset)
    const entry = Buffer.allocUnsafe(TIME_ENTRY)
    entry.writeBigInt64BE(BigInt(timestamp), 0)
    entry.writeInt32BE(offset - this.baseOffset, 8)
    return entry
  }

  /** The base offset of the last indexed batch all of whose predecessors (and itself) are older than `timestamp`. */
  lastBefore (timestamp: number): number | undefined {
    let lo = 0
    let hi = this.timestamps.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (this.timestamps[mid] < timestamp) { found = mid; lo = mid + 1 } else hi = mid - 1
    }
    return found === -1 ? undefined : this.offsets[found]
  }

  truncateTo (offset: number): void {
    while (this.offsets.length > 0 && this.offsets[this.offsets.length - 1] >= offset) {
      this.offsets.pop()
      this.timestamps.pop()
    }
  }

  encode (): Buffer {
    const buf = Buffer.allocUnsafe(this.timestamps.length * TIME_ENTRY)
    for (let i = 0; i < this.timestamps.length; i++) {
      buf.writeBigInt64BE(BigInt(this.timestamps[i]), i * TIME_ENTRY)
      buf.writeInt32BE(this.offsets[i] - this.baseOffset, i * TIME_ENTRY + 8)
    }
    return buf
  }

  static decode (baseOffset: number, data: Buffer): TimeIndex | undefined {
    if (data.length % TIME_ENTRY !== 0) return undefined
    const index = new TimeIndex(baseOffset)
    for (let pos = 0; pos < data.length; pos += TIME_ENTRY) {
      const ts = Number(data.readBigInt64BE(pos))
      const rel = data.readInt32BE(pos + 8)
      const n = index.timestamps.length
      if (rel < 0 || (n > 0 && (ts <= index.timestamps[n - 1] || rel + baseOffset < index.offsets[n - 1]))) return undefined
      index.timestamps.push(ts)
      index.offsets.push(rel + baseOffset)
    }
    return index
  }
}
