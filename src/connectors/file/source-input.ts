// Where the source task's bytes come from: a file read at explicit byte positions, or the standard input stream.
// Both read only what is available now (never block for data) and can wait, boundedly, for more.
import { watch, type FSWatcher } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import type { LineBuffer } from './line-buffer.ts'
import { pause } from './wait.ts'

/** Most bytes one read() call takes in. */
const MAX_READ = 1024 * 1024
/** How often a waiting file task checks the file size, in case change events are not delivered (network mounts). */
const STAT_INTERVAL_MS = 200

export interface SourceInput {
  /** Reads what is available now into `lines`; returns the bytes read (0: nothing new yet). */
  read (lines: LineBuffer): Promise<number>
  /** Resolves when more data may have arrived, after `ms`, or when a signal aborts. */
  waitForData (ms: number, signals: readonly AbortSignal[]): Promise<void>
  close (): Promise<void>
}

/** A file, read from a byte position on; appended data is picked up, truncation or replacement is not noticed. */
export class FileInput implements SourceInput {
  readonly #handle: FileHandle
  readonly #path: string
  /** Byte position of the next read. */
  #position: number
  #closed = false

  constructor (handle: FileHandle, path: string, position: number) {
    this.#handle = handle
    this.#path = path
    this.#position = position
  }

  async read (lines: LineBuffer): Promise<number> {
    if (this.#closed) return 0
    const room = lines.space()
    const { bytesRead } = await this.#handle.read(room.buffer, room.offset, Math.min(room.length, MAX_READ), this.#position)
    lines.commit(bytesRead)
    this.#position += bytesRead
    return bytesRead
  }

  waitForData (ms: number, signals: readonly AbortSignal[]): Promise<void> {
    return pause(ms, signals, wake => {
      let watcher: FSWatcher | undefined
      try {
        watcher = watch(this.#path, { persistent: false }, wake)
        watcher.on('error', () => {})
      } catch {
        // not watchable here: the size check below still notices appended data
      }
      const timer = setInterval(() => {
        if (this.#closed) return
        this.#handle.stat().then(st => { if (st.size > this.#position) wake() }, () => {})
      }, STAT_INTERVAL_MS)
      return () => {
        watcher?.close()
        clearInterval(timer)
      }
    })
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#handle.close()
  }
}

/** The standard input (or any readable byte stream): chunks the stream has buffered, without blocking. */
export class StreamInput implements SourceInput {
  readonly #stream: NodeJS.ReadableStream

  constructor (stream: NodeJS.ReadableStream) {
    this.#stream = stream
  }

  async read (lines: LineBuffer): Promise<number> {
    let total = 0
    while (total < MAX_READ) {
      const chunk = this.#stream.read() as Buffer | string | null
      if (chunk === null) break
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      lines.push(bytes)
      total += bytes.length
    }
    return total
  }

  waitForData (ms: number, signals: readonly AbortSignal[]): Promise<void> {
    return pause(ms, signals, wake => {
      this.#stream.once('readable', wake)
      return () => { this.#stream.removeListener('readable', wake) }
    })
  }

  async close (): Promise<void> {
    // Like Kafka, the standard input is left open: it belongs to the process, not to the task.
  }
}
