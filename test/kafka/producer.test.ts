// KafkaProducer against the embedded broker, with kcat (librdkafka) as the independent reader: bytes, keys,
// headers and null tombstones as written, per-record offsets of pipelined sends, Java-compatible key partitioning.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { murmur2 as libraryMurmur2 } from '@platformatic/kafka'
import { uniqueName } from '../helpers/names.ts'
import { murmur2, partitionForKey, type ProducerRecord, type RecordMetadata } from '../../src/kafka/index.ts'
import { admin, fastBroker, kcat, producer } from './helpers.ts'

interface KcatRecord { partition: number, offset: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: string }

/** Reads a whole topic with kcat; key and value bytes are framed by their lengths (-1: null). */
async function kcatRead (bs: string, topic: string, partition?: number): Promise<KcatRecord[]> {
  const out = await kcat(['-C', '-b', bs, '-t', topic, ...(partition === undefined ? [] : ['-p', String(partition)]), '-o', 'beginning', '-e', '-q', '-f', '%p %o %T %K %S %h\n%k%s\n'])
  const records: KcatRecord[] = []
  let pos = 0
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos)
    const [p, o, ts, kl, vl, ...h] = out.subarray(pos, eol).toString('latin1').split(' ')
    pos = eol + 1
    const keyLength = Number(kl)
    const valueLength = Number(vl)
    const key = keyLength < 0 ? null : Buffer.from(out.subarray(pos, pos + keyLength))
    pos += Math.max(0, keyLength)
    const value = valueLength < 0 ? null : Buffer.from(out.subarray(pos, pos + valueLength))
    pos += Math.max(0, valueLength) + 1
    records.push({ partition: Number(p), offset: Number(o), timestamp: Number(ts), key, value, headers: h.join(' ') })
  }
  return records
}

test('murmur2 is Kafka\'s (Utils.murmur2 test vectors) and agrees with the library\'s', () => {
  const vectors: Array<[string, number]> = [['21', -973932308], ['foobar', -790332482], ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829], ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971], ['abc', 479470107]]
  for (const [s, h] of vectors) assert.equal(murmur2(Buffer.from(s)), h, s)
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(Array.from({ length: i % 23 }, (_, j) => (i * 31 + j * 7) & 0xff))
    assert.equal(murmur2(b) >>> 0, libraryMurmur2(b) >>> 0)
  }
})

test('bytes, keys, headers, timestamps and null tombstones as kcat reads them', async t => {
  const broker = await fastBroker(t)
  const p = await producer(t, broker.bootstrapServers)
  const topic = uniqueName('prod-bytes')
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  const records: ProducerRecord[] = [
    { topic, key: Buffer.from([0, 10, 13, 255]), value: allBytes, headers: [['h1', Buffer.from('v1')], ['h2', null], ['h1', Buffer.from('again')]], timestamp: 1700000000123 },
    { topic, key: null, value: null, headers: [] },
    { topic, key: Buffer.alloc(0), value: Buffer.alloc(0), headers: [['empty', Buffer.alloc(0)]] },
    { topic, key: Buffer.from('k'), value: null, headers: [], timestamp: 5 },
    { topic, key: null, value: Buffer.from('plain'), headers: [] }
  ]
  const before = Date.now()
  const meta = await p.send(records)
  assert.deepEqual(meta.map(m => [m.topic, m.partition, m.offset]), records.map((_, i) => [topic, 0, i]))
  assert.equal(meta[0]!.timestamp, 1700000000123)
  assert.equal(meta[3]!.timestamp, 5)
  assert.ok(meta[1]!.timestamp >= before && meta[1]!.timestamp <= Date.now())

  const read = await kcatRead(broker.bootstrapServers, topic)
  assert.equal(read.length, records.length)
  read.forEach((r, i) => {
    assert.deepEqual(r.key, records[i]!.key, `key ${i}`)
    assert.deepEqual(r.value, records[i]!.value, `value ${i}`)
    assert.equal(r.offset, i)
    assert.equal(r.timestamp, meta[i]!.timestamp, `timestamp ${i}`)
  })
  assert.equal(read[0]!.headers, 'h1=v1,h2=NULL,h1=again', 'duplicate header keys and a null header value')
  assert.equal(read[2]!.headers, 'empty=')
  // kcat -Z prints NULL for a null key or value; the tombstone is a real null, not an empty value.
  const z = (await kcat(['-C', '-b', broker.bootstrapServers, '-t', topic, '-o', '1', '-c', '1', '-e', '-q', '-Z', '-f', '%k %s %S\n'])).toString()
  assert.equal(z, 'NULL NULL -1\n')
})

test('pipelined sends: per-record offsets in submission order per partition, Java key partitioning (kcat murmur2_random)', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const ours = uniqueName('prod-keys')
  const theirs = uniqueName('prod-keys-kcat')
  await a.createTopics([{ name: ours, partitions: 3, replicationFactor: 1 }, { name: theirs, partitions: 3, replicationFactor: 1 }])
  // max.request.size small enough that the 30 pending sends are cut into many requests, 3 of them in flight.
  const p = await producer(t, bs, { 'max.in.flight.requests.per.connection': '3', 'max.request.size': '2000' })
  const keys = Array.from({ length: 300 }, (_, i) => `key-${i % 37}`)
  const sends: Array<Promise<RecordMetadata[]>> = []
  for (let s = 0; s < 30; s++) {
    sends.push(p.send(keys.slice(s * 10, s * 10 + 10).map((k, j) => ({ topic: ours, key: Buffer.from(k), value: Buffer.from(`v${s * 10 + j}`), headers: [] }))))
  }
  const meta = (await Promise.all(sends)).flat()
  const next = [0, 0, 0]
  meta.forEach((m, i) => {
    assert.equal(m.partition, partitionForKey(Buffer.from(keys[i]!), 3), `partition of ${keys[i]}`)
    assert.equal(m.offset, next[m.partition]!++, `record ${i} follows the previous ones of partition ${m.partition}`)
  })
  const read = await kcatRead(bs, ours)
  assert.equal(read.length, 300)
  for (const r of read) {
    const i = Number(r.value!.toString().slice(1))
    assert.deepEqual([r.partition, r.offset], [meta[i]!.partition, meta[i]!.offset], `record ${i}`)
  }
  // librdkafka's murmur2_random partitioner is the Java client's: same key, same partition.
  await kcat(['-P', '-b', bs, '-t', theirs, '-K', ':', '-X', 'partitioner=murmur2_random'], [...new Set(keys)].map(k => `${k}:x`).join('\n') + '\n')
  const byKcat = await kcatRead(bs, theirs)
  assert.equal(byKcat.length, 37)
  for (const r of byKcat) assert.equal(r.partition, partitionForKey(r.key!, 3), `kcat put ${r.key} elsewhere`)
})

test('unkeyed records: one partition per request and topic, rotating; explicit partitions kept', async t => {
  const broker = await fastBroker(t)
  const a = await admin(t, broker.bootstrapServers)
  const topic = uniqueName('prod-rr')
  await a.createTopics([{ name: topic, partitions: 4 }])
  const p = await producer(t, broker.bootstrapServers, { 'max.in.flight.requests.per.connection': '1' })
  const one = (v: string, partition?: number): ProducerRecord => ({ topic, key: null, value: Buffer.from(v), headers: [], ...(partition === undefined ? {} : { partition }) })
  const first = await p.send([one('a'), one('b'), one('c')])
  assert.equal(new Set(first.map(m => m.partition)).size, 1, 'one batch, one partition')
  const second = await p.send([one('d')])
  assert.notEqual(second[0]!.partition, first[0]!.partition, 'the next request rotates')
  const explicit = await p.send([one('x', 3), one('y', 0), one('z', 3)])
  assert.deepEqual(explicit.map(m => m.partition), [3, 0, 3])
  assert.equal(explicit[2]!.offset, explicit[0]!.offset + 1)
})

test('many pending sends of one partition: dense offsets, nothing lost, kcat count', async t => {
  const broker = await fastBroker(t)
  const topic = uniqueName('prod-many')
  const p = await producer(t, broker.bootstrapServers, { 'max.in.flight.requests.per.connection': '5', 'max.request.size': '65536' })
  const value = Buffer.alloc(100, 0x61)
  const sends = Array.from({ length: 200 }, (_, s) => p.send(Array.from({ length: 100 }, (_, i) => ({ topic, partition: 0, key: null, value: i === 0 ? Buffer.from(`s${s}`) : value, headers: [] }))))
  assert.equal(p.pendingSends, 200)
  const meta = (await Promise.all(sends)).flat()
  assert.deepEqual(meta.map(m => m.offset), Array.from({ length: 20000 }, (_, i) => i))
  assert.equal(p.pendingSends, 0)
  const firsts = (await kcat(['-C', '-b', broker.bootstrapServers, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o %s\n'])).toString().trim().split('\n').filter(l => !l.endsWith('a'))
  assert.deepEqual(firsts, Array.from({ length: 200 }, (_, s) => `${s * 100} s${s}`))
})

test('timestamps decades apart in one send are written exactly', async t => {
  const broker = await fastBroker(t)
  const topic = uniqueName('prod-ts')
  const p = await producer(t, broker.bootstrapServers)
  const stamps = [Date.now(), 1234, 2 ** 42, 0, Date.now() - 40 * 86400000]
  await p.send(stamps.map(ts => ({ topic, partition: 0, key: null, value: Buffer.from('x'), headers: [], timestamp: ts })))
  assert.deepEqual((await kcatRead(broker.bootstrapServers, topic)).map(r => r.timestamp), stamps)
})

test('linger.ms holds records until flush(); acks=0 gives offset -1; errors reject only their send', async t => {
  const broker = await fastBroker(t)
  const a = await admin(t, broker.bootstrapServers)
  const topic = uniqueName('prod-misc')
  await a.createTopics([{ name: topic, partitions: 2 }])
  const lingering = await producer(t, broker.bootstrapServers, { 'linger.ms': '60000' })
  let settled = 0
  const pending = [1, 2, 3].map(i => lingering.send([{ topic, partition: 0, key: null, value: Buffer.from(`l${i}`), headers: [] }]).then(r => { settled++; return r }))
  await new Promise(resolve => setTimeout(resolve, 200))
  assert.equal(settled, 0, 'still lingering')
  await lingering.flush()
  assert.deepEqual((await Promise.all(pending)).map(r => r[0]!.offset), [0, 1, 2])

  const fireAndForget = await producer(t, broker.bootstrapServers, { acks: '0' })
  const r = await fireAndForget.send([{ topic, partition: 1, key: null, value: Buffer.from('f'), headers: [] }])
  assert.deepEqual([r[0]!.partition, r[0]!.offset], [1, -1])

  const p = await producer(t, broker.bootstrapServers)
  const bad = p.send([{ topic, partition: 7, key: null, value: Buffer.from('x'), headers: [] }])
  const good = p.send([{ topic, partition: 1, key: null, value: Buffer.from('y'), headers: [] }])
  await assert.rejects(bad, /Invalid partition 7 of topic .*: it has 2 partitions/)
  assert.equal((await good)[0]!.partition, 1)
  await p.close()
  await assert.rejects(p.send([{ topic, key: null, value: null, headers: [] }]), /producer is closed/)
})
