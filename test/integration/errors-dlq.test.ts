// Kafka's connect_test.py test_skip_and_log_to_dlq, replayed: a source writes lines as plain strings, every odd one
// malformed JSON; the sink reads them with JsonConverter (schemas off). With errors.tolerance=all the good lines
// arrive and the bad ones land in the DLQ with the __connect.errors.* headers (read back by kcat); with none the task
// fails with its trace and the DLQ holds exactly the first bad line.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { promisify } from 'node:util'
import { startBroker, tempDir } from '../helpers/broker.ts'
import { kcatValues, rest, until, workerProps } from '../helpers/worker.ts'
import { startStandaloneWorker } from '../../src/cli/worker-setup.ts'
import { LoggerRegistry } from '../../src/runtime/loggers.ts'

const run = promisify(execFile)

async function lines (path: string): Promise<string[]> {
  try { return (await readFile(path, 'utf8')).split('\n').filter(l => l !== '') } catch { return [] }
}

async function pipeline (t: TestContext, tolerance: 'all' | 'none') {
  const closing: { worker?: { close (): Promise<void> } } = {}
  t.after(() => closing.worker?.close()) // registered first: node:test runs after-hooks in order, worker before broker
  const broker = await startBroker(t)
  const dir = await tempDir(t)
  const input = join(dir, 'in.txt')
  const output = join(dir, 'out.txt')
  const input_ = Array.from({ length: 20 }, (_, i) => i % 2 === 0 ? JSON.stringify({ some_key: i }) : `{"some_key": ${i}, broken`)
  await writeFile(input, input_.join('\n') + '\n')
  const w = await startStandaloneWorker({
    workerProps: workerProps(broker.bootstrapServers, dir),
    connectors: [
      { path: '(test)', name: 'src', config: { name: 'src', 'connector.class': 'FileStreamSource', file: input, topic: 'test', 'value.converter': 'org.apache.kafka.connect.storage.StringConverter' } },
      {
        path: '(test)',
        name: 'snk',
        config: {
          name: 'snk', 'connector.class': 'FileStreamSink', file: output, topics: 'test',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
          'errors.tolerance': tolerance, 'errors.deadletterqueue.topic.name': 'my-connector-errors',
          'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
          'errors.log.enable': 'true', 'errors.log.include.messages': 'true'
        }
      }
    ],
    loggers: new LoggerRegistry({ level: 'fatal', destination: new Writable({ write (_c, _e, cb) { cb() } }) })
  })
  closing.worker = w
  return { broker, input: input_, output, url: w.restUrl.replace(/\/$/, '') }
}

test('errors.tolerance=all: good records delivered, bad ones in the DLQ with context headers', async (t) => {
  const p = await pipeline(t, 'all')
  const good = p.input.filter((_, i) => i % 2 === 0).map((_, j) => `{some_key=${j * 2}}`)
  await until('good lines in the sink', async () => (await lines(p.output)).length >= good.length)
  assert.deepEqual(await lines(p.output), good)
  const bad = p.input.filter((_, i) => i % 2 === 1)
  await until('bad lines in the DLQ', async () => (await kcatValues(p.broker.bootstrapServers, 'my-connector-errors')).length >= bad.length)
  assert.deepEqual(await kcatValues(p.broker.bootstrapServers, 'my-connector-errors'), bad)
  const { stdout } = await run('kcat', ['-b', p.broker.bootstrapServers, '-C', '-t', 'my-connector-errors', '-e', '-q', '-c', '1', '-f', '%h\n'], { timeout: 20000 })
  for (const h of ['__connect.errors.topic=test', '__connect.errors.partition=0', '__connect.errors.offset=1', '__connect.errors.connector.name=snk',
    '__connect.errors.task.id=0', '__connect.errors.stage=VALUE_CONVERTER', '__connect.errors.class.name=org.apache.kafka.connect.json.JsonConverter',
    '__connect.errors.exception.class.name=DataError']) {
    assert.ok(stdout.includes(h), `missing header ${h} in ${stdout}`)
  }
  assert.match(stdout, /__connect\.errors\.exception\.stacktrace=DataError: /)
  const status = await rest(p.url, 'GET', '/connectors/snk/status')
  assert.equal(status.body.tasks[0].state, 'RUNNING')
  const metrics = await (await fetch(`${p.url}/metrics`)).text()
  assert.match(metrics, /kafka_connect_task_error_metrics_total_records_skipped\{connector="snk",task="0"\} 10/)
  assert.match(metrics, /kafka_connect_task_error_metrics_deadletterqueue_produce_requests\{connector="snk",task="0"\} 10/)
})

test('errors.tolerance=none: the task fails with its trace; the DLQ holds exactly the first bad record', async (t) => {
  const p = await pipeline(t, 'none')
  const status = await until('sink task FAILED', async () => {
    const s = await rest(p.url, 'GET', '/connectors/snk/status')
    return s.body.tasks[0]?.state === 'FAILED' ? s.body : null
  })
  assert.match(status.tasks[0].trace, /Tolerance exceeded in error handler/)
  assert.match(status.tasks[0].trace, /Caused by: DataError: Converting byte\[\] to Kafka Connect data failed due to serialization error/)
  assert.equal(status.connector.state, 'RUNNING')
  // As Kafka: the batch is converted before put(), so the failure stops it before any of it is written.
  assert.ok((await lines(p.output)).length <= 1)
  await until('first bad line in the DLQ', async () => (await kcatValues(p.broker.bootstrapServers, 'my-connector-errors')).length === 1)
  assert.deepEqual(await kcatValues(p.broker.bootstrapServers, 'my-connector-errors'), [p.input[1]])
})

test('source DLQ (kconnect): records a source converter rejects go to the DLQ as JSON with context headers', async (t) => {
  const closing: { worker?: { close (): Promise<void> } } = {}
  t.after(() => closing.worker?.close())
  const broker = await startBroker(t)
  const dir = await tempDir(t)
  const input = join(dir, 'in.txt')
  await writeFile(input, 'not a number\nstill not\n')
  const w = await startStandaloneWorker({
    workerProps: workerProps(broker.bootstrapServers, dir),
    connectors: [{
      path: '(test)',
      name: 'src',
      config: {
        name: 'src', 'connector.class': 'FileStreamSource', file: input, topic: 'numbers',
        'value.converter': 'org.apache.kafka.connect.converters.IntegerConverter',
        'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'source-errors',
        'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true'
      }
    }],
    loggers: new LoggerRegistry({ level: 'fatal', destination: new Writable({ write (_c, _e, cb) { cb() } }) })
  })
  closing.worker = w
  const dlq = await until('two records in the source DLQ', async () => {
    const v = await kcatValues(broker.bootstrapServers, 'source-errors').catch(() => [])
    return v.length >= 2 ? v : null
  })
  const first = JSON.parse(dlq?.[0] ?? "null")
  assert.deepEqual([first.topic, first.sourcePartition, first.sourceOffset, first.value], ['numbers', { filename: input }, { position: 13 }, 'not a number'])
  const { stdout } = await run('kcat', ['-b', broker.bootstrapServers, '-C', '-t', 'source-errors', '-e', '-q', '-c', '1', '-f', '%h\n'], { timeout: 20000 })
  assert.match(stdout, /__connect\.errors\.stage=VALUE_CONVERTER/)
  assert.match(stdout, /__connect\.errors\.source\.offset=\{"position":13\}/)
  // The rejected records count as processed: their offsets are committed.
  await until('offsets committed past both lines', async () => {
    const o = await rest(w.restUrl.replace(/\/$/, ''), 'GET', '/connectors/src/offsets')
    return o.body.offsets[0]?.offset.position === 23
  })
})
