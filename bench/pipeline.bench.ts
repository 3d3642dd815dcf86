// The seed pipeline under load, side by side in one run (`npm run bench:pipeline`):
//   pipeline:  N lines of ~100 B in a file → kconnect standalone (FileStreamSource → broker → FileStreamSink) → file
//   baseline:  the same lines produced with @platformatic/kafka alone (batches of 2000, acks=all), consumed back with
//              it and appended to a file, in this process, against the same broker process
// plus worker RSS idle and under load, and start-up time (spawn → first HTTP 200 from GET /, median of 5).
//   BENCH_LINES=1000000  BENCH_CONVERTER=json|string  BENCH_TIMEOUT=600
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Consumer, Producer, type Message } from '@platformatic/kafka'
import { formatProperties } from '../src/config/properties.ts'
import { onCleanup, runCleanup, trackChild, trackDir, withTimeout } from './lib/cleanup.ts'
import { readMemory, spawnServer } from './lib/proc.ts'
import { envInt, fmt, fmtInt, mib, table } from './lib/format.ts'

const root = new URL('..', import.meta.url).pathname
const cli = join(root, 'bin/kconnect.js')
const LINES = envInt('BENCH_LINES', 1_000_000)
const TIMEOUT = envInt('BENCH_TIMEOUT', 600) * 1000
const CONVERTER = process.env.BENCH_CONVERTER === 'string' ? 'org.apache.kafka.connect.storage.StringConverter' : 'org.apache.kafka.connect.json.JsonConverter'
const dir = mkdtempSync(join(tmpdir(), 'kconnect-pipeline-'))
trackDir(dir)
const hardStop = setTimeout(() => { console.error(`bench: still running after ${TIMEOUT / 1000} s, giving up`); void runCleanup().finally(() => process.exit(1)) }, TIMEOUT)
hardStop.unref()

const line = (i: number): string => `line ${String(i).padStart(9, '0')} `.padEnd(99, 'abcdefghij')
const input = join(dir, 'input.txt')
{
  const chunks: string[] = []
  for (let i = 0; i < LINES; i++) chunks.push(line(i))
  writeFileSync(input, chunks.join('\n') + '\n')
}
const inputBytes = statSync(input).size
const inputHash = createHash('sha256').update(readFileSync(input)).digest('hex')
console.log(`pipeline bench: ${fmtInt(LINES)} lines, ${fmt(inputBytes / 1e6)} MB, converter ${CONVERTER.split('.').pop()}, node ${process.version}; data in ${dir}`)

async function freePort (): Promise<number> {
  const srv = createServer()
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const port = (srv.address() as { port: number }).port
  srv.close()
  return port
}

async function waitFor (what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}

const size = (path: string): number => { try { return statSync(path).size } catch { return 0 } }

interface Worker { child: ChildProcess, url: string, stop (): Promise<void> }

async function startWorker (bootstrap: string, name: string, connectors: Array<Record<string, string>>, port: number): Promise<Worker & { spawnMs: number }> {
  const props = join(dir, `${name}.properties`)
  writeFileSync(props, formatProperties({
    'bootstrap.servers': bootstrap, 'key.converter': CONVERTER, 'value.converter': CONVERTER,
    'offset.storage.file.filename': join(dir, `${name}.offsets`), 'offset.flush.interval.ms': '1000', listeners: `http://127.0.0.1:${port}`
  }))
  const files = connectors.map((c, i) => { const p = join(dir, `${name}-c${i}.properties`); writeFileSync(p, formatProperties(c)); return p })
  const t0 = performance.now()
  const child = spawn(process.execPath, [cli, 'standalone', '--log-level', 'warn', props, ...files], { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  let out = ''
  child.stdout!.on('data', d => { out += String(d) })
  child.stderr!.on('data', d => { out += String(d) })
  const url = `http://127.0.0.1:${port}`
  await waitFor('worker REST', async () => {
    if (child.exitCode !== null) throw new Error(`worker exited: ${out}`)
    try { return (await fetch(url + '/', { signal: AbortSignal.timeout(1000) })).status === 200 } catch { return false }
  }, 30000, 2)
  const spawnMs = performance.now() - t0
  return {
    child, url, spawnMs,
    stop: async () => { if (child.exitCode === null) { child.kill('SIGTERM'); await Promise.race([once(child, 'exit'), new Promise(resolve => setTimeout(resolve, 10000))]) } }
  }
}

const broker = await spawnServer(cli, ['broker', '--port', '0', '--log-level', 'warn', '--data-dir', join(dir, 'broker')])
onCleanup(async () => { await broker.stop() })
const bootstrap = `${broker.host}:${broker.port}`
console.log(`broker pid ${broker.pid} on ${bootstrap}`)

// Start-up time and idle RSS: a worker with no connectors.
const starts: number[] = []
let idleRss = 0
for (let i = 0; i < 5; i++) {
  const w = await startWorker(bootstrap, `idle${i}`, [], await freePort())
  starts.push(w.spawnMs)
  if (i === 0) { await new Promise(resolve => setTimeout(resolve, 3000)); idleRss = readMemory(w.child.pid!)?.rss ?? NaN }
  await w.stop()
}
starts.sort((a, b) => a - b)

// Pipeline, without and with a chain of three SMTs on the source (RegexRouter, InsertHeader, DropHeaders).
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

async function pipeline (name: string, withSmts: boolean): Promise<{ seconds: number, peakRss: number }> {
  const output = join(dir, `${name}.txt`)
  const topic = name
  const w = await startWorker(bootstrap, name, [
    { name: 'src', 'connector.class': 'FileStreamSource', file: input, topic, ...(withSmts ? SMTS : {}) },
    { name: 'snk', 'connector.class': 'FileStreamSink', file: output, topics: withSmts ? `${topic}-routed` : topic }
  ], await freePort())
  const t0 = performance.now()
  let lastReport = t0
  await withTimeout(waitFor(`${name} output complete`, () => {
    const now = performance.now()
    if (now - lastReport > 5000) { lastReport = now; console.log(`  ${name}: ${fmt(size(output) / inputBytes * 100)} % after ${fmt((now - t0) / 1000)} s`) }
    return size(output) >= inputBytes
  }, TIMEOUT, 20), TIMEOUT, name)
  const seconds = (performance.now() - t0) / 1000
  const peakRss = readMemory(w.child.pid!)?.peak ?? NaN
  const outputHash = createHash('sha256').update(readFileSync(output)).digest('hex')
  await w.stop()
  if (outputHash !== inputHash) throw new Error(`${name} output differs from input`)
  rmSync(output)
  return { seconds, peakRss }
}

const plain = await pipeline('pipeline', false)
const pipeSeconds = plain.seconds
const peakRss = plain.peakRss
const smt = await pipeline('pipeline-smt', true)

// Baseline: the same lines through @platformatic/kafka alone, to a file.
const baseOut = join(dir, 'baseline.txt')
const baseTopic = 'baseline'
const producer = new Producer({ clientId: 'bench-baseline-producer', bootstrapBrokers: [bootstrap], acks: -1, autocreateTopics: true })
const consumer = new Consumer({ clientId: 'bench-baseline-consumer', bootstrapBrokers: [bootstrap], groupId: `bench-baseline-${Date.now()}`, maxWaitTime: 100 })
onCleanup(async () => { await producer.close(true); await consumer.close(true) })
const tBase = performance.now()
const written = (async () => {
  const lines = readFileSync(input, 'utf8').split('\n')
  lines.pop()
  for (let i = 0; i < lines.length; i += 2000) {
    await producer.send({ messages: lines.slice(i, i + 2000).map(l => ({ topic: baseTopic, value: Buffer.from(l) })) })
  }
})()
await written.catch(err => { throw err })
const stream = await consumer.consume({ topics: [baseTopic], mode: 'earliest', autocommit: false })
await withTimeout(new Promise<void>((resolve, reject) => {
  let n = 0
  let pending: string[] = []
  stream.on('error', reject)
  stream.on('data', (m: Message) => {
    pending.push(String(m.value) + '\n')
    n++
    if (pending.length >= 2000 || n === LINES) { appendFileSync(baseOut, pending.join('')); pending = [] }
    if (n === LINES) resolve()
  })
}), TIMEOUT, 'baseline consume')
const baseSeconds = (performance.now() - tBase) / 1000
await stream.close()
if (size(baseOut) !== inputBytes) throw new Error(`baseline output has ${size(baseOut)} bytes, expected ${inputBytes}`)

const pipeRate = LINES / pipeSeconds
const baseRate = LINES / baseSeconds
console.log(table(['run', 'seconds', 'msgs/s', 'MB/s'], [
  ['kconnect pipeline (file → source → broker → sink → file)', fmt(pipeSeconds, 2), fmtInt(pipeRate), fmt(inputBytes / 1e6 / pipeSeconds)],
  ['@platformatic/kafka produce + consume → file (same broker)', fmt(baseSeconds, 2), fmtInt(baseRate), fmt(inputBytes / 1e6 / baseSeconds)],
  ['kconnect pipeline + RegexRouter, InsertHeader, DropHeaders', fmt(smt.seconds, 2), fmtInt(LINES / smt.seconds), fmt(inputBytes / 1e6 / smt.seconds)]
]))
console.log(`SMT chain overhead on the pipeline: ${fmt((smt.seconds / pipeSeconds - 1) * 100)} % (goal ≤ 15 %)`)
console.log(`worker RSS idle ${mib(idleRss)} (goal ≤ 60 MB), peak under load ${mib(peakRss)}; broker RSS ${mib(broker.memory()?.rss)}`)
console.log(`start-up (spawn → first 200 from GET /): median ${fmt(starts[2]!, 0)} ms of 5 (${starts.map(s => fmt(s, 0)).join(', ')}) (goal ≤ 500 ms)`)
console.log(`SUMMARY pipeline ${fmtInt(pipeRate)} msg/s vs raw client ${fmtInt(baseRate)} msg/s = ${fmt(pipeRate / baseRate, 2)}× (goal ≥ 0.9); idle RSS ${mib(idleRss)}; start ${fmt(starts[2]!, 0)} ms`)
await runCleanup()
rmSync(dir, { recursive: true, force: true })
