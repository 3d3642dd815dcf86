// MqttSourceTask and MqttSourceConnector against the local Mosquitto: messages published by an independent MQTT.js
// client become records; QoS 1 acknowledgements wait for commitRecord (redelivery on a persistent session proves it);
// the buffer applies backpressure; validation; unreachable brokers.
import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { ConfigException, RetriableError, Schema, type SourceRecord } from '../../../src/api/index.ts'
import { MqttSourceConnector, MqttSourceTask, kconnectPlugins } from '../../../src/connectors/mqtt/index.ts'
import { closedPort, memoryOffsets, sourceContext } from '../redis/contexts.ts'
import { MQTT_URI, dropSessionAfter, peer, topicPrefix } from './helpers.ts'

const T = { timeout: 30000 }

async function startTask (t: TestContext, props: Record<string, string>): Promise<MqttSourceTask> {
  const full = { 'mqtt.server.uri': MQTT_URI, 'kafka.topic': 'from-mqtt', ...props }
  const task = new MqttSourceTask()
  task.initialize(sourceContext(full, memoryOffsets()))
  await task.start(full)
  t.after(() => task.stop())
  return task
}

/** Polls until `n` records arrived (bounded). */
async function pollN (task: MqttSourceTask, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  const deadline = Date.now() + 10000
  while (out.length < n && Date.now() < deadline) out.push(...(await task.poll(AbortSignal.timeout(1000))) ?? [])
  return out
}

const text = (rs: SourceRecord[]): string[] => rs.map(r => Buffer.from(r.value as Uint8Array).toString())
const commit = (task: MqttSourceTask, rs: SourceRecord[]): void => {
  for (const r of rs) task.commitRecord(r, { topic: r.topic, partition: 0, offset: 0, timestamp: 0 })
}

test('published messages become records: key = MQTT topic, value = payload bytes, partition {mqtt.topic}', T, async t => {
  const base = topicPrefix()
  const pub = await peer(t)
  const task = await startTask(t, { 'mqtt.topics': `${base}/+/temp,${base}/alerts` })
  await pub.publishAsync(`${base}/kitchen/temp`, '21.5')
  await pub.publishAsync(`${base}/alerts`, Buffer.from([0, 1, 2, 255]))
  await pub.publishAsync(`${base}/ignored`, 'not subscribed')
  await pub.publishAsync(`${base}/hall/temp`, '19')
  const records = await pollN(task, 3)
  assert.deepEqual(records.map(r => r.key), [`${base}/kitchen/temp`, `${base}/alerts`, `${base}/hall/temp`])
  assert.deepEqual(records.map(r => Buffer.from(r.value as Uint8Array)), [Buffer.from('21.5'), Buffer.from([0, 1, 2, 255]), Buffer.from('19')])
  const r = records[0]!
  assert.equal(r.topic, 'from-mqtt')
  assert.equal(r.keySchema, Schema.STRING_SCHEMA)
  assert.equal(r.valueSchema, Schema.BYTES_SCHEMA)
  assert.deepEqual(r.sourcePartition, { 'mqtt.topic': `${base}/kitchen/temp` })
  assert.deepEqual(r.sourceOffset, {})
  assert.ok(typeof r.timestamp === 'number' && Math.abs(r.timestamp - Date.now()) < 10000)
  assert.equal(r.headers.lastWithName('mqtt.qos')?.value(), 0)
  assert.equal(r.headers.lastWithName('mqtt.retained')?.value(), false)
  assert.equal(await task.poll(AbortSignal.timeout(300)), null, 'nothing more')
})

test('QoS 1: a message is acknowledged only once its record was committed; uncommitted ones come again', T, async t => {
  const base = topicPrefix()
  const clientId = `kc-test-${base.split('/')[1]}`
  dropSessionAfter(t, clientId)
  const props = { 'mqtt.topics': `${base}/q`, 'mqtt.qos': '1', 'mqtt.clean.session.enabled': 'false', 'mqtt.client.id': clientId }
  const pub = await peer(t)

  const first = await startTask(t, props)
  for (const m of ['m1', 'm2', 'm3']) await pub.publishAsync(`${base}/q`, m, { qos: 1 })
  const got = await pollN(first, 3)
  assert.deepEqual(text(got), ['m1', 'm2', 'm3'])
  assert.equal(got[0]!.headers.lastWithName('mqtt.qos')?.value(), 1)
  assert.equal(first.heldAcks, 3, 'no PUBACK before commitRecord')
  commit(first, got.slice(0, 1))
  assert.equal(first.heldAcks, 2)
  // Committing m3 before m2 sends nothing: acknowledgements leave in arrival order.
  commit(first, got.slice(2))
  assert.equal(first.heldAcks, 2)
  await first.stop()

  // The broker kept m2 and m3 (never acknowledged) for the persistent session and delivers them again.
  await pub.publishAsync(`${base}/q`, 'm4', { qos: 1 })
  const second = await startTask(t, props)
  const again = await pollN(second, 3)
  assert.deepEqual(text(again), ['m2', 'm3', 'm4'])
  assert.equal(again[0]!.headers.lastWithName('mqtt.duplicate')?.value(), true)
  commit(second, again)
  assert.equal(second.heldAcks, 0)
  await new Promise(resolve => setTimeout(resolve, 100))
  await second.stop()

  const third = await startTask(t, props)
  assert.equal(await third.poll(AbortSignal.timeout(500)), null, 'everything committed was acknowledged')
})

test('QoS 2 messages are received once and acknowledged after commit', T, async t => {
  const base = topicPrefix()
  const pub = await peer(t)
  const task = await startTask(t, { 'mqtt.topics': `${base}/q2`, 'mqtt.qos': '2' })
  await pub.publishAsync(`${base}/q2`, 'exactly', { qos: 2 })
  const got = await pollN(task, 1)
  assert.deepEqual(text(got), ['exactly'])
  assert.equal(task.heldAcks, 1)
  commit(task, got)
  assert.equal(task.heldAcks, 0)
  assert.equal(await task.poll(AbortSignal.timeout(300)), null)
})

test('a full buffer pauses reading from the broker (backpressure); nothing is lost or reordered', T, async t => {
  const base = topicPrefix()
  const pub = await peer(t)
  const task = await startTask(t, {
    'mqtt.topics': `${base}/bp`, 'records.buffer.max.capacity': '5', 'records.buffer.max.batch.size': '3'
  })
  const sent = Array.from({ length: 40 }, (_, i) => `msg-${i}`)
  for (const m of sent) pub.publish(`${base}/bp`, m)
  await new Promise(resolve => setTimeout(resolve, 300))
  assert.equal(task.bufferedMessages, 5, 'reading stopped at records.buffer.max.capacity')
  const got: string[] = []
  const deadline = Date.now() + 10000
  while (got.length < sent.length && Date.now() < deadline) {
    const batch = await task.poll(AbortSignal.timeout(1000)) ?? []
    assert.ok(batch.length <= 3, 'records.buffer.max.batch.size')
    got.push(...text(batch))
  }
  assert.deepEqual(got, sent)
})

test('the connector spreads topics over tasks; each task gets its own client id', () => {
  const connector = new MqttSourceConnector()
  connector.start({ 'mqtt.server.uri': MQTT_URI, 'mqtt.topics': 'a,b,c', 'kafka.topic': 'k', 'mqtt.client.id': 'cid' })
  const configs = connector.taskConfigs(2)
  assert.deepEqual(configs.map(c => c['mqtt.topics']), ['a,c', 'b'])
  assert.deepEqual(configs.map(c => c['kconnect.task.id']), ['0', '1'])
  assert.equal(connector.taskConfigs(10).length, 3, 'at most one task per topic')
  assert.deepEqual(kconnectPlugins.map(p => p.class.className), ['io.confluent.connect.mqtt.MqttSourceConnector', 'io.confluent.connect.mqtt.MqttSinkConnector'])
  assert.equal(connector.exactlyOnceSupport({}), 'UNSUPPORTED')
})

test('validate() reports missing and bad keys', () => {
  const connector = new MqttSourceConnector()
  const errorsOf = (props: Record<string, string>): Record<string, string[]> => Object.fromEntries(
    connector.validate(props).filter(v => v.errorMessages.length > 0).map(v => [v.name, v.errorMessages]))
  assert.deepEqual(errorsOf({ 'mqtt.server.uri': MQTT_URI, 'mqtt.topics': 'a/#', 'kafka.topic': 'k' }), {})
  const missing = errorsOf({})
  assert.deepEqual(Object.keys(missing).sort(), ['kafka.topic', 'mqtt.server.uri', 'mqtt.topics'])
  const bad = errorsOf({
    'mqtt.server.uri': 'tcp://ok:1883,http://broker:80', 'mqtt.topics': 't', 'kafka.topic': 'k', 'mqtt.qos': '3',
    'mqtt.ssl.trust.store.path': '/etc/ssl/truststore.jks', 'records.buffer.max.capacity': '0'
  })
  assert.deepEqual(Object.keys(bad).sort(), ['mqtt.qos', 'mqtt.server.uri', 'mqtt.ssl.trust.store.path', 'records.buffer.max.capacity'])
  assert.match(bad['mqtt.server.uri']![0]!, /Unsupported MQTT server URI scheme 'http'/)
  assert.match(bad['mqtt.qos']![0]!, /Value must be no more than 2/)
  assert.match(bad['mqtt.ssl.trust.store.path']![0]!, /JKS/)
  assert.throws(() => connector.start({ 'mqtt.server.uri': 'ftp://x', 'mqtt.topics': 't', 'kafka.topic': 'k' }),
    (err: Error) => err instanceof ConfigException && /ftp/.test(err.message))
})

test('an unreachable broker fails start() quickly with a RetriableError; a second server is tried', T, async t => {
  const port = await closedPort()
  const task = new MqttSourceTask()
  const started = Date.now()
  await assert.rejects(task.start({ 'mqtt.server.uri': `tcp://127.0.0.1:${port}`, 'mqtt.topics': 't', 'kafka.topic': 'k' }),
    (err: Error) => err instanceof RetriableError && err.message.includes(`mqtt://127.0.0.1:${port}`) && /ECONNREFUSED/.test(err.message))
  assert.ok(Date.now() - started < 5000)
  await task.stop()

  const base = topicPrefix()
  const failover = await startTask(t, { 'mqtt.server.uri': `tcp://127.0.0.1:${port},${MQTT_URI}`, 'mqtt.topics': `${base}/f` })
  const pub = await peer(t)
  await pub.publishAsync(`${base}/f`, 'via the second server')
  assert.deepEqual(text(await pollN(failover, 1)), ['via the second server'])
})
