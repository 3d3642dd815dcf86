// Runs every bench/*.bench.ts in turn (alphabetical), each in its own Node process with its output passed
// through, and ends with one line per bench (exit status, duration). `npm run bench`. A bench that runs past
// BENCH_EACH_TIMEOUT seconds (default 600) gets SIGTERM, then SIGKILL 10 s later. Exit status: 1 if any failed.
//   node bench/run-all.ts [name-filter]    e.g. `node bench/run-all.ts broker`
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

const dir = new URL('.', import.meta.url).pathname
const filter = process.argv[2]
const eachTimeoutMs = Number(process.env.BENCH_EACH_TIMEOUT ?? 600) * 1000

const benches = (await readdir(dir))
  .filter(f => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
  .sort()

if (benches.length === 0) {
  console.error(`no bench/*.bench.ts${filter === undefined ? '' : ` matching '${filter}'`}`)
  process.exit(1)
}

interface Outcome { bench: string, status: string, seconds: number, ok: boolean }
const outcomes: Outcome[] = []
let current: ReturnType<typeof spawn> | undefined

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    current?.kill(signal)
    setTimeout(() => { current?.kill('SIGKILL'); process.exit(130) }, 5000).unref()
  })
}

for (const bench of benches) {
  console.log(`\n=== ${bench} ${'='.repeat(Math.max(0, 100 - bench.length))}`)
  const started = performance.now()
  const child = spawn(process.execPath, [join(dir, bench)], { stdio: 'inherit' })
  current = child
  let timedOut = false
  const term = setTimeout(() => {
    timedOut = true
    console.error(`${bench}: still running after ${eachTimeoutMs / 1000} s, stopping it`)
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 10000).unref()
  }, eachTimeoutMs)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
    child.once('exit', (c, s) => resolve([c, s]))
    child.once('error', err => { console.error(`${bench}: ${err.message}`); resolve([null, null]) })
  })
  clearTimeout(term)
  current = undefined
  const seconds = (performance.now() - started) / 1000
  const ok = code === 0 && !timedOut
  outcomes.push({ bench, seconds, ok, status: timedOut ? 'timed out' : signal !== null ? `killed by ${signal}` : code === 0 ? 'ok' : `exit ${code}` })
}

console.log(`\n=== summary ${'='.repeat(92)}`)
for (const o of outcomes) console.log(`${o.bench.padEnd(32)} ${o.status.padEnd(16)} ${o.seconds.toFixed(1).padStart(7)} s`)
process.exitCode = outcomes.every(o => o.ok) ? 0 : 1
