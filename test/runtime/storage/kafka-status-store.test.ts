// The status topic store against the embedded broker; kcat checks independently that the records are the bytes Kafka
// Connect writes (kafka-connect-behavior.md §4.3) and writes records as a Java worker would, for the reader rules.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { spawnBroker, startBroker, type BrokerProcess } from '../../helpers/broker.ts'
import { uniqueName } from '../../helpers/names.ts'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import { KafkaStatusBackingStore, type KafkaStatusStoreOptions, type StatusChange } from '../../../src/runtime/storage/kafka-status-store.ts'

const log = pino({ level: 'silent' })

function kcat (args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 20000 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message} ${stderr}`))
      else resolve(stdout)
    })
    child.stdin?.end(input ?? '')
  })
}

/** Every record of the topic as `key|value` (NULL for a tombstone), per partition in offset order. */
async function records (bootstrap: string, topic: string): Promise<string[]> {
  const out = await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%p %k|%s\n'])
  return out.split('\n').filter(l => l !== '').sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0])).map(l => l.slice(l.indexOf(' ') + 1))
}

/** Writes `key|value` lines as another Kafka client would, partitioned like Java's producer (murmur2). */
async function produce (bootstrap: string, topic: string, lines: string[]): Promise<void> {
  await kcat(['-b', bootstrap, '-P', '-t', topic, '-K|', '-Z', '-X', 'partitioner=murmur2_random', '-X', 'acks=all'], lines.join('\n') + '\n')
}

async function setup (t: TestContext) {
  const open: KafkaStatusBackingStore[] = []
  t.after(async () => { for (const s of open) await s.stop() }) // registered before the broker's: runs first
  const broker = await startBroker(t)
  const topic = uniqueName('connect-status')
  const props = { 'bootstrap.servers': broker.bootstrapServers }
  const make = (extra: Partial<KafkaStatusStoreOptions> = {}): KafkaStatusBackingStore => {
    const s = new KafkaStatusBackingStore({ topic, replicationFactor: 1, producerProps: { ...props, retries: '0' }, consumerProps: props, adminProps: props, log, ...extra })
    open.push(s)
    return s
  }
  return { broker, topic, make }
}

test('statuses are written as Kafka Connect writes them, byte for byte, and a second store recovers them', { timeout: 60000 }, async (t) => {
  const { broker, topic, make } = await setup(t)
  const a = make()
  await a.start()
  assert.equal(await a.putConnector('my-conn', { state: 'RUNNING', workerId: '10.0.0.5:8083', generation: 7 }), 'written')
  await a.putTask('my-conn', 0, { state: 'RUNNING', workerId: '10.0.0.5:8083', generation: 7 })
  await a.putTask('my-conn', 1, { state: 'FAILED', workerId: '10.0.0.6:8083', generation: 7, trace: 'org.apache.kafka.connect.errors.ConnectException: "bad"\n\tat x.y(Z.java:1)' })
  await a.putConnector('other', { state: 'PAUSED', workerId: '10.0.0.5:8083', generation: 8 })
  await a.putTopic({ topic: 'orders', connector: 'my-conn', task: 0, discoverTimestamp: 1700000000000 })
  await a.putTopic({ topic: 'gone', connector: 'my-conn', task: 1, discoverTimestamp: 1700000000001 })
  await a.deleteTopic('my-conn', 'gone')
  await a.putTask('other', 0, { state: 'RUNNING', workerId: 'w', generation: 8 })
  await a.deleteTask('other', 0)
  const lines = await records(broker.bootstrapServers, topic)
  assert.deepEqual([...lines].sort(), [
    'status-connector-my-conn|{"state":"RUNNING","trace":null,"worker_id":"10.0.0.5:8083","generation":7}',
    'status-connector-other|{"state":"PAUSED","trace":null,"worker_id":"10.0.0.5:8083","generation":8}',
    'status-task-my-conn-0|{"state":"RUNNING","trace":null,"worker_id":"10.0.0.5:8083","generation":7}',
    'status-task-my-conn-1|{"state":"FAILED","trace":"org.apache.kafka.connect.errors.ConnectException: \\"bad\\"\\n\\tat x.y(Z.java:1)","worker_id":"10.0.0.6:8083","generation":7}',
    'status-task-other-0|NULL',
    'status-task-other-0|{"state":"RUNNING","trace":null,"worker_id":"w","generation":8}',
    'status-topic-gone:connector-my-conn|NULL',
    'status-topic-gone:connector-my-conn|{"topic":{"name":"gone","connector":"my-conn","task":1,"discoverTimestamp":1700000000001}}',
    'status-topic-orders:connector-my-conn|{"topic":{"name":"orders","connector":"my-conn","task":0,"discoverTimestamp":1700000000000}}'
  ].sort())
  // Per key, the tombstone comes after the value (same key, same partition).
  assert.ok(lines.indexOf('status-task-other-0|NULL') > lines.findIndex(l => l.startsWith('status-task-other-0|{')))

  const b = make()
  await b.start()
  assert.deepEqual(b.connector('my-conn'), { state: 'RUNNING', workerId: '10.0.0.5:8083', generation: 7 })
  assert.deepEqual(b.tasks('my-conn'), [
    [0, { state: 'RUNNING', workerId: '10.0.0.5:8083', generation: 7 }],
    [1, { state: 'FAILED', workerId: '10.0.0.6:8083', generation: 7, trace: 'org.apache.kafka.connect.errors.ConnectException: "bad"\n\tat x.y(Z.java:1)' }]
  ])
  assert.equal(b.task('other', 0), undefined)
  assert.deepEqual(b.connectors().sort(), ['my-conn', 'other'])
  assert.deepEqual(b.topics('my-conn'), [{ topic: 'orders', connector: 'my-conn', task: 0, discoverTimestamp: 1700000000000 }])
  assert.equal(b.topic('my-conn', 'gone'), undefined)

  // The topic was created compacted with Kafka's default of 5 partitions.
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': broker.bootstrapServers })
  try {
    const d = (await admin.describeTopics([topic])).get(topic)
    assert.equal(d?.partitions, 5)
    assert.equal(d?.configs['cleanup.policy'], 'compact')
  } finally {
    await admin.close()
  }
})

test('a write is visible once read back; the latest value per key wins; tombstones are seen while tailing', { timeout: 60000 }, async (t) => {
  const { make } = await setup(t)
  const changes: StatusChange[] = []
  const a = make()
  const b = make({ onChange: c => changes.push(c) })
  await a.start()
  await b.start()
  await a.putConnector('c', { state: 'UNASSIGNED', workerId: 'w1', generation: 1 })
  await a.putConnector('c', { state: 'RUNNING', workerId: 'w1', generation: 1 })
  await a.putTask('c', 0, { state: 'RUNNING', workerId: 'w1', generation: 1 })
  await b.readToEnd()
  assert.deepEqual(b.connector('c'), { state: 'RUNNING', workerId: 'w1', generation: 1 })
  assert.deepEqual(changes.map(c => c.kind === 'connector' ? `${c.connector}:${c.status?.state ?? 'deleted'}` : c.kind === 'task' ? `${c.connector}-${c.task}:${c.status?.state ?? 'deleted'}` : c.topic),
    ['c:UNASSIGNED', 'c:RUNNING', 'c-0:RUNNING'])
  // A connector tombstone forgets the connector and its tasks (Kafka's cache does the same).
  await a.deleteConnector('c')
  await b.readToEnd()
  assert.equal(b.connector('c'), undefined)
  assert.deepEqual(b.tasks('c'), [])
  assert.deepEqual(changes.at(-1), { kind: 'connector', connector: 'c', status: null })
})

test('safe writes: skipped over a newer generation of another worker, allowed for the same worker or a newer generation', { timeout: 60000 }, async (t) => {
  const { broker, topic, make } = await setup(t)
  const s = make()
  await s.start()
  await s.putTask('c', 0, { state: 'RUNNING', workerId: 'w1', generation: 5 })
  await s.readToEnd()
  assert.equal(await s.putTaskSafe('c', 0, { state: 'UNASSIGNED', workerId: 'w2', generation: 4 }), 'skipped')
  await s.readToEnd()
  assert.deepEqual(s.task('c', 0), { state: 'RUNNING', workerId: 'w1', generation: 5 })
  assert.equal(await s.putTaskSafe('c', 0, { state: 'FAILED', workerId: 'w1', generation: 3, trace: 'boom' }), 'written')
  await s.readToEnd()
  assert.deepEqual(s.task('c', 0), { state: 'FAILED', workerId: 'w1', generation: 3, trace: 'boom' })
  assert.equal(await s.putTaskSafe('c', 0, { state: 'UNASSIGNED', workerId: 'w2', generation: 6 }), 'written')
  // A key never written: safe to write.
  assert.equal(await s.putConnectorSafe('c', { state: 'FAILED', workerId: 'w9', generation: 0, trace: 'x' }), 'written')
  await s.putConnector('d', { state: 'RUNNING', workerId: 'w1', generation: 9 })
  await s.readToEnd()
  assert.equal(await s.putConnectorSafe('d', { state: 'UNASSIGNED', workerId: 'w2', generation: 8 }), 'skipped')
  const lines = (await records(broker.bootstrapServers, topic)).filter(l => l.startsWith('status-task-c-0|'))
  assert.deepEqual(lines, [
    'status-task-c-0|{"state":"RUNNING","trace":null,"worker_id":"w1","generation":5}',
    'status-task-c-0|{"state":"FAILED","trace":"boom","worker_id":"w1","generation":3}',
    'status-task-c-0|{"state":"UNASSIGNED","trace":null,"worker_id":"w2","generation":6}'
  ], 'the skipped write never reached the topic')
})

test('records written by a Java worker are read: stale UNASSIGNED after RUNNING ignored, bad values and keys skipped', { timeout: 60000 }, async (t) => {
  const { broker, topic, make } = await setup(t)
  const a = make()
  await a.start() // creates the topic
  await produce(broker.bootstrapServers, topic, [
    'status-task-my-conn-2|{"state":"RUNNING","trace":null,"worker_id":"java:8083","generation":4}',
    'status-task-my-conn-2|{"state":"UNASSIGNED","trace":null,"worker_id":"java2:8083","generation":4}',
    'status-task-my-conn-3|{"state":"RUNNING","trace":null,"worker_id":"java:8083","generation":4}',
    'status-task-my-conn-3|{"state":"UNASSIGNED","trace":null,"worker_id":"java2:8083","generation":5}',
    'status-connector-my-conn|{"state":"RUNNING","worker_id":"java:8083","generation":4}',
    'status-connector-bad|{"state":"DANCING","trace":null,"worker_id":"w","generation":1}',
    'status-connector-bad2|not json',
    'status-task-x|{"state":"RUNNING","trace":null,"worker_id":"w","generation":1}',
    'status-topic-t1:connector-my-conn|{"topic":{"name":"t1","connector":"my-conn","task":2,"discoverTimestamp":1700000000000}}',
    'status-topic-:connector-my-conn|{"topic":{"name":"","connector":"my-conn","task":2,"discoverTimestamp":1}}',
    'something-else|{}'
  ])
  await a.readToEnd()
  const b = make()
  await b.start()
  for (const s of [a, b]) {
    assert.deepEqual(s.task('my-conn', 2), { state: 'RUNNING', workerId: 'java:8083', generation: 4 })
    assert.deepEqual(s.task('my-conn', 3), { state: 'UNASSIGNED', workerId: 'java2:8083', generation: 5 })
    assert.deepEqual(s.connector('my-conn'), { state: 'RUNNING', workerId: 'java:8083', generation: 4 })
    assert.deepEqual(s.connectors(), ['my-conn'])
    assert.deepEqual(s.topics('my-conn'), [{ topic: 't1', connector: 'my-conn', task: 2, discoverTimestamp: 1700000000000 }])
  }
})

test('an existing status topic that is not compacted is refused with Kafka\'s message', { timeout: 60000 }, async (t) => {
  const { broker, topic, make } = await setup(t)
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': broker.bootstrapServers })
  try {
    await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } }])
  } finally {
    await admin.close()
  }
  const s = make()
  await assert.rejects(s.start(), {
    message: `Topic '${topic}' supplied via the 'status.storage.topic' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of connector and task statuses, but found the topic currently has 'cleanup.policy=delete'. Continuing would likely result in eventually losing connector and task statuses and problems restarting this Connect cluster in the future. Change the 'status.storage.topic' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`
  })
})

test('a retriable failure (broker down) is retried until written; a retry superseded by a newer generation is dropped', { timeout: 90000 }, async (t) => {
  const open: KafkaStatusBackingStore[] = []
  const brokers: BrokerProcess[] = []
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-status-'))
  t.after(async () => { // stores first, then the brokers, then their data
    for (const s of open) await s.stop()
    for (const b of brokers) await b.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })
  const first = await spawnBroker(t, ['--data-dir', dir])
  brokers.push(first)
  const topic = uniqueName('connect-status')
  const props = { 'bootstrap.servers': first.bootstrapServers }
  const s = new KafkaStatusBackingStore({ topic, replicationFactor: 1, producerProps: { ...props, retries: '0' }, consumerProps: props, adminProps: props, log, retryBackoffMs: 100 })
  open.push(s)
  await s.start()
  assert.equal(await s.putTask('c', 0, { state: 'RUNNING', workerId: 'w1', generation: 1 }), 'written')
  await first.kill('SIGTERM')
  const old = s.putTask('c', 0, { state: 'FAILED', workerId: 'w1', generation: 1, trace: 'lost' })
  await new Promise(resolve => setTimeout(resolve, 500))
  const current = s.putTask('c', 1, { state: 'RUNNING', workerId: 'w1', generation: 2 })
  await new Promise(resolve => setTimeout(resolve, 500))
  brokers.push(await spawnBroker(t, ['--data-dir', dir, '--port', String(first.port)]))
  assert.equal(await old, 'superseded')
  assert.equal(await current, 'written')
  await s.readToEnd(20000)
  assert.deepEqual(s.task('c', 1), { state: 'RUNNING', workerId: 'w1', generation: 2 })
  assert.deepEqual(s.task('c', 0), { state: 'RUNNING', workerId: 'w1', generation: 1 })
  assert.deepEqual((await records(first.bootstrapServers, topic)).sort(), [
    'status-task-c-0|{"state":"RUNNING","trace":null,"worker_id":"w1","generation":1}',
    'status-task-c-1|{"state":"RUNNING","trace":null,"worker_id":"w1","generation":2}'
  ])
})
