// Shared pieces of the src/kafka tests: a broker with short group timings, kcat as the independent client (async,
// bounded), clients closed by t.after, and bounded poll loops.
import type { TestContext } from 'node:test'
import { execFile } from 'node:child_process'
import { startBroker } from '../helpers/broker.ts'
import { KafkaAdmin, KafkaConsumer, KafkaProducer, type ConsumerRecord, type RebalanceListener, type Subscription } from '../../src/kafka/index.ts'

export const KCAT = '/usr/bin/kcat'

/** Group rebalances in well under a second. */
export async function fastBroker (t: TestContext): Promise<{ bootstrapServers: string, clusterId: string }> {
  return await startBroker(t, { groupMinSessionTimeoutMs: 1000, groupInitialRebalanceDelayMs: 0 })
}

/** Runs kcat to completion (20 s at most); stdout as bytes. */
export function kcat (args: string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(KCAT, args, { timeout: 20000, killSignal: 'SIGKILL', encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message}\n${stderr.toString()}`))
      else resolve(stdout)
    })
    child.stdin?.on('error', () => {})
    child.stdin?.end(input ?? '')
  })
}

export async function producer (t: TestContext, bootstrapServers: string, props: Record<string, string> = {}): Promise<KafkaProducer> {
  const p = await KafkaProducer.create({ 'bootstrap.servers': bootstrapServers, ...props })
  t.after(() => p.close())
  return p
}

export async function admin (t: TestContext, bootstrapServers: string): Promise<KafkaAdmin> {
  const a = await KafkaAdmin.create({ 'bootstrap.servers': bootstrapServers })
  t.after(() => a.close())
  return a
}

export const fastGroupProps = { 'session.timeout.ms': '6000', 'heartbeat.interval.ms': '200', 'fetch.max.wait.ms': '100' }

export async function consumer (t: TestContext, bootstrapServers: string, props: Record<string, string> = {}, subscription?: Subscription, listener?: RebalanceListener): Promise<KafkaConsumer> {
  const c = await KafkaConsumer.create({ 'bootstrap.servers': bootstrapServers, ...fastGroupProps, ...props })
  t.after(() => c.close())
  if (subscription !== undefined) c.subscribe(subscription, listener)
  return c
}

/** Polls until `count` records arrived (or fails after timeoutMs). */
export async function pollUntil (c: KafkaConsumer, count: number, timeoutMs = 10000): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = []
  const deadline = Date.now() + timeoutMs
  while (out.length < count) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${out.length} of ${count} records`)
    out.push(...await c.poll(200))
  }
  return out
}

/** Polls (driving rebalance callbacks) until the probe holds, bounded. */
export async function pollWhile (consumers: KafkaConsumer[], what: string, done: () => boolean, timeoutMs = 15000, sink?: (r: ConsumerRecord[]) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    const batches = await Promise.all(consumers.map(c => c.poll(100)))
    for (const b of batches) sink?.(b)
  }
}

export const str = (b: Buffer | null): string | null => b === null ? null : b.toString('utf8')
