// MqttSinkTask and MqttSinkConnector against the local Mosquitto: an independent MQTT.js subscriber sees what put()
// published (topics, payloads, QoS, retain), errant values, validation, and brokers that are down or go away.
import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { ConfigException, DataError, RetriableError, Schema, SchemaBuilder, SinkRecord, Struct } from '../../../src/api/index.ts'
import { MqttSinkConnector, MqttSinkTask } from '../../../src/connectors/mqtt/index.ts'
import { closedPort, sinkContext, tcpProxy } from '../redis/contexts.ts'
import { MQTT_PORT, MQTT_URI, clearRetainedAfter, collect, peer, topicPrefix, until } from './helpers.ts'

const T = { timeout: 30000 }

let nextOffset = 0
function rec (topic: string, value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: nextOffset++, key: 'k', value, valueSchema })
}

async function startTask (t: TestContext, props: Record<string, string>, withReporter = false) {
  const full = { 'mqtt.server.uri': MQTT_URI, ...props }
  const task = new MqttSinkTask()
  const ctx = sinkContext(full, withReporter)
  task.initialize(ctx)
  await task.start(full)
  t.after(() => task.stop())
  return { task, ctx }
}

test('each record value is published to the MQTT topic named as its Kafka topic', T, async t => {
  const base = topicPrefix()
  const sub = await peer(t)
  const got = await collect(sub, `${base}/#`)
  const { task } = await startTask(t, {})
  await task.put([
    rec(`${base}/a`, 'text'),
    rec(`${base}/b`, Buffer.from([0, 1, 2, 255])),
    rec(`${base}/a`, 42),
    rec(`${base}/a`, null)
  ])
  await until('4 messages', () => got.length === 4)
  assert.deepEqual(got.map(m => m.topic), [`${base}/a`, `${base}/b`, `${base}/a`, `${base}/a`])
  assert.deepEqual(got.map(m => m.payload), [Buffer.from('text'), Buffer.from([0, 1, 2, 255]), Buffer.from('42'), Buffer.alloc(0)])
  assert.ok(got.every(m => m.packet.qos === 0 && !m.packet.retain))
})

test('QoS 1 with a fixed mqtt.topics: put() returns once the broker acknowledged every message', T, async t => {
  const base = topicPrefix()
  const sub = await peer(t)
  const got = await collect(sub, `${base}/fixed`, 1)
  const { task } = await startTask(t, { 'mqtt.topics': `${base}/fixed`, 'mqtt.qos': '1' })
  const values = Array.from({ length: 500 }, (_, i) => `v${i}`)
  await task.put(values.map(v => rec('kafka-topic', v)))
  await until('500 messages', () => got.length === 500)
  assert.deepEqual(got.map(m => m.payload.toString()), values)
  assert.ok(got.every(m => m.topic === `${base}/fixed` && m.packet.qos === 1))
})

test('put() returns only once the broker acknowledged every QoS 1 message', T, async t => {
  const base = topicPrefix()
  const proxy = await tcpProxy(t, MQTT_PORT)
  const { task } = await startTask(t, { 'mqtt.server.uri': `tcp://127.0.0.1:${proxy.port}`, 'mqtt.qos': '1' })
  proxy.hold()
  let returned = false
  const put = task.put(Array.from({ length: 100 }, (_, i) => rec(`${base}/held`, `v${i}`))).then(() => { returned = true })
  await new Promise(resolve => setTimeout(resolve, 300))
  assert.equal(returned, false, 'the PUBACKs are held in the proxy')
  proxy.release()
  await put
  assert.equal(returned, true)
})

test('QoS 0: put() returns only once MQTT.js wrote every message out', T, async t => {
  const base = topicPrefix()
  const proxy = await tcpProxy(t, MQTT_PORT)
  const { task } = await startTask(t, { 'mqtt.server.uri': `tcp://127.0.0.1:${proxy.port}` })
  proxy.hold('up')
  let returned = false
  const big = Buffer.alloc(64 * 1024, 'x')
  // A small first message is written at once (MQTT.js confirms it before publish() returns), the rest must wait.
  const records = [rec(`${base}/big`, 'small'), ...Array.from({ length: 400 }, () => rec(`${base}/big`, big))]
  const put = task.put(records).then(() => { returned = true })
  await new Promise(resolve => setTimeout(resolve, 300))
  assert.equal(returned, false, '25 MB cannot all be written while the proxy reads nothing')
  proxy.release('up')
  await put
  assert.equal(returned, true)
})

test('mqtt.retain keeps the last value for new subscribers; a null value clears it', T, async t => {
  const base = topicPrefix()
  clearRetainedAfter(t, `${base}/state`)
  const { task } = await startTask(t, { 'mqtt.topics': `${base}/state`, 'mqtt.retain': 'true', 'mqtt.qos': '1' })
  await task.put([rec('t', 'on'), rec('t', 'off')])
  const late = await peer(t)
  const got = await collect(late, `${base}/state`, 1)
  await until('the retained message', () => got.length === 1)
  assert.equal(got[0]!.payload.toString(), 'off')
  assert.equal(got[0]!.packet.retain, true)

  await task.put([rec('t', null)])
  const later = await peer(t)
  const none = await collect(later, `${base}/state`, 1)
  await new Promise(resolve => setTimeout(resolve, 200))
  assert.deepEqual(none, [], 'the empty retained message cleared the topic')
})

test('values that are neither bytes nor strings go to the errant record reporter, else fail put()', T, async t => {
  const base = topicPrefix()
  const sub = await peer(t)
  const got = await collect(sub, `${base}/#`)
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  const struct = rec(`${base}/x`, new Struct(schema).put('a', 1), schema)
  const { task, ctx } = await startTask(t, {}, true)
  await task.put([rec(`${base}/x`, 'fine'), struct])
  assert.equal(ctx.reported.length, 1)
  assert.equal(ctx.reported[0]![0], struct)
  assert.ok(ctx.reported[0]![1] instanceof DataError)
  await until('the good message', () => got.length === 1)

  const strict = await startTask(t, {})
  await assert.rejects(strict.task.put([rec(`${base}/x`, new Map([['a', 1]]))]),
    (err: Error) => err instanceof DataError && /bytes or strings/.test(err.message))
})

test('validate() reports bad keys; the connector hands each task its index', () => {
  const connector = new MqttSinkConnector()
  const errorsOf = (props: Record<string, string>): Record<string, string[]> => Object.fromEntries(
    connector.validate(props).filter(v => v.errorMessages.length > 0).map(v => [v.name, v.errorMessages]))
  assert.deepEqual(errorsOf({ 'mqtt.server.uri': MQTT_URI }), {})
  assert.deepEqual(Object.keys(errorsOf({})), ['mqtt.server.uri'])
  const bad = errorsOf({ 'mqtt.server.uri': 'tcp://', 'mqtt.topics': 'a/#', 'mqtt.qos': '-1', 'mqtt.retain': 'sometimes' })
  assert.deepEqual(Object.keys(bad).sort(), ['mqtt.qos', 'mqtt.retain', 'mqtt.server.uri', 'mqtt.topics'])
  assert.match(bad['mqtt.topics']![0]!, /wildcards/)
  assert.match(errorsOf({ 'mqtt.server.uri': MQTT_URI, 'mqtt.topics': 'a,b' })['mqtt.topics']![0]!, /maximum list size of \[1\]/)
  assert.throws(() => connector.start({ 'mqtt.server.uri': MQTT_URI, 'mqtt.topics': 'x/+' }), ConfigException)
  connector.start({ 'mqtt.server.uri': MQTT_URI, 'mqtt.client.id': 'sink' })
  assert.deepEqual(connector.taskConfigs(2).map(c => [c['kconnect.task.id'], c['kconnect.task.count']]), [['0', '2'], ['1', '2']])
})

test('an unreachable broker fails start() with a RetriableError', T, async () => {
  const port = await closedPort()
  const task = new MqttSinkTask()
  await assert.rejects(task.start({ 'mqtt.server.uri': `tcp://127.0.0.1:${port}` }),
    (err: Error) => err instanceof RetriableError && /Could not connect to the MQTT broker at mqtt:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/.test(err.message))
  await task.stop()
})

test('a lost connection makes put() a RetriableError; publishing resumes after MQTT.js reconnected', T, async t => {
  const base = topicPrefix()
  const sub = await peer(t)
  const got = await collect(sub, `${base}/#`, 1)
  const proxy = await tcpProxy(t, MQTT_PORT)
  const { task } = await startTask(t, { 'mqtt.server.uri': `tcp://127.0.0.1:${proxy.port}`, 'mqtt.qos': '1', 'mqtt.connect.timeout.seconds': '2' })
  await task.put([rec(`${base}/p`, 'before')])
  await proxy.cut()
  await new Promise(resolve => setTimeout(resolve, 100))
  await assert.rejects(task.put([rec(`${base}/p`, 'during')]), (err: Error) => err instanceof RetriableError)
  await proxy.restore()
  let done = false
  for (let i = 0; i < 50 && !done; i++) {
    try {
      await task.put([rec(`${base}/p`, 'after')])
      done = true
    } catch (err) {
      assert.ok(err instanceof RetriableError, String(err))
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  assert.ok(done, 'put succeeded after the reconnect')
  await until('after', () => got.some(m => m.payload.toString() === 'after'))
  assert.equal(got[0]!.payload.toString(), 'before')
})
