// Test helpers for workers: run `kconnect standalone` as a child process (stopped in t.after), talk REST to it, and
// read topics with kcat, the independent reader.
import type { TestContext } from 'node:test'
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { formatProperties } from '../../src/config/properties.ts'

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname
const run = promisify(execFile)

export interface WorkerProcess {
  readonly child: ChildProcess
  readonly url: string
  output (): string
  kill (signal?: NodeJS.Signals): Promise<number | null>
}

export async function writeProps (path: string, props: Record<string, string>): Promise<string> {
  await writeFile(path, formatProperties(props))
  return path
}

/** Worker properties for a test: JsonConverter, a REST port chosen by the OS, offsets in `dir`. */
export function workerProps (bootstrap: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': join(dir, 'connect.offsets'),
    'offset.flush.interval.ms': '500',
    listeners: 'http://127.0.0.1:0',
    ...extra
  }
}

/** Start `kconnect standalone <args>` and wait (bounded) until its REST API answers. */
export async function spawnWorker (t: TestContext, args: string[], timeoutMs = 20000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [cli, 'standalone', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', d => { out += String(d) })
  child.stderr!.on('data', d => { out += String(d) })
  const exited = once(child, 'exit')
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
    child.kill(signal)
    const [code] = await exited
    return code as number | null
  }
  t.after(() => kill('SIGKILL'))
  const deadline = Date.now() + timeoutMs
  let m: RegExpExecArray | null
  while ((m = /REST API at (\S+)/.exec(out)) === null) {
    if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}): ${out}`)
    if (Date.now() > deadline) throw new Error(`worker did not start within ${timeoutMs} ms: ${out}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  return { child, url: m[1]!.replace(/\/$/, ''), output: () => out, kill }
}

/** Run the CLI to completion (bounded) and return its exit code and output. */
export async function runCli (args: string[], timeoutMs = 20000): Promise<{ code: number, out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: timeoutMs })
    return { code: 0, out: stdout + stderr }
  } catch (err) {
    const e = err as { code?: number, stdout?: string, stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stdout ?? '') + (e.stderr ?? '') }
  }
}

export interface Reply { status: number, body: any, headers: Headers }

export async function rest (base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30000)
  })
  const text = await res.text()
  let parsed: unknown = text
  try { parsed = text === '' ? null : JSON.parse(text) } catch { /* keep text */ }
  return { status: res.status, body: parsed, headers: res.headers }
}

/** Poll `fn` until it returns a truthy value or the time is up (then throws with the last value). */
export async function until<T> (what: string, fn: () => Promise<T> | T, timeoutMs = 15000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: T
  for (;;) {
    last = await fn()
    if (last) return last as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}

/**
 * Every record value of a topic as kcat prints it (`-e`: stop at the end; with `count`, stop after that many records
 * instead — needed while a source keeps producing). NULL values print as NULL.
 */
export async function kcatValues (bootstrap: string, topic: string, count?: number): Promise<string[]> {
  const limit = count === undefined ? ['-e'] : ['-c', String(count)]
  const { stdout } = await run('kcat', ['-b', bootstrap, '-C', '-t', topic, ...limit, '-q', '-Z', '-f', '%s\n'], { timeout: 20000 })
  return stdout.split('\n').filter(l => l !== '')
}
