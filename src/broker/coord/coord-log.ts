// <dataDir>/coord.log: an append-only log of CRC-framed entries, each a JSON array of coordinator records.
//   frame = uint32 BE payload length | uint32 BE CRC-32 (zlib) of the payload | payload (UTF-8 JSON)
// Appends queued during one write go out together in a single write() (group commit); a promise resolves once its
// bytes are written (and fsync'd when `syncWrites`). Opening replays every intact frame and truncates the file at the
// first torn or corrupt one. When the file outgrows max(compactMinBytes, 2 x the last snapshot) it is replaced by a
// snapshot of the live state: temp file, fsync, rename, directory fsync.
import { open, rename, rm, mkdir } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { CoordLogger } from './types.ts'

const HEADER = 8
const MAX_FRAME = 256 * 1024 * 1024
const SNAPSHOT_RECORDS_PER_FRAME = 1000

export interface CoordLogOptions {
  dir: string
  logger: CoordLogger
  /** fsync after each group of appends (default false: a written entry survives kill -9, not power loss). */
  syncWrites?: boolean
  /** Never compact below this size. Default 1 MiB. */
  compactMinBytes?: number
  /** The live state as records, used for snapshots. */
  snapshot: () => unknown[]
}

export function encodeFrame (entry: unknown[]): Buffer {
  const payload = Buffer.from(JSON.stringify(entry), 'utf8')
  const frame = Buffer.allocUnsafe(HEADER + payload.length)
  frame.writeUInt32BE(payload.length, 0)
  frame.writeUInt32BE(crc32(payload), 4)
  payload.copy(frame, HEADER)
  return frame
}

/** Decodes frames up to the first incomplete or corrupt one; `validBytes` is where that one starts. */
export function decodeFrames (data: Buffer): { entries: unknown[][], validBytes: number } {
  const entries: unknown[][] = []
  let pos = 0
  while (data.length - pos >= HEADER) {
    const len = data.readUInt32BE(pos)
    if (len > MAX_FRAME || data.length - pos - HEADER < len) break
    const payload = data.subarray(pos + HEADER, pos + HEADER + len)
    if (crc32(payload) !== data.readUInt32BE(pos + 4)) break
    let entry: unknown
    try {
      entry = JSON.parse(payload.toString('utf8'))
    } catch {
      break
    }
    if (!Array.isArray(entry)) break
    entries.push(entry)
    pos += HEADER + len
  }
  return { entries, validBytes: pos }
}

async function writeFully (fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < data.length) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, position + done)
    done += bytesWritten
  }
}

async function syncDir (dir: string): Promise<void> {
  const dh = await open(dir, 'r')
  try {
    await dh.sync()
  } catch {
    // some platforms cannot fsync a directory
  } finally {
    await dh.close()
  }
}

interface Pending { data: Buffer, resolve: () => void, reject: (err: Error) => void }

export class CoordLog {
  readonly #opts: CoordLogOptions
  readonly #path: string
  readonly #log: CoordLogger
  #fh: FileHandle
  #size: number
  #snapshotSize: number
  #queue: Pending[] = []
  #busy = false
  #idle: Array<() => void> = []
  #closed = false

  private constructor (opts: CoordLogOptions, fh: FileHandle, size: number) {
    this.#opts = opts
    this.#path = join(opts.dir, 'coord.log')
    this.#log = opts.logger
    this.#fh = fh
    this.#size = size
    // 0: a log that is already above compactMinBytes gets compacted on the first append after opening
    this.#snapshotSize = 0
  }

  /** Opens (creating) the log, returns it with every intact entry, and cuts off a torn tail. */
  static async open (opts: CoordLogOptions): Promise<{ log: CoordLog, entries: unknown[][] }> {
    await mkdir(opts.dir, { recursive: true })
    const path = join(opts.dir, 'coord.log')
    await rm(`${path}.tmp`, { force: true })
    const fh = await open(path, 'a+')
    await fh.close()
    const handle = await open(path, 'r+')
    try {
      const data = await handle.readFile()
      const { entries, validBytes } = decodeFrames(data)
      if (validBytes < data.length) {
        opts.logger.warn({ path, validBytes, fileBytes: data.length }, 'coord.log: ignoring a torn or corrupt tail')
        await handle.truncate(validBytes)
        await handle.sync()
      }
      return { log: new CoordLog(opts, handle, validBytes), entries }
    } catch (err) {
      await handle.close()
      throw err
    }
  }

  get size (): number {
    return this.#size
  }

  /** Appends one entry (applied atomically on replay); resolves when written. */
  append (records: unknown[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('coord.log is closed'))
    const data = encodeFrame(records)
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ data, resolve, reject })
      this.#kick()
    })
  }

  #kick (): void {
    if (this.#busy) return
    this.#busy = true
    void this.#drain().finally(() => {
      this.#busy = false
      if (this.#queue.length > 0) this.#kick()
      else for (const done of this.#idle.splice(0)) done()
    })
  }

  async #drain (): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0)
      const data = batch.length === 1 ? batch[0].data : Buffer.concat(batch.map(p => p.data))
      try {
        await writeFully(this.#fh, data, this.#size)
        if (this.#opts.syncWrites === true) await this.#fh.datasync()
        this.#size += data.length
        for (const p of batch) p.resolve()
      } catch (err) {
        this.#log.error({ err }, 'coord.log: write failed')
        // drop a partial frame so later appends are not hidden behind it on replay
        await this.#fh.truncate(this.#size).catch(() => {})
        for (const p of batch) p.reject(err as Error)
      }
      if (this.#size > Math.max(this.#opts.compactMinBytes ?? 1024 * 1024, 2 * this.#snapshotSize)) {
        await this.#compact().catch(err => this.#log.error({ err }, 'coord.log: snapshot failed'))
      }
    }
  }

  /** Rewrites the log as a snapshot of the live state (runs between appends). */
  async #compact (): Promise<void> {
    const records = this.#opts.snapshot()
    const frames: Buffer[] = []
    for (let i = 0; i < records.length; i += SNAPSHOT_RECORDS_PER_FRAME) {
      frames.push(encodeFrame(records.slice(i, i + SNAPSHOT_RECORDS_PER_FRAME)))
    }
    const data = Buffer.concat(frames)
    const tmp = `${this.#path}.tmp`
    const th = await open(tmp, 'w')
    try {
      await writeFully(th, data, 0)
      await th.sync()
    } finally {
      await th.close()
    }
    await rename(tmp, this.#path)
    await syncDir(this.#opts.dir)
    const old = this.#fh
    this.#fh = await open(this.#path, 'r+')
    await old.close()
    this.#log.info({ before: this.#size, after: data.length, records: records.length }, 'coord.log compacted')
    this.#size = data.length
    this.#snapshotSize = data.length
  }

  /** Forces a snapshot now (after pending appends). */
  async compact (): Promise<void> {
    while (this.#busy || this.#queue.length > 0) await this.#whenIdle()
    this.#busy = true
    try {
      await this.#compact()
    } finally {
      this.#busy = false
      if (this.#queue.length > 0) this.#kick()
    }
  }

  #whenIdle (): Promise<void> {
    if (!this.#busy && this.#queue.length === 0) return Promise.resolve()
    return new Promise(resolve => { this.#idle.push(resolve) })
  }

  /** Waits for queued appends, then closes the file. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#whenIdle()
    if (this.#opts.syncWrites !== true) await this.#fh.datasync().catch(() => {})
    await this.#fh.close()
  }
}
