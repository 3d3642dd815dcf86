// The seed walkthrough with real processes: connect-standalone with the shipped config files (paths adjusted), lines
// appended to a file reach the topic as JsonConverter envelopes (read back by kcat) and the sink file; a clean restart
// resumes without loss or duplicates; kill -9 loses nothing that was acknowledged.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readPropertiesFile } from '../../src/config/properties.ts'
import { startBroker, tempDir } from '../helpers/broker.ts'
import { kcatValues, rest, runCli, spawnWorker, until, workerProps, writeProps } from '../helpers/worker.ts'

const configDir = new URL('../../config/', import.meta.url).pathname

async function lines (path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter(l => l !== '')
  } catch {
    return []
  }
}

async function setup (t: import('node:test').TestContext, extra: Record<string, string> = {}) {
  const broker = await startBroker(t)
  const dir = await tempDir(t)
  const input = join(dir, 'test.txt')
  const output = join(dir, 'test.sink.txt')
  await writeFile(input, '')
  const topic = `connect-test-${Math.random().toString(36).slice(2, 8)}`
  const shipped = Object.fromEntries(await readPropertiesFile(join(configDir, 'connect-standalone.properties')))
  const worker = await writeProps(join(dir, 'worker.properties'), { ...shipped, ...workerProps(broker.bootstrapServers, dir, extra) })
  const source = Object.fromEntries(await readPropertiesFile(join(configDir, 'connect-file-source.properties')))
  const sink = Object.fromEntries(await readPropertiesFile(join(configDir, 'connect-file-sink.properties')))
  const sourceFile = await writeProps(join(dir, 'source.properties'), { ...source, file: input, topic })
  const sinkFile = await writeProps(join(dir, 'sink.properties'), { ...sink, file: output, topics: topic })
  return { broker, dir, input, output, topic, args: [worker, sourceFile, sinkFile] }
}

test('seed flow: file → topic (JsonConverter envelope, checked by kcat) → file; clean restart resumes exactly', async (t) => {
  const s = await setup(t)
  const w = await spawnWorker(t, s.args)
  const first = ['hello', 'kconnect', 'ünïcödé line', '']
  await appendFile(s.input, first.join('\n') + '\n')
  const expected = first
  await until('sink file has the first lines', async () => (await lines(s.output)).length >= 3)
  assert.deepEqual(await lines(s.output), expected.filter(l => l !== ''))
  const values = await kcatValues(s.broker.bootstrapServers, s.topic)
  assert.deepEqual(values, expected.map(l => JSON.stringify({ schema: { type: 'string', optional: false }, payload: l })))
  const status = await rest(w.url, 'GET', '/connectors/local-file-source/status')
  assert.equal(status.status, 200)
  assert.equal(status.body.connector.state, 'RUNNING')
  assert.equal(status.body.tasks[0].state, 'RUNNING')

  assert.equal(await w.kill('SIGTERM'), 0, w.output())
  await appendFile(s.input, 'after restart 1\nafter restart 2\n')
  await spawnWorker(t, s.args)
  await until('sink file has every line', async () => (await lines(s.output)).length >= 5)
  await new Promise(resolve => setTimeout(resolve, 1000))
  assert.deepEqual(await lines(s.output), ['hello', 'kconnect', 'ünïcödé line', '', 'after restart 1', 'after restart 2'].filter(l => l !== ''))
  assert.equal((await kcatValues(s.broker.bootstrapServers, s.topic)).length, 6)
})

test('kill -9 of the worker loses nothing that was acknowledged', async (t) => {
  // The killed sink consumer stays in its group until its session times out (as with Kafka): keep that short.
  const s = await setup(t, { 'consumer.session.timeout.ms': '6000', 'consumer.heartbeat.interval.ms': '1000' })
  const w = await spawnWorker(t, s.args)
  const batch1 = Array.from({ length: 200 }, (_, i) => `a-${i}`)
  await appendFile(s.input, batch1.join('\n') + '\n')
  await until('first batch in the sink', async () => (await lines(s.output)).length >= batch1.length)
  await new Promise(resolve => setTimeout(resolve, 1200)) // > offset.flush.interval.ms: offsets of batch 1 committed
  await w.kill('SIGKILL')
  const batch2 = Array.from({ length: 200 }, (_, i) => `b-${i}`)
  await appendFile(s.input, batch2.join('\n') + '\n')
  const w2 = await spawnWorker(t, s.args)
  await until('second batch in the sink', async () => (await lines(s.output)).includes('b-199'), 30000).catch(async (err: Error) => {
    throw new Error(`${err.message}\nsink has ${(await lines(s.output)).length} lines; worker output:\n${w2.output()}\nstatus: ${JSON.stringify((await rest(w2.url, 'GET', '/connectors?expand=status')).body)}\ntopic: ${(await kcatValues(s.broker.bootstrapServers, s.topic)).length}`)
  })
  const out = await lines(s.output)
  for (const l of [...batch1, ...batch2]) assert.ok(out.includes(l), `missing ${l}`)
  // Batch 1 was committed before the kill, so it must not come again.
  assert.equal(out.filter(l => l === 'a-0').length, 1)
})

test('broken worker or connector files: non-zero exit naming the file and line', async (t) => {
  const dir = await tempDir(t)
  const bad = join(dir, 'bad.properties')
  await writeFile(bad, 'name=x\nconnector.class=FileStreamSource\nfile=\\u12\n')
  const worker = await writeProps(join(dir, 'worker.properties'), workerProps('127.0.0.1:1', dir))
  const r1 = await runCli(['standalone', worker, bad])
  assert.notEqual(r1.code, 0)
  assert.match(r1.out, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3`))
  const noName = join(dir, 'noname.json')
  await writeFile(noName, JSON.stringify({ 'connector.class': 'FileStreamSource' }))
  const r2 = await runCli(['standalone', worker, noName])
  assert.notEqual(r2.code, 0)
  assert.match(r2.out, /Connector configuration at '.*noname\.json' is missing the mandatory 'name' configuration/)
  const r3 = await runCli(['standalone'])
  assert.notEqual(r3.code, 0)
  assert.match(r3.out, /worker\.properties file is required/)
})
