// kconnect self-healing (beyond Kafka): a FAILED task is restarted with backoff when kconnect.restart.on.failure is
// on, a task whose poll() never returns is failed as stalled and restarted, and with the defaults (Kafka's
// behaviour) a failed task stays FAILED. Test connectors are loaded from plugin.path.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { startBroker, tempDir } from '../helpers/broker.ts'
import { kcatValues, rest, until, workerProps } from '../helpers/worker.ts'
import { startStandaloneWorker } from '../../src/cli/worker-setup.ts'
import { LoggerRegistry } from '../../src/runtime/loggers.ts'

const api = new URL('../../src/api/index.ts', import.meta.url).href

// A source whose task fails its first `failures` polls (counted per connector name across restarts), or never
// returns from its first poll when mode=stall; afterwards it emits one record per poll.
const plugin = `
import { SourceConnector, SourceTask, SourceRecord, Schema, defineConfig } from '${api}'
const counts = globalThis.__kconnectHealing ??= new Map()
class TrickyTask extends SourceTask {
  version () { return '1' }
  start (props) { this.props = props; this.n = 0 }
  stop () {}
  async poll (signal) {
    const name = this.props.name
    const seen = (counts.get(name) ?? 0) + 1
    counts.set(name, seen)
    if (seen <= Number(this.props.failures ?? 0)) {
      if (this.props.mode === 'stall') return new Promise(() => {})
      throw new Error('tricky failure ' + seen)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
    return [new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: this.props.topic, valueSchema: Schema.STRING_SCHEMA, value: 'ok ' + (this.n++) })]
  }
}
export class TrickySourceConnector extends SourceConnector {
  static className = 'com.example.TrickySourceConnector'
  version () { return '1' } start (p) { this.p = p } stop () {} taskClass () { return TrickyTask }
  taskConfigs () { return [{ ...this.p }] } config () { return defineConfig({}) }
}
export const kconnectPlugins = [{ type: 'source', class: TrickySourceConnector }]
`

async function worker (t: TestContext, extra: Record<string, string>) {
  const dir = await tempDir(t)
  const closing: { worker?: { close (): Promise<void> } } = {}
  t.after(() => closing.worker?.close()) // registered first: node:test runs after-hooks in order, worker before broker
  const broker = await startBroker(t)
  await writeFile(join(dir, 'tricky.mjs'), plugin)
  const w = await startStandaloneWorker({
    workerProps: workerProps(broker.bootstrapServers, dir, { 'plugin.path': dir, ...extra }),
    connectors: [],
    loggers: new LoggerRegistry({ level: 'fatal', destination: new Writable({ write (_c, _e, cb) { cb() } }) })
  })
  closing.worker = w
  return { broker, url: w.restUrl.replace(/\/$/, '') }
}

async function written (url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const m = new RegExp(`kafka_connect_source_task_metrics_source_record_write_total\\{connector="${name}",task="0"\\} (\\d+)`).exec(text)
  return m === null ? 0 : Number(m[1])
}

const taskState = async (url: string, name: string): Promise<{ state: string, trace?: string } | undefined> =>
  (await rest(url, 'GET', `/connectors/${name}/status`)).body?.tasks?.[0]

test('off by default: a failed task stays FAILED with its trace (Kafka\'s behaviour)', async (t) => {
  const { url } = await worker(t, {})
  const name = `plain-${Date.now()}`
  assert.equal((await rest(url, 'PUT', `/connectors/${name}/config`, { 'connector.class': 'TrickySource', topic: 'healing-a', failures: '1' })).status, 201)
  await until('task FAILED', async () => (await taskState(url, name))?.state === 'FAILED')
  await new Promise(resolve => setTimeout(resolve, 1500))
  const s = await taskState(url, name)
  assert.equal(s?.state, 'FAILED')
  assert.match(s?.trace ?? '', /tricky failure 1/)
})

test('kconnect.restart.on.failure: a failing task is restarted with backoff until it runs', async (t) => {
  const { broker, url } = await worker(t, { 'kconnect.restart.on.failure': 'true', 'kconnect.restart.backoff.initial.ms': '100' })
  const name = `healing-${Date.now()}`
  await rest(url, 'PUT', `/connectors/${name}/config`, { 'connector.class': 'TrickySource', topic: 'healing-b', failures: '2' })
  await until('records after two automatic restarts', async () => await written(url, name) >= 3, 20000)
  assert.ok((await kcatValues(broker.bootstrapServers, 'healing-b', 3)).length === 3)
  assert.equal((await taskState(url, name))?.state, 'RUNNING')
  const metrics = await (await fetch(`${url}/metrics`)).text()
  assert.match(metrics, new RegExp(`kconnect_task_auto_restarts_total\\{connector="${name}",task="0"\\} 2`))
})

test('kconnect.stall.timeout.ms: a poll() that never returns is failed as stalled and restarted', async (t) => {
  const { broker, url } = await worker(t, { 'kconnect.restart.on.failure': 'true', 'kconnect.restart.backoff.initial.ms': '100', 'kconnect.stall.timeout.ms': '500' })
  const name = `stall-${Date.now()}`
  await rest(url, 'PUT', `/connectors/${name}/config`, { 'connector.class': 'TrickySource', topic: 'healing-c', failures: '1', mode: 'stall' })
  await until('records after the stall restart', async () => await written(url, name) >= 2, 20000)
  assert.ok((await kcatValues(broker.bootstrapServers, 'healing-c', 2)).length === 2)
  assert.equal((await taskState(url, name))?.state, 'RUNNING')
})

test('stall detection without restarts: the status shows FAILED with the stall trace', async (t) => {
  const { url } = await worker(t, { 'kconnect.stall.timeout.ms': '300' })
  const name = `stuck-${Date.now()}`
  await rest(url, 'PUT', `/connectors/${name}/config`, { 'connector.class': 'TrickySource', topic: 'healing-d', failures: '1', mode: 'stall' })
  const s = await until('stalled task FAILED', async () => { const x = await taskState(url, name); return x?.state === 'FAILED' ? x : null })
  assert.match(s?.trace ?? '', /stalled: poll\(\)\/put\(\) has not returned for \d+ ms \(kconnect\.stall\.timeout\.ms=300\)/)
})
