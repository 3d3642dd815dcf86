// Helpers of bench/pipeline.bench.ts: a `kconnect standalone` child process (spawned, probed with GET / on a port
// picked beforehand, stopped), a free port, file size and hash, and machine-wide CPU time from /proc/stat.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { formatProperties } from '../../src/config/properties.ts'
import { trackChild } from './cleanup.ts'
import { procStat, readMemory } from './proc.ts'

export interface WorkerChild {
  readonly child: ChildProcess
  readonly pid: number
  readonly url: string
  /** performance.now() just before spawn(). */
  readonly spawnedAt: number
  output (): string
  exited (): boolean
  memory (): { rss: number, peak: number } | undefined
  cpuMs (): number
  /** Polls GET / every `everyMs` from now until it answers 200; resolves with performance.now() of that answer. */
  ready (timeoutMs: number, everyMs?: number): Promise<number>
  /** SIGTERM, then SIGKILL after graceMs; resolves with the ms it took and how it ended. */
  stop (graceMs?: number): Promise<{ ms: number, code: number | null, signal: NodeJS.Signals | null, killed: boolean }>
}

export interface WorkerSpec {
  /** The script run by node: src/cli/main.ts or the bin/kconnect.js launcher. */
  script: string
  /** Directory for the .properties files and the offsets file. */
  dir: string
  name: string
  workerProps: Record<string, string>
  connectors: Array<Record<string, string>>
  port: number
  nodeArgs?: string[]
  logLevel?: string
}

/** Status code of GET url (no keep-alive), or 0 when the connection fails or times out. */
export function httpStatus (url: string, timeoutMs = 1000): Promise<number> {
  return new Promise(resolve => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, res => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once('timeout', () => { req.destroy(); resolve(0) })
    req.once('error', () => resolve(0))
    req.end()
  })
}

export async function freePort (): Promise<number> {
  const srv = createServer()
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const port = (srv.address() as { port: number }).port
  await new Promise(resolve => srv.close(resolve))
  return port
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

export function fileSize (path: string): number {
  try { return statSync(path).size } catch { return 0 }
}

export async function fileSha256 (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Machine-wide busy time from /proc/stat, ms summed over all CPUs (NaN when unreadable). */
export function machineBusyMs (): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, _idle, _iowait, irq, softirq] = f
    return (user + nice + system + irq + softirq) * 10
  } catch {
    return NaN
  }
}

export function spawnWorker (spec: WorkerSpec): WorkerChild {
  const workerFile = join(spec.dir, `${spec.name}.worker.properties`)
  writeFileSync(workerFile, formatProperties({
    ...spec.workerProps,
    'offset.storage.file.filename': join(spec.dir, `${spec.name}.offsets`),
    listeners: `http://127.0.0.1:${spec.port}`
  }))
  const files = spec.connectors.map((c, i) => {
    const file = join(spec.dir, `${spec.name}.connector${i}.properties`)
    writeFileSync(file, formatProperties(c))
    return file
  })
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script, 'standalone', '--log-level', spec.logLevel ?? 'warn', workerFile, ...files], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  trackChild(child)
  let out = ''
  child.stdout.on('data', d => { out += String(d) })
  child.stderr.on('data', d => { out += String(d) })
  const exitedP = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  const pid = child.pid as number
  const url = `http://127.0.0.1:${spec.port}`
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null
  return {
    child,
    pid,
    url,
    spawnedAt,
    output: () => out,
    exited,
    memory: () => readMemory(pid),
    cpuMs: () => { const s = procStat(pid); return s.userMs + s.systemMs },
    ready: async (timeoutMs, everyMs = 5) => {
      const deadline = performance.now() + timeoutMs
      for (;;) {
        if (exited()) throw new Error(`worker ${spec.name} exited (${child.exitCode ?? child.signalCode}) before its REST API answered:\n${out}`)
        if (await httpStatus(url + '/', 1000) === 200) return performance.now()
        if (performance.now() > deadline) throw new Error(`worker ${spec.name}: no 200 from GET ${url}/ within ${Math.round(timeoutMs)} ms:\n${out}`)
        await sleep(everyMs)
      }
    },
    stop: async (graceMs = 15000) => {
      const t0 = performance.now()
      let killed = false
      if (!exited()) child.kill('SIGTERM')
      const timer = setTimeout(() => { killed = true; child.kill('SIGKILL') }, graceMs)
      try {
        const end = await exitedP
        return { ms: performance.now() - t0, ...end, killed }
      } finally {
        clearTimeout(timer)
      }
    }
  }
}
