// Splits a byte stream into lines the way Kafka's FileStreamSourceTask.extractLine does: a line ends at `\n`, `\r` or
// `\r\n` (the terminator is not part of the line); a trailing partial line is held until its terminator arrives,
// and a `\r` that is the last byte available waits for the next byte to tell `\r` from `\r\n`.
//
// It works on bytes, not decoded chars: `\n` and `\r` never occur inside a multi-byte UTF-8 sequence, so a line's
// bytes are complete before they are decoded, and `consumed` counts bytes (see source-task.ts on offsets).
// Data is read straight into the free tail of one growable buffer; terminators are found with memchr
// (Buffer.indexOf), remembering how far each byte was searched so a long partial line is not rescanned.

const LF = 0x0a
const CR = 0x0d

/** Where the next occurrence of one byte is: `pos` (or -1: none in [from, searched)). */
interface Finder { pos: number, searched: number }

export class LineBuffer {
  #buf: Buffer
  #start = 0
  #end = 0
  #lf: Finder = { pos: -1, searched: 0 }
  #cr: Finder = { pos: -1, searched: 0 }
  /** Bytes taken out as complete lines (terminators included) since construction. */
  consumed = 0

  constructor (initialCapacity = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(initialCapacity)
  }

  /** Bytes held that do not form a complete line yet (or are complete lines not taken out yet). */
  get pending (): number {
    return this.#end - this.#start
  }

  /**
   * Room to read into: compacts the held bytes to the front, and doubles the buffer when it is full of one partial
   * line (Kafka doubles its char buffer the same way). Pass the bytes actually written to commit().
   */
  space (minFree = 16 * 1024): { buffer: Buffer, offset: number, length: number } {
    if (this.#buf.length - this.#end < minFree) {
      const held = this.#end - this.#start
      if (this.#start > 0 && this.#buf.length - held >= minFree) {
        this.#buf.copyWithin(0, this.#start, this.#end)
      } else {
        let size = this.#buf.length * 2
        while (size - held < minFree) size *= 2
        const bigger = Buffer.allocUnsafe(size)
        this.#buf.copy(bigger, 0, this.#start, this.#end)
        this.#buf = bigger
      }
      this.#start = 0
      this.#end = held
      this.#lf = { pos: -1, searched: 0 }
      this.#cr = { pos: -1, searched: 0 }
    }
    return { buffer: this.#buf, offset: this.#end, length: this.#buf.length - this.#end }
  }

  /** Records `n` bytes written at the offset space() returned. */
  commit (n: number): void {
    this.#end += n
  }

  /** Appends a chunk (for streams that hand out their own buffers, such as stdin). */
  push (chunk: Uint8Array): void {
    const room = this.space(chunk.length)
    room.buffer.set(chunk, room.offset)
    this.commit(chunk.length)
  }

  #find (f: Finder, byte: number): number {
    if (f.pos !== -1 && f.pos >= this.#start) return f.pos
    const from = f.pos === -1 ? Math.max(this.#start, f.searched) : this.#start
    if (from >= this.#end) {
      f.pos = -1
      f.searched = this.#end
      return -1
    }
    // bytes past #end are stale; a hit there counts as none (the search stops at the first hit, usually soon)
    const at = this.#buf.indexOf(byte, from)
    f.pos = at < this.#end ? at : -1
    f.searched = this.#end
    return f.pos
  }

  /** The next complete line (decoded as UTF-8, malformed bytes become U+FFFD), or null when none is complete. */
  next (): string | null {
    if (this.#start === this.#end) return null
    const lf = this.#find(this.#lf, LF)
    const cr = this.#find(this.#cr, CR)
    let until: number
    let newStart: number
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      if (cr + 1 >= this.#end) return null // a `\r` last: wait for the next byte
      until = cr
      newStart = this.#buf[cr + 1] === LF ? cr + 2 : cr + 1
    } else if (lf !== -1) {
      until = lf
      newStart = lf + 1
    } else {
      return null
    }
    const line = this.#buf.toString('utf8', this.#start, until)
    this.consumed += newStart - this.#start
    this.#start = newStart
    if (this.#start === this.#end) {
      this.#start = 0
      this.#end = 0
      this.#lf = { pos: -1, searched: 0 }
      this.#cr = { pos: -1, searched: 0 }
    }
    return line
  }
}
