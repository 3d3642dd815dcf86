// The offsets topic store against the embedded broker, with kcat checking the bytes on the topic.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import pino from 'pino'
import { startBroker } from '../../helpers/broker.ts'
import { KafkaOffsetBackingStore } from '../../../src/runtime/storage/kafka-offset-store.ts'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import { offsetKey } from '../../../src/runtime/storage/offset-store.ts'
import { uniqueName } from '../../helpers/names.ts'

const run = promisify(execFile)
const log = pino({ level: 'silent' })

function store (bootstrap: string, topic: string): KafkaOffsetBackingStore {
  const props = { 'bootstrap.servers': bootstrap }
  return new KafkaOffsetBackingStore({ topic, partitions: 5, replicationFactor: 1, producerProps: props, consumerProps: props, adminProps: props, log })
}

async function setup (t: TestContext) {
  const open: KafkaOffsetBackingStore[] = []
  t.after(async () => { for (const s of open) await s.stop() }) // before the broker's after-hook: closes first
  const broker = await startBroker(t)
  return { broker, open }
}

test('offsets round-trip through a compacted topic; the bytes are Kafka Connect\'s; a new store recovers them', async (t) => {
  const { broker, open } = await setup(t)
  const topic = uniqueName('connect-offsets')
  const a = store(broker.bootstrapServers, topic)
  open.push(a)
  await a.start()
  const k1 = offsetKey('src', { filename: 'a.txt' })
  const k2 = offsetKey('src', { filename: 'b.txt' })
  await a.set(new Map([[k1, '{"position":30}'], [k2, '{"position":7}']]))
  await a.set(new Map([[k2, null]]))
  const { stdout } = await run('kcat', ['-b', broker.bootstrapServers, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%k|%s\n'], { timeout: 20000 })
  assert.deepEqual(stdout.split('\n').filter(l => l !== '').sort(), [
    '["src",{"filename":"a.txt"}]|{"position":30}',
    '["src",{"filename":"b.txt"}]|NULL',
    '["src",{"filename":"b.txt"}]|{"position":7}'
  ])
  const b = store(broker.bootstrapServers, topic)
  open.push(b)
  await b.start()
  assert.deepEqual(await b.get([k1, k2]), new Map([[k1, '{"position":30}']]))
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': broker.bootstrapServers })
  try {
    const d = (await admin.describeTopics([topic])).get(topic)
    assert.equal(d?.partitions, 5)
    assert.equal(d?.configs['cleanup.policy'], 'compact')
  } finally {
    await admin.close()
  }
})

test('an existing topic that is not compacted is refused with Kafka\'s message', async (t) => {
  const { broker } = await setup(t)
  const topic = uniqueName('not-compacted')
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': broker.bootstrapServers })
  try {
    await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } }])
  } finally {
    await admin.close()
  }
  const s = store(broker.bootstrapServers, topic)
  await assert.rejects(s.start(), /Topic '.*' supplied via the 'offset.storage.topic' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of source connector offsets, but found the topic currently has 'cleanup.policy=delete'/)
})

test('config store: the spec\'s example sequence on the topic byte for byte; a second store replays it', async (t) => {
  const { KafkaConfigBackingStore } = await import('../../../src/runtime/storage/kafka-config-store.ts')
  const stores: Array<{ stop (): Promise<void> }> = []
  t.after(async () => { for (const s of stores) await s.stop() })
  const broker = await startBroker(t)
  const topic = uniqueName('connect-configs')
  const props = { 'bootstrap.servers': broker.bootstrapServers }
  const make = () => new KafkaConfigBackingStore({ topic, replicationFactor: 1, producerProps: props, consumerProps: props, adminProps: props, log })
  const a = make()
  stores.push(a)
  await a.start()
  const conn = { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: 'a.txt', topic: 't', name: 'fs' }
  await a.putConnectorConfig('fs', conn, 'STARTED')
  await a.putTaskConfigs('fs', [{ 'connector.class': 'FileStreamSource', 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask', 'tasks.max': '1', file: 'a.txt', topic: 't', name: 'fs' }])
  const { stdout } = await run('kcat', ['-b', broker.bootstrapServers, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%k %s\n'], { timeout: 20000 })
  assert.equal(stdout, [
    'target-state-fs {"state":"STARTED","state.v2":"STARTED"}',
    'connector-fs {"properties":{"connector.class":"FileStreamSource","tasks.max":"1","file":"a.txt","topic":"t","name":"fs"}}',
    'task-fs-0 {"properties":{"connector.class":"FileStreamSource","task.class":"org.apache.kafka.connect.file.FileStreamSourceTask","tasks.max":"1","file":"a.txt","topic":"t","name":"fs"}}',
    'commit-fs {"tasks":1}',
    ''
  ].join('\n'))
  const b = make()
  stores.push(b)
  await b.start()
  assert.deepEqual(b.state.connectors.get('fs'), conn)
  assert.equal(b.state.taskConfigs.get('fs')?.length, 1)
  assert.equal(b.state.targetStates.get('fs'), 'STARTED')
  assert.equal(b.state.offset, 4n)
})
