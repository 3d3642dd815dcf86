// Standalone offsets: kept in memory, persisted to `offset.storage.file.filename` after every flush by writing a
// temp file and renaming it over the old one (atomic on POSIX), so a crash leaves either the old or the new file.
// Format (docs/standalone.md): {"format":"kconnect-offsets","version":1,"offsets":[["<key json>","<value json>"],…]}.
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { OffsetBackingStore } from './offset-store.ts'

interface OffsetFile { format: string, version: number, offsets: Array<[string, string]> }

/** Offsets kept only in memory (tests, `kconnect dev --memory`); the file store builds on it. */
export class MemoryOffsetBackingStore implements OffsetBackingStore {
  protected readonly data = new Map<string, string>()
  async start (): Promise<void> {}
  async stop (): Promise<void> {}
  async get (keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    for (const k of keys) {
      const v = this.data.get(k)
      if (v !== undefined) out.set(k, v)
    }
    return out
  }

  async keys (): Promise<string[]> {
    return [...this.data.keys()]
  }

  async set (entries: ReadonlyMap<string, string | null>): Promise<void> {
    for (const [k, v] of entries) {
      if (v === null) this.data.delete(k)
      else this.data.set(k, v)
    }
  }
}

export class FileOffsetBackingStore extends MemoryOffsetBackingStore {
  readonly #path: string
  #writing: Promise<void> = Promise.resolve()

  constructor (path: string) {
    super()
    this.#path = path
  }

  override async start (): Promise<void> {
    let text: string
    try {
      text = await readFile(this.#path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    if (text.trim() === '') return
    let parsed: OffsetFile
    try {
      parsed = JSON.parse(text) as OffsetFile
    } catch (err) {
      throw new Error(`Offsets file ${this.#path} is not valid JSON (${(err as Error).message}); move it away to start without offsets`)
    }
    if (parsed.format !== 'kconnect-offsets' || !Array.isArray(parsed.offsets)) {
      throw new Error(`Offsets file ${this.#path} is not a kconnect offsets file (expected "format":"kconnect-offsets")`)
    }
    for (const [k, v] of parsed.offsets) this.data.set(k, v)
  }

  override async stop (): Promise<void> {
    await this.#writing
  }

  override async set (entries: ReadonlyMap<string, string | null>): Promise<void> {
    await super.set(entries)
    // Writes are chained so two flushes never interleave; each writes the whole current map.
    const next = this.#writing.then(() => this.#persist())
    this.#writing = next.catch(() => {})
    await next
  }

  async #persist (): Promise<void> {
    const body: OffsetFile = { format: 'kconnect-offsets', version: 1, offsets: [...this.data] }
    await mkdir(dirname(this.#path), { recursive: true })
    const tmp = `${this.#path}.tmp`
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify(body) + '\n')
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, this.#path)
  }
}
