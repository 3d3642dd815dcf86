// One client connection: int32-size framing, a size limit, and Kafka's ordering rule — requests on a connection
// are handled one at a time and answered in the order they arrived (Kafka mutes a channel while a request is in
// flight; kafka-python pipelines and relies on it). Backpressure: reading pauses while the socket's write buffer
// is full and while too many frames are queued.
import type { Socket } from 'node:net'
import type { Logger } from 'pino'

/** Turns one request frame (without its size prefix) into the response frame body, or null for no response. */
export type FrameHandler = (frame: Buffer, conn: Connection) => Promise<Buffer | null>

const MAX_QUEUED_FRAMES = 64

export class Connection {
  readonly id: number
  readonly remote: string
  readonly logger: Logger
  #socket: Socket
  #handler: FrameHandler
  #maxFrame: number
  #chunks: Buffer[] = []
  #buffered = 0
  #queue: Buffer[] = []
  #busy = false
  #closed = false

  constructor (id: number, socket: Socket, handler: FrameHandler, maxFrame: number, logger: Logger) {
    this.id = id
    this.#socket = socket
    this.#handler = handler
    this.#maxFrame = maxFrame
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`
    this.logger = logger.child({ conn: id, remote: this.remote })
    socket.setNoDelay(true)
    socket.on('data', chunk => { this.#onData(chunk) })
    socket.on('drain', () => { this.#maybeResume() })
    socket.on('error', err => { this.logger.debug({ err }, 'socket error') })
    socket.on('close', () => { this.#closed = true; this.#queue.length = 0 })
  }

  get closed (): boolean { return this.#closed }

  /** Closes the connection, as Kafka does on a request it cannot parse. */
  close (reason: string): void {
    if (this.#closed) return
    this.logger.warn({ reason }, 'closing connection')
    this.#closed = true
    this.#queue.length = 0
    this.#socket.destroy()
  }

  #onData (chunk: Buffer): void {
    if (this.#closed) return
    this.#chunks.push(chunk)
    this.#buffered += chunk.length
    while (this.#buffered >= 4) {
      const head = this.#chunks[0].length >= 4 ? this.#chunks[0] : this.#concat()
      const size = head.readInt32BE(0)
      if (size < 0 || size > this.#maxFrame) {
        this.close(`frame of ${size} bytes is outside 0..${this.#maxFrame} (socket.request.max.bytes)`)
        return
      }
      if (this.#buffered < 4 + size) break
      const all = this.#concat()
      this.#queue.push(all.subarray(4, 4 + size))
      const rest = all.subarray(4 + size)
      this.#chunks = rest.length > 0 ? [rest] : []
      this.#buffered = rest.length
    }
    if (this.#queue.length >= MAX_QUEUED_FRAMES) this.#socket.pause()
    void this.#drainQueue()
  }

  #concat (): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#buffered)]
    return this.#chunks[0]
  }

  async #drainQueue (): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const frame = this.#queue.shift() as Buffer
        let response: Buffer | null
        try {
          response = await this.#handler(frame, this)
        } catch (err) {
          this.logger.error({ err }, 'request failed')
          this.close('request handler failed')
          return
        }
        if (response !== null && !this.#closed) this.#write(response)
      }
    } finally {
      this.#busy = false
      this.#maybeResume()
    }
  }

  #write (body: Buffer): void {
    const size = Buffer.allocUnsafe(4)
    size.writeInt32BE(body.length, 0)
    this.#socket.cork()
    this.#socket.write(size)
    const ok = this.#socket.write(body)
    this.#socket.uncork()
    if (!ok) this.#socket.pause()
  }

  #maybeResume (): void {
    if (this.#closed || this.#socket.writableNeedDrain || this.#queue.length >= MAX_QUEUED_FRAMES) return
    this.#socket.resume()
  }
}
