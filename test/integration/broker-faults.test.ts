// Faults and crashes: malformed frames on a raw socket (the broker closes that connection, as Kafka does, and keeps
// serving everyone else), kill -9 during an acks=1 produce stream, a graceful restart that keeps data, configs,
// committed offsets, groups and producer-id allocation, and compaction of a topic with updates and tombstones.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import pino from 'pino'
import { spawnBroker, startBroker, tempDir } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { waitFor } from '../helpers/wait.ts'
import { advertisedApis } from '../../src/broker/versions.ts'
import type { RunningBroker } from '../../src/broker/index.ts'
import { PYTHON, background, fastGroups, kcat, kcatConsume, pltAdmin, pltCollect, pltConsumer, pltProducer, py, pyScript, type Rec } from './support.ts'


// ---------------------------------------------------------------------------------------------------------------
// A raw Kafka connection: request header v1 (key, version, correlation id, int16 client id), int32 size framing.

class Raw {
  #socket: Socket
  #buf = Buffer.alloc(0)
  #frames: Buffer[] = []
  #closed = false
  #wake: (() => void) | undefined

  private constructor (socket: Socket) {
    this.#socket = socket
    socket.on('data', d => {
      this.#buf = Buffer.concat([this.#buf, d])
      while (this.#buf.length >= 4 && this.#buf.length >= 4 + this.#buf.readInt32BE(0)) {
        const size = this.#buf.readInt32BE(0)
        this.#frames.push(this.#buf.subarray(4, 4 + size))
        this.#buf = this.#buf.subarray(4 + size)
      }
      this.#wake?.()
    })
    socket.on('close', () => { this.#closed = true; this.#wake?.() })
    socket.on('error', () => {})
  }

  static async open (t: TestContext, port: number): Promise<Raw> {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    t.after(() => { socket.destroy() })
    return new Raw(socket)
  }

  send (bytes: Buffer): void { this.#socket.write(bytes) }

  /** The next response frame (without its size), or 'closed' if the broker closed the connection first. */
  async next (timeoutMs = 5000): Promise<Buffer | 'closed'> {
    const deadline = Date.now() + timeoutMs
    while (true) {
      const f = this.#frames.shift()
      if (f !== undefined) return f
      if (this.#closed) return 'closed'
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no response and no close within ${timeoutMs} ms`)
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left)
        this.#wake = () => { clearTimeout(timer); resolve() }
      })
      this.#wake = undefined
    }
  }
}

function requestHeader (apiKey: number, apiVersion: number, correlationId: number, clientId = 'raw-test'): Buffer {
  const id = Buffer.from(clientId)
  const h = Buffer.alloc(10 + id.length)
  h.writeInt16BE(apiKey, 0)
  h.writeInt16BE(apiVersion, 2)
  h.writeInt32BE(correlationId, 4)
  h.writeInt16BE(id.length, 8)
  id.copy(h, 10)
  return h
}

function frame (...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  const size = Buffer.alloc(4)
  size.writeInt32BE(body.length, 0)
  return Buffer.concat([size, body])
}

interface ApiVersionsV0 { correlationId: number, errorCode: number, apis: Array<[number, number, number]> }

function parseApiVersionsV0 (f: Buffer): ApiVersionsV0 {
  const n = f.readInt32BE(6)
  const apis: Array<[number, number, number]> = []
  for (let i = 0; i < n; i++) apis.push([f.readInt16BE(10 + i * 6), f.readInt16BE(12 + i * 6), f.readInt16BE(14 + i * 6)])
  assert.equal(f.length, 10 + n * 6, 'ApiVersions v0 body has nothing after the key list')
  return { correlationId: f.readInt32BE(0), errorCode: f.readInt16BE(4), apis }
}

const advertised = Object.entries(advertisedApis).map(([k, r]) => [Number(k), r.min, r.max] as [number, number, number]).sort((a, b) => a[0] - b[0])

/** Another client (kcat) still produces and consumes on the broker. */
async function stillServes (bs: string): Promise<void> {
  const topic = uniqueName('alive')
  await kcat(bs, ['-P', '-t', topic, '-K:', '-X', 'acks=all'], { input: 'k:after-fault\n' })
  const got = await kcatConsume(bs, topic)
  assert.deepEqual(got.map(r => [r.offset, r.key, r.value]), [[0, 'k', 'after-fault']])
}

test('malformed and unsupported requests close that connection only', { timeout: 120000 }, async t => {
  const maxRequestBytes = 1024 * 1024
  // every case below makes the broker log a 'closing connection' warning: expected, so keep them out of the output
  const broker = await startBroker(t, { ...fastGroups, maxRequestBytes, logger: pino({ level: 'error' }) })
  const bs = broker.bootstrapServers

  await t.test('control: ApiVersions v0 and v3 (v3 answered with response header v0), pipelined requests answered in order', async () => {
    const raw = await Raw.open(t, broker.port)
    raw.send(frame(requestHeader(18, 0, 7)))
    const v0 = await raw.next()
    assert.notEqual(v0, 'closed')
    const parsed = parseApiVersionsV0(v0 as Buffer)
    assert.deepEqual([parsed.correlationId, parsed.errorCode], [7, 0])
    assert.deepEqual(parsed.apis.sort((a, b) => a[0] - b[0]), advertised)
    // v3: header v2 (tagged fields after the client id) and a body of two compact strings plus tagged fields.
    const body = Buffer.concat([Buffer.from([0]), Buffer.from([5]), Buffer.from('test'), Buffer.from([4]), Buffer.from('1.0'), Buffer.from([0])])
    raw.send(frame(requestHeader(18, 3, 8), body))
    const v3 = await raw.next() as Buffer
    assert.equal(v3.readInt32BE(0), 8)
    assert.equal(v3.readInt16BE(4), 0, 'error code right after the correlation id: the ApiVersions response header has no tagged fields')
    assert.equal(v3.readUInt8(6), advertised.length + 1, 'compact array of the advertised keys')
    // kafka-python pipelines ApiVersions v0 and Metadata v0 on one connection: answers come back in order.
    const metadataV0 = Buffer.alloc(4)
    metadataV0.writeInt32BE(0, 0)
    raw.send(Buffer.concat([frame(requestHeader(18, 0, 100)), frame(requestHeader(3, 0, 101), metadataV0), frame(requestHeader(18, 0, 102))]))
    const order = []
    for (let i = 0; i < 3; i++) order.push((await raw.next() as Buffer).readInt32BE(0))
    assert.deepEqual(order, [100, 101, 102])
  })

  await t.test('ApiVersions v99: UNSUPPORTED_VERSION (35) in the v0 layout with the full key list', async () => {
    const raw = await Raw.open(t, broker.port)
    raw.send(frame(requestHeader(18, 99, 42), randomBytes(16)))
    const f = await raw.next()
    assert.notEqual(f, 'closed', 'Kafka answers an unknown ApiVersions version so the client can retry lower')
    const parsed = parseApiVersionsV0(f as Buffer)
    assert.deepEqual([parsed.correlationId, parsed.errorCode], [42, 35])
    assert.deepEqual(parsed.apis.sort((a, b) => a[0] - b[0]), advertised)
    // the connection stays usable: a retry at v0 works
    raw.send(frame(requestHeader(18, 0, 43)))
    assert.equal(parseApiVersionsV0(await raw.next() as Buffer).errorCode, 0)
    await stillServes(bs)
  })

  await t.test('a known API at an unadvertised version (Metadata v99, Produce v2) closes the connection', async () => {
    for (const [key, version] of [[3, 99], [0, 2], [1, 3]]) {
      const raw = await Raw.open(t, broker.port)
      raw.send(frame(requestHeader(key, version, 5), randomBytes(32)))
      const r = await raw.next()
      if (r !== 'closed') {
        // Also acceptable: an answer with UNSUPPORTED_VERSION for this correlation id (not Kafka's choice).
        assert.equal(r.readInt32BE(0), 5)
        assert.ok(r.includes(Buffer.from([0, 35])), `key ${key} v${version}: answered without UNSUPPORTED_VERSION: ${r.toString('hex')}`)
      }
    }
    await stillServes(bs)
  })

  await t.test('an unknown API key (OffsetForLeaderEpoch 23, 9999) closes the connection', async () => {
    for (const key of [23, 9999, -1]) {
      const raw = await Raw.open(t, broker.port)
      raw.send(frame(requestHeader(key, 0, 9), randomBytes(20)))
      assert.equal(await raw.next(), 'closed', `API key ${key}`)
    }
    await stillServes(bs)
  })

  await t.test('garbage frames with a valid size prefix close the connection', async () => {
    for (let i = 0; i < 20; i++) {
      const raw = await Raw.open(t, broker.port)
      const junk = randomBytes(1 + Math.floor(Math.random() * 300))
      raw.send(frame(junk))
      const r = await raw.next()
      if (junk.length >= 8 && junk.readInt16BE(0) === 18) continue // an ApiVersions header by chance: may be answered
      assert.equal(r, 'closed', `garbage ${junk.toString('hex')} was answered with ${r === 'closed' ? '' : r.toString('hex')}`)
    }
    // a valid header followed by a body that does not parse
    for (const [key, version] of [[3, 1], [0, 7], [11, 5], [19, 3], [1, 11]]) {
      const raw = await Raw.open(t, broker.port)
      raw.send(frame(requestHeader(key, version, 11), Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x01, 0x02])))
      assert.equal(await raw.next(), 'closed', `key ${key} v${version} with a garbage body`)
    }
    // an empty frame and a frame shorter than a request header
    for (const payload of [Buffer.alloc(0), Buffer.from([0, 3, 0])]) {
      const raw = await Raw.open(t, broker.port)
      raw.send(frame(payload))
      assert.equal(await raw.next(), 'closed')
    }
    await stillServes(bs)
  })

  await t.test('a truncated body (Metadata v1 announcing 5 topics, CreateTopics v3 cut short) closes the connection', async () => {
    const count = Buffer.alloc(4)
    count.writeInt32BE(5, 0)
    const raw = await Raw.open(t, broker.port)
    raw.send(frame(requestHeader(3, 1, 12), count, Buffer.from([0, 3, 0x61])))
    assert.equal(await raw.next(), 'closed')
    const raw2 = await Raw.open(t, broker.port)
    const one = Buffer.alloc(4)
    one.writeInt32BE(1, 0)
    raw2.send(frame(requestHeader(19, 3, 13), one, Buffer.from([0, 10]), Buffer.from('abc')))
    assert.equal(await raw2.next(), 'closed')
    await stillServes(bs)
  })

  await t.test('an oversized frame (> socket.request.max.bytes) or a negative size closes the connection at once', async () => {
    const raw = await Raw.open(t, broker.port)
    const size = Buffer.alloc(4)
    size.writeInt32BE(maxRequestBytes + 1, 0)
    raw.send(Buffer.concat([size, requestHeader(0, 7, 1)]))
    assert.equal(await raw.next(2000), 'closed', 'closed without waiting for the announced megabyte')
    const raw2 = await Raw.open(t, broker.port)
    raw2.send(Buffer.from([0xff, 0xff, 0xff, 0xf0, 1, 2, 3, 4]))
    assert.equal(await raw2.next(2000), 'closed')
    // a frame just under the limit is still read (a Produce this large is answered, not dropped)
    const producer = pltProducer(t, bs)
    const topic = uniqueName('big')
    const admin = pltAdmin(t, bs)
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'max.message.bytes', value: String(2 * maxRequestBytes) }] })
    await producer.send({ messages: [{ topic, partition: 0, value: randomBytes(maxRequestBytes - 4096) }], acks: -1 })
    await stillServes(bs)
  })
})

test('kill -9 during an acks=1 produce stream loses no acknowledged record', { timeout: 120000 }, async t => {
  const dir = await tempDir(t)
  const topic = uniqueName('crash')
  const first = await spawnBroker(t, ['--data-dir', dir])
  await kcat(first.bootstrapServers, ['-P', '-t', topic, '-K:'], { input: 'warmup:0\n' })
  const producer = background(t, PYTHON, [pyScript('kp.py'), JSON.stringify({ cmd: 'produce-stream', bootstrap: first.bootstrapServers, topic, count: 1000000 })], 60000)
  const acked = (): Array<{ n: number, offset: number }> => producer.lines().filter(l => l.startsWith('ACK ')).map(l => {
    const [, n, , offset] = l.split(' ')
    return { n: Number(n), offset: Number(offset) }
  })
  await waitFor(`300 acknowledged records\n${producer.describe()}`, () => acked().length >= 300, 30000)
  await first.kill('SIGKILL')
  await new Promise(resolve => setTimeout(resolve, 300))
  await producer.stop('SIGKILL')
  const acks = acked()
  assert.ok(acks.length >= 300)

  const second = await spawnBroker(t, ['--data-dir', dir])
  const res = await py<{ records: Rec[], error?: string }>('kp.py', { cmd: 'consume', bootstrap: second.bootstrapServers, topic })
  assert.equal(res.error, undefined, `${res.error}\n${second.output()}`)
  const log = res.records
  assert.deepEqual([log[0]?.offset, log[0]?.value], [0, '0'], 'the warm-up record is first')
  assert.deepEqual(log.map(r => r.offset), log.map((_, i) => i), 'offsets dense from 0 after recovery')
  const byOffset = new Map(log.map(r => [r.offset, r]))
  for (const { n, offset } of acks) {
    const r = byOffset.get(offset)
    assert.ok(r !== undefined, `acknowledged record ${n} at offset ${offset} is missing (log has ${log.length} records, ${acks.length} acked)`)
    assert.deepEqual([r.key, r.value], [`k${n}`, `v${n}`], `offset ${offset}`)
  }
  const ns = log.slice(1).map(r => Number(r.key?.slice(1)))
  assert.deepEqual(ns, ns.map((_, i) => i), 'records are in send order with no duplicates and no gaps')
  assert.ok(ns.length >= acks.length)
  // the recovered log accepts new writes right after its end
  await kcat(second.bootstrapServers, ['-P', '-t', topic, '-K:'], { input: 'after:restart\n' })
  const end = await kcatConsume(second.bootstrapServers, topic, ['-o', '-1'])
  assert.deepEqual(end.map(r => [r.offset, r.key]), [[log.length, 'after']])
})

test('a graceful restart keeps topics (ids, configs), data, committed offsets, groups and producer ids', { timeout: 120000 }, async t => {
  const dir = await tempDir(t)
  const topic = uniqueName('restart')
  const groupId = uniqueName('restart-g')
  const first = await spawnBroker(t, ['--data-dir', dir])
  const admin1 = pltAdmin(t, first.bootstrapServers)
  const [created] = await admin1.createTopics({ topics: [topic], partitions: 2, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '65536' }] })
  const producer1 = pltProducer(t, first.bootstrapServers, { idempotent: true })
  const pid1 = (await producer1.initIdempotentProducer({})).producerId
  const ts = Date.now() - 1000000
  await producer1.send({ messages: Array.from({ length: 30 }, (_, i) => ({ topic, partition: i % 2, key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), headers: new Map([[Buffer.from('n'), Buffer.from(String(i))]]), timestamp: BigInt(ts + i) })) })
  // A real group commit: a consumer reads and commits; then the group is moved back with an admin commit.
  const consumer1 = pltConsumer(t, first.bootstrapServers, groupId)
  const read1 = await pltCollect(t, consumer1, { topics: [topic], mode: 'earliest', autocommit: false }, 30)
  await consumer1.commit({ offsets: [0, 1].map(p => ({ topic, partition: p, offset: 15n, leaderEpoch: 0 })) })
  await read1.stream.close()
  await consumer1.close()
  await admin1.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 9n }] }] })
  const before = await kcatConsume(first.bootstrapServers, topic)
  assert.equal(before.length, 30)
  await producer1.close()
  await admin1.close()
  assert.equal(await first.kill('SIGTERM'), 0, first.output())

  const second = await spawnBroker(t, ['--data-dir', dir])
  const bs = second.bootstrapServers
  const admin = pltAdmin(t, bs)
  const md = await admin.metadata({ topics: [topic] })
  assert.equal(md.topics.get(topic)?.id, created.id, 'topic id kept')
  assert.equal(md.topics.get(topic)?.partitionsCount, 2)
  const [cfg] = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic, configurationKeys: ['cleanup.policy', 'segment.bytes'] }] })
  assert.deepEqual(cfg.configs.map(c => [c.name, c.value]).sort(), [['cleanup.policy', 'compact'], ['segment.bytes', '65536']])
  assert.deepEqual(await kcatConsume(bs, topic), before, 'records, offsets, headers and timestamps kept')
  const [offsets] = await admin.listConsumerGroupOffsets({ groups: [groupId] })
  assert.deepEqual(offsets.topics.find(x => x.name === topic)?.partitions.map(p => [p.partitionIndex, p.committedOffset]).sort(), [[0, 9n], [1, 15n]])
  const groups = await admin.listGroups()
  assert.ok(groups.has(groupId), `group ${groupId} with committed offsets is listed after the restart: ${[...groups.keys()]}`)
  const producer2 = pltProducer(t, bs, { idempotent: true })
  const pid2 = (await producer2.initIdempotentProducer({})).producerId
  assert.notEqual(pid2, pid1, 'producer ids are not reused after a restart')
  await producer2.send({ messages: [{ topic, partition: 0, key: Buffer.from('new'), value: Buffer.from('after') }] })
  const consumer2 = pltConsumer(t, bs, groupId)
  // partition 0 holds 15 records (0-14) plus the new one at 15; partition 1 holds 15 and is committed at its end.
  const resumed = await pltCollect(t, consumer2, { topics: [topic], mode: 'committed', fallbackMode: 'fail', autocommit: false }, 7)
  assert.deepEqual(resumed.records.map(r => [r.partition, r.offset]), [9, 10, 11, 12, 13, 14, 15].map(o => [0, o]))
  assert.equal(resumed.records.at(-1)?.value, 'after')
})

test('a compacted topic with tombstones compacts: latest value per key, offsets unchanged', { timeout: 60000 }, async t => {
  const dir = await tempDir(t)
  const broker = await startBroker(t, { dataDir: dir }) as RunningBroker & { compactNow?: () => Promise<void> }
  assert.equal(typeof broker.compactNow, 'function', 'RunningBroker.compactNow() is missing')
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)
  const topic = uniqueName('compact')
  await admin.createTopics({
    topics: [topic],
    partitions: 1,
    replicas: 1,
    configs: [
      { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '2048' }, { name: 'delete.retention.ms', value: '0' },
      { name: 'min.cleanable.dirty.ratio', value: '0.01' }, { name: 'min.compaction.lag.ms', value: '0' }
    ]
  })
  const producer = pltProducer(t, bs)
  const written: Array<{ key: string, value: string | null }> = []
  const send = async (key: string, value: string | null): Promise<void> => {
    written.push({ key, value })
    await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from(key), value: value === null ? undefined : Buffer.from(value) }], acks: -1 })
  }
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 10; k++) await send(`key-${k}`, `r${round}-${'x'.repeat(40)}`)
    if (round === 2) for (const k of [1, 4]) await send(`key-${k}`, null)
    if (round === 5) for (const k of [2, 7]) await send(`key-${k}`, null)
  }
  // Filler with fresh keys pushes everything above into closed segments (the active segment is never compacted).
  for (let i = 0; i < 40; i++) await send(`filler-${i}`, 'f'.repeat(60))
  const before = await kcatConsume(bs, topic, ['-Z'])
  assert.equal(before.length, written.length)

  await broker.compactNow?.()
  const after = await kcatConsume(bs, topic, ['-Z'])
  assert.ok(after.length < before.length, `compaction removed nothing (${after.length} records)`)
  const original = new Map(before.map(r => [r.offset, r]))
  for (const r of after) assert.deepEqual(r, original.get(r.offset), `offset ${r.offset} changed`)
  assert.deepEqual(after.map(r => r.offset), [...after.map(r => r.offset)].sort((a, b) => a - b), 'order kept')
  const latest = new Map<string, Rec>()
  for (const r of before) latest.set(r.key as string, r)
  for (const [key, r] of latest) {
    const kept = after.filter(x => x.key === key)
    if (r.value === null) {
      assert.ok(kept.length <= 1 && kept.every(x => x.offset === r.offset), `${key}: only its tombstone may remain`)
    } else {
      assert.deepEqual(kept.map(x => x.offset), [r.offset], `${key}: exactly its latest record survives`)
    }
  }
  const map = new Map<string, string | null>()
  for (const r of after) { if (r.value === null) map.delete(r.key as string); else map.set(r.key as string, r.value) }
  const expected = new Map<string, string | null>()
  for (const w of written) { if (w.value === null) expected.delete(w.key); else expected.set(w.key, w.value) }
  assert.deepEqual(map, expected, 'a reader from the start rebuilds the same key → value map')
  // end offset unchanged; new writes continue after it
  const end = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }] })
  assert.equal(end[0].partitions[0].offset, BigInt(written.length))
  const other = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
  assert.deepEqual(other.map(r => [r.offset, r.key, r.value]), after.map(r => [r.offset, r.key, r.value]), 'kafka-python (check_crcs) reads the compacted log')
  // t.after hooks run first-registered-first: close before tempDir's cleanup removes the data dir.
  await broker.close()
})

test('after compaction the broker closes cleanly and a restart serves the compacted log', { timeout: 60000 }, async t => {
  const dir = await tempDir(t)
  const lines: string[] = []
  const logger = pino({ level: 'warn' }, { write: (line: string) => { lines.push(line) } })
  const broker = await startBroker(t, { dataDir: dir, logger }) as RunningBroker & { compactNow?: () => Promise<void> }
  assert.equal(typeof broker.compactNow, 'function', 'RunningBroker.compactNow() is missing')
  const admin = pltAdmin(t, broker.bootstrapServers)
  const topic = uniqueName('compact-restart')
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' }, { name: 'min.cleanable.dirty.ratio', value: '0.01' }] })
  const producer = pltProducer(t, broker.bootstrapServers)
  for (let i = 0; i < 60; i++) await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from(`key-${i % 6}`), value: Buffer.from(`v${i}-${'c'.repeat(50)}`) }], acks: -1 })
  await broker.compactNow?.()
  const compacted = await kcatConsume(broker.bootstrapServers, topic)
  assert.ok(compacted.length < 60, 'compaction removed records')
  await producer.close()
  await admin.close()
  await broker.close()
  const errors = lines.map(l => JSON.parse(l) as { level: number, msg: string, err?: { message: string } }).filter(l => l.level >= 50)
  assert.deepEqual(errors.map(e => `${e.msg}: ${e.err?.message}`), [], 'no error while closing a compacted partition')
  const again = await startBroker(t, { dataDir: dir, logger: pino({ level: 'error' }) })
  assert.deepEqual(await kcatConsume(again.bootstrapServers, topic), compacted, 'the compacted log, offsets included, survives the restart')
  await again.close()
})

test('time retention deletes old closed segments (not the active one, not compacted topics)', { timeout: 60000 }, async t => {
  const dir = await tempDir(t)
  const broker = await startBroker(t, { dataDir: dir }) as RunningBroker & { runRetentionNow?: () => Promise<void> }
  assert.equal(typeof broker.runRetentionNow, 'function', 'RunningBroker.runRetentionNow() is missing')
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)
  const producer = pltProducer(t, bs)
  const old = Date.now() - 2 * 3600000
  const fill = async (topic: string): Promise<void> => {
    for (let i = 0; i < 30; i++) await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from(`k${i % 5}`), value: Buffer.from(`old-${i}-${'o'.repeat(80)}`), timestamp: BigInt(old + i) }], acks: -1 })
    for (let i = 0; i < 3; i++) await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from(`n${i}`), value: Buffer.from(`new-${i}`) }], acks: -1 })
  }
  const earliest = async (topic: string): Promise<bigint> => (await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -2n }] }] }))[0].partitions[0].offset
  const deleting = uniqueName('retain')
  const compacted = uniqueName('retain-compact')
  const segmentConfigs = [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.ms', value: '60000' }]
  await admin.createTopics({ topics: [deleting], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'delete' }, ...segmentConfigs] })
  await admin.createTopics({ topics: [compacted], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }, ...segmentConfigs] })
  await fill(deleting)
  await fill(compacted)

  await broker.runRetentionNow?.()
  const start = await earliest(deleting)
  assert.ok(start > 0n && start <= 30n, `log start ${start}: the old closed segments should be gone, the recent ones kept`)
  const left = await kcatConsume(bs, deleting)
  assert.deepEqual(left.map(r => r.offset), Array.from({ length: 33 - Number(start) }, (_, i) => Number(start) + i), 'everything from the new log start is readable')
  assert.deepEqual(left.slice(-3).map(r => r.value), ['new-0', 'new-1', 'new-2'])
  assert.equal(await earliest(compacted), 0n, 'time retention does not apply to cleanup.policy=compact')
  const compactedLeft = await kcatConsume(bs, compacted)
  assert.deepEqual([...new Set(compactedLeft.map(r => r.key))].sort(), ['k0', 'k1', 'k2', 'k3', 'k4', 'n0', 'n1', 'n2'], 'every key of the compacted topic is still there')
  await producer.close()
  await admin.close()
  await broker.close()
})
