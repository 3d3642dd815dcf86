// kafkajs 2.2.4 against the embedded broker. kafkajs sends min(own max, broker max) and ignores broker mins:
// ApiVersions 2, Metadata 6, Produce 7, Fetch 11 (read_committed), ListOffsets 3, JoinGroup 5, SyncGroup 3,
// Heartbeat 3, OffsetCommit 5, OffsetFetch 4, CreateTopics 3, DescribeGroups 2, DeleteRecords 1, InitProducerId 1.
// Transactions are not advertised yet, so none are used here.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CompressionTypes, type Consumer } from 'kafkajs'
import { startBroker } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { waitFor } from '../helpers/wait.ts'
import { content, fastGroups, kafkajs, kcatConsume, kjsConsumeAll, kjsRec, py, type Rec } from './support.ts'

test('kafkajs 2.2.4', { timeout: 180000 }, async t => {
  const broker = await startBroker(t, { ...fastGroups })
  const bs = broker.bootstrapServers
  const kafka = kafkajs(bs)
  const admin = kafka.admin()
  await admin.connect()
  t.after(() => admin.disconnect())

  await t.test('admin.createTopics: true, then false for an existing topic; listTopics; fetchTopicMetadata', async () => {
    const topic = uniqueName('kjs-admin')
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }), true)
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), false, 'TOPIC_ALREADY_EXISTS is reported as false')
    assert.ok((await admin.listTopics()).includes(topic))
    const md = await admin.fetchTopicMetadata({ topics: [topic] })
    assert.deepEqual(md.topics[0].partitions.map(p => [p.partitionId, p.partitionErrorCode, p.replicas.length, p.isr.length]).sort(),
      [[0, 0, 1, 1], [1, 0, 1, 1], [2, 0, 1, 1]])
  })

  for (const compression of [CompressionTypes.None, CompressionTypes.GZIP]) {
    await t.test(`producer acks -1 (compression ${compression}): offsets, headers, null values; kcat and kafka-python read them`, async () => {
      const topic = uniqueName('kjs-prod')
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })
      const producer = kafka.producer({ allowAutoTopicCreation: false })
      await producer.connect()
      t.after(() => producer.disconnect())
      const ts = Date.now() - 600000
      const messages = Array.from({ length: 15 }, (_, i) => ({
        key: `k${i}`,
        value: i === 7 ? null : `value-${i}`,
        headers: { trace: `t${i}`, other: 'x' },
        timestamp: String(ts + i)
      }))
      const first = await producer.send({ topic, acks: -1, compression, messages: messages.slice(0, 10) })
      const second = await producer.send({ topic, acks: -1, compression, messages: messages.slice(10) })
      assert.deepEqual(first.map(r => [r.partition, r.errorCode, r.baseOffset]), [[0, 0, '0']])
      assert.deepEqual(second.map(r => [r.partition, r.errorCode, r.baseOffset]), [[0, 0, '10']])
      const expected = messages.map(m => ({ key: m.key, value: m.value, headers: [['trace', m.headers.trace], ['other', 'x']] as Array<[string, string]> }))
      const byKcat = await kcatConsume(bs, topic)
      assert.deepEqual(byKcat.map(content), expected)
      assert.deepEqual(byKcat.map(r => [r.offset, r.timestamp]), messages.map((m, i) => [i, Number(m.timestamp)]))
      const byPython = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
      assert.deepEqual(byPython.map(content), expected)
      const byKjs = await kjsConsumeAll(t, bs, topic, 15, uniqueName('kjs-g'))
      assert.deepEqual(byKjs.map(content), expected)
      assert.deepEqual(byKjs.map(r => r.timestamp), messages.map(m => Number(m.timestamp)))
      await producer.disconnect()
    })
  }

  await t.test('idempotent producer (idempotent: true, maxInFlightRequests: 1): InitProducerId, sequences, no duplicates', async () => {
    const topic = uniqueName('kjs-idem')
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
    await producer.connect()
    t.after(() => producer.disconnect())
    const results = []
    for (let batch = 0; batch < 5; batch++) {
      results.push(...await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 8 }, (_, i) => ({ key: `k${batch}-${i}`, value: `b${batch}-${i}`, partition: i % 2 }))
      }))
    }
    assert.ok(results.every(r => r.errorCode === 0), JSON.stringify(results))
    await producer.disconnect()
    const got = await kcatConsume(bs, topic)
    assert.equal(got.length, 40)
    for (const p of [0, 1]) {
      const part = got.filter(r => r.partition === p)
      assert.deepEqual(part.map(r => r.offset), Array.from({ length: 20 }, (_, i) => i), `partition ${p} dense, no duplicates`)
      assert.deepEqual(part.map(r => r.value), [0, 1, 2, 3, 4].flatMap(b => [0, 1, 2, 3, 4, 5, 6, 7].filter(i => i % 2 === p).map(i => `b${b}-${i}`)))
    }
  })

  await t.test('consumer group eachBatch: two consumers split the partitions and read everything exactly once', async () => {
    const topic = uniqueName('kjs-group')
    const groupId = uniqueName('kjs-g')
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })
    const got = new Map<string, Rec[]>()
    const assignments = new Map<string, number[]>()
    const consumers: Consumer[] = []
    const start = async (name: string): Promise<void> => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 6000, maxWaitTimeInMs: 100 })
      consumers.push(consumer)
      t.after(() => consumer.disconnect())
      got.set(name, [])
      consumer.on(consumer.events.GROUP_JOIN, e => { assignments.set(name, [...(e.payload.memberAssignment[topic] ?? [])].sort()) })
      await consumer.connect()
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      await consumer.run({
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          for (const m of batch.messages) {
            got.get(name)?.push(kjsRec(batch.partition, m))
            resolveOffset(m.offset)
          }
          await heartbeat()
        }
      })
    }
    await start('a')
    await waitFor('consumer a to own all 4 partitions', () => assignments.get('a')?.length === 4, 15000)
    await start('b')
    await waitFor(`the two consumers to split the partitions (${JSON.stringify([...assignments])})`, () => {
      const a = assignments.get('a') ?? []
      const b = assignments.get('b') ?? []
      return a.length === 2 && b.length === 2 && new Set([...a, ...b]).size === 4
    }, 20000)
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 4 })) })
    await waitFor('40 records across both consumers', () => (got.get('a')?.length ?? 0) + (got.get('b')?.length ?? 0) >= 40, 15000)
    for (const name of ['a', 'b']) {
      const recs = got.get(name) as Rec[]
      assert.ok(recs.length > 0, `${name} read nothing`)
      assert.deepEqual([...new Set(recs.map(r => r.partition))].sort(), assignments.get(name), `${name} reads only its own partitions`)
    }
    const all = [...(got.get('a') as Rec[]), ...(got.get('b') as Rec[])]
    assert.deepEqual(all.map(r => r.value).sort(), Array.from({ length: 40 }, (_, i) => `v${i}`).sort(), 'each record exactly once')

    const described = await admin.describeGroups([groupId])
    assert.equal(described.groups[0].state, 'Stable')
    assert.equal(described.groups[0].protocolType, 'consumer')
    assert.equal(described.groups[0].protocol, 'RoundRobinAssigner')
    assert.equal(described.groups[0].members.length, 2)
    // Commits happen at the end of each batch; wait for them, then check fetchOffsets.
    await waitFor('committed offsets 10 on every partition', async () => {
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] })
      return offsets[0].partitions.every(p => p.offset === '10') && offsets[0].partitions.length === 4
    }, 15000)
    await Promise.all(consumers.map(c => c.disconnect()))
    await waitFor('the group to become Empty after both left', async () => (await admin.describeGroups([groupId])).groups[0].state === 'Empty', 10000)
  })

  await t.test('admin fetchTopicOffsetsByTimestamp (ListOffsets v3 by time)', async () => {
    const topic = uniqueName('kjs-time')
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    const base = Date.now() - 100000
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2, timestamp: String(base + i * 10) })) })
    await producer.disconnect()
    // partition 0 holds i = 0, 2, 4, … (offset i/2) with timestamps base + i*10; partition 1 holds i = 1, 3, …
    const at = async (ts: number): Promise<string[][]> => (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).map(o => [String(o.partition), o.offset]).sort()
    assert.deepEqual(await at(base - 1), [['0', '0'], ['1', '0']])
    assert.deepEqual(await at(base + 45), [['0', '3'], ['1', '2']], 'first offset at or after the time, per partition')
    assert.deepEqual(await at(base + 180), [['0', '9'], ['1', '9']])
    // Past the last record Kafka answers -1; kafkajs then falls back to the latest offset.
    assert.deepEqual(await at(base + 1000), [['0', '10'], ['1', '10']])
  })

  await t.test('admin fetchTopicOffsets, deleteTopicRecords, fetchOffsets, deleteGroups; consumer resumes at committed offsets', async () => {
    const topic = uniqueName('kjs-offsets')
    const groupId = uniqueName('kjs-g')
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })) })
    const offsets = await admin.fetchTopicOffsets(topic)
    assert.deepEqual(offsets.map(o => [o.partition, o.low, o.high, o.offset]).sort(), [[0, '0', '10', '10'], [1, '0', '10', '10']])
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '4' }] })
    const after = await admin.fetchTopicOffsets(topic)
    assert.deepEqual(after.map(o => [o.partition, o.low, o.high]).sort(), [[0, '4', '10'], [1, '0', '10']])
    const fromStart = await kcatConsume(bs, topic)
    assert.deepEqual(fromStart.filter(r => r.partition === 0).map(r => r.offset), [4, 5, 6, 7, 8, 9], 'records below the new log start are gone')
    // kafkajs retries this error with backoff; a client without retries keeps the test short.
    const once = kafkajs(bs, { retry: { retries: 0 } }).admin()
    await once.connect()
    t.after(() => once.disconnect())
    await once.fetchTopicMetadata({ topics: [topic] })
    await assert.rejects(once.deleteTopicRecords({ topic, partitions: [{ partition: 1, offset: '11' }] }), (e: any) => {
      const inner = e.cause ?? e
      assert.equal(inner.partitions?.[0]?.error?.type, 'OFFSET_OUT_OF_RANGE', `${e.name}: ${e.message} / ${inner.name}: ${inner.message}`)
      return true
    }, 'beyond the high watermark')

    // kafkajs' own admin.setOffsets runs a paused consumer that idles for maxWaitTime (5 s); committing with
    // kafka-python (a generation -1 commit) is quicker and crosses clients.
    await py('kp.py', { cmd: 'commit', bootstrap: bs, topic, group: groupId, offsets: { 0: 6, 1: 3 } })
    const fetched = await admin.fetchOffsets({ groupId, topics: [topic] })
    assert.deepEqual(fetched[0].partitions.map(p => [p.partition, p.offset]).sort(), [[0, '6'], [1, '3']])
    const resumed = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100 })
    t.after(() => resumed.disconnect())
    const seen: Rec[] = []
    await resumed.connect()
    await resumed.subscribe({ topics: [topic] })
    await resumed.run({ eachBatch: async ({ batch }) => { for (const m of batch.messages) seen.push(kjsRec(batch.partition, m)) } })
    await waitFor('the consumer to resume at the set offsets', () => seen.length >= 11, 15000)
    await resumed.disconnect()
    assert.deepEqual(seen.filter(r => r.partition === 0).map(r => r.offset), [6, 7, 8, 9])
    assert.deepEqual(seen.filter(r => r.partition === 1).map(r => r.offset), [3, 4, 5, 6, 7, 8, 9])
    const empty = await admin.describeGroups([groupId])
    assert.equal(empty.groups[0].state, 'Empty')
    await admin.deleteGroups([groupId])
    const gone = await admin.fetchOffsets({ groupId, topics: [topic] })
    assert.deepEqual(gone[0].partitions.map(p => p.offset), ['-1', '-1'])
  })
})
