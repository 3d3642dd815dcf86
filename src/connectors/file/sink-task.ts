// org.apache.kafka.connect.file.FileStreamSinkTask: writes each record's value as one line — Java's
// String.valueOf(value) and "\n" — to a file opened for append (created if missing), or to the standard output.
// Each put() is encoded into one reused buffer and written with one write call (more only after a partial write),
// so flush() finds the data already handed to the operating system (no fsync; Kafka's PrintStream.flush() does none
// either).
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import {
  ConnectError, SinkTask, type OffsetAndMetadata, type Props, type SinkRecord, type TopicPartition
} from '../../api/index.ts'
import { FILE_CONNECTOR_VERSION, fileOrNull, fileSinkConfigDef } from './config.ts'
import { javaString } from './java-string.ts'

const INITIAL_SCRATCH = 256 * 1024
/** A scratch buffer grown past this by one big put is dropped afterwards. */
const MAX_KEPT_SCRATCH = 16 * 1024 * 1024
const CHUNK_CHARS = 8192

/** Where the lines go: an append-mode file or a writable stream (stdout). */
type Output =
  | { kind: 'file', handle: FileHandle }
  | { kind: 'stream', stream: NodeJS.WritableStream }

function drained (stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown): void => {
      stream.removeListener('drain', done)
      stream.removeListener('error', done)
      if (err !== undefined) reject(err as Error)
      else resolve()
    }
    stream.once('drain', done)
    stream.once('error', done)
  })
}

export class FileStreamSinkTask extends SinkTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkTask'

  #output: Output | null = null
  #pending: Promise<void> | null = null
  /** Reused for every put (the file write completes before put returns). */
  #scratch = Buffer.allocUnsafe(INITIAL_SCRATCH)

  version (): string {
    return FILE_CONNECTOR_VERSION
  }

  async start (props: Props): Promise<void> {
    const file = fileOrNull(fileSinkConfigDef.parse(props).file)
    if (file === null) {
      this.#output = { kind: 'stream', stream: process.stdout }
      return
    }
    try {
      this.#output = { kind: 'file', handle: await open(file, 'a') }
    } catch (err) {
      throw new ConnectError(`Couldn't find or create file '${file}' for FileStreamSinkTask`, { cause: err })
    }
  }

  async put (records: SinkRecord[]): Promise<void> {
    const output = this.#output
    if (output === null || records.length === 0) return
    const length = this.#encode(records)
    if (output.kind === 'file') {
      let written = 0
      while (written < length) {
        const { bytesWritten } = await output.handle.write(this.#scratch, written, length - written)
        written += bytesWritten
      }
    } else if (!output.stream.write(Buffer.from(this.#scratch.subarray(0, length)))) {
      // a stream may keep the chunk until written, so it gets a copy of the scratch bytes
      await (this.#pending ??= drained(output.stream).finally(() => { this.#pending = null }))
    }
    if (this.#scratch.length > MAX_KEPT_SCRATCH) this.#scratch = Buffer.allocUnsafe(INITIAL_SCRATCH)
  }

  /**
   * Encodes the lines into the reused scratch buffer; returns the byte count. Lines are joined into strings of
   * about CHUNK_CHARS and encoded chunk by chunk: allocating one big string or buffer per put costs far more than
   * the encoding itself.
   */
  #encode (records: SinkRecord[]): number {
    let at = 0
    let text = ''
    for (const r of records) {
      text += javaString(r.value, r.valueSchema) + '\n'
      if (text.length >= CHUNK_CHARS) {
        at = this.#encodeChunk(text, at)
        text = ''
      }
    }
    if (text.length > 0) at = this.#encodeChunk(text, at)
    return at
  }

  #encodeChunk (text: string, at: number): number {
    const need = text.length * 3 // a UTF-16 code unit never takes more than 3 UTF-8 bytes
    if (this.#scratch.length - at < need) {
      let size = this.#scratch.length * 2
      while (size - at < need) size *= 2
      const bigger = Buffer.allocUnsafe(size)
      this.#scratch.copy(bigger, 0, 0, at)
      this.#scratch = bigger
    }
    return at + this.#scratch.write(text, at, 'utf8')
  }

  /** Everything put() wrote is already with the OS; for a stream, wait until its buffer drained. */
  override async flush (_offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<void> {
    if (this.#pending !== null) await this.#pending
  }

  async stop (): Promise<void> {
    const output = this.#output
    this.#output = null
    if (this.#pending !== null) await this.#pending.catch(() => {})
    // Like Kafka, the standard output stays open.
    if (output?.kind === 'file') await output.handle.close()
  }
}
