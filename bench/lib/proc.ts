// Child-process servers for the benches (the broker CLI, the raw socket pump): spawn, wait (bounded) for the
// `listening on HOST:PORT` line, read the child's RSS from /proc, stop with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import { trackChild } from './cleanup.ts'

export interface ChildServer {
  readonly child: ChildProcess
  readonly pid: number
  readonly host: string
  readonly port: number
  /** performance.now() just before spawn(). */
  readonly spawnedAt: number
  /** ms from spawn to the `listening on` line. */
  readonly listeningMs: number
  output (): string
  /** VmRSS and VmHWM (peak) in bytes, or undefined when /proc is not readable. */
  memory (): { rss: number, peak: number } | undefined
  /** CPU time used so far, ms. */
  cpuMs (): number
  /** SIGTERM, then SIGKILL after graceMs; resolves with how it ended. */
  stop (graceMs?: number): Promise<{ code: number | null, signal: NodeJS.Signals | null, killed: boolean }>
}

export interface SpawnOptions {
  nodeArgs?: string[]
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
  /** Give the child a stdin pipe (child.stdin) instead of /dev/null. */
  stdin?: boolean
}

export function readMemory (pid: number): { rss: number, peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    const peak = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)
    if (rss === null || peak === null) return undefined
    return { rss: Number(rss[1]) * 1024, peak: Number(peak[1]) * 1024 }
  } catch {
    return undefined
  }
}

/** User and system CPU time of a process in ms (/proc/<pid>/stat; 10 ms granularity) and its minor page faults. */
export function procStat (pid: number): { userMs: number, systemMs: number, minorFaults: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state); minflt is field 10, utime and stime fields 14 and 15 in clock ticks (USER_HZ = 100).
    return { userMs: Number(fields[11]) * 10, systemMs: Number(fields[12]) * 10, minorFaults: Number(fields[7]) }
  } catch {
    return { userMs: NaN, systemMs: NaN, minorFaults: NaN }
  }
}

/** User+system CPU time of a process in ms, or NaN. */
export function cpuMs (pid: number): number {
  const s = procStat(pid)
  return s.userMs + s.systemMs
}

export async function spawnServer (script: string, args: string[], options: SpawnOptions = {}): Promise<ChildServer> {
  const timeoutMs = options.timeoutMs ?? 20000
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
    stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env
  })
  trackChild(child)
  let out = ''
  child.stdout?.on('data', d => { out += String(d) })
  child.stderr?.on('data', d => { out += String(d) })
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  let killed = false
  const stop = async (graceMs = 10000): Promise<{ code: number | null, signal: NodeJS.Signals | null, killed: boolean }> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL') }, graceMs)
    try {
      const end = await exited
      return { ...end, killed }
    } finally {
      clearTimeout(timer)
    }
  }
  const pattern = /listening on (\S+):(\d+)/
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = (): void => {
      const m = pattern.exec(out)
      if (m !== null) { done(); resolve(m) }
    }
    const onExit = (): void => { done(); reject(new Error(`${script} exited early (${child.exitCode ?? child.signalCode}): ${out}`)) }
    const timer = setTimeout(() => {
      done()
      stop(1000).finally(() => reject(new Error(`${script} did not print 'listening on' within ${timeoutMs} ms: ${out}`)))
    }, timeoutMs)
    const done = (): void => {
      clearTimeout(timer)
      child.stdout?.off('data', check)
      child.off('exit', onExit)
    }
    child.stdout?.on('data', check)
    child.once('exit', onExit)
  })
  const listeningMs = performance.now() - spawnedAt
  const pid = child.pid as number
  return {
    child,
    pid,
    host: match[1].replace(/^\[|\]$/g, ''),
    port: Number(match[2]),
    spawnedAt,
    listeningMs,
    output: () => out,
    memory: () => readMemory(pid),
    cpuMs: () => cpuMs(pid),
    stop
  }
}
