// The REST API against a real standalone worker (in process) and the embedded broker: Kafka's
// connect_rest_test.py assertions replayed, lifecycle endpoints, offsets, loggers, plugins, and bad input.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { startBroker, tempDir } from '../helpers/broker.ts'
import { kcatValues, rest, until, workerProps } from '../helpers/worker.ts'
import { startStandaloneWorker } from '../../src/cli/worker-setup.ts'
import { LoggerRegistry } from '../../src/runtime/loggers.ts'

async function lines (path: string): Promise<string[]> {
  try { return (await readFile(path, 'utf8')).split('\n').filter(l => l !== '') } catch { return [] }
}

async function worker (t: TestContext, extra: Record<string, string> = {}) {
  const closing: { worker?: { close (): Promise<void> } } = {}
  t.after(() => closing.worker?.close()) // registered first: node:test runs after-hooks in order, worker before broker
  const broker = await startBroker(t)
  const dir = await tempDir(t)
  const ext = join(dir, 'external.properties')
  await writeFile(ext, 'topic.external=test\n')
  const w = await startStandaloneWorker({
    workerProps: workerProps(broker.bootstrapServers, dir, { 'config.providers': 'file', 'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider', ...extra }),
    connectors: [],
    loggers: new LoggerRegistry({ level: 'warn', destination: new Writable({ write (_c, _e, cb) { cb() } }) })
  })
  closing.worker = w
  return { broker, dir, ext, url: w.restUrl.replace(/\/$/, ''), w }
}

const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector'
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector'

test('connect_rest_test.py: validate, create, info/config/tasks with raw placeholders, duplicate 409, update file, delete', async (t) => {
  const { broker, dir, ext, url } = await worker(t)
  const input = join(dir, 'in.txt')
  const input2 = join(dir, 'in2.txt')
  const output = join(dir, 'out.txt')
  await writeFile(input, '')
  await writeFile(input2, '')
  const topicRef = `topic-\${file:${ext}:topic.external}`
  const sourceConfig = { 'connector.class': SOURCE, 'tasks.max': '1', topic: topicRef, file: input, name: 'local-file-source' }
  const sinkConfig = { 'connector.class': SINK, 'tasks.max': '1', topics: topicRef, file: output, name: 'local-file-sink' }

  assert.deepEqual((await rest(url, 'GET', '/connectors')).body, [])
  const plugins = (await rest(url, 'GET', '/connector-plugins/')).body as Array<{ class: string }>
  assert.ok(plugins.some(p => p.class === SOURCE) && plugins.some(p => p.class === SINK))

  const vs = await rest(url, 'PUT', '/connector-plugins/FileStreamSourceConnector/config/validate', sourceConfig)
  assert.equal(vs.status, 200)
  assert.equal(vs.body.name, SOURCE)
  assert.equal(vs.body.error_count, 0)
  const vk = await rest(url, 'PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', sinkConfig)
  assert.equal(vk.body.name, SINK)
  assert.equal(vk.body.error_count, 0)

  const created = await rest(url, 'POST', '/connectors', { name: 'local-file-source', config: sourceConfig })
  assert.equal(created.status, 201)
  assert.equal(created.headers.get('location'), `${url}/connectors/local-file-source`)
  assert.deepEqual(created.body, { name: 'local-file-source', config: sourceConfig, tasks: [], type: 'source' })
  assert.equal((await rest(url, 'POST', '/connectors', { name: 'local-file-sink', config: sinkConfig })).status, 201)

  await appendFile(input, 'a\nb\nc\n')
  await until('3 lines in the sink', async () => (await lines(output)).length === 3)
  assert.deepEqual(await lines(output), ['a', 'b', 'c'])
  assert.equal((await kcatValues(broker.bootstrapServers, 'topic-test')).length, 3)

  const dup = await rest(url, 'POST', '/connectors', { name: 'local-file-source', config: sourceConfig })
  assert.deepEqual([dup.status, dup.body], [409, { error_code: 409, message: 'Connector local-file-source already exists' }])

  assert.deepEqual((await rest(url, 'GET', '/connectors/local-file-source')).body,
    { name: 'local-file-source', config: sourceConfig, tasks: [{ connector: 'local-file-source', task: 0 }], type: 'source' })
  assert.deepEqual((await rest(url, 'GET', '/connectors/local-file-source/config')).body, sourceConfig)
  assert.deepEqual((await rest(url, 'GET', '/connectors/local-file-source/tasks')).body,
    [{ id: { connector: 'local-file-source', task: 0 }, config: { ...sourceConfig, 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask' } }])
  assert.deepEqual((await rest(url, 'GET', '/connectors/local-file-sink/tasks')).body,
    [{ id: { connector: 'local-file-sink', task: 0 }, config: { ...sinkConfig, 'task.class': 'org.apache.kafka.connect.file.FileStreamSinkTask' } }])

  const updated = await rest(url, 'PUT', '/connectors/local-file-source/config', { ...sourceConfig, file: input2 })
  assert.equal(updated.status, 200)
  assert.equal(updated.body.config.file, input2)
  await appendFile(input2, 'd\ne\nf\ng\nh\ni\n')
  await until('9 lines in the sink', async () => (await lines(output)).length === 9)
  assert.deepEqual(await lines(output), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])

  const topics = await rest(url, 'GET', '/connectors/local-file-source/topics')
  assert.deepEqual(topics.body, { 'local-file-source': { topics: ['topic-test'] } })
  assert.equal((await rest(url, 'PUT', '/connectors/local-file-source/topics/reset')).status, 202)

  assert.equal((await rest(url, 'DELETE', '/connectors/local-file-source')).status, 204)
  assert.equal((await rest(url, 'DELETE', '/connectors/local-file-sink')).status, 204)
  assert.deepEqual((await rest(url, 'GET', '/connectors')).body, [])
})

test('pause, resume, stop, offsets, restart', async (t) => {
  const { dir, url } = await worker(t)
  const input = join(dir, 'in.txt')
  const output = join(dir, 'out.txt')
  await writeFile(input, '')
  const topic = 'lifecycle'
  assert.equal((await rest(url, 'PUT', '/connectors/src/config', { 'connector.class': 'FileStreamSource', topic, file: input })).status, 201)
  const sinkCreated = await rest(url, 'PUT', '/connectors/snk/config', { 'connector.class': 'FileStreamSink', topics: topic, file: output })
  assert.equal(sinkCreated.status, 201)
  await until('both running', async () => {
    const r = await rest(url, 'GET', '/connectors?expand=status&expand=info')
    return r.body.src?.status.tasks[0]?.state === 'RUNNING' && r.body.snk?.status.tasks[0]?.state === 'RUNNING' && r.body.src.info.type === 'source'
  })

  assert.equal((await rest(url, 'PUT', '/connectors/snk/pause')).status, 202)
  await until('sink paused', async () => (await rest(url, 'GET', '/connectors/snk/status')).body.tasks[0]?.state === 'PAUSED')
  assert.equal((await rest(url, 'GET', '/connectors/snk/status')).body.connector.state, 'PAUSED')
  await appendFile(input, 'one\ntwo\n')
  await new Promise(resolve => setTimeout(resolve, 1500))
  assert.deepEqual(await lines(output), [], 'nothing is written while the sink is paused')
  assert.equal((await rest(url, 'PUT', '/connectors/snk/resume')).status, 202)
  await until('lines after resume', async () => (await lines(output)).length === 2)

  // Offsets can only change once the connector is stopped.
  const early = await rest(url, 'DELETE', '/connectors/src/offsets')
  assert.equal(early.status, 400)
  assert.match(early.body.message, /^Connectors must be in the STOPPED state before their offsets can be modified/)
  assert.equal((await rest(url, 'PUT', '/connectors/src/stop')).status, 204)
  const stopped = await rest(url, 'GET', '/connectors/src/status')
  assert.deepEqual([stopped.body.connector.state, stopped.body.tasks], ['STOPPED', []])
  await until('source offset committed', async () => (await rest(url, 'GET', '/connectors/src/offsets')).body.offsets.length === 1)
  assert.deepEqual((await rest(url, 'GET', '/connectors/src/offsets')).body, { offsets: [{ partition: { filename: input }, offset: { position: 8 } }] })
  const patched = await rest(url, 'PATCH', '/connectors/src/offsets', { offsets: [{ partition: { filename: input }, offset: { position: 4 } }] })
  assert.equal(patched.status, 200)
  assert.match(patched.body.message, /offsets for this connector have been altered successfully/)
  assert.equal((await rest(url, 'PATCH', '/connectors/src/offsets', {})).body.message, 'Partitions / offsets need to be provided for an alter offsets request')
  assert.equal((await rest(url, 'PUT', '/connectors/src/resume')).status, 202)
  await until('line two re-read from position 4', async () => (await lines(output)).length === 3)
  assert.deepEqual(await lines(output), ['one', 'two', 'two'])

  await until('sink offsets committed', async () => (await rest(url, 'GET', '/connectors/snk/offsets')).body.offsets[0]?.offset.kafka_offset === 3)
  assert.deepEqual((await rest(url, 'GET', '/connectors/snk/offsets')).body,
    { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 3 } }] })

  assert.equal((await rest(url, 'POST', '/connectors/src/restart')).status, 204)
  const planned = await rest(url, 'POST', '/connectors/src/restart?includeTasks=true')
  assert.equal(planned.status, 202)
  assert.equal(planned.body.connector.state, 'RESTARTING')
  assert.equal(planned.body.tasks[0].state, 'RESTARTING')
  await until('running after restart', async () => (await rest(url, 'GET', '/connectors/src/tasks/0/status')).body.state === 'RUNNING')
  assert.equal((await rest(url, 'POST', '/connectors/src/tasks/0/restart')).status, 204)
  assert.deepEqual((await rest(url, 'POST', '/connectors/src/tasks/7/restart')).body, { error_code: 404, message: 'Unknown task: src-7' })
  const onlyFailed = await rest(url, 'POST', '/connectors/src/restart?onlyFailed=true&includeTasks=true')
  assert.equal(onlyFailed.status, 202)
  assert.equal(onlyFailed.body.connector.state, 'RUNNING')
})

test('bad input gets Kafka\'s status and a clear message', async (t) => {
  const { url } = await worker(t)
  const malformed = await rest(url, 'POST', '/connectors', '{"name": "x", "config": {')
  assert.equal(malformed.status, 400)
  assert.equal(malformed.body.error_code, 400)
  assert.match(malformed.body.message, /Malformed JSON/)

  const unknown = await rest(url, 'POST', '/connectors', { name: 'x', config: { 'connector.class': 'com.nope.Missing' } })
  assert.equal(unknown.status, 500)
  assert.match(unknown.body.message, /^Failed to find any class that implements Connector and which name matches com\.nope\.Missing, available connectors are: /)

  const invalid = await rest(url, 'POST', '/connectors', { name: 'x', config: { 'connector.class': 'FileStreamSink', 'tasks.max': 'many' } })
  assert.equal(invalid.status, 400)
  assert.equal(invalid.body.message, 'Connector configuration is invalid and contains the following 4 error(s):\n' +
    // As Kafka's ConfigDef.validate: the validator still runs on the unparsable value (as null).
    'Invalid value many for configuration tasks.max: Not a number of type INT\nInvalid value null for configuration tasks.max: Value must be non-null\nMust configure one of topics or topics.regex\nMust configure one of topics or topics.regex\n' +
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`')

  const noClass = await rest(url, 'POST', '/connectors', { name: 'x', config: { topic: 't' } })
  assert.deepEqual([noClass.status, noClass.body.message], [400, 'Connector config {topic=t, name=x} contains no connector type'])
  const mismatch = await rest(url, 'POST', '/connectors', { name: 'x', config: { name: 'y', 'connector.class': 'FileStreamSink' } })
  assert.deepEqual(mismatch.body, { error_code: 400, message: "Connector name configuration (y) doesn't match connector name in the URL (x)" })
  const emptyName = await rest(url, 'POST', '/connectors', { name: ' ', config: { 'connector.class': 'FileStreamSink', topics: 't' } })
  assert.equal(emptyName.status, 400)
  assert.match(emptyName.body.message, /Invalid value {2}for configuration name: String may not be empty/)

  assert.deepEqual((await rest(url, 'GET', '/connectors/nope')).body, { error_code: 404, message: 'Connector nope not found' })
  assert.deepEqual((await rest(url, 'GET', '/connectors/nope/status')).body, { error_code: 404, message: 'No status found for connector nope' })
  assert.deepEqual((await rest(url, 'PUT', '/connectors/nope/pause')).body, { error_code: 404, message: 'Unknown connector nope' })
  assert.deepEqual((await rest(url, 'POST', '/connectors/nope/restart')).body, { error_code: 404, message: 'Unknown connector: nope' })
  assert.deepEqual((await rest(url, 'DELETE', '/connectors/nope')).body, { error_code: 404, message: 'Connector nope not found' })
  assert.deepEqual((await rest(url, 'GET', '/nowhere')).body, { error_code: 404, message: 'HTTP 404 Not Found' })
  assert.deepEqual((await rest(url, 'DELETE', '/connector-plugins')).body, { error_code: 405, message: 'HTTP 405 Method Not Allowed' })
  const mismatchType = await rest(url, 'PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': 'FileStreamSource' })
  assert.deepEqual(mismatchType.body, { error_code: 400, message: 'Included connector type FileStreamSource does not match request type FileStreamSink' })
  const nonString = await rest(url, 'PUT', '/connectors/x/config', { 'connector.class': 'FileStreamSink', topics: ['a'] })
  assert.equal(nonString.status, 400)
  const big = await rest(url, 'PUT', '/connectors/x/config', { 'connector.class': 'FileStreamSink', blob: 'x'.repeat(2 * 1024 * 1024) })
  assert.equal(big.status, 413)
  assert.equal(big.body.error_code, 413)
  assert.deepEqual((await rest(url, 'GET', '/connector-plugins/NoSuchPlugin/config')).body, { error_code: 404, message: 'Unknown plugin NoSuchPlugin.' })
})

test('GET /, /health, plugin config, loggers, metrics; secrets never echoed in validate', async (t) => {
  const { url } = await worker(t)
  const root = await rest(url, 'GET', '/')
  assert.deepEqual(Object.keys(root.body), ['version', 'commit', 'kafka_cluster_id'])
  assert.equal(typeof root.body.kafka_cluster_id, 'string')
  assert.deepEqual((await rest(url, 'GET', '/health')).body, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
  const cfg = await rest(url, 'GET', '/connector-plugins/FileStreamSource/config')
  assert.deepEqual(cfg.body.map((k: { name: string }) => k.name).sort(), ['batch.size', 'file', 'topic'])
  assert.deepEqual(Object.keys(cfg.body[0]), ['name', 'type', 'required', 'default_value', 'importance', 'documentation', 'group', 'width', 'display_name', 'dependents', 'order'])
  const all = (await rest(url, 'GET', '/connector-plugins?connectorsOnly=false')).body as Array<{ type: string }>
  assert.ok(all.some(p => p.type === 'converter') && all.some(p => p.type === 'header_converter'))

  const loggers = await rest(url, 'GET', '/admin/loggers')
  assert.ok('root' in loggers.body)
  const set = await rest(url, 'PUT', '/admin/loggers/org.apache.kafka.connect', { level: 'DEBUG' })
  assert.equal(set.status, 200)
  assert.ok(set.body.length >= 1 && set.body.every((n: string) => n.startsWith('org.apache.kafka.connect')))
  const one = await rest(url, 'GET', `/admin/loggers/${set.body[0]}`)
  assert.equal(one.body.level, 'DEBUG')
  assert.ok(one.body.last_modified >= Date.now() - 60000)
  assert.equal((await rest(url, 'PUT', '/admin/loggers/x', {})).body.message, "Desired 'level' parameter was not specified in request.")
  assert.deepEqual((await rest(url, 'PUT', '/admin/loggers/x', { level: 'LOUD' })).body, { error_code: 404, message: "invalid log level 'LOUD'." })
  assert.equal((await rest(url, 'PUT', '/admin/loggers/x?scope=cluster', { level: 'INFO' })).status, 204)

  const v = await rest(url, 'PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': 'FileStreamSink', topics: 't', 'consumer.override.sasl.jaas.config': 'secret', 'key.converter': 'org.apache.kafka.connect.json.JsonConverter' })
  assert.equal(v.status, 200)
  assert.ok(v.body.configs.some((c: { definition: { name: string } | null }) => c.definition?.name === 'key.converter.schemas.enable'))

  const metrics = await fetch(`${url}/metrics`)
  assert.equal(metrics.status, 200)
  assert.match(await metrics.text(), /kafka_connect_connect_worker_metrics_connector_count 0/)
})

test('CORS from access.control.allow.origin, extra headers from response.http.headers.config', async (t) => {
  const { url } = await worker(t, {
    'access.control.allow.origin': 'http://ui.example',
    'access.control.allow.methods': 'GET,POST,PUT,DELETE',
    'response.http.headers.config': 'set X-Frame-Options: DENY, add Cache-Control: "no-cache, no-store"'
  })
  const pre = await fetch(`${url}/connectors`, { method: 'OPTIONS', headers: { origin: 'http://ui.example', 'access-control-request-method': 'POST' } })
  assert.equal(pre.status, 200)
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://ui.example')
  assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,POST,PUT,DELETE')
  const get = await fetch(`${url}/connectors`, { headers: { origin: 'http://ui.example' } })
  assert.equal(get.headers.get('access-control-allow-origin'), 'http://ui.example')
  assert.equal(get.headers.get('x-frame-options'), 'DENY')
  assert.equal(get.headers.get('cache-control'), 'no-cache, no-store')
  const other = await fetch(`${url}/connectors`, { headers: { origin: 'http://evil.example' } })
  assert.equal(other.headers.get('access-control-allow-origin'), null)
})

// Kafka's connect_distributed_test.py test_transformations: HoistField$Value + InsertField$Value on a file source.
test('SMTs by Java class name in a pipeline: HoistField$Value + InsertField$Value', async (t) => {
  const { broker, dir, url } = await worker(t)
  const input = join(dir, 'in.txt')
  await writeFile(input, 'a\nb\nc\n')
  const created = await rest(url, 'PUT', '/connectors/smt/config', {
    'connector.class': 'FileStreamSource', file: input, topic: 'smt-test',
    transforms: 'hoistToStruct,insertTimestampField',
    'transforms.hoistToStruct.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
    'transforms.hoistToStruct.field': 'content',
    'transforms.insertTimestampField.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.insertTimestampField.timestamp.field': 'the_timestamp'
  })
  assert.equal(created.status, 201)
  const values = await until('3 records', async () => { const v = await kcatValues(broker.bootstrapServers, 'smt-test').catch(() => []); return v.length === 3 ? v : null })
  const first = JSON.parse(values[0]!)
  assert.deepEqual(first.schema, {
    type: 'struct',
    fields: [
      { type: 'string', optional: false, field: 'content' },
      { type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1, field: 'the_timestamp' }
    ],
    optional: false
  })
  assert.equal(first.payload.content, 'a')
  assert.equal(typeof first.payload.the_timestamp, 'number')
  const validated = await rest(url, 'PUT', '/connector-plugins/FileStreamSource/config/validate', {
    'connector.class': 'FileStreamSource', topic: 't', transforms: 'h', 'transforms.h.type': 'org.apache.kafka.connect.transforms.HoistField$Value'
  })
  assert.ok(validated.body.groups.includes('Transforms: h'))
  assert.ok(validated.body.configs.some((c: { value: { errors: string[] } | null }) => c.value?.errors.includes('Missing required configuration "transforms.h.field" which has no default value.')))
})

test('topic.creation.*: a source creates its topic with the matching group\'s partitions and configs', async (t) => {
  const { broker, dir, url } = await worker(t)
  const input = join(dir, 'in.txt')
  await writeFile(input, 'x\ny\n')
  const created = await rest(url, 'PUT', '/connectors/tc/config', {
    'connector.class': 'FileStreamSource', file: input, topic: 'compact-lines',
    'topic.creation.default.replication.factor': '1', 'topic.creation.default.partitions': '1',
    'topic.creation.groups': 'compacted',
    'topic.creation.compacted.include': 'compact-.*',
    'topic.creation.compacted.partitions': '3',
    'topic.creation.compacted.retention.ms': '12345678'
  })
  assert.equal(created.status, 201)
  await until('records written', async () => (await kcatValues(broker.bootstrapServers, 'compact-lines').catch(() => [])).length === 2)
  const { execFile } = await import('node:child_process')
  const { promisify } = await import('node:util')
  const { stdout } = await promisify(execFile)('kcat', ['-b', broker.bootstrapServers, '-L', '-t', 'compact-lines'], { timeout: 20000 })
  assert.match(stdout, /topic "compact-lines" with 3 partitions/)
  const { KafkaAdmin } = await import('../../src/kafka/admin.ts')
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': broker.bootstrapServers })
  try {
    const d = await admin.describeTopics(['compact-lines'])
    assert.equal(d.get('compact-lines')?.configs['retention.ms'], '12345678')
  } finally {
    await admin.close()
  }
})
