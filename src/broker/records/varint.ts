// Zigzag varints of the record format (Kafka's ByteUtils): varint = 32-bit, varlong = 64-bit. Values are JS
// numbers: varlongs beyond 2^53 lose precision, which only matters for absurd timestamp deltas.

export class RecordsFormatError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'RecordsFormatError'
  }
}

/** Reads zigzag varints, varlongs and byte ranges from a buffer, throwing RecordsFormatError past the end. */
export class VarReader {
  readonly buf: Buffer
  pos: number
  readonly end: number

  constructor (buf: Buffer, pos = 0, end = buf.length) {
    this.buf = buf
    this.pos = pos
    this.end = end
  }

  #byte (): number {
    if (this.pos >= this.end) throw new RecordsFormatError('record data ends inside a varint')
    return this.buf[this.pos++]
  }

  varint (): number {
    let value = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.#byte()
      value |= (b & 0x7f) << shift
      if ((b & 0x80) === 0) return (value >>> 1) ^ -(value & 1)
    }
    throw new RecordsFormatError('varint longer than 5 bytes')
  }

  varlong (): number {
    let value = 0
    let mult = 1
    for (let i = 0; i < 10; i++) {
      const b = this.#byte()
      value += (b & 0x7f) * mult
      if ((b & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2
      mult *= 128
    }
    throw new RecordsFormatError('varlong longer than 10 bytes')
  }

  /** `length` bytes as a view (no copy). */
  bytes (length: number): Buffer {
    if (length < 0 || this.pos + length > this.end) throw new RecordsFormatError(`record field of ${length} bytes does not fit`)
    const out = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  /** A varint length followed by that many bytes; -1 is null. */
  nullableBytes (): Buffer | null {
    const length = this.varint()
    if (length === -1) return null
    if (length < -1) throw new RecordsFormatError(`negative field length ${length}`)
    return this.bytes(length)
  }
}

const zigzag32 = (n: number): number => ((n << 1) ^ (n >> 31)) >>> 0
const zigzag64 = (n: number): number => n >= 0 ? n * 2 : -n * 2 - 1

export function sizeOfVarint (n: number): number {
  let v = zigzag32(n)
  let size = 1
  while (v >= 0x80) { v >>>= 7; size++ }
  return size
}

export function sizeOfVarlong (n: number): number {
  let v = zigzag64(n)
  let size = 1
  while (v >= 0x80) { v = Math.floor(v / 128); size++ }
  return size
}

/** Writes `n` as a zigzag varint at `pos`; returns the position after it. */
export function writeVarint (buf: Buffer, pos: number, n: number): number {
  let v = zigzag32(n)
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  buf[pos++] = v
  return pos
}

export function writeVarlong (buf: Buffer, pos: number, n: number): number {
  let v = zigzag64(n)
  while (v >= 0x80) {
    buf[pos++] = (v % 128) | 0x80
    v = Math.floor(v / 128)
  }
  buf[pos++] = v
  return pos
}
