// Shared pieces of the independent-client suite: bounded subprocess calls (kcat, kafka-python) whose failures
// carry the tool's stderr, long-running child processes killed in t.after, and one record shape every client's
// output is normalised to, so results from kcat, kafka-python, kafkajs and @platformatic/kafka compare directly.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { TestContext } from 'node:test'
import { Kafka, logLevel, type Consumer as KjsConsumer, type EachBatchPayload, type KafkaConfig } from 'kafkajs'
import { Admin, Consumer, Producer, type Message, type MessagesStream, type ProducerOptions, type ConsumerOptions, type ConsumeOptions } from '@platformatic/kafka'
import { waitFor } from '../helpers/wait.ts'

export const KCAT = '/usr/bin/kcat'
/** Debian's kafka-python is importable only by the system interpreter. */
export const PYTHON = '/usr/bin/python3'
const pythonDir = new URL('./python/', import.meta.url).pathname

/** Short group timings so rebalances take well under a second. */
export const fastGroups = { groupMinSessionTimeoutMs: 1000, groupInitialRebalanceDelayMs: 0 } as const

export interface RunOptions {
  input?: string | Buffer
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

export interface RunResult {
  stdout: string
  stderr: string
}

function tail (text: string, max = 4000): string {
  const t = text.trim()
  return t.length > max ? `…${t.slice(-max)}` : t
}

function quote (arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`
}

/** Runs a command to completion with a hard timeout; a failure's message holds the exit status and both streams. */
export function run (cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeout = opts.timeoutMs ?? 30000
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: opts.env ?? process.env, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) {
        resolve({ stdout, stderr })
        return
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean, signal?: string | null, code?: number | string }
      const why = e.killed === true ? `timed out after ${timeout} ms` : `exit ${String(e.code)}${e.signal ? ` signal ${e.signal}` : ''}`
      reject(new Error(`${cmd} ${args.map(quote).join(' ')} failed (${why})\n--- stderr ---\n${tail(stderr)}\n--- stdout ---\n${tail(stdout)}`))
    })
    child.stdin?.on('error', () => {})
    child.stdin?.end(opts.input ?? '')
  })
}

export interface Background {
  readonly child: ChildProcess
  stdout (): string
  stderr (): string
  /** stdout split into complete lines. */
  lines (): string[]
  exited (): boolean
  /** Sends the signal and waits (bounded) for the exit; returns the exit code. */
  stop (signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>
  describe (): string
}

/** A long-running child (kcat -G member, streaming producer); killed in t.after and after maxLifeMs whatever happens. */
export function background (t: TestContext, cmd: string, args: string[], maxLifeMs = 60000): Background {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout?.on('data', d => { out += String(d) })
  child.stderr?.on('data', d => { err += String(d) })
  const exit = once(child, 'exit')
  const done = (): boolean => child.exitCode !== null || child.signalCode !== null
  const timer = setTimeout(() => { if (!done()) child.kill('SIGKILL') }, maxLifeMs)
  timer.unref()
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<number | null> => {
    if (!done()) {
      child.kill(signal)
      const killer = setTimeout(() => { if (!done()) child.kill('SIGKILL') }, timeoutMs)
      await exit
      clearTimeout(killer)
    }
    clearTimeout(timer)
    return child.exitCode
  }
  t.after(() => stop('SIGKILL'))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    lines: () => out.split('\n').slice(0, -1),
    exited: done,
    stop,
    describe: () => `${cmd} ${args.map(quote).join(' ')} (exit ${String(child.exitCode)} ${String(child.signalCode)})\n--- stderr ---\n${tail(err)}\n--- stdout ---\n${tail(out)}`
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One record shape for every client

export interface Rec {
  partition: number
  offset: number
  key: string | null
  value: string | null
  headers: Array<[string, string | null]>
  timestamp: number
}

/** What the tests compare across clients (offsets are compared separately where they must match). */
export function content (r: Rec): { key: string | null, value: string | null, headers: Array<[string, string | null]> } {
  return { key: r.key, value: r.value, headers: r.headers }
}

/** Just the Rec fields (drops client-specific extras such as kafka-python's timestampType). */
export function norm (r: Rec): Rec {
  return { partition: r.partition, offset: r.offset, key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp }
}

export function byPartitionOffset (a: Rec, b: Rec): number {
  return a.partition - b.partition || a.offset - b.offset
}

// ---------------------------------------------------------------------------------------------------------------
// kcat (librdkafka 2.0.2)

export function kcat (bootstrap: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(KCAT, ['-b', bootstrap, '-X', 'socket.timeout.ms=10000', ...args], { timeoutMs: 30000, ...opts })
}

interface KcatJson {
  topic: string
  partition: number
  offset: number
  tstype?: string
  ts?: number
  broker: number
  headers?: Array<string | null>
  key: string | null
  payload: string | null
}

export function parseKcatJson (stdout: string): Rec[] {
  const out: Rec[] = []
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    const m = JSON.parse(line) as KcatJson
    const headers: Array<[string, string | null]> = []
    const h = m.headers ?? []
    for (let i = 0; i + 1 < h.length; i += 2) headers.push([String(h[i]), h[i + 1]])
    out.push({ partition: m.partition, offset: m.offset, key: m.key, value: m.payload, headers, timestamp: m.ts ?? -1 })
  }
  return out
}

/** Reads a whole topic (every partition) from the start to the end with `kcat -C -e -J`. */
export async function kcatConsume (bootstrap: string, topic: string, extra: string[] = [], opts: RunOptions = {}): Promise<Rec[]> {
  const { stdout } = await kcat(bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-J', ...extra], opts)
  return parseKcatJson(stdout).sort(byPartitionOffset)
}

// ---------------------------------------------------------------------------------------------------------------
// kafka-python 2.0.2 (scripts in ./python print one JSON document on their last stdout line)

export async function py<T = any> (script: string, args: unknown, opts: RunOptions = {}): Promise<T> {
  const { stdout, stderr } = await run(PYTHON, [pythonDir + script, JSON.stringify(args)], { timeoutMs: 45000, ...opts })
  const lines = stdout.trim().split('\n')
  const last = lines[lines.length - 1] ?? ''
  try {
    return JSON.parse(last) as T
  } catch {
    throw new Error(`${script} printed no JSON\n--- stderr ---\n${tail(stderr)}\n--- stdout ---\n${tail(stdout)}`)
  }
}

export function pyScript (name: string): string {
  return pythonDir + name
}

// ---------------------------------------------------------------------------------------------------------------
// kafkajs 2.2.4

export function kafkajs (bootstrap: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'kjs-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    ...extra
  })
}

export function kjsRec (partition: number, m: EachBatchPayload['batch']['messages'][number]): Rec {
  const headers: Array<[string, string | null]> = []
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) headers.push([k, one === undefined || one === null ? null : String(one)])
  }
  return {
    partition,
    offset: Number(m.offset),
    key: m.key === null ? null : m.key.toString(),
    value: m.value === null ? null : m.value.toString(),
    headers,
    timestamp: Number(m.timestamp)
  }
}

/** Consumes a topic from the beginning with a fresh kafkajs group until `count` records arrived. */
export async function kjsConsumeAll (t: TestContext, bootstrap: string, topic: string, count: number, groupId: string, timeoutMs = 20000): Promise<Rec[]> {
  const consumer: KjsConsumer = kafkajs(bootstrap).consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 6000, maxWaitTimeInMs: 100 })
  t.after(() => consumer.disconnect())
  const got: Rec[] = []
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) got.push(kjsRec(batch.partition, m))
    }
  })
  try {
    await waitFor(`kafkajs to read ${count} records of ${topic} (have ${got.length})`, () => got.length >= count, timeoutMs)
  } finally {
    await consumer.disconnect()
  }
  return got.sort(byPartitionOffset)
}

// ---------------------------------------------------------------------------------------------------------------
// @platformatic/kafka 2.12.1 (the runtime's client)

export function pltProducer (t: TestContext, bootstrap: string, extra: Partial<ProducerOptions<Buffer, Buffer, Buffer, Buffer>> = {}): Producer {
  const p = new Producer({ clientId: 'plt-test', bootstrapBrokers: [bootstrap], timeout: 10000, retries: 5, retryDelay: 100, ...extra })
  t.after(() => p.close())
  return p
}

export function pltAdmin (t: TestContext, bootstrap: string): Admin {
  const a = new Admin({ clientId: 'plt-admin', bootstrapBrokers: [bootstrap], timeout: 10000, retries: 5, retryDelay: 100 })
  t.after(() => a.close())
  return a
}

export function pltConsumer (t: TestContext, bootstrap: string, groupId: string, extra: Partial<ConsumerOptions<Buffer, Buffer, Buffer, Buffer>> = {}): Consumer {
  const c = new Consumer({
    clientId: 'plt-consumer',
    bootstrapBrokers: [bootstrap],
    groupId,
    sessionTimeout: 6000,
    rebalanceTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTime: 200,
    timeout: 10000,
    retries: 5,
    retryDelay: 100,
    ...extra
  } as ConsumerOptions<Buffer, Buffer, Buffer, Buffer>)
  t.after(() => c.close(true))
  return c
}

export function pltRec (m: Message): Rec {
  const headers: Array<[string, string | null]> = []
  for (const [k, v] of m.headerEntries ?? m.headers ?? []) headers.push([String(k), v === null || v === undefined ? null : String(v)])
  return {
    partition: m.partition,
    offset: Number(m.offset),
    key: m.key === null || m.key === undefined ? null : String(m.key),
    value: m.value === null || m.value === undefined ? null : String(m.value),
    headers,
    timestamp: Number(m.timestamp)
  }
}

/** Streams records until `count` arrived; returns them and leaves the stream open (closed in t.after). */
export async function pltCollect (t: TestContext, consumer: Consumer, options: ConsumeOptions<Buffer, Buffer, Buffer, Buffer>, count: number, timeoutMs = 20000): Promise<{ records: Rec[], stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> }> {
  const stream = await consumer.consume(options)
  t.after(() => stream.close())
  const records: Rec[] = []
  let failure: Error | undefined
  stream.on('data', (m: Message) => { records.push(pltRec(m)) })
  stream.on('error', (e: Error) => { failure = e })
  await waitFor(`platformatic to read ${count} records (have ${records.length})`, () => {
    if (failure !== undefined) throw failure
    return records.length >= count
  }, timeoutMs)
  return { records: records.sort(byPartitionOffset), stream }
}

/** Reads a whole topic from the beginning with a fresh platformatic group. */
export async function pltConsumeAll (t: TestContext, bootstrap: string, topic: string, count: number, groupId: string, timeoutMs = 20000): Promise<Rec[]> {
  const consumer = pltConsumer(t, bootstrap, groupId)
  const { records, stream } = await pltCollect(t, consumer, { topics: [topic], mode: 'earliest', autocommit: false }, count, timeoutMs)
  await stream.close()
  await consumer.close(true)
  return records
}
