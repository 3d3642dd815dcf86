// Bounds-checked reader over one Kafka frame. Every read checks the remaining length first and throws a
// ProtocolDecodeError naming what it tried to read and where, so a truncated or hostile frame never reads past
// `end` and never surfaces as a RangeError. Bytes and records are returned as views (`subarray`) into the frame:
// zero copy, so they stay valid as long as the frame buffer is not reused.

export class ProtocolDecodeError extends Error {
  override name = 'ProtocolDecodeError'
}

/** Reads one array element; generated code passes module-level functions. */
export type ElementReader<T> = (r: Reader) => T

const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

export class Reader {
  #buf: Buffer
  #pos: number
  #end: number

  constructor (buf: Buffer, offset = 0, end = buf.length) {
    if (offset < 0 || end > buf.length || offset > end) throw new RangeError(`bad reader window ${offset}..${end} of ${buf.length}`)
    this.#buf = buf
    this.#pos = offset
    this.#end = end
  }

  /** The underlying buffer (the whole frame, not only the unread part). */
  get buffer (): Buffer { return this.#buf }
  get offset (): number { return this.#pos }
  get remaining (): number { return this.#end - this.#pos }

  #need (n: number, what: string): number {
    const at = this.#pos
    if (n > this.#end - at) {
      throw new ProtocolDecodeError(`truncated input: ${what} needs ${n} byte(s) at offset ${at}, ${this.#end - at} left`)
    }
    this.#pos = at + n
    return at
  }

  skip (n: number): this {
    if (n < 0) throw new ProtocolDecodeError(`cannot skip ${n} bytes`)
    this.#need(n, 'skip')
    return this
  }

  int8 (): number { return this.#buf.readInt8(this.#need(1, 'int8')) }
  uint8 (): number { return this.#buf[this.#need(1, 'uint8')] }
  int16 (): number { return this.#buf.readInt16BE(this.#need(2, 'int16')) }
  uint16 (): number { return this.#buf.readUInt16BE(this.#need(2, 'uint16')) }
  int32 (): number { return this.#buf.readInt32BE(this.#need(4, 'int32')) }
  uint32 (): number { return this.#buf.readUInt32BE(this.#need(4, 'uint32')) }
  int64 (): bigint { return this.#buf.readBigInt64BE(this.#need(8, 'int64')) }
  float64 (): number { return this.#buf.readDoubleBE(this.#need(8, 'float64')) }
  bool (): boolean { return this.#buf[this.#need(1, 'bool')] !== 0 }

  uuid (): string {
    const at = this.#need(16, 'uuid')
    const hex = this.#buf.toString('hex', at, at + 16)
    if (hex === '00000000000000000000000000000000') return ZERO_UUID
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }

  /** Unsigned varint of at most 5 bytes (an unsigned 32-bit value), as used for compact lengths and tags. */
  uvarint (): number {
    const buf = this.#buf
    let value = 0
    let shift = 0
    for (let i = 0; i < 5; i++) {
      if (this.#pos >= this.#end) throw new ProtocolDecodeError(`truncated input: varint at offset ${this.#pos}`)
      const b = buf[this.#pos++]
      value += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) break
        return value
      }
      shift += 7
    }
    throw new ProtocolDecodeError(`invalid unsigned varint ending at offset ${this.#pos}`)
  }

  /** Zigzag-encoded signed 32-bit varint. */
  varint (): number {
    const u = this.uvarint()
    return (u % 2 === 0) ? u / 2 : -(u + 1) / 2
  }

  /** Zigzag-encoded signed 64-bit varint (at most 10 bytes). */
  varlong (): bigint {
    const buf = this.#buf
    let value = 0n
    let shift = 0n
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new ProtocolDecodeError(`truncated input: varlong at offset ${this.#pos}`)
      const b = buf[this.#pos++]
      value |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return (value >> 1n) ^ -(value & 1n)
      shift += 7n
    }
    throw new ProtocolDecodeError(`invalid varlong ending at offset ${this.#pos}`)
  }

  #text (len: number, what: string): string {
    const at = this.#need(len, what)
    return this.#buf.toString('utf8', at, at + len)
  }

  #slice (len: number, what: string): Buffer {
    const at = this.#need(len, what)
    return this.#buf.subarray(at, at + len)
  }

  /** Length of a compact (varint length + 1) item: -1 for null. */
  #compactLength (what: string): number {
    const n = this.uvarint() - 1
    if (n > this.#end - this.#pos) throw new ProtocolDecodeError(`truncated input: ${what} of ${n} bytes at offset ${this.#pos}, ${this.#end - this.#pos} left`)
    return n
  }

  string (): string {
    const len = this.int16()
    if (len < 0) throw new ProtocolDecodeError(`non-nullable string is null (length ${len}) at offset ${this.#pos - 2}`)
    return this.#text(len, 'string')
  }

  nullableString (): string | null {
    const len = this.int16()
    if (len < 0) return null
    return this.#text(len, 'string')
  }

  compactString (): string {
    const len = this.#compactLength('compact string')
    if (len < 0) throw new ProtocolDecodeError(`non-nullable compact string is null at offset ${this.#pos - 1}`)
    return this.#text(len, 'compact string')
  }

  compactNullableString (): string | null {
    const len = this.#compactLength('compact string')
    return len < 0 ? null : this.#text(len, 'compact string')
  }

  bytes (): Buffer {
    const len = this.int32()
    if (len < 0) throw new ProtocolDecodeError(`non-nullable bytes are null at offset ${this.#pos - 4}`)
    return this.#slice(len, 'bytes')
  }

  nullableBytes (): Buffer | null {
    const len = this.int32()
    return len < 0 ? null : this.#slice(len, 'bytes')
  }

  compactBytes (): Buffer {
    const len = this.#compactLength('compact bytes')
    if (len < 0) throw new ProtocolDecodeError(`non-nullable compact bytes are null at offset ${this.#pos - 1}`)
    return this.#slice(len, 'compact bytes')
  }

  compactNullableBytes (): Buffer | null {
    const len = this.#compactLength('compact bytes')
    return len < 0 ? null : this.#slice(len, 'compact bytes')
  }

  /**
   * int32 array length, -1 for null. Like Kafka, rejects a count larger than the bytes left (every element
   * takes at least one byte), so a hostile count cannot make us allocate a huge array.
   */
  arrayLength (): number {
    const n = this.int32()
    if (n < -1) throw new ProtocolDecodeError(`invalid array length ${n} at offset ${this.#pos - 4}`)
    if (n > this.#end - this.#pos) throw new ProtocolDecodeError(`array of ${n} elements at offset ${this.#pos} but only ${this.#end - this.#pos} bytes left`)
    return n
  }

  /** Compact (varint length + 1) array length, -1 for null. */
  compactArrayLength (): number {
    return this.#compactLength('compact array')
  }

  #elements<T> (n: number, read: ElementReader<T>): T[] {
    const out = new Array<T>(n)
    for (let i = 0; i < n; i++) out[i] = read(this)
    return out
  }

  array<T> (read: ElementReader<T>): T[] {
    const n = this.arrayLength()
    if (n < 0) throw new ProtocolDecodeError(`non-nullable array is null at offset ${this.#pos - 4}`)
    return this.#elements(n, read)
  }

  nullableArray<T> (read: ElementReader<T>): T[] | null {
    const n = this.arrayLength()
    return n < 0 ? null : this.#elements(n, read)
  }

  compactArray<T> (read: ElementReader<T>): T[] {
    const n = this.compactArrayLength()
    if (n < 0) throw new ProtocolDecodeError(`non-nullable compact array is null at offset ${this.#pos - 1}`)
    return this.#elements(n, read)
  }

  compactNullableArray<T> (read: ElementReader<T>): T[] | null {
    const n = this.compactArrayLength()
    return n < 0 ? null : this.#elements(n, read)
  }

  /** Marker of a nullable struct: int8 -1 for null, 1 for present. */
  structPresent (): boolean {
    const b = this.int8()
    if (b === -1) return false
    if (b === 1) return true
    throw new ProtocolDecodeError(`invalid nullable struct marker ${b} at offset ${this.#pos - 1}`)
  }

  /** Skips a whole tagged-field section (count, then tag/size/bytes entries). */
  skipTaggedFields (): void {
    const count = this.uvarint()
    for (let i = 0; i < count; i++) {
      this.uvarint()
      this.skip(this.uvarint())
    }
  }

  /** Reads the size of one tagged field (after its tag) and returns the offset where the field ends. */
  tagEnd (): number {
    const size = this.uvarint()
    if (size > this.#end - this.#pos) throw new ProtocolDecodeError(`truncated input: tagged field of ${size} bytes at offset ${this.#pos}, ${this.#end - this.#pos} left`)
    return this.#pos + size
  }

  /** Moves to the end of a tagged field: skips what a known tag did not consume, rejects an overrun. */
  endTag (end: number, tag: number): void {
    if (this.#pos > end) throw new ProtocolDecodeError(`tagged field ${tag} overran its declared size by ${this.#pos - end} byte(s)`)
    this.#pos = end
  }
}
