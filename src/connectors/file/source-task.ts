// org.apache.kafka.connect.file.FileStreamSourceTask: returns the lines of a file (or of the standard input) as
// records of a required STRING schema, tracking the byte position after each line as the source offset.
//
// Deliberate difference from Kafka: offsets are positions in the file's BYTES. Kafka restores by skipping bytes but
// counts decoded chars when it records positions, so its offsets drift after any multi-byte UTF-8 character; here
// what is recorded is exactly what is skipped on restore. For ASCII files both agree.
import { open } from 'node:fs/promises'
import {
  ConnectError, Schema, SourceRecord, SourceTask, type Props, type SourceMap
} from '../../api/index.ts'
import {
  FILE_CONNECTOR_VERSION, FILENAME_FIELD, POSITION_FIELD, fileOrNull, fileSourceConfigDef
} from './config.ts'
import { LineBuffer } from './line-buffer.ts'
import { FileInput, StreamInput, type SourceInput } from './source-input.ts'
import { pause } from './wait.ts'

/** How long a poll waits for a missing file to appear or for new data (Kafka's `wait(1000)`). */
const WAIT_MS = 1000

/** The position to resume from, as Kafka reads it: null or absent = start; anything but a Long is an error. */
export function restoredPosition (offset: SourceMap | null): number {
  if (offset == null) return 0
  const position = offset[POSITION_FIELD]
  if (position == null) return 0
  if (typeof position === 'bigint') return Math.max(0, Number(position))
  if (typeof position === 'number' && Number.isSafeInteger(position)) return Math.max(0, position)
  throw new ConnectError('Offset position is the incorrect type')
}

function isMissingFile (err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT'
}

export class FileStreamSourceTask extends SourceTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceTask'

  /** The file as configured (null or "" = stdin); it is the `filename` of the source partition. */
  #configuredFile: string | null = null
  #file: string | null = null
  #topic = ''
  #batchSize = 2000
  #partition: SourceMap = {}
  #input: SourceInput | null = null
  #lines = new LineBuffer(256 * 1024)
  /** Byte position the line buffer started at; null for stdin (no offsets tracked). */
  #base: number | null = null
  #stopping = new AbortController()
  #warned = false

  version (): string {
    return FILE_CONNECTOR_VERSION
  }

  start (props: Props): void {
    const config = fileSourceConfigDef.parse(props)
    this.#configuredFile = config.file
    this.#file = fileOrNull(config.file)
    this.#topic = config.topic
    this.#batchSize = config['batch.size']
    this.#partition = Object.freeze({ [FILENAME_FIELD]: this.#configuredFile })
    this.#lines = new LineBuffer(256 * 1024)
    this.#stopping = new AbortController()
    this.#warned = false
    this.#base = null
    this.#input = this.#file === null ? new StreamInput(process.stdin) : null
  }

  async poll (signal: AbortSignal): Promise<SourceRecord[] | null> {
    const signals = [signal, this.#stopping.signal]
    if (this.#stopping.signal.aborted) return null
    if (this.#input === null && !(await this.#open(signals))) return null
    const input = this.#input
    if (input === null) return null

    const records: SourceRecord[] = []
    await this.#fill(input, records)
    if (records.length > 0 || this.#stopping.signal.aborted) return records.length > 0 ? records : null
    await input.waitForData(WAIT_MS, signals)
    if (this.#stopping.signal.aborted || signal.aborted) return null
    await this.#fill(input, records)
    return records.length > 0 ? records : null
  }

  /** Takes complete lines out of the buffer, reading more, until the batch is full or nothing new is available. */
  async #fill (input: SourceInput, records: SourceRecord[]): Promise<void> {
    this.#drain(records)
    while (records.length < this.#batchSize && !this.#stopping.signal.aborted) {
      if (await input.read(this.#lines) === 0) break
      this.#drain(records)
    }
  }

  #drain (records: SourceRecord[]): void {
    const lines = this.#lines
    const timestamp = Date.now()
    while (records.length < this.#batchSize) {
      const line = lines.next()
      if (line === null) return
      records.push(new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { [POSITION_FIELD]: this.#base === null ? null : this.#base + lines.consumed },
        topic: this.#topic,
        valueSchema: Schema.STRING_SCHEMA,
        value: line,
        timestamp
      }))
    }
  }

  /** Opens the file at the committed position; false (after waiting) when it does not exist yet. */
  async #open (signals: readonly AbortSignal[]): Promise<boolean> {
    const file = this.#file!
    let handle
    try {
      handle = await open(file, 'r')
    } catch (err) {
      if (!isMissingFile(err)) throw new ConnectError(`Error while trying to open file ${file}: ${(err as Error).message}`, { cause: err })
      if (!this.#warned) {
        this.#warned = true
        console.warn(`Couldn't find file ${file} for FileStreamSourceTask, sleeping to wait for it to be created`)
      }
      await pause(WAIT_MS, signals)
      return false
    }
    let position: number
    try {
      position = restoredPosition(await this.context.offsetStorageReader.offset(this.#partition))
    } catch (err) {
      await handle.close()
      throw err
    }
    if (this.#stopping.signal.aborted) {
      await handle.close()
      return false
    }
    this.#base = position
    this.#input = new FileInput(handle, file, position)
    return true
  }

  async stop (): Promise<void> {
    this.#stopping.abort()
    const input = this.#input
    this.#input = null
    await input?.close()
  }
}
