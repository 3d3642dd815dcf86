// Cleanup that runs however the bench ends: normal completion, a thrown error, Ctrl-C or SIGTERM. Child
// processes get SIGKILL as a last resort from the synchronous 'exit' hook; temp dirs are removed there too.
import { rmSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'

const children = new Set<ChildProcess>()
const dirs = new Set<string>()
const tasks: Array<() => Promise<void>> = []
let installed = false

function killAllSync (): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try { child.kill('SIGKILL') } catch { /* already gone */ }
    }
  }
  children.clear()
  for (const dir of dirs) {
    try { rmSync(dir, { recursive: true, force: true }) } catch { /* best effort */ }
  }
  dirs.clear()
}

function install (): void {
  if (installed) return
  installed = true
  process.on('exit', killAllSync)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`)
      killAllSync()
      process.exit(130)
    })
  }
}

export function trackChild (child: ChildProcess): void {
  install()
  children.add(child)
  child.once('exit', () => children.delete(child))
}

export function trackDir (dir: string): void {
  install()
  dirs.add(dir)
}

export function untrackDir (dir: string): void {
  dirs.delete(dir)
}

/** An async cleanup run by runCleanup() in reverse order of registration (e.g. closing clients); the returned
 * function drops it again (call it once the resource was closed normally, so nothing is kept alive). */
export function onCleanup (task: () => Promise<void>): () => void {
  install()
  tasks.push(task)
  return () => {
    const at = tasks.lastIndexOf(task)
    if (at >= 0) tasks.splice(at, 1)
  }
}

export async function runCleanup (): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop() as () => Promise<void>
    try { await withTimeout(task(), 5000, 'cleanup task') } catch (err) { console.error(`cleanup: ${(err as Error).message}`) }
  }
  killAllSync()
}

/** Rejects after `ms`; `what` may be a function, evaluated then (to report progress). */
export async function withTimeout<T> (promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${typeof what === 'function' ? what() : what} did not finish within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
