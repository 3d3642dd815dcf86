// The Redis and MQTT connectors in a real `kconnect standalone` worker (loaded through plugin.path, the embedded
// broker as Kafka): MQTT → Kafka → Redis (SET) and Redis stream → Kafka → MQTT, with the peers checked by independent
// MQTT.js and node-redis clients.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { startBroker, tempDir } from '../../helpers/broker.ts'
import { rest, spawnWorker, until, workerProps, writeProps } from '../../helpers/worker.ts'
import { afterWithRedis, keyPrefix, redis, REDIS_URI } from '../redis/helpers.ts'
import { uniqueName } from '../../helpers/names.ts'
import { MQTT_URI, collect, peer, topicPrefix } from './helpers.ts'

const plugins = ['redis', 'mqtt'].map(n => new URL(`../../../src/connectors/${n}/index.ts`, import.meta.url).pathname).join(',')

test('MQTT → Kafka → Redis and Redis stream → Kafka → MQTT through a standalone worker', { timeout: 90000 }, async t => {
  const broker = await startBroker(t)
  const dir = await tempDir(t)
  const r = await redis(t)
  const prefix = keyPrefix(t)
  const base = topicPrefix()
  const stream = `${prefix}:events`
  // Kafka topics are new with each embedded broker; the sink copies its offsets into Redis under the topic's name.
  const sensors = uniqueName('sensors')
  const events = uniqueName('stream-events')
  afterWithRedis(t, c => c.del(`com.redis.kafka.connect.sink.offset.${sensors}.0`))
  const bytes = 'org.apache.kafka.connect.converters.ByteArrayConverter'
  const strings = 'org.apache.kafka.connect.storage.StringConverter'

  const worker = await writeProps(join(dir, 'worker.properties'), workerProps(broker.bootstrapServers, dir, { 'plugin.path': plugins }))
  const mqttSource = await writeProps(join(dir, 'mqtt-source.properties'), {
    name: 'mqtt-in',
    'connector.class': 'io.confluent.connect.mqtt.MqttSourceConnector',
    'mqtt.server.uri': MQTT_URI,
    'mqtt.topics': `${base}/sensors/#`,
    'kafka.topic': sensors,
    'mqtt.qos': '1',
    'key.converter': strings,
    'value.converter': bytes
  })
  const redisSink = await writeProps(join(dir, 'redis-sink.properties'), {
    name: 'redis-out',
    'connector.class': 'com.redis.kafka.connect.RedisSinkConnector',
    topics: sensors,
    'redis.uri': REDIS_URI,
    'redis.command': 'SET',
    'redis.key': `${prefix}:\${topic}`,
    'key.converter': strings,
    'value.converter': bytes
  })
  const streamSource = await writeProps(join(dir, 'stream-source.properties'), {
    name: 'stream-in',
    'connector.class': 'com.redis.kafka.connect.RedisStreamSourceConnector',
    'redis.uri': REDIS_URI,
    'redis.stream.name': stream,
    topic: events,
    'key.converter': strings,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false'
  })
  const mqttSink = await writeProps(join(dir, 'mqtt-sink.properties'), {
    name: 'mqtt-out',
    'connector.class': 'io.confluent.connect.mqtt.MqttSinkConnector',
    topics: events,
    'mqtt.server.uri': MQTT_URI,
    'mqtt.topics': `${base}/out`,
    'mqtt.qos': '1',
    'key.converter': strings,
    'value.converter': bytes
  })

  const sub = await peer(t)
  const out = await collect(sub, `${base}/out`, 1)
  const w = await spawnWorker(t, [worker, mqttSource, redisSink, streamSource, mqttSink], 30000)
  await until('all four connectors running', async () => {
    const { body } = await rest(w.url, 'GET', '/connectors?expand=status')
    return ['mqtt-in', 'redis-out', 'stream-in', 'mqtt-out'].every(n => body?.[n]?.status?.tasks?.[0]?.state === 'RUNNING')
  }, 30000).catch(err => { throw new Error(`${(err as Error).message}\n${w.output()}`) })

  // MQTT → Kafka → Redis: each message lands as <prefix>:<kafka topic>:<mqtt topic> = payload.
  const pub = await peer(t)
  for (let i = 0; i < 20; i++) await pub.publishAsync(`${base}/sensors/dev-${i}`, `reading-${i}`, { qos: 1 })
  await until('20 keys in Redis', async () => (await r.keys(`${prefix}:${sensors}:*`)).length === 20, 30000)
    .catch(err => { throw new Error(`${(err as Error).message}\n${w.output()}`) })
  assert.equal(await r.get(`${prefix}:${sensors}:${base}/sensors/dev-7`), 'reading-7')

  // Redis stream → Kafka → MQTT: each entry arrives as the JSON of {id, body, stream}.
  const ids: string[] = []
  for (let i = 0; i < 5; i++) ids.push(await r.sendCommand(['XADD', stream, '*', 'n', String(i)]) as string)
  await until('5 messages on MQTT', () => out.length === 5, 30000)
    .catch(err => { throw new Error(`${(err as Error).message}\n${w.output()}`) })
  assert.deepEqual(out.map(m => JSON.parse(m.payload.toString())), ids.map((id, i) => ({ id, body: { n: String(i) }, stream })))
  // Kafka acknowledged them all: nothing left pending in the consumer group.
  await until('stream entries acknowledged', async () => ((await r.sendCommand(['XPENDING', stream, 'kafka-consumer-group'])) as [number])[0] === 0, 10000)
  assert.equal(await w.kill('SIGTERM'), 0, w.output())
})
