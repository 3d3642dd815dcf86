// Broker benchmark: raw loopback socket pump (the denominator) next to produce, consume and latency figures of
// the embedded broker driven by @platformatic/kafka, with the broker in a child process (`kconnect broker`), once
// in memory and once on a data dir. Prints a table and a final SUMMARY line.
//
//   node bench/broker.bench.ts                 (npm run bench:broker)
//
// Environment (all optional):
//   BENCH_MESSAGES=300000      records per produce test (split across producers)
//   BENCH_RECORD_BYTES=1024    record value size
//   BENCH_BATCH=512            records per send() (one Produce request per send)
//   BENCH_INFLIGHT=5           send() calls in flight per producer (= client maxInflights)
//   BENCH_PRODUCERS=4          producers of the concurrent test (each on its own partition)
//   BENCH_REPEAT=3             runs of each produce test; the table shows the median run (and the range)
//   BENCH_PUMP_SECONDS=2       duration of each raw pump run
//   BENCH_LATENCY_RATE=2000    msg/s of the latency test;  BENCH_LATENCY_SECONDS=3
//   BENCH_STORAGE=memory,file  which broker runs to do (in this order)
//   BENCH_TESTS=consume,latency  tests run after the produce tests on each broker
//   BENCH_CEILING=0            skip the client-ceiling run (producers against a sink that answers Produce unread)
//   BENCH_SWEEP=1              also sweep client settings (batch size × in-flight, asStream) on the memory broker
//   BENCH_PROFILE=1            run the broker children under --cpu-prof and print their hot spots
//   BENCH_PROFILE_DIR=DIR      keep the .cpuprofile files there (default: a temp dir, removed)
//   BENCH_QUIET_WAIT=30        wait up to this long (s) at start for other processes to stop using the CPU (0: don't)
//   BENCH_TIMEOUT=300          hard limit for the whole run, seconds
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { inspect } from 'node:util'
import { join } from 'node:path'
import { Admin, Consumer, Producer, type Message } from '@platformatic/kafka'
import { onCleanup, runCleanup, trackDir, withTimeout } from './lib/cleanup.ts'
import { procStat, spawnServer, type ChildServer } from './lib/proc.ts'
import { waitForMetadata } from './lib/kafka-wire.ts'
import { pumpRequestResponse, pumpStream, type PumpResult } from './lib/pump.ts'
import { summarizeProfile } from './lib/cpuprofile.ts'
import { envInt, fmt, fmtInt, mb, mib, percentile, table } from './lib/format.ts'

const root = new URL('..', import.meta.url).pathname
const cli = join(root, 'src/cli/main.ts')
const pumpServer = join(root, 'bench/lib/pump-server.ts')
const produceSink = join(root, 'bench/lib/produce-sink.ts')

const MESSAGES = envInt('BENCH_MESSAGES', 300_000)
const RECORD = envInt('BENCH_RECORD_BYTES', 1024)
const BATCH = envInt('BENCH_BATCH', 512)
const INFLIGHT = envInt('BENCH_INFLIGHT', 5)
const PRODUCERS = envInt('BENCH_PRODUCERS', 4)
const PUMP_SECONDS = envInt('BENCH_PUMP_SECONDS', 2)
const LAT_RATE = envInt('BENCH_LATENCY_RATE', 2000)
const LAT_SECONDS = envInt('BENCH_LATENCY_SECONDS', 3)
const STORAGE = (process.env.BENCH_STORAGE ?? 'memory,file').split(',').map(s => s.trim()).filter(s => s !== '')
const SWEEP = process.env.BENCH_SWEEP === '1'
const PROFILE = process.env.BENCH_PROFILE === '1'
const REPEAT = envInt('BENCH_REPEAT', 3)
const FETCH_MAX_BYTES = process.env.BENCH_FETCH_MAX_BYTES === undefined ? undefined : envInt('BENCH_FETCH_MAX_BYTES', 0)
const TIMEOUT_S = envInt('BENCH_TIMEOUT', 300)
const TESTS = new Set((process.env.BENCH_TESTS ?? 'consume,latency').split(',').map(s => s.trim()))

// A Produce v9 request of BATCH records: ~10 bytes of record framing per record (length, attributes, timestamp
// and offset deltas, key -1, value length, header count), a 61-byte batch header and ~120 bytes of request.
const RECORD_FRAMING = 10
const produceFrameBytes = (records: number): number => records * (RECORD + RECORD_FRAMING) + 61 + 120
// A Produce v9 response for one partition is ~60 bytes; the pump answers with 64.
const REPLY_BYTES = 64

const value = Buffer.alloc(RECORD, 0x61)
let uniq = 0
const name = (prefix: string): string => `${prefix}-${process.pid}-${++uniq}`

interface Row { section: string, test: string, msgs?: number, seconds: number, msgPerSec?: number, mbPerSec?: number, ratio?: number, vsCeiling?: number, note?: string }
const rows: Row[] = []
const notes: string[] = []
const log = (line: string): void => { console.log(line) }

// ---------------------------------------------------------------------------------------------------------------
// CPU share of the bench (client) process and of the server child over a measured window, in % of one core.

interface CpuShare {
  client: number
  server: number
  /** Share of the server's CPU time spent in the kernel, %. */
  serverSys: number
  serverFaults: number
  other: number
  steal: number
}

/** Machine-wide busy and steal time from /proc/stat, ms summed over all CPUs (NaN when unreadable). */
function machineCpu (): { busy: number, steal: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = line
    return { busy: (user + nice + system + irq + softirq) * 10, steal: (steal ?? 0) * 10 }
  } catch {
    return { busy: NaN, steal: NaN }
  }
}

class CpuMeter {
  #pid: number | undefined
  #client = process.cpuUsage()
  #server = procStat(-1)
  #machine = { busy: NaN, steal: NaN }
  #t = 0
  result: CpuShare | undefined
  constructor (pid: number | undefined) { this.#pid = pid }
  start (): void {
    this.#client = process.cpuUsage()
    this.#server = procStat(this.#pid ?? -1)
    this.#machine = machineCpu()
    this.#t = performance.now()
  }

  stop (): void {
    const wall = performance.now() - this.#t
    const c = process.cpuUsage(this.#client)
    const client = (c.user + c.system) / 1000
    const s = procStat(this.#pid ?? -1)
    const serverSys = s.systemMs - this.#server.systemMs
    const server = s.userMs - this.#server.userMs + serverSys
    const m = machineCpu()
    const other = m.busy - this.#machine.busy - client - (Number.isNaN(server) ? 0 : server)
    this.result = {
      client: 100 * client / wall,
      server: 100 * server / wall,
      serverSys: 100 * serverSys / server,
      serverFaults: s.minorFaults - this.#server.minorFaults,
      other: 100 * Math.max(0, other) / wall,
      steal: 100 * (m.steal - this.#machine.steal) / wall
    }
    worstContention = Math.max(worstContention, this.result.other + this.result.steal)
  }
}

let worstContention = 0

/** Waits (bounded) until the rest of the machine uses less than `maxPercent` of a core over a 1 s sample. */
async function waitForQuiet (maxPercent: number, limitS: number): Promise<number> {
  const deadline = Date.now() + limitS * 1000
  let busy = NaN
  do {
    const a = machineCpu()
    const c0 = process.cpuUsage()
    await new Promise(resolve => setTimeout(resolve, 1000))
    const c = process.cpuUsage(c0)
    busy = (machineCpu().busy - a.busy - (c.user + c.system) / 1000) / 10
    if (!(busy >= maxPercent)) return busy
    log(`machine busy: other processes use ${fmt(busy, 0)}% of a core; waiting for quiet (BENCH_QUIET_WAIT=${limitS} s)`)
  } while (Date.now() < deadline)
  return busy
}

/** CPU use in % of one core; other processes and hypervisor steal are shown when they reach 10%. */
const cpuNote = (m: CpuMeter, server = 'broker'): string => {
  const r = m.result
  if (r === undefined) return ''
  const extra = [r.other >= 10 ? ` other ${fmt(r.other, 0)}%` : '', r.steal >= 10 ? ` steal ${fmt(r.steal, 0)}%` : ''].join('')
  return `CPU client ${fmt(r.client, 0)}% ${server} ${fmt(r.server, 0)}% (${fmt(r.serverSys, 0)}% sys)${extra}`
}

const faultNote = (m: CpuMeter, bytes: number): string => m.result === undefined ? '' : `, broker page faults ${fmtInt(m.result.serverFaults / mb(bytes))}/MB`

// ---------------------------------------------------------------------------------------------------------------
// Raw loopback pump

interface PumpFigures { one: PumpResult, many: PumpResult, stream: PumpResult }

async function runPump (): Promise<PumpFigures> {
  const frameBytes = produceFrameBytes(BATCH)
  const server = await spawnServer(pumpServer, ['--port', '0', '--reply-bytes', String(REPLY_BYTES)])
  try {
    // A short warm-up so both processes have their hot paths compiled.
    await pumpRequestResponse({ host: server.host, port: server.port, connections: 1, depth: INFLIGHT, frameBytes, replyBytes: REPLY_BYTES, seconds: 0.3 })
    const measured = async (run: () => Promise<PumpResult>): Promise<[PumpResult, string]> => {
      const meter = new CpuMeter(server.pid)
      meter.start()
      const r = await run()
      meter.stop()
      return [r, cpuNote(meter, 'server')]
    }
    const [one, oneCpu] = await measured(() => pumpRequestResponse({ host: server.host, port: server.port, connections: 1, depth: INFLIGHT, frameBytes, replyBytes: REPLY_BYTES, seconds: PUMP_SECONDS }))
    const [many, manyCpu] = await measured(() => pumpRequestResponse({ host: server.host, port: server.port, connections: PRODUCERS, depth: INFLIGHT, frameBytes, replyBytes: REPLY_BYTES, seconds: PUMP_SECONDS }))
    const [stream, streamCpu] = await measured(() => pumpStream({ host: server.host, port: server.port, frameBytes, seconds: PUMP_SECONDS }))
    const pumpRow = (test: string, r: PumpResult, note: string): Row => ({ section: 'raw loopback', test, seconds: r.seconds, mbPerSec: mb(r.bytes) / r.seconds, note })
    rows.push(pumpRow('req/resp pump, 1 conn', one, `${fmtInt(frameBytes)} B frames, depth ${INFLIGHT}, ${REPLY_BYTES} B replies; ${oneCpu}`))
    rows.push(pumpRow(`req/resp pump, ${PRODUCERS} conns`, many, `same, ${PRODUCERS} connections; ${manyCpu}`))
    rows.push(pumpRow('one-way stream, 1 conn', stream, `write until backpressure, server discards; ${streamCpu}`))
    return { one, many, stream }
  } finally {
    await server.stop(3000)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Clients

interface ProducerSettings { batch: number, inflight: number }

/** A producer that is closed by the final cleanup unless closeProducer() closed it first. */
const producerCleanups = new WeakMap<Producer, () => void>()

async function closeProducer (p: Producer): Promise<void> {
  await p.close()
  producerCleanups.get(p)?.()
}

function newProducer (bootstrap: string, inflight: number): Producer {
  const p = new Producer({
    clientId: name('bench-producer'),
    bootstrapBrokers: [bootstrap],
    maxInflights: inflight,
    acks: 1,
    compression: 'none',
    timeout: 30000,
    retries: 0,
    autocreateTopics: false
  })
  producerCleanups.set(p, onCleanup(async () => { await p.close(true) }))
  return p
}

/** Topics get max.message.bytes raised when BENCH_BATCH records would not fit in Kafka's default 1 MiB. */
async function createTopics (bootstrap: string, topics: Array<{ topic: string, partitions: number }>, maxBatchRecords = BATCH): Promise<void> {
  const needed = produceFrameBytes(maxBatchRecords)
  const configs = needed > 1_000_000 ? [{ name: 'max.message.bytes', value: String(2 * needed) }] : []
  const admin = new Admin({ clientId: name('bench-admin'), bootstrapBrokers: [bootstrap], timeout: 10000, retries: 3, retryDelay: 100 })
  try {
    for (const { topic, partitions } of topics) await admin.createTopics({ topics: [topic], partitions, replicas: 1, configs })
  } finally {
    await admin.close()
  }
}

interface ProduceResult { msgs: number, bytes: number, seconds: number }

/** `producers` producers, producer i writing to partition i % partitions, `total` records in all (plus warm-up). */
async function produce (bootstrap: string, topic: string, partitions: number, producers: number, total: number, s: ProducerSettings, meter?: CpuMeter): Promise<ProduceResult & { written: number }> {
  const clients = Array.from({ length: producers }, () => newProducer(bootstrap, s.inflight))
  // Warm-up: connection, ApiVersions, Metadata, and a first batch through every code path.
  await Promise.all(clients.map((p, i) => p.send({ messages: Array.from({ length: Math.min(s.batch, 64) }, () => ({ topic, partition: i % partitions, value })), acks: 1 })))
  const warm = producers * Math.min(s.batch, 64)
  const share = Math.floor(total / producers)
  meter?.start()
  const start = performance.now()
  await Promise.all(clients.map(async (p, i) => {
    const full = Array.from({ length: s.batch }, () => ({ topic, partition: i % partitions, value }))
    let sent = 0
    const worker = async (): Promise<void> => {
      while (sent < share) {
        const n = Math.min(s.batch, share - sent)
        sent += n
        await p.send({ messages: n === s.batch ? full : full.slice(0, n), acks: 1 })
      }
    }
    await Promise.all(Array.from({ length: s.inflight }, worker))
  }))
  const seconds = (performance.now() - start) / 1000
  meter?.stop()
  await Promise.all(clients.map(closeProducer))
  const msgs = share * producers
  return { msgs, bytes: msgs * RECORD, seconds, written: msgs + warm }
}

/** Same, through producer.asStream({ batchSize, batchTime }) (the client's linger-style batching, one batch in flight). */
async function produceStream (bootstrap: string, topic: string, total: number, batchSize: number, batchTime: number): Promise<ProduceResult> {
  const p = newProducer(bootstrap, 5)
  await p.send({ messages: [{ topic, partition: 0, value }], acks: 1 })
  const stream = p.asStream({ batchSize, batchTime, acks: 1, highWaterMark: batchSize * 4 })
  const start = performance.now()
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    let i = 0
    const write = (): void => {
      while (i < total) {
        i++
        if (!stream.write({ topic, partition: 0, value })) { stream.once('drain', write); return }
      }
      stream.end(() => resolve())
    }
    write()
  })
  const seconds = (performance.now() - start) / 1000
  await closeProducer(p)
  return { msgs: total, bytes: total * RECORD, seconds }
}

async function deleteTopics (bootstrap: string, topics: string[]): Promise<void> {
  const admin = new Admin({ clientId: name('bench-admin'), bootstrapBrokers: [bootstrap], timeout: 10000, retries: 3, retryDelay: 100 })
  try {
    await admin.deleteTopics({ topics })
  } finally {
    await admin.close()
  }
}

interface ProduceMeasure {
  /** The median run (by msg/s) and its CPU figures. */
  median: ProduceResult
  meter: CpuMeter
  /** msg/s of every run, in order. */
  rates: number[]
  /** The first run's topic (kept for the consume test; the other runs' topics are deleted) and its record count. */
  topic: string
  written: number
}

/** BENCH_REPEAT runs of a produce test on fresh topics (one partition per producer). */
async function measureProduce (bootstrap: string, serverPid: number, producers: number): Promise<ProduceMeasure> {
  const runs: Array<{ result: ProduceResult, meter: CpuMeter }> = []
  let first: { topic: string, written: number } | undefined
  for (let r = 0; r < REPEAT; r++) {
    const topic = name(`bench-p${producers}`)
    await createTopics(bootstrap, [{ topic, partitions: producers }])
    const meter = new CpuMeter(serverPid)
    const result = await produce(bootstrap, topic, producers, producers, MESSAGES, { batch: BATCH, inflight: INFLIGHT }, meter)
    runs.push({ result, meter })
    if (first === undefined) first = { topic, written: result.written }
    else await deleteTopics(bootstrap, [topic])
  }
  const rate = (x: ProduceResult): number => x.msgs / x.seconds
  const sorted = [...runs].sort((a, b) => rate(a.result) - rate(b.result))
  const mid = sorted[Math.floor((sorted.length - 1) / 2)]
  const kept = first as { topic: string, written: number }
  return { median: mid.result, meter: mid.meter, rates: runs.map(x => rate(x.result)), topic: kept.topic, written: kept.written }
}

const rangeNote = (m: ProduceMeasure): string => m.rates.length < 2
  ? ''
  : `median of ${m.rates.length} (${fmtInt(Math.min(...m.rates) / 1000)}k–${fmtInt(Math.max(...m.rates) / 1000)}k msg/s); `

interface ConsumeResult extends ProduceResult { joinMs: number, totalSeconds: number, duplicates: number }

async function consume (bootstrap: string, topics: string[], expected: number, meter?: CpuMeter): Promise<ConsumeResult> {
  const consumer = new Consumer({
    clientId: name('bench-consumer'),
    bootstrapBrokers: [bootstrap],
    groupId: name('bench-group'),
    sessionTimeout: 10000,
    rebalanceTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTime: 100,
    ...(FETCH_MAX_BYTES === undefined ? {} : { maxBytes: FETCH_MAX_BYTES }),
    timeout: 30000,
    retries: 3,
    retryDelay: 100
  })
  const forget = onCleanup(async () => { await consumer.close(true) })
  const t0 = performance.now()
  const stream = await consumer.consume({ topics, mode: 'earliest', autocommit: false })
  let first = 0
  let last = 0
  let msgs = 0
  let bytes = 0
  let duplicates = 0
  // Records are counted once per (topic, partition, offset): a rebalance can replay from the start.
  const seen = new Map<string, bigint>()
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      stream.on('error', reject)
      stream.on('data', (m: Message) => {
        if (msgs === 0) { meter?.start(); first = performance.now() }
        const key = `${m.topic}:${m.partition}`
        const prev = seen.get(key)
        if (prev !== undefined && m.offset <= prev) { duplicates++; return }
        seen.set(key, m.offset)
        msgs++
        bytes += m.value?.length ?? 0
        if (msgs === expected) { last = performance.now(); meter?.stop(); resolve() }
      })
    }), 60000 + expected / 10, () => `consuming ${expected} records (got ${msgs})`)
  } finally {
    await stream.close()
    await consumer.close(true)
    forget()
  }
  return { msgs, bytes, duplicates, seconds: (last - first) / 1000, joinMs: first - t0, totalSeconds: (last - t0) / 1000 }
}

interface LatencyResult { sent: number, seconds: number, p50: number, p99: number, p999: number, max: number }

/** One record per send() at a fixed rate; latency from the send() call to its acks=1 answer. */
async function latency (bootstrap: string, topic: string, rate: number, seconds: number): Promise<LatencyResult> {
  const p = newProducer(bootstrap, 5)
  for (let i = 0; i < 50; i++) await p.send({ messages: [{ topic, partition: 0, value }], acks: 1 })
  const total = Math.round(rate * seconds)
  const lat: number[] = []
  const start = performance.now()
  let failed = false
  await withTimeout(new Promise<void>((resolve, reject) => {
    let sent = 0
    const fail = (err: unknown): void => { failed = true; reject(err) }
    const tick = (): void => {
      if (failed) return
      const due = Math.min(total, Math.floor((performance.now() - start) * rate / 1000))
      while (sent < due) {
        sent++
        const t = performance.now()
        p.send({ messages: [{ topic, partition: 0, value }], acks: 1 }).then(() => {
          lat.push(performance.now() - t)
          if (lat.length === total) resolve()
        }, fail)
      }
      if (sent < total) setTimeout(tick, 1)
    }
    tick()
  }), seconds * 1000 + 30000, 'latency test').catch(err => { failed = true; throw err })
  const elapsed = (performance.now() - start) / 1000
  await closeProducer(p)
  return { sent: total, seconds: elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99), p999: percentile(lat, 99.9), max: percentile(lat, 100) }
}

// ---------------------------------------------------------------------------------------------------------------
// Client ceiling: the same producers against a sink that answers Produce without doing anything

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

interface Ceiling { one: ProduceResult, many: ProduceResult }

async function runCeiling (pump: PumpFigures): Promise<Ceiling> {
  const sink = await spawnServer(produceSink, [], { stdin: true })
  let broker: ChildServer | undefined
  try {
    // The broker prints its advertised (= the sink's) address, so it gets a port picked here.
    const port = await freePort()
    broker = await spawnServer(cli, ['broker', '--port', String(port), '--log-level', 'warn', '--advertised-listener', `${sink.host}:${sink.port}`])
    sink.child.stdin?.write(`upstream 127.0.0.1:${port}\n`)
    const bootstrap = `${sink.host}:${sink.port}`
    await waitForMetadata(sink.host, sink.port)
    const tw = name('bench-sinkw')
    await createTopics(bootstrap, [{ topic: tw, partitions: 1 }])
    await produce(bootstrap, tw, 1, 1, Math.min(50_000, Math.ceil(MESSAGES / 4)), { batch: BATCH, inflight: INFLIGHT })
    const section = 'client ceiling'
    const m1 = await measureProduce(bootstrap, sink.pid, 1)
    const one = m1.median
    rows.push({ section, test: 'produce to sink, 1 producer', msgs: one.msgs, seconds: one.seconds, msgPerSec: one.msgs / one.seconds, mbPerSec: mb(one.bytes) / one.seconds, ratio: (mb(one.bytes) / one.seconds) / (mb(pump.one.bytes) / pump.one.seconds), note: `Produce answered unread; ${rangeNote(m1)}${cpuNote(m1.meter, 'sink')}` })
    log(`[sink] produce 1 producer: ${fmtInt(one.msgs / one.seconds)} msg/s, ${rangeNote(m1)}${cpuNote(m1.meter, 'sink')}`)
    const mn = await measureProduce(bootstrap, sink.pid, PRODUCERS)
    const many = mn.median
    rows.push({ section, test: `produce to sink, ${PRODUCERS} producers`, msgs: many.msgs, seconds: many.seconds, msgPerSec: many.msgs / many.seconds, mbPerSec: mb(many.bytes) / many.seconds, ratio: (mb(many.bytes) / many.seconds) / (mb(pump.many.bytes) / pump.many.seconds), note: `${rangeNote(mn)}${cpuNote(mn.meter, 'sink')}` })
    log(`[sink] produce ${PRODUCERS} producers: ${fmtInt(many.msgs / many.seconds)} msg/s, ${rangeNote(mn)}${cpuNote(mn.meter, 'sink')}`)
    return { one, many }
  } finally {
    await broker?.stop(5000)
    await sink.stop(3000)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Broker child

interface BrokerFigures {
  storage: string
  listeningMs: number
  metadataMs: number
  idle?: { rss: number, peak: number }
  loaded?: { rss: number, peak: number }
  produce1?: ProduceResult
  produceN?: ProduceResult
  consume?: ConsumeResult
  latency?: LatencyResult
  dataDirBytes?: number
  stopMs?: number
  profile?: string
}

async function dirBytes (dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}

async function spawnBroker (dataDir: string | undefined, profileDir: string | undefined): Promise<ChildServer> {
  const args = ['broker', '--port', '0', '--log-level', 'warn', ...(dataDir === undefined ? [] : ['--data-dir', dataDir])]
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir]
  return spawnServer(cli, args, { nodeArgs, timeoutMs: 20000 })
}

async function runBroker (storage: string, pump: PumpFigures, ceiling: Ceiling | undefined): Promise<BrokerFigures> {
  const dataDir = storage === 'file' ? await mkdtemp(join(tmpdir(), 'kconnect-bench-data-')) : undefined
  if (dataDir !== undefined) trackDir(dataDir)
  const keep = process.env.BENCH_PROFILE_DIR
  if (PROFILE && keep !== undefined && keep !== '') await mkdir(keep, { recursive: true })
  const profileDir = !PROFILE ? undefined : keep !== undefined && keep !== '' ? await mkdtemp(join(keep, `${storage}-`)) : await mkdtemp(join(tmpdir(), 'kconnect-bench-prof-'))
  if (profileDir !== undefined && (keep === undefined || keep === '')) trackDir(profileDir)
  const broker = await spawnBroker(dataDir, profileDir)
  const bootstrap = `${broker.host}:${broker.port}`
  const f: BrokerFigures = { storage, listeningMs: broker.listeningMs, metadataMs: 0 }
  try {
    f.metadataMs = (await waitForMetadata(broker.host, broker.port)) - broker.spawnedAt
    await new Promise(resolve => setTimeout(resolve, 250))
    f.idle = broker.memory()
    log(`[${storage}] broker pid ${broker.pid} on ${bootstrap}: listening after ${fmt(f.listeningMs, 0)} ms, first Metadata after ${fmt(f.metadataMs, 0)} ms, idle RSS ${mib(f.idle?.rss)}`)

    const tl = name('bench-lat')
    const tw = name('bench-warm')
    await createTopics(bootstrap, [{ topic: tl, partitions: 1 }, { topic: tw, partitions: 1 }])
    const section = `broker (${storage})`

    // Warm-up (not reported): JIT of the client's and the broker's produce and fetch paths.
    const warm = await produce(bootstrap, tw, 1, 1, Math.min(50_000, Math.ceil(MESSAGES / 4)), { batch: BATCH, inflight: INFLIGHT })
    await consume(bootstrap, [tw], warm.written)

    const m1 = await measureProduce(bootstrap, broker.pid, 1)
    const p1 = m1.median
    f.produce1 = p1
    rows.push({ section, test: 'produce, 1 producer', msgs: p1.msgs, seconds: p1.seconds, msgPerSec: p1.msgs / p1.seconds, mbPerSec: mb(p1.bytes) / p1.seconds, ratio: (mb(p1.bytes) / p1.seconds) / (mb(pump.one.bytes) / pump.one.seconds), vsCeiling: ceiling === undefined ? undefined : (p1.msgs / p1.seconds) / (ceiling.one.msgs / ceiling.one.seconds), note: `${rangeNote(m1)}${cpuNote(m1.meter)}` })
    log(`[${storage}] produce 1 producer: ${fmtInt(p1.msgs / p1.seconds)} msg/s, ${rangeNote(m1)}${cpuNote(m1.meter)}${faultNote(m1.meter, p1.bytes)}`)

    const mn = await measureProduce(bootstrap, broker.pid, PRODUCERS)
    const pn = mn.median
    f.produceN = pn
    rows.push({ section, test: `produce, ${PRODUCERS} producers`, msgs: pn.msgs, seconds: pn.seconds, msgPerSec: pn.msgs / pn.seconds, mbPerSec: mb(pn.bytes) / pn.seconds, ratio: (mb(pn.bytes) / pn.seconds) / (mb(pump.many.bytes) / pump.many.seconds), vsCeiling: ceiling === undefined ? undefined : (pn.msgs / pn.seconds) / (ceiling.many.msgs / ceiling.many.seconds), note: `${rangeNote(mn)}${cpuNote(mn.meter)}` })
    log(`[${storage}] produce ${PRODUCERS} producers: ${fmtInt(pn.msgs / pn.seconds)} msg/s, ${rangeNote(mn)}${cpuNote(mn.meter)}${faultNote(mn.meter, pn.bytes)}`)

    const expected = m1.written + mn.written
    const t1 = m1.topic
    const tn = mn.topic
    if (TESTS.has('consume')) {
      const meter = new CpuMeter(broker.pid)
      const c = await consume(bootstrap, [t1, tn], expected, meter)
      f.consume = c
      rows.push({ section, test: 'consume from earliest', msgs: c.msgs, seconds: c.seconds, msgPerSec: c.msgs / c.seconds, mbPerSec: mb(c.bytes) / c.seconds, note: `first record ${fmt(c.joinMs, 0)} ms after consume(); ${c.duplicates > 0 ? `${fmtInt(c.duplicates)} replayed records not counted; ` : ''}${cpuNote(meter)}` })
      log(`[${storage}] consume: ${fmtInt(c.msgs / c.seconds)} msg/s, ${cpuNote(meter)}${faultNote(meter, c.bytes)}`)
    }

    if (TESTS.has('latency')) {
      const l = await latency(bootstrap, tl, LAT_RATE, LAT_SECONDS)
      f.latency = l
      rows.push({ section, test: `latency @ ${fmtInt(LAT_RATE)} msg/s`, msgs: l.sent, seconds: l.seconds, msgPerSec: l.sent / l.seconds, note: `p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms, p99.9 ${fmt(l.p999, 2)} ms, max ${fmt(l.max, 1)} ms` })
      log(`[${storage}] latency: p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms`)
    }

    f.loaded = broker.memory()
    if (dataDir !== undefined) f.dataDirBytes = await dirBytes(dataDir)
    const produced = (expected + warm.written + (f.latency?.sent ?? 0)) * RECORD
    if (dataDir !== undefined && f.dataDirBytes !== undefined && f.dataDirBytes < produced * 0.9) {
      notes.push(`[file] the data dir holds only ${mib(f.dataDirBytes)} after ${mib(produced)} of records: topic data is not on disk in this broker build (the 'file' run measures memory storage plus coordinator persistence). Figures count the kept topics only; repeated runs' topics are deleted.`)
    }
  } finally {
    const t = performance.now()
    const end = await broker.stop(PROFILE ? 30000 : 10000)
    f.stopMs = performance.now() - t
    if (end.killed) notes.push(`[${storage}] broker did not stop within the grace period after SIGTERM and was killed`)
    else if (end.code !== 0 && end.code !== null) notes.push(`[${storage}] broker exited with code ${end.code}`)
    const out = broker.output().split('\n').filter(l => l !== '' && !/listening on|^data|SIGTERM received|broker stopped/.test(l))
    if (out.length > 0) notes.push(`[${storage}] broker output: ${out.slice(0, 5).join(' | ').slice(0, 600)}`)
  }
  if (profileDir !== undefined) f.profile = await profileReport(storage, profileDir)
  return f
}

async function profileReport (storage: string, dir: string): Promise<string> {
  const files = (await readdir(dir)).filter(f => f.endsWith('.cpuprofile'))
  if (files.length === 0) return `[${storage}] no .cpuprofile written (did the broker exit cleanly?)`
  const s = summarizeProfile(join(dir, files[0]), root, 25)
  const busy = s.totalMs - s.idleMs
  return [
    `CPU profile of the ${storage} broker: ${fmt(s.totalMs / 1000, 1)} s wall, ${fmt(busy / 1000, 1)} s busy (${fmt(100 * busy / s.totalMs, 0)}%)`,
    table(['self ms', '% busy', 'function', 'where', 'under (nearest project frame)'], s.functions.map(h => [fmt(h.selfMs, 0), fmt(h.percent, 1), h.name, h.where, h.where.startsWith('src/') ? '' : h.from ?? ''])),
    '',
    table(['self ms', '% busy', 'file'], s.files.slice(0, 15).map(h => [fmt(h.selfMs, 0), fmt(h.percent, 1), h.name]))
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------------------------
// Client-settings sweep (opt-in)

async function runSweep (): Promise<void> {
  const broker = await spawnBroker(undefined, undefined)
  const bootstrap = `${broker.host}:${broker.port}`
  const count = Math.min(MESSAGES, 50_000)
  const out: string[][] = []
  try {
    await waitForMetadata(broker.host, broker.port)
    for (const batch of [16, 64, 256, 512, 1024]) {
      for (const inflight of [1, 5, 16]) {
        const topic = name('bench-sweep')
        await createTopics(bootstrap, [{ topic, partitions: 1 }], batch)
        log(`sweep: batch ${batch}, ${inflight} in flight`)
        const r = await produce(bootstrap, topic, 1, 1, count, { batch, inflight })
        out.push([`send(${batch} records), ${inflight} in flight`, fmtInt(r.msgs / r.seconds), fmt(mb(r.bytes) / r.seconds)])
      }
    }
    for (const [batchSize, batchTime] of [[256, 5], [1024, 5]]) {
      const topic = name('bench-sweep')
      await createTopics(bootstrap, [{ topic, partitions: 1 }], batchSize)
      const r = await produceStream(bootstrap, topic, count, batchSize, batchTime)
      out.push([`asStream(batchSize ${batchSize}, batchTime ${batchTime})`, fmtInt(r.msgs / r.seconds), fmt(mb(r.bytes) / r.seconds)])
    }
  } finally {
    await broker.stop(5000)
  }
  log(`\nClient settings sweep (1 producer, ${fmtInt(count)} × ${RECORD} B, acks=1, compression none, memory broker):`)
  log(table(['settings', 'msg/s', 'MB/s'], out))
}

// ---------------------------------------------------------------------------------------------------------------

async function main (): Promise<void> {
  const started = performance.now()
  log(`broker bench: ${fmtInt(MESSAGES)} × ${RECORD} B records per produce test, send() batches of ${BATCH}, ${INFLIGHT} in flight per producer, acks=1, compression none; node ${process.version}, broker in a child process`)
  const quietWait = Number(process.env.BENCH_QUIET_WAIT ?? 30)
  if (quietWait > 0) {
    const busy = await waitForQuiet(25, quietWait)
    if (busy >= 25) notes.push(`the machine was not quiet at start (other processes used ${fmt(busy, 0)}% of a core)`)
  }
  if (SWEEP) await runSweep()
  const pump = await runPump()
  log(`raw pump: ${fmt(mb(pump.one.bytes) / pump.one.seconds, 0)} MB/s (1 conn), ${fmt(mb(pump.many.bytes) / pump.many.seconds, 0)} MB/s (${PRODUCERS} conns), ${fmt(mb(pump.stream.bytes) / pump.stream.seconds, 0)} MB/s one-way`)
  const ceiling = process.env.BENCH_CEILING === '0' ? undefined : await runCeiling(pump)
  const brokers: BrokerFigures[] = []
  for (const storage of STORAGE) {
    if (storage !== 'memory' && storage !== 'file') throw new Error(`BENCH_STORAGE: unknown storage '${storage}' (memory, file)`)
    brokers.push(await runBroker(storage, pump, ceiling))
  }

  log('')
  log(table(['section', 'test', 'records', 's', 'msg/s', 'MB/s', '÷ pump', '÷ ceiling', 'notes'], rows.map(r => [
    r.section, r.test, r.msgs === undefined ? '' : fmtInt(r.msgs), fmt(r.seconds, 2),
    r.msgPerSec === undefined ? '' : fmtInt(r.msgPerSec), r.mbPerSec === undefined ? '' : fmt(r.mbPerSec, 1),
    r.ratio === undefined ? '' : fmt(r.ratio, 2), r.vsCeiling === undefined ? '' : fmt(r.vsCeiling, 2), r.note ?? ''
  ])))
  log('')
  log(table(['broker', 'listening', 'first Metadata', 'RSS idle', 'RSS after load', 'peak RSS', 'data dir', 'stop'], brokers.map(b => [
    b.storage, `${fmt(b.listeningMs, 0)} ms`, `${fmt(b.metadataMs, 0)} ms`, mib(b.idle?.rss), mib(b.loaded?.rss), mib(b.loaded?.peak),
    b.dataDirBytes === undefined ? '-' : mib(b.dataDirBytes), b.stopMs === undefined ? '-' : `${fmt(b.stopMs, 0)} ms`
  ])))
  if (worstContention >= 20) notes.push(`other processes or the hypervisor took up to ${fmt(worstContention, 0)}% of a core during a measurement (see 'other'/'steal' in the notes column): on this 2-core machine those figures are low and noisy — rerun when the machine is quiet`)
  for (const n of notes) log(`note: ${n}`)
  for (const b of brokers) if (b.profile !== undefined) log(`\n${b.profile}`)

  const ratio = (r: ProduceResult | undefined, p: PumpResult): string => r === undefined ? '-' : fmt((mb(r.bytes) / r.seconds) / (mb(p.bytes) / p.seconds), 2)
  const parts = brokers.map(b => [
    `${b.storage}: produce 1p ${fmt(mb(b.produce1?.bytes ?? NaN) / (b.produce1?.seconds ?? NaN), 0)} MB/s (${ratio(b.produce1, pump.one)} of pump)`,
    `${PRODUCERS}p ${fmt(mb(b.produceN?.bytes ?? NaN) / (b.produceN?.seconds ?? NaN), 0)} MB/s (${ratio(b.produceN, pump.many)})`,
    `consume ${fmt(mb(b.consume?.bytes ?? NaN) / (b.consume?.seconds ?? NaN), 0)} MB/s`,
    `p50/p99 ${fmt(b.latency?.p50 ?? NaN, 2)}/${fmt(b.latency?.p99 ?? NaN, 2)} ms`,
    `RSS ${mib(b.idle?.rss)} idle → ${mib(b.loaded?.rss)}`,
    `start ${fmt(b.metadataMs, 0)} ms`
  ].join(', '))
  log('')
  log(`SUMMARY raw pump ${fmt(mb(pump.one.bytes) / pump.one.seconds, 0)} MB/s (1 conn) / ${fmt(mb(pump.many.bytes) / pump.many.seconds, 0)} MB/s (${PRODUCERS} conns); ${parts.join('; ')}; goal produce/pump ≥ 0.50; total ${fmt((performance.now() - started) / 1000, 1)} s`)
}

const hardLimit = setTimeout(() => {
  console.error(`broker bench: exceeded BENCH_TIMEOUT=${TIMEOUT_S} s, aborting`)
  runCleanup().finally(() => process.exit(2))
}, TIMEOUT_S * 1000)
hardLimit.unref()

try {
  await main()
} catch (err) {
  console.error(`broker bench failed: ${inspect(err, { depth: 6 })}`)
  process.exitCode = 1
} finally {
  await runCleanup()
  clearTimeout(hardLimit)
  process.exit()
}
