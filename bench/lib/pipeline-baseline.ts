// The baseline of bench/pipeline.bench.ts, run as its own child process (like the worker it is compared with):
// @platformatic/kafka alone moves the lines of a file through the broker into another file.
//   producer: reads the input file in chunks, sends its lines as record values (no key) in send() calls of BATCH records,
//             acks=all, up to INFLIGHT send() calls pending (the library's default maxInflights), other options
//             the library's defaults; the topic is auto-created by the first send
//   consumer: a group consumer (library defaults, autocommit off) from the earliest offset, started after the first
//             send and running concurrently with the producer (as the pipeline's sink runs with its source), or
//             after the last send with --sequential; appends each value and "\n" to the output file (one write per
//             burst of records delivered in the same turn of the event loop)
// Prints one `result {json}` line (times in ms since this process started, CPU, max RSS) once every line is
// written, then closes the clients and exits.
//   node bench/lib/pipeline-baseline.ts BOOTSTRAP INPUT OUTPUT TOPIC LINES [--batch 2000] [--inflight 5] [--sequential]
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { Consumer, Producer, type Message } from '@platformatic/kafka'

const [bootstrap, input, output, topic, linesArg, ...rest] = process.argv.slice(2)
if (bootstrap === undefined || input === undefined || output === undefined || topic === undefined || linesArg === undefined) {
  console.error('usage: pipeline-baseline.ts BOOTSTRAP INPUT OUTPUT TOPIC LINES [--batch N] [--inflight N] [--sequential]')
  process.exit(2)
}
const option = (name: string, fallback: number): number => {
  const at = rest.indexOf(name)
  return at < 0 ? fallback : Number(rest[at + 1])
}
const LINES = Number(linesArg)
const BATCH = option('--batch', 2000)
const INFLIGHT = option('--inflight', 5)
const SEQUENTIAL = rest.includes('--sequential')

const since = (): number => performance.now()
const producer = new Producer({ clientId: `bench-baseline-producer-${process.pid}`, bootstrapBrokers: [bootstrap], acks: -1, autocreateTopics: true })
const consumer = new Consumer({ clientId: `bench-baseline-consumer-${process.pid}`, bootstrapBrokers: [bootstrap], groupId: `bench-baseline-${process.pid}`, autocommit: false })
const fd = openSync(output, 'a')

let closing = false
async function shutdown (code: number): Promise<never> {
  if (!closing) {
    closing = true
    await Promise.allSettled([producer.close(true), consumer.close(true)])
    try { closeSync(fd) } catch { /* already closed */ }
  }
  process.exit(code)
}
process.once('SIGTERM', () => { void shutdown(143) })
process.once('SIGINT', () => { void shutdown(130) })

// ---- consumer: values → output file
let consumed = 0
let streamMs = NaN
let firstMessageMs = NaN
const NL = Buffer.from('\n')
let pending: Buffer[] = []
let flushScheduled = false
let consumedAll: () => void = () => {}
const allConsumed = new Promise<void>(resolve => { consumedAll = resolve })
const flush = (): void => {
  flushScheduled = false
  if (pending.length === 0) return
  const bytes = Buffer.concat(pending)
  pending = []
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at)
  if (consumed >= LINES) consumedAll()
}
async function consume (): Promise<void> {
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' })
  streamMs = since()
  stream.on('error', err => { console.error(`baseline consumer: ${(err as Error).message}`); void shutdown(1) })
  stream.on('data', (m: Message) => {
    if (consumed === 0) firstMessageMs = since()
    pending.push(m.value as Buffer, NL)
    consumed++
    if (pending.length >= 2 * BATCH || consumed >= LINES) flush()
    else if (!flushScheduled) { flushScheduled = true; setImmediate(flush) }
  })
  await allConsumed
  await stream.close()
}

// ---- producer: input file, read in 256 KiB chunks and cut into lines → send() of BATCH records, INFLIGHT pending
function * batches (): Generator<Buffer[]> {
  const fd = openSync(input!, 'r')
  const chunk = Buffer.allocUnsafe(256 * 1024)
  let rest = Buffer.alloc(0)
  let batch: Buffer[] = []
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      // a copy: the values are slices of it and stay referenced until their send() settles
      const data = Buffer.concat([rest, chunk.subarray(0, n)])
      let start = 0
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
        batch.push(data.subarray(start, nl))
        start = nl + 1
        if (batch.length === BATCH) { yield batch; batch = [] }
      }
      rest = data.subarray(start)
    }
    if (rest.length > 0) batch.push(rest)
    if (batch.length > 0) yield batch
  } finally {
    closeSync(fd)
  }
}
let produced = 0
const sendBatch = (values: Buffer[]): Promise<unknown> => {
  produced += values.length
  return producer.send({ messages: values.map(value => ({ topic, value })) })
}
const source = batches()
const startedMs = since()
const first = source.next()
if (first.done === true) throw new Error('the input file is empty')
await sendBatch(first.value)
const firstSendMs = since()
const consuming = SEQUENTIAL ? undefined : consume()
await Promise.all(Array.from({ length: INFLIGHT }, async () => {
  for (let next = source.next(); next.done !== true; next = source.next()) await sendBatch(next.value)
}))
if (produced !== LINES) throw new Error(`the input has ${produced} lines, expected ${LINES}`)
const producedMs = since()
await (consuming ?? consume())
const consumedMs = since()
const cpu = process.cpuUsage()
console.log(`result ${JSON.stringify({
  startedMs, firstSendMs, streamMs, firstMessageMs, producedMs, consumedMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024
})}`)
await shutdown(0)
