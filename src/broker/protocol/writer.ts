// Growable big-endian writer for Kafka messages. One backing buffer that doubles when full, so a response is
// built with a handful of allocations however many fields it has; every method returns `this`. `toBuffer()`
// returns a view of the written bytes (no copy): do not keep writing to a writer whose buffer was handed out.

export class ProtocolEncodeError extends Error {
  override name = 'ProtocolEncodeError'
}

/** Writes one array element; generated code passes module-level functions. */
export type ElementWriter<T> = (w: Writer, value: T) => void

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Throws for a null in a version where the field is not nullable (Kafka's generated code does the same). */
export function notNull<T> (value: T | null, field: string): T {
  if (value === null) throw new ProtocolEncodeError(`non-nullable field ${field} was serialized as null`)
  return value
}

function uvarintSize (v: number): number {
  if (v < 0x80) return 1
  if (v < 0x4000) return 2
  if (v < 0x200000) return 3
  if (v < 0x10000000) return 4
  return 5
}

export class Writer {
  #buf: Buffer
  #pos = 0

  constructor (initialSize = 256) {
    this.#buf = Buffer.allocUnsafe(Math.max(16, initialSize))
  }

  /** Bytes written so far. */
  get length (): number { return this.#pos }

  #ensure (n: number): number {
    const at = this.#pos
    if (at + n > this.#buf.length) {
      let size = this.#buf.length * 2
      while (size < at + n) size *= 2
      const next = Buffer.allocUnsafe(size)
      this.#buf.copy(next, 0, 0, at)
      this.#buf = next
    }
    this.#pos = at + n
    return at
  }

  int8 (v: number): this {
    const at = this.#ensure(1)
    this.#buf.writeInt8(v, at)
    return this
  }

  uint8 (v: number): this {
    const at = this.#ensure(1)
    this.#buf.writeUInt8(v, at)
    return this
  }

  int16 (v: number): this {
    const at = this.#ensure(2)
    this.#buf.writeInt16BE(v, at)
    return this
  }

  uint16 (v: number): this {
    const at = this.#ensure(2)
    this.#buf.writeUInt16BE(v, at)
    return this
  }

  int32 (v: number): this {
    const at = this.#ensure(4)
    this.#buf.writeInt32BE(v, at)
    return this
  }

  uint32 (v: number): this {
    const at = this.#ensure(4)
    this.#buf.writeUInt32BE(v, at)
    return this
  }

  int64 (v: bigint): this {
    const at = this.#ensure(8)
    this.#buf.writeBigInt64BE(v, at)
    return this
  }

  float64 (v: number): this {
    const at = this.#ensure(8)
    this.#buf.writeDoubleBE(v, at)
    return this
  }

  bool (v: boolean): this {
    const at = this.#ensure(1)
    this.#buf[at] = v ? 1 : 0
    return this
  }

  uuid (v: string): this {
    if (!UUID_RE.test(v)) throw new ProtocolEncodeError(`not a canonical uuid: ${JSON.stringify(v)}`)
    const at = this.#ensure(16)
    this.#buf.write(v.slice(0, 8) + v.slice(9, 13) + v.slice(14, 18) + v.slice(19, 23) + v.slice(24), at, 16, 'hex')
    return this
  }

  uvarint (v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ProtocolEncodeError(`unsigned varint out of range: ${v}`)
    let at = this.#ensure(uvarintSize(v))
    const buf = this.#buf
    while (v >= 0x80) {
      buf[at++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    buf[at] = v
    return this
  }

  /** Zigzag signed 32-bit varint. */
  varint (v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new ProtocolEncodeError(`varint out of range: ${v}`)
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1)
  }

  /** Zigzag signed 64-bit varint. */
  varlong (v: bigint): this {
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n))
    while (u >= 0x80n) {
      const at = this.#ensure(1)
      this.#buf[at] = Number(u & 0x7fn) | 0x80
      u >>= 7n
    }
    const at = this.#ensure(1)
    this.#buf[at] = Number(u)
    return this
  }

  #text (s: string, len: number): void {
    const at = this.#ensure(len)
    this.#buf.write(s, at, len, 'utf8')
  }

  string (s: string): this {
    const len = Buffer.byteLength(s, 'utf8')
    if (len > 0x7fff) throw new ProtocolEncodeError(`string of ${len} bytes is longer than 32767`)
    this.int16(len)
    this.#text(s, len)
    return this
  }

  nullableString (s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s)
  }

  compactString (s: string): this {
    const len = Buffer.byteLength(s, 'utf8')
    if (len > 0x7fff) throw new ProtocolEncodeError(`string of ${len} bytes is longer than 32767`)
    this.uvarint(len + 1)
    this.#text(s, len)
    return this
  }

  compactNullableString (s: string | null): this {
    return s === null ? this.uvarint(0) : this.compactString(s)
  }

  /** Appends bytes with no length prefix. */
  raw (b: Uint8Array): this {
    const at = this.#ensure(b.length)
    this.#buf.set(b, at)
    return this
  }

  bytes (b: Uint8Array): this { return this.int32(b.length).raw(b) }
  nullableBytes (b: Uint8Array | null): this { return b === null ? this.int32(-1) : this.bytes(b) }
  compactBytes (b: Uint8Array): this { return this.uvarint(b.length + 1).raw(b) }
  compactNullableBytes (b: Uint8Array | null): this { return b === null ? this.uvarint(0) : this.compactBytes(b) }

  array<T> (items: readonly T[], write: ElementWriter<T>): this {
    this.int32(items.length)
    for (let i = 0; i < items.length; i++) write(this, items[i])
    return this
  }

  nullableArray<T> (items: readonly T[] | null, write: ElementWriter<T>): this {
    return items === null ? this.int32(-1) : this.array(items, write)
  }

  compactArray<T> (items: readonly T[], write: ElementWriter<T>): this {
    this.uvarint(items.length + 1)
    for (let i = 0; i < items.length; i++) write(this, items[i])
    return this
  }

  compactNullableArray<T> (items: readonly T[] | null, write: ElementWriter<T>): this {
    return items === null ? this.uvarint(0) : this.compactArray(items, write)
  }

  /** An empty tagged-field section. */
  emptyTaggedFields (): this { return this.uint8(0) }

  /** Starts a size-prefixed section (a tagged field's value); pass the result to `endSized`. */
  startSized (): number { return this.#pos }

  /** Inserts the unsigned-varint size of everything written since `startSized` in front of it. */
  endSized (mark: number): this {
    const size = this.#pos - mark
    const n = uvarintSize(size)
    this.#ensure(n)
    this.#buf.copyWithin(mark + n, mark, this.#pos - n)
    let at = mark
    let v = size
    while (v >= 0x80) {
      this.#buf[at++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    this.#buf[at] = v
    return this
  }

  /** Overwrites an int32 already written (e.g. a frame size placeholder). */
  setInt32 (offset: number, v: number): this {
    if (offset < 0 || offset + 4 > this.#pos) throw new RangeError(`setInt32 at ${offset} outside 0..${this.#pos - 4}`)
    this.#buf.writeInt32BE(v, offset)
    return this
  }

  /** The bytes written so far, as a view of the internal buffer. */
  toBuffer (): Buffer { return this.#buf.subarray(0, this.#pos) }
}
