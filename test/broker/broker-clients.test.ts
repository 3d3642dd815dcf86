// The embedded broker checked by independent clients: kcat (librdkafka 2.0.2), kafka-python 2.0.2 and kafkajs
// 2.2.4, plus malformed frames from a raw socket. Each test starts its own in-memory broker on a random port.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { connect } from 'node:net'
import { once } from 'node:events'
import { Kafka, logLevel } from 'kafkajs'
import { startBroker } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'

const run = promisify(execFile)
const python = new URL('./python/admin-produce-consume.py', import.meta.url).pathname

async function kcat (args: string[], input?: string): Promise<string> {
  const child = execFile('kcat', args, { timeout: 20000 })
  let out = ''
  let err = ''
  child.stdout?.on('data', d => { out += String(d) })
  child.stderr?.on('data', d => { err += String(d) })
  if (input !== undefined) child.stdin?.end(input)
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`)
  return out
}

test('kcat: metadata, keyed records with headers, dense offsets', async t => {
  const broker = await startBroker(t)
  const topic = uniqueName('kcat')
  const meta = JSON.parse(await kcat(['-b', broker.bootstrapServers, '-L', '-J']))
  assert.deepEqual(meta.brokers.map((b: { name: string }) => b.name), [broker.bootstrapServers])
  await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic, '-K:', '-H', 'h1=a', '-X', 'acks=all'], 'k1:v1\nk2:v2\nk3:v3\n')
  const out = await kcat(['-b', broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o %k=%s %h\n'])
  assert.equal(out, '0 k1=v1 h1=a\n1 k2=v2 h1=a\n2 k3=v3 h1=a\n')
})

test('kcat: every compression codec written by librdkafka reads back identically', async t => {
  const broker = await startBroker(t)
  const topic = uniqueName('codec')
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic, '-X', `compression.codec=${codec}`], `${codec}-1\n${codec}-2\n`)
  }
  const out = await kcat(['-b', broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o %s\n'])
  const expected = ['none', 'gzip', 'snappy', 'lz4', 'zstd'].flatMap(c => [`${c}-1`, `${c}-2`]).map((v, i) => `${i} ${v}`).join('\n') + '\n'
  assert.equal(out, expected)
})

test('kcat: balanced consumer group reads everything, then nothing after its commit', async t => {
  const broker = await startBroker(t)
  const topic = uniqueName('group')
  const group = uniqueName('g')
  await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic], 'a\nb\nc\n')
  const first = await kcat(['-b', broker.bootstrapServers, '-G', group, topic, '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', '%s\n'])
  assert.equal(first, 'a\nb\nc\n')
  await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic], 'd\n')
  const second = await kcat(['-b', broker.bootstrapServers, '-G', group, topic, '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', '%s\n'])
  assert.equal(second, 'd\n')
})

test('kafka-python: admin create, acks=all gzip producer, group consumer with commit', async t => {
  const broker = await startBroker(t)
  const { stdout } = await run('/usr/bin/python3', [python, broker.bootstrapServers, uniqueName('py'), uniqueName('pg')], { timeout: 60000 })
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop() as string), { offsets: [0, 1, 2], values: ['v0', 'v1', 'v2'] })
})

test('kafkajs: idempotent producer and a consumer group', async t => {
  const broker = await startBroker(t)
  const topic = uniqueName('kjs')
  const kafka = new Kafka({ brokers: [broker.bootstrapServers], clientId: 'kconnect-test', logLevel: logLevel.NOTHING })
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  t.after(() => producer.disconnect())
  await producer.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] })
  const consumer = kafka.consumer({ groupId: uniqueName('kg'), sessionTimeout: 6000, maxWaitTimeInMs: 200 })
  await consumer.connect()
  t.after(() => consumer.disconnect())
  await consumer.subscribe({ topic, fromBeginning: true })
  const seen: string[] = []
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(seen)}`)), 20000)
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(`${message.key}=${message.value}@${message.offset}`)
        if (seen.length === 2) { clearTimeout(timer); resolve() }
      }
    })
  })
  await done
  assert.deepEqual(seen, ['a=1@0', 'b=2@1'])
})

async function rawExchange (port: number, frame: Buffer): Promise<{ data: Buffer, closed: boolean }> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  const chunks: Buffer[] = []
  socket.on('data', d => chunks.push(d))
  socket.write(frame)
  const closed = await Promise.race([once(socket, 'close').then(() => true), new Promise<boolean>(resolve => setTimeout(() => resolve(false), 1000))])
  socket.destroy()
  return { data: Buffer.concat(chunks), closed }
}

test('bad input: garbage, oversized frames and unknown versions close or answer, and the broker keeps serving', async t => {
  const broker = await startBroker(t, { maxRequestBytes: 1024 * 1024 })
  const garbage = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('not a kafka frame')]).subarray(0, 20)
  assert.equal((await rawExchange(broker.port, garbage)).closed, true)
  const oversized = Buffer.alloc(8)
  oversized.writeInt32BE(64 * 1024 * 1024, 0)
  assert.equal((await rawExchange(broker.port, oversized)).closed, true)
  // Metadata v99: an unsupported version of a known API closes the connection, as Kafka does.
  const metadataV99 = Buffer.from([0, 0, 0, 10, 0, 3, 0, 99, 0, 0, 0, 7, 0xff, 0xff])
  assert.equal((await rawExchange(broker.port, metadataV99)).closed, true)
  // ApiVersions v99: error 35 in the v0 layout with the key list, so the client can retry lower.
  const apiVersionsV99 = Buffer.from([0, 0, 0, 10, 0, 18, 0, 99, 0, 0, 0, 9, 0xff, 0xff])
  const answer = await rawExchange(broker.port, apiVersionsV99)
  assert.equal(answer.data.readInt32BE(4), 9)
  assert.equal(answer.data.readInt16BE(8), 35)
  assert.ok(answer.data.readInt32BE(10) >= 20)
  const topic = uniqueName('after')
  await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic], 'still-works\n')
  assert.equal(await kcat(['-b', broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n']), 'still-works\n')
})

test('Produce v2 with a legacy message set (magic 1) gets UNSUPPORTED_FOR_MESSAGE_FORMAT (43), not a crash', async t => {
  const broker = await startBroker(t)
  const topic = uniqueName('legacy')
  await kcat(['-b', broker.bootstrapServers, '-P', '-t', topic], 'first\n')
  // Message v1: offset, size, crc, magic 1, attributes, timestamp, key (null), value.
  const value = Buffer.from('legacy')
  const message = Buffer.alloc(8 + 4 + 4 + 1 + 1 + 8 + 4 + 4 + value.length)
  let o = 8
  o = message.writeInt32BE(message.length - 12, o)
  o = message.writeInt32BE(0, o)
  o = message.writeInt8(1, o)
  o = message.writeInt8(0, o)
  o = message.writeBigInt64BE(BigInt(Date.now()), o)
  o = message.writeInt32BE(-1, o)
  o = message.writeInt32BE(value.length, o)
  value.copy(message, o)
  const name = Buffer.from(topic)
  const body = Buffer.concat([
    Buffer.from([0, 0, 0, 2, 0, 0, 0, 42, 0xff, 0xff]), // Produce v2, correlation 42, null client id
    Buffer.from([0, 1, 0, 0, 0x13, 0x88, 0, 0, 0, 1]), // acks 1, timeout 5000, 1 topic
    Buffer.from([0, name.length]), name,
    Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]), // 1 partition, index 0
    Buffer.from([(message.length >>> 24) & 0xff, (message.length >>> 16) & 0xff, (message.length >>> 8) & 0xff, message.length & 0xff]), message
  ])
  const size = Buffer.alloc(4)
  size.writeInt32BE(body.length)
  const answer = await rawExchange(broker.port, Buffer.concat([size, body]))
  assert.equal(answer.data.readInt32BE(4), 42)
  const errorAt = 4 + 4 + 4 + 2 + name.length + 4 + 4
  assert.equal(answer.data.readInt16BE(errorAt), 43)
  assert.equal(await kcat(['-b', broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n']), 'first\n')
})
