// Small file helpers: full positional reads/writes, durable replace (temp + fsync + rename + directory fsync).
import { open, rename, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

export async function writeFully (fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < data.length) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, position + done)
    done += bytesWritten
  }
}

/** Reads up to `length` bytes from `position`; fewer only at the end of the file. */
export async function readFully (fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done === length ? buf : buf.subarray(0, done)
}

export async function syncDir (dir: string): Promise<void> {
  let dh: FileHandle | undefined
  try {
    dh = await open(dir, 'r')
    await dh.sync()
  } catch {
    // some platforms cannot fsync a directory
  } finally {
    await dh?.close()
  }
}

/** Writes `data` to `path` durably: temp file, fsync, rename over the old file, directory fsync. */
export async function writeFileDurably (path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.tmp`
  const fh = await open(tmp, 'w')
  try {
    await writeFully(fh, typeof data === 'string' ? Buffer.from(data) : data, 0)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  await syncDir(dirname(path))
}

export const isNotFound = (err: unknown): boolean => (err as NodeJS.ErrnoException)?.code === 'ENOENT'
