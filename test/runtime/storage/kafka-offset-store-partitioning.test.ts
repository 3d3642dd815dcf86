// The offsets topic store: records land on the partition Java's producer picks for the key (murmur2 of the key bytes,
// checked against librdkafka's Java-compatible murmur2 partitioner via kcat), the bytes are Kafka Connect's, and a
// store sees what another store wrote (get() reads to the end first).
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import pino from 'pino'
import { startBroker } from '../../helpers/broker.ts'
import { uniqueName } from '../../helpers/names.ts'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import { KafkaOffsetBackingStore } from '../../../src/runtime/storage/kafka-offset-store.ts'
import { offsetKey } from '../../../src/runtime/storage/offset-store.ts'

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

/** `partition|key|value` lines of the topic, sorted. */
async function records (bootstrap: string, topic: string): Promise<string[]> {
  const out = await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%p|%k|%s\n'])
  return out.split('\n').filter(l => l !== '').sort()
}

async function setup (t: TestContext) {
  const open: KafkaOffsetBackingStore[] = []
  t.after(async () => { for (const s of open) await s.stop() }) // registered before the broker's: runs first
  const broker = await startBroker(t)
  const topic = uniqueName('connect-offsets')
  const props = { 'bootstrap.servers': broker.bootstrapServers }
  const make = (): KafkaOffsetBackingStore => {
    const s = new KafkaOffsetBackingStore({ topic, partitions: 25, replicationFactor: 1, producerProps: props, consumerProps: props, adminProps: props, log })
    open.push(s)
    return s
  }
  return { bootstrap: broker.bootstrapServers, topic, make }
}

test('each offset goes to the partition Java\'s producer would choose for its key (25 partitions)', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const s = make()
  await s.start()
  const entries = new Map<string, string>()
  for (let i = 0; i < 40; i++) entries.set(offsetKey(`conn-${i % 3}`, { filename: `/data/file-${i}.txt` }), `{"position":${i * 11}}`)
  await s.set(entries)
  const ours = await records(bootstrap, topic)
  assert.equal(ours.length, 40)
  assert.ok(new Set(ours.map(l => l.split('|')[0])).size > 10, 'keys spread over the partitions')

  // The same keys produced by librdkafka's Java-compatible murmur2 partitioner into a twin topic.
  const twin = uniqueName('twin-offsets')
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': bootstrap })
  try {
    await admin.createTopics([{ name: twin, partitions: 25, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } }])
  } finally {
    await admin.close()
  }
  const input = [...entries].map(([k, v]) => `${k}\t${v}`).join('\n') + '\n'
  await kcat(['-b', bootstrap, '-P', '-t', twin, '-K\t', '-X', 'partitioner=murmur2_random', '-X', 'acks=all'], input)
  assert.deepEqual(await records(bootstrap, twin), ours)
  assert.ok(ours.some(l => l.endsWith('|["conn-1",{"filename":"/data/file-1.txt"}]|{"position":11}')), 'Kafka Connect\'s key and value bytes')
})

test('a store sees offsets another store wrote, tombstones included; keys() lists the live keys', { timeout: 60000 }, async (t) => {
  const { make } = await setup(t)
  const a = make()
  const b = make()
  await a.start()
  await b.start()
  const k1 = offsetKey('src', { filename: 'a.txt' })
  const k2 = offsetKey('src', { table: 'orders', schema: 'public' })
  await a.set(new Map([[k1, '{"position":30}'], [k2, '{"id":12,"ts":1.5}']]))
  assert.deepEqual(await b.get([k1, k2, 'missing']), new Map([[k1, '{"position":30}'], [k2, '{"id":12,"ts":1.5}']]))
  await a.set(new Map([[k1, null], [k2, '{"id":13,"ts":2.5}']]))
  assert.deepEqual(await b.get([k1, k2]), new Map([[k2, '{"id":13,"ts":2.5}']]))
  assert.deepEqual(await b.keys(), [k2])
  assert.equal(k2, '["src",{"table":"orders","schema":"public"}]', 'the partition map keeps its insertion order')
})
