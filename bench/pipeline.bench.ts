// The seed pipeline under load, side by side in one run (`npm run bench:pipeline`), against one broker child process
// (`kconnect broker --data-dir`):
//   pipeline:  N lines of 100 B (99 ASCII chars + \n) in a file, written before the worker starts →
//              `node src/cli/main.ts standalone` child (FileStreamSource → broker → FileStreamSink) → output file;
//              timed from the worker's spawn until the output file has every byte, then checked (size and SHA-256)
//   baseline:  the same lines moved by @platformatic/kafka alone, in its own child process
//              (bench/lib/pipeline-baseline.ts): send() calls of 2000 records, acks=all, 5 pending, a group consumer
//              running concurrently appending the values to a file; timed and checked the same way (spawn → last line)
//   variants:  the pipeline with StringConverter instead of JsonConverter, and with three SMTs on the source
//              (RegexRouter, InsertHeader, DropHeaders); skipped when the time budget would not allow them
// plus worker RSS (idle with no connectors after 3 s; VmHWM of the pipeline worker at the end), the broker's RSS,
// and start-up time (spawn → first 200 from GET / on a port picked beforehand, median of 5) for src/cli/main.ts and
// for the bin/kconnect.js launcher (V8 compile cache). Prints a table and a final SUMMARY line.
//
// Environment (all optional):
//   BENCH_LINES=1000000        lines in the input file
//   BENCH_VARIANTS=json,string,smt   pipeline runs after the baseline (json is always run, first)
//   BENCH_BASELINE=concurrent  or `sequential`: the baseline consumer starts after the last send
//   BENCH_STARTS=5             start-up runs per launcher
//   BENCH_PROFILE=1            one more json pipeline run with the worker under --cpu-prof; prints its hot spots
//   BENCH_PROFILE_DIR=DIR      keep the .cpuprofile there (default: the temp dir, removed)
//   BENCH_STALL=60             fail a run when its output file does not grow for this long, seconds
//   BENCH_QUIET_WAIT=30        wait up to this long (s) at start for other processes to stop using the CPU (0: don't)
//   BENCH_TIMEOUT=600          hard limit for the whole run, seconds
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { runCleanup, trackChild, trackDir, withTimeout } from './lib/cleanup.ts'
import { procStat, spawnServer, type ChildServer } from './lib/proc.ts'
import { summarizeProfile } from './lib/cpuprofile.ts'
import { envInt, fmt, fmtInt, mib, percentile, table } from './lib/format.ts'
import { fileSha256, fileSize, freePort, machineBusyMs, sleep, spawnWorker, type WorkerChild } from './lib/pipeline-worker.ts'

const root = new URL('..', import.meta.url).pathname
const cli = join(root, 'src/cli/main.ts')
const launcher = join(root, 'bin/kconnect.js')
const baselineScript = join(root, 'bench/lib/pipeline-baseline.ts')

const LINES = envInt('BENCH_LINES', 1_000_000)
const TIMEOUT_S = envInt('BENCH_TIMEOUT', 600)
const STARTS = envInt('BENCH_STARTS', 5)
const STALL_S = envInt('BENCH_STALL', 60)
const PROFILE = process.env.BENCH_PROFILE === '1'
const SEQUENTIAL = process.env.BENCH_BASELINE === 'sequential'
const VARIANTS = new Set((process.env.BENCH_VARIANTS ?? 'json,string,smt').split(',').map(s => s.trim()).filter(s => s !== ''))
for (const v of VARIANTS) if (!['json', 'string', 'smt'].includes(v)) throw new Error(`BENCH_VARIANTS: unknown variant '${v}' (json, string, smt)`)
const BATCH = 2000
const LINE_BYTES = 100
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter'
const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter'

const started = performance.now()
const deadline = started + TIMEOUT_S * 1000
const remainingMs = (): number => Math.max(0, deadline - performance.now())
const log = (line: string): void => { console.log(line) }
const notes: string[] = []
let failed = false

const dir = mkdtempSync(join(tmpdir(), 'kconnect-pipeline-'))
trackDir(dir)

/** Line i: `line 000000042 ` padded with the alphabet to 99 chars; with its \n exactly LINE_BYTES bytes. */
const line = (i: number): string => `line ${String(i).padStart(9, '0')} `.padEnd(LINE_BYTES - 1, 'abcdefghijklmnopqrstuvwxyz')

function writeInput (path: string): { bytes: number, hash: string } {
  const hash = createHash('sha256')
  const fd = openSync(path, 'w')
  let bytes = 0
  try {
    for (let i = 0; i < LINES; i += 10_000) {
      const chunk: string[] = []
      for (let j = i; j < Math.min(LINES, i + 10_000); j++) chunk.push(line(j) + '\n')
      const buf = Buffer.from(chunk.join(''))
      hash.update(buf)
      for (let at = 0; at < buf.length;) at += writeSync(fd, buf, at)
      bytes += buf.length
    }
  } finally {
    closeSync(fd)
  }
  return { bytes, hash: hash.digest('hex') }
}

// ---------------------------------------------------------------------------------------------------------------
// One measured run: a child process that moves the input file to an output file.

interface RunResult {
  label: string
  /** Spawn of the child → output complete. */
  seconds: number
  /** Spawn → first byte in the output file. */
  firstS: number
  /** Spawn → first 200 from GET / (workers only). */
  readyS?: number
  cpuMs: number
  brokerCpuMs: number
  /** CPU used by every other process on the machine, % of one core. */
  otherPct: number
  peakRss?: number
  check: string
  note?: string
}

interface CpuWindow { stop (): { brokerCpuMs: number, otherPct: number } }

function cpuWindow (broker: ChildServer, childPid: () => number | undefined): CpuWindow {
  const t0 = performance.now()
  const machine0 = machineBusyMs()
  const broker0 = procStat(broker.pid)
  const bench0 = process.cpuUsage()
  return {
    stop: () => {
      const wall = performance.now() - t0
      const b = procStat(broker.pid)
      const brokerCpuMs = b.userMs + b.systemMs - broker0.userMs - broker0.systemMs
      const benchCpu = process.cpuUsage(bench0)
      const pid = childPid()
      const c = pid === undefined ? { userMs: NaN, systemMs: NaN } : procStat(pid)
      const other = machineBusyMs() - machine0 - brokerCpuMs - (benchCpu.user + benchCpu.system) / 1000 - (c.userMs + c.systemMs)
      return { brokerCpuMs, otherPct: 100 * Math.max(0, other) / wall }
    }
  }
}

/**
 * Polls the output file's size every 20 ms until it has `expected` bytes; logs progress every 5 s; fails when the
 * child exits first, when the file stops growing for BENCH_STALL seconds, or when the time budget is used up.
 */
async function waitForOutput (label: string, path: string, expected: number, t0: number, alive: () => string | undefined): Promise<{ doneAt: number, firstAt: number }> {
  let firstAt = NaN
  let lastSize = 0
  let lastGrowth = performance.now()
  let lastReport = performance.now()
  let reportedSize = 0
  for (;;) {
    const now = performance.now()
    const size = fileSize(path)
    if (size > 0 && Number.isNaN(firstAt)) firstAt = now
    if (size >= expected) return { doneAt: now, firstAt }
    if (size !== lastSize) { lastSize = size; lastGrowth = now }
    if (now - lastReport >= 5000) {
      const rate = (size - reportedSize) / LINE_BYTES / ((now - lastReport) / 1000)
      log(`  ${label}: ${fmtInt(size / LINE_BYTES)} / ${fmtInt(LINES)} lines after ${fmt((now - t0) / 1000)} s (${fmtInt(rate)} lines/s over the last ${fmt((now - lastReport) / 1000, 0)} s)`)
      lastReport = now
      reportedSize = size
    }
    const dead = alive()
    if (dead !== undefined) throw new Error(`${label}: ${dead} with ${fmtInt(size / LINE_BYTES)} of ${fmtInt(LINES)} lines in the output`)
    if (now - lastGrowth > STALL_S * 1000) throw new Error(`${label}: stalled — the output file stayed at ${fmtInt(size)} bytes (${fmtInt(size / LINE_BYTES)} lines) for ${STALL_S} s`)
    if (remainingMs() === 0) throw new Error(`${label}: BENCH_TIMEOUT=${TIMEOUT_S} s reached with ${fmtInt(size / LINE_BYTES)} of ${fmtInt(LINES)} lines in the output`)
    await sleep(20)
  }
}

async function verify (path: string, input: { bytes: number, hash: string }): Promise<string> {
  const size = fileSize(path)
  if (size !== input.bytes) return `SIZE ${fmtInt(size)} ≠ ${fmtInt(input.bytes)}`
  return await fileSha256(path) === input.hash ? 'ok (size+sha256)' : 'HASH MISMATCH'
}

const SMTS = {
  transforms: 'route,tag,untag',
  'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
  'transforms.route.regex': '(.*)',
  'transforms.route.replacement': '$1-routed',
  'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertHeader',
  'transforms.tag.header': 'origin',
  'transforms.tag.value.literal': 'bench',
  'transforms.untag.type': 'org.apache.kafka.connect.transforms.DropHeaders',
  'transforms.untag.headers': 'unused'
}

let runNo = 0

async function runPipeline (broker: ChildServer, input: { path: string, bytes: number, hash: string }, label: string, converter: string, smts: boolean, nodeArgs: string[] = []): Promise<RunResult & { worker: WorkerChild }> {
  const name = `pipeline-${++runNo}`
  const output = join(dir, `${name}.out`)
  const worker = spawnWorker({
    script: cli,
    dir,
    name,
    port: await freePort(),
    nodeArgs,
    workerProps: {
      'bootstrap.servers': `${broker.host}:${broker.port}`,
      'key.converter': converter,
      'value.converter': converter,
      'offset.flush.interval.ms': '1000'
    },
    connectors: [
      { name: `${name}-source`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input.path, topic: name, ...(smts ? SMTS : {}) },
      { name: `${name}-sink`, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: output, topics: smts ? `${name}-routed` : name }
    ]
  })
  const t0 = worker.spawnedAt
  const cpu = cpuWindow(broker, () => worker.pid)
  let readyAt = NaN
  worker.ready(30000, 20).then(at => { readyAt = at }, () => {})
  const { doneAt, firstAt } = await waitForOutput(label, output, input.bytes, t0, () => worker.exited() ? `the worker exited (${worker.child.exitCode ?? worker.child.signalCode}):\n${worker.output()}` : undefined)
  const { brokerCpuMs, otherPct } = cpu.stop()
  const cpuMs = worker.cpuMs()
  const mem = worker.memory()
  const check = await verify(output, input)
  const stopped = await worker.stop()
  const after = fileSize(output)
  const problems: string[] = []
  if (after !== input.bytes) problems.push(`output grew to ${fmtInt(after)} bytes after completion`)
  if (stopped.killed || stopped.code !== 0) problems.push(`worker ended with ${stopped.killed ? 'SIGKILL after the grace period' : `code ${stopped.code} signal ${stopped.signal}`}`)
  if (worker.output().trim() !== '' && !/^kconnect standalone: REST API at \S+\s*$/.test(worker.output().trim())) {
    problems.push(`worker printed: ${worker.output().trim().split('\n').filter(l => !l.includes('REST API at')).slice(0, 3).join(' | ').slice(0, 400)}`)
  }
  if (!check.startsWith('ok')) failed = true
  rmSync(output, { force: true })
  return {
    label, worker, seconds: (doneAt - t0) / 1000, firstS: (firstAt - t0) / 1000, readyS: (readyAt - t0) / 1000,
    cpuMs, brokerCpuMs, otherPct, peakRss: mem?.peak, check, note: [`stop ${fmt(stopped.ms, 0)} ms`, ...problems].join('; ')
  }
}

async function runBaseline (broker: ChildServer, input: { path: string, bytes: number, hash: string }): Promise<RunResult> {
  const topic = `baseline-${process.pid}`
  const output = join(dir, 'baseline.out')
  const t0 = performance.now()
  const args = [baselineScript, `${broker.host}:${broker.port}`, input.path, output, topic, String(LINES), '--batch', String(BATCH), '--inflight', '5', ...(SEQUENTIAL ? ['--sequential'] : [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  let out = ''
  child.stdout.on('data', d => { out += String(d) })
  child.stderr.on('data', d => { out += String(d) })
  const exited = once(child, 'exit')
  const pid = child.pid as number
  const cpu = cpuWindow(broker, () => pid)
  const label = `baseline${SEQUENTIAL ? ' (sequential)' : ''}`
  const { doneAt, firstAt } = await waitForOutput(label, output, input.bytes, t0, () => child.exitCode !== null || child.signalCode !== null ? `the baseline exited (${child.exitCode ?? child.signalCode}):\n${out}` : undefined)
  const { brokerCpuMs, otherPct } = cpu.stop()
  const check = await verify(output, input)
  await withTimeout(exited, 15000, 'baseline child exit')
  const m = /^result (.*)$/m.exec(out)
  if (m === null) throw new Error(`baseline printed no result line:\n${out}`)
  const r = JSON.parse(m[1]) as { startedMs: number, firstSendMs: number, streamMs: number, firstMessageMs: number, producedMs: number, consumedMs: number, cpuMs: number, maxRssBytes: number }
  if (!check.startsWith('ok')) failed = true
  rmSync(output, { force: true })
  return {
    label: `@platformatic/kafka produce + consume → file${SEQUENTIAL ? ' (sequential)' : ''}`,
    seconds: (doneAt - t0) / 1000,
    firstS: (firstAt - t0) / 1000,
    cpuMs: r.cpuMs,
    brokerCpuMs,
    otherPct,
    peakRss: r.maxRssBytes,
    check,
    note: `modules loaded + input read ${fmt(r.startedMs / 1000, 2)} s, first send acked ${fmt(r.firstSendMs / 1000, 2)} s, consume() resolved ${fmt(r.streamMs / 1000, 2)} s, first record ${fmt(r.firstMessageMs / 1000, 2)} s, all sends acked ${fmt(r.producedMs / 1000, 2)} s, all consumed ${fmt(r.consumedMs / 1000, 2)} s after process start`
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Start-up and idle RSS: workers with no connectors.

interface StartFigures { script: string, ms: number[], idle?: { rss: number, peak: number } }

async function measureStarts (broker: ChildServer, script: string, idleAfterLast: boolean): Promise<StartFigures> {
  const ms: number[] = []
  let idle: { rss: number, peak: number } | undefined
  for (let i = 0; i < STARTS; i++) {
    const name = `start-${++runNo}`
    const w = spawnWorker({
      script, dir, name, port: await freePort(), connectors: [],
      workerProps: { 'bootstrap.servers': `${broker.host}:${broker.port}`, 'key.converter': JSON_CONVERTER, 'value.converter': JSON_CONVERTER, 'offset.flush.interval.ms': '1000' }
    })
    try {
      const readyAt = await w.ready(Math.min(30000, remainingMs()), 2)
      ms.push(readyAt - w.spawnedAt)
      if (idleAfterLast && i === STARTS - 1) {
        await sleep(3000)
        idle = w.memory()
      }
    } finally {
      await w.stop()
    }
  }
  return { script, ms, idle }
}

// ---------------------------------------------------------------------------------------------------------------

/** Waits (bounded) until the rest of the machine uses less than `maxPercent` of a core over a 1 s sample. */
async function waitForQuiet (maxPercent: number, limitS: number): Promise<number> {
  const until = Date.now() + limitS * 1000
  let busy = NaN
  do {
    const a = machineBusyMs()
    const c0 = process.cpuUsage()
    await sleep(1000)
    const c = process.cpuUsage(c0)
    busy = (machineBusyMs() - a - (c.user + c.system) / 1000) / 10
    if (!(busy >= maxPercent)) return busy
    log(`machine busy: other processes use ${fmt(busy, 0)}% of a core; waiting for quiet (BENCH_QUIET_WAIT=${limitS} s)`)
  } while (Date.now() < until)
  return busy
}

function profileSummary (profDir: string): string {
  const files = readdirSync(profDir).filter(f => f.endsWith('.cpuprofile'))
  if (files.length === 0) return 'profile: no .cpuprofile written (did the worker exit cleanly?)'
  const s = summarizeProfile(join(profDir, files[0]), root, 10)
  const lines = [`Worker CPU profile (${files[0]}): ${fmt(s.totalMs / 1000, 1)} s recorded, ${fmt(s.idleMs / 1000, 1)} s idle, ${fmt((s.totalMs - s.idleMs) / 1000, 1)} s busy`]
  lines.push(table(['self ms', '% busy', 'function', 'where', 'called from (project frames)'], s.functions.map(f => [fmt(f.selfMs, 0), fmt(f.percent, 1), f.name, f.where, f.from ?? ''])))
  lines.push('')
  lines.push(table(['self ms', '% busy', 'file'], s.files.map(f => [fmt(f.selfMs, 0), fmt(f.percent, 1), f.name])))
  return lines.join('\n')
}

async function main (): Promise<void> {
  log(`pipeline bench: ${fmtInt(LINES)} lines × ${LINE_BYTES} B, FileStreamSource → broker → FileStreamSink vs @platformatic/kafka alone (send() of ${BATCH}, acks=all, 5 pending; ${SEQUENTIAL ? 'consumer after the producer' : 'consumer concurrent with the producer'}; own child process); node ${process.version}; data in ${dir}`)
  const quietWait = Number(process.env.BENCH_QUIET_WAIT ?? 30)
  if (quietWait > 0) {
    const busy = await waitForQuiet(25, quietWait)
    if (busy >= 25) notes.push(`the machine was not quiet at start (other processes used ${fmt(busy, 0)}% of a core)`)
  }

  const inputPath = join(dir, 'input.txt')
  const t = performance.now()
  const input = { path: inputPath, ...writeInput(inputPath) }
  log(`input: ${fmtInt(input.bytes)} bytes written in ${fmt((performance.now() - t) / 1000, 2)} s, sha256 ${input.hash.slice(0, 16)}…`)

  const broker = await spawnServer(cli, ['broker', '--port', '0', '--log-level', 'warn', '--data-dir', join(dir, 'broker')])
  const brokerIdle = broker.memory()
  log(`broker pid ${broker.pid} listening on ${broker.host}:${broker.port} after ${fmt(broker.listeningMs, 0)} ms, RSS ${mib(brokerIdle?.rss)}`)
  try {
    log(`start-up: ${STARTS} runs each of src/cli/main.ts and bin/kconnect.js (no connectors), spawn → first 200 from GET /`)
    const startsMain = await measureStarts(broker, cli, true)
    const startsLauncher = await measureStarts(broker, launcher, false)
    log(`start-up: main.ts median ${fmt(percentile(startsMain.ms, 50), 0)} ms, bin/kconnect.js median ${fmt(percentile(startsLauncher.ms, 50), 0)} ms; idle worker RSS ${mib(startsMain.idle?.rss)}`)

    const runs: RunResult[] = []
    log(`pipeline (JsonConverter): ${fmtInt(LINES)} lines`)
    const json = await runPipeline(broker, input, 'pipeline JsonConverter', JSON_CONVERTER, false)
    runs.push(json)
    log(`  done in ${fmt(json.seconds, 2)} s (${fmtInt(LINES / json.seconds)} msg/s), ${json.check}`)

    log(`baseline: ${fmtInt(LINES)} lines`)
    const base = await runBaseline(broker, input)
    runs.push(base)
    log(`  done in ${fmt(base.seconds, 2)} s (${fmtInt(LINES / base.seconds)} msg/s), ${base.check}`)

    let stringRun: RunResult | undefined
    const optional: Array<[string, string, string, boolean]> = [
      ['string', 'pipeline StringConverter', STRING_CONVERTER, false],
      ['smt', 'pipeline JsonConverter + 3 SMTs', JSON_CONVERTER, true]
    ]
    const runsLeft = (): number => optional.filter(o => VARIANTS.has(o[0])).length + (PROFILE ? 1 : 0)
    for (const [key, label, converter, smts] of optional) {
      if (!VARIANTS.has(key)) continue
      // Each later run needs about as long as the JSON one; leave room for the rest and the shutdown.
      if (remainingMs() < runsLeft() * (json.seconds * 1000 * 1.2 + 5000)) {
        notes.push(`skipped '${label}': not enough of BENCH_TIMEOUT=${TIMEOUT_S} s left (${fmt(remainingMs() / 1000, 0)} s)`)
        VARIANTS.delete(key)
        continue
      }
      VARIANTS.delete(key)
      log(`${label}: ${fmtInt(LINES)} lines`)
      const r = await runPipeline(broker, input, label, converter, smts)
      runs.push(r)
      if (key === 'string') stringRun = r
      log(`  done in ${fmt(r.seconds, 2)} s (${fmtInt(LINES / r.seconds)} msg/s), ${r.check}`)
    }

    let profile: string | undefined
    if (PROFILE) {
      if (remainingMs() < json.seconds * 1000 * 1.5 + 5000) {
        notes.push(`skipped the profiled run: not enough of BENCH_TIMEOUT=${TIMEOUT_S} s left`)
      } else {
        const profDir = process.env.BENCH_PROFILE_DIR ?? join(dir, 'profile')
        mkdirSync(profDir, { recursive: true })
        log(`profiled pipeline (JsonConverter, worker under --cpu-prof → ${profDir})`)
        const r = await runPipeline(broker, input, 'profiled pipeline', JSON_CONVERTER, false, ['--cpu-prof', '--cpu-prof-dir', profDir])
        log(`  done in ${fmt(r.seconds, 2)} s (${fmtInt(LINES / r.seconds)} msg/s under the profiler), ${r.check}`)
        profile = profileSummary(profDir)
      }
    }
    const brokerEnd = broker.memory()

    log('')
    log(table(['run', 'total s', 'msg/s', 'MB/s', 'ready s', 'first line s', 'steady msg/s', 'CPU s', 'broker CPU s', 'CPU µs/msg', 'others', 'peak RSS', 'output'], runs.map(r => [
      r.label, fmt(r.seconds, 2), fmtInt(LINES / r.seconds), fmt(input.bytes / 1e6 / r.seconds, 1),
      r.readyS === undefined ? '' : fmt(r.readyS, 2), fmt(r.firstS, 2), fmtInt(LINES / (r.seconds - r.firstS)),
      fmt(r.cpuMs / 1000, 1), fmt(r.brokerCpuMs / 1000, 1), fmt((r.cpuMs + r.brokerCpuMs) * 1000 / LINES, 1), `${fmt(r.otherPct, 0)}%`, mib(r.peakRss), r.check
    ])))
    log('total s: spawn of the child → output file complete; ready s: → first 200 from GET /; first line s: → first byte in the output;')
    log('steady: lines ÷ (first line → last line) — the baseline consumer starts behind a backlog, so its figure is not comparable;')
    log('CPU s: the worker or the baseline child; CPU µs/msg: that + broker; others: CPU of every other process on the machine, % of one core')
    for (const r of runs) if (r.note !== undefined && r.note !== '') log(`  ${r.label}: ${r.note}`)

    const ratio = (LINES / json.seconds) / (LINES / base.seconds)
    log('')
    log(`pipeline ÷ baseline (msg/s by total time): JsonConverter ${fmt(ratio, 2)}${stringRun === undefined ? '' : `, StringConverter ${fmt(base.seconds / stringRun.seconds, 2)}`} (goal ≥ 0.9)`)
    log(table(['process', 'RSS', 'peak (VmHWM)', 'note'], [
      ['worker, no connectors, 3 s after start', mib(startsMain.idle?.rss), mib(startsMain.idle?.peak), `goal ≤ 60 MB (${fmt((startsMain.idle?.rss ?? NaN) / 1e6, 1)} MB)`],
      ['worker, JsonConverter pipeline, at the end', '', mib(json.peakRss), ''],
      ['baseline child (@platformatic/kafka)', '', mib(base.peakRss), 'maxRSS from getrusage'],
      ['broker, idle after start', mib(brokerIdle?.rss), '', ''],
      ['broker, at the end of the run', mib(brokerEnd?.rss), mib(brokerEnd?.peak), `holds ${runs.length + (profile === undefined ? 0 : 1)} topics of ${fmtInt(LINES)} records`]
    ]))
    log(table(['start-up (spawn → first 200 from GET /)', 'median ms', `all ${STARTS} runs, ms`], [
      ['node src/cli/main.ts standalone', fmt(percentile(startsMain.ms, 50), 0), startsMain.ms.map(v => fmt(v, 0)).join(', ')],
      ['node bin/kconnect.js standalone (compile cache)', fmt(percentile(startsLauncher.ms, 50), 0), startsLauncher.ms.map(v => fmt(v, 0)).join(', ')]
    ]))
    const busiest = Math.max(...runs.map(r => r.otherPct))
    if (busiest >= 20) notes.push(`other processes used up to ${fmt(busiest, 0)}% of a core during a run (the 'others' column); on a small machine the rates are then low and noisy — compare CPU µs/msg, or rerun when the machine is quiet`)
    if (failed) notes.push('an output did not match the input (see the output column)')
    for (const n of notes) log(`note: ${n}`)
    if (profile !== undefined) log(`\n${profile}`)

    log('')
    log(`SUMMARY pipeline ${fmtInt(LINES / json.seconds)} msg/s (${fmt(input.bytes / 1e6 / json.seconds, 1)} MB/s, JsonConverter)` +
      `${stringRun === undefined ? '' : `, ${fmtInt(LINES / stringRun.seconds)} msg/s StringConverter`}` +
      ` vs @platformatic/kafka ${fmtInt(LINES / base.seconds)} msg/s = ${fmt(ratio, 2)}× (goal ≥ 0.9);` +
      ` worker RSS idle ${mib(startsMain.idle?.rss)} (goal ≤ 60 MB), peak ${mib(json.peakRss)}; broker RSS ${mib(brokerEnd?.rss)};` +
      ` start-up median ${fmt(percentile(startsMain.ms, 50), 0)} ms main.ts / ${fmt(percentile(startsLauncher.ms, 50), 0)} ms bin/kconnect.js (goal ≤ 500 ms);` +
      ` outputs ${failed ? 'MISMATCH' : 'verified'}; total ${fmt((performance.now() - started) / 1000, 1)} s`)
  } finally {
    await broker.stop(5000)
  }
  if (failed) process.exitCode = 1
}

const hardLimit = setTimeout(() => {
  console.error(`pipeline bench: exceeded BENCH_TIMEOUT=${TIMEOUT_S} s, aborting`)
  runCleanup().finally(() => process.exit(2))
}, TIMEOUT_S * 1000 + 15000)
hardLimit.unref()

try {
  await main()
} catch (err) {
  console.error(`pipeline bench failed: ${inspect(err, { depth: 6 })}`)
  process.exitCode = 1
} finally {
  await runCleanup()
  clearTimeout(hardLimit)
  process.exit()
}
