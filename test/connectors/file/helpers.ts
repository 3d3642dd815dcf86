// Shared bits of the file connector tests: a temp dir removed after the test, a task context with a fixed stored
// offset, and a child process runner for the stdin/stdout modes.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import type { OffsetStorageReader, SourceMap, SourceTaskContext } from '../../../src/api/index.ts'

export async function tempDir (t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-file-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** An OffsetStorageReader that returns `stored` for every partition and records the partitions asked for. */
export function offsetReader (stored: SourceMap | null): OffsetStorageReader & { asked: SourceMap[] } {
  const asked: SourceMap[] = []
  return {
    asked,
    async offset (partition) {
      asked.push(partition)
      return stored
    },
    async offsets (partitions) {
      const out = new Map<SourceMap, SourceMap>()
      if (stored !== null) for (const p of partitions) out.set(p, stored)
      return out
    }
  }
}

export function sourceContext (props: Record<string, string>, stored: SourceMap | null = null): SourceTaskContext {
  return { configs: () => props, offsetStorageReader: offsetReader(stored) }
}

/** Runs a TypeScript file with the repo's Node, feeding `stdin`; resolves with its stdout. Killed after `timeoutMs`. */
export function runScript (script: string, stdin: string, timeoutMs = 15000): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
}

export function srcPath (rel: string): string {
  return new URL(`../../../src/${rel}`, import.meta.url).pathname
}
