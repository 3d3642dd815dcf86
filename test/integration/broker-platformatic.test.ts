// @platformatic/kafka 2.12.1 (the client the runtime uses) against the embedded broker. It walks down from the
// broker's max versions, so it runs the flexible top of every advertised range: Metadata 12, Produce 9, Fetch 15,
// ListOffsets 8, JoinGroup 9, SyncGroup 5, OffsetCommit 8, OffsetFetch 8 (multi-group), CreateTopics 7,
// DeleteTopics 6, CreatePartitions 3, DescribeConfigs 4, ListGroups 4, DescribeGroups 5, DeleteGroups 2,
// DeleteRecords 2, InitProducerId 4.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Consumer, MessagesStream } from '@platformatic/kafka'
import { startBroker } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { waitFor } from '../helpers/wait.ts'
import { content, fastGroups, kcatConsume, pltAdmin, pltCollect, pltConsumeAll, pltConsumer, pltProducer, pltRec, type Rec } from './support.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const errorCodes = (e: any): number[] => {
  const out: number[] = []
  const walk = (x: any, depth: number): void => {
    if (x === null || typeof x !== 'object' || depth > 6) return
    if (typeof x.apiCode === 'number') out.push(x.apiCode)
    if (typeof x.errorCode === 'number') out.push(x.errorCode)
    for (const v of Object.values(x)) walk(v, depth + 1)
    if (Array.isArray(x.errors)) for (const v of x.errors) walk(v, depth + 1)
  }
  walk(e, 0)
  return out
}

test('@platformatic/kafka 2.12.1', { timeout: 180000 }, async t => {
  const broker = await startBroker(t, { ...fastGroups })
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)

  await t.test('Admin: createTopics (configs, topic id), duplicate, listTopics, metadata, createPartitions, describeConfigs, deleteTopics', async () => {
    const topic = uniqueName('plt-admin')
    const created = await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '3600000' }] })
    assert.equal(created.length, 1)
    assert.equal(created[0].name, topic)
    assert.equal(created[0].partitions, 3)
    assert.equal(created[0].replicas, 1)
    assert.match(created[0].id, UUID)
    assert.notEqual(created[0].id, '00000000-0000-0000-0000-000000000000')
    assert.equal(created[0].configuration['cleanup.policy'], 'compact', 'CreateTopics v5+ returns the configs')

    await assert.rejects(admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 }), (e: any) => {
      assert.ok(errorCodes(e).includes(36), `expected TOPIC_ALREADY_EXISTS (36): ${e.message} ${JSON.stringify(errorCodes(e))}`)
      return true
    })
    await assert.rejects(admin.createTopics({ topics: [uniqueName('plt-rf')], partitions: 1, replicas: 3 }), (e: any) => {
      assert.ok(errorCodes(e).includes(38), `expected INVALID_REPLICATION_FACTOR (38): ${e.message}`)
      return true
    })
    assert.ok((await admin.listTopics()).includes(topic))

    const md = await admin.metadata({ topics: [topic] })
    assert.equal(md.brokers.size, 1)
    const [nodeId, node] = [...md.brokers][0]
    assert.deepEqual([node.host, node.port], ['127.0.0.1', broker.port])
    assert.equal(md.controllerId, nodeId)
    const tm = md.topics.get(topic)
    assert.ok(tm !== undefined)
    assert.equal(tm.id, created[0].id, 'Metadata v12 carries the same topic id')
    assert.equal(tm.partitionsCount, 3)
    assert.deepEqual(tm.partitions.map(p => [p.leader, p.replicas, p.isr]), [0, 1, 2].map(() => [nodeId, [nodeId], [nodeId]]))

    await admin.createPartitions({ topics: [{ name: topic, count: 5 }] })
    assert.equal((await admin.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)?.partitionsCount, 5)
    await assert.rejects(admin.createPartitions({ topics: [{ name: topic, count: 2 }] }), (e: any) => {
      assert.ok(errorCodes(e).includes(37), `expected INVALID_PARTITIONS (37): ${e.message}`)
      return true
    })

    const [described] = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic }] })
    const cfg = new Map(described.configs.map(c => [c.name, c]))
    assert.equal(cfg.get('cleanup.policy')?.value, 'compact')
    assert.equal(cfg.get('cleanup.policy')?.configSource, 1, 'DYNAMIC_TOPIC_CONFIG for a value set at creation')
    assert.equal(cfg.get('retention.ms')?.value, '3600000')
    assert.equal(cfg.get('segment.bytes')?.configSource, 5, 'DEFAULT_CONFIG for a default')
    for (const key of ['retention.bytes', 'segment.ms', 'delete.retention.ms', 'min.compaction.lag.ms', 'max.compaction.lag.ms', 'min.cleanable.dirty.ratio', 'max.message.bytes', 'message.timestamp.type', 'compression.type', 'min.insync.replicas']) {
      assert.ok(cfg.has(key), `DescribeConfigs lacks ${key}`)
    }
    const only = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic, configurationKeys: ['cleanup.policy'] }] })
    assert.deepEqual(only[0].configs.map(c => c.name), ['cleanup.policy'], 'a key filter returns just those keys')
    const [brokerCfg] = await admin.describeConfigs({ resources: [{ resourceType: 4, resourceName: String(nodeId) }] })
    const bcfg = new Map(brokerCfg.configs.map(c => [c.name, c.value]))
    for (const key of ['auto.create.topics.enable', 'num.partitions', 'default.replication.factor']) assert.ok(bcfg.has(key), `broker config lacks ${key}`)
    await assert.rejects(admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: uniqueName('missing') }] }), (e: any) => {
      assert.ok(errorCodes(e).includes(3), `expected UNKNOWN_TOPIC_OR_PARTITION (3): ${e.message}`)
      return true
    })

    for (const bad of ['has space', 'a'.repeat(250), '..', 'ünïcode']) {
      await assert.rejects(admin.createTopics({ topics: [bad], partitions: 1, replicas: 1 }), (e: any) => {
        assert.ok(errorCodes(e).includes(17), `expected INVALID_TOPIC_EXCEPTION (17) for '${bad.slice(0, 20)}': ${e.message}`)
        return true
      })
    }
    // Committed offsets of a deleted topic go with it.
    const groupId = uniqueName('plt-g')
    await admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 0n }] }] })
    await admin.deleteTopics({ topics: [topic] })
    await waitFor('the topic to disappear from listTopics', async () => !(await admin.listTopics()).includes(topic), 5000)
    const [left] = await admin.listConsumerGroupOffsets({ groups: [groupId] })
    assert.deepEqual(left.topics.filter(x => x.name === topic), [], 'DeleteTopics removes the topic\'s committed offsets')
  })

  for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    await t.test(`Producer (${compression}) → Consumer stream: keys, values, headers, timestamps, offsets`, async () => {
      const topic = uniqueName(`plt-${compression}`)
      await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
      const producer = pltProducer(t, bs)
      const ts = Date.now() - 3600000
      const messages = Array.from({ length: 20 }, (_, i) => ({
        topic,
        partition: i % 2,
        key: i === 5 ? undefined : Buffer.from(`k${i}`),
        value: i === 6 ? undefined : Buffer.from(`value-${i}-${'z'.repeat(300)}`),
        headers: new Map([[Buffer.from('h'), Buffer.from(`x${i}`)], [Buffer.from('e'), Buffer.from('')]]),
        timestamp: BigInt(ts + i)
      }))
      const result = await producer.send({ messages, acks: -1, compression })
      const offsets = (result.offsets ?? []).map(o => [o.partition, Number(o.offset)]).sort()
      assert.deepEqual(offsets, [[0, 0], [1, 0]], 'the produce result gives each partition\'s base offset')
      const result2 = await producer.send({ messages: messages.slice(0, 2), acks: -1, compression })
      assert.deepEqual((result2.offsets ?? []).map(o => [o.partition, Number(o.offset)]).sort(), [[0, 10], [1, 10]])

      const expected = (p: number): Array<{ key: string | null, value: string | null, headers: Array<[string, string | null]> }> =>
        [...messages.filter(m => m.partition === p), messages[p]].map(m => ({ key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, headers: [['h', m.headers.get([...m.headers.keys()][0])?.toString() ?? null], ['e', '']] }))
      const got = await pltConsumeAll(t, bs, topic, 22, uniqueName('plt-g'))
      for (const p of [0, 1]) {
        const part = got.filter(r => r.partition === p)
        assert.deepEqual(part.map(r => r.offset), Array.from({ length: 11 }, (_, i) => i))
        assert.deepEqual(part.map(content), expected(p))
        assert.deepEqual(part.slice(0, 10).map(r => r.timestamp), messages.filter(m => m.partition === p).map(m => Number(m.timestamp)))
      }
      const byKcat = await kcatConsume(bs, topic)
      assert.deepEqual(byKcat.map(content), got.map(content), 'kcat reads the same')
      assert.deepEqual(byKcat.map(r => r.timestamp), got.map(r => r.timestamp))
    })
  }

  await t.test('idempotent producer: InitProducerId, acks -1 enforced, sequences accepted, no duplicates', async () => {
    const topic = uniqueName('plt-idem')
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
    const producer = pltProducer(t, bs, { idempotent: true })
    const info = await producer.initIdempotentProducer({})
    assert.ok(info.producerId >= 0n, `producer id ${info.producerId}`)
    assert.equal(info.producerEpoch, 0)
    for (let b = 0; b < 6; b++) {
      await producer.send({ messages: Array.from({ length: 5 }, (_, i) => ({ topic, partition: 0, key: Buffer.from(`k${b}`), value: Buffer.from(`b${b}-${i}`) })) })
    }
    const other = pltProducer(t, bs, { idempotent: true })
    const info2 = await other.initIdempotentProducer({})
    assert.notEqual(info2.producerId, info.producerId, 'each producer gets its own id')
    await other.send({ messages: [{ topic, partition: 0, value: Buffer.from('other') }] })
    const got = await kcatConsume(bs, topic)
    assert.deepEqual(got.map(r => r.offset), Array.from({ length: 31 }, (_, i) => i))
    assert.deepEqual(got.map(r => r.value), [...[0, 1, 2, 3, 4, 5].flatMap(b => [0, 1, 2, 3, 4].map(i => `b${b}-${i}`)), 'other'])
  })

  await t.test('consumer group streams: two consumers split, one closes, the other takes over; admin sees the group', async () => {
    const topic = uniqueName('plt-group')
    const groupId = uniqueName('plt-g')
    await admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 })
    const producer = pltProducer(t, bs)
    const seen = new Map<string, Rec[]>([['a', []], ['b', []]])
    const consumers = new Map<string, { consumer: Consumer, stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> }>()
    const start = async (name: string): Promise<void> => {
      const consumer = pltConsumer(t, bs, groupId, { clientId: `plt-${name}` })
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 100 })
      t.after(() => stream.close())
      stream.on('data', m => { seen.get(name)?.push(pltRec(m)) })
      consumers.set(name, { consumer, stream })
    }
    const owned = (name: string): number[] => (consumers.get(name)?.consumer.assignments ?? []).flatMap(a => a.topic === topic ? a.partitions : []).sort()
    await start('a')
    await waitFor('a to own all 4 partitions', () => owned('a').length === 4, 15000)
    await start('b')
    await waitFor(`the group to split 2/2 (a ${owned('a')}, b ${owned('b')})`, () => owned('a').length === 2 && owned('b').length === 2 && new Set([...owned('a'), ...owned('b')]).size === 4, 20000)
    // A fetch issued for the old assignment may still be in flight (long poll, maxWaitTime 200 ms) and the client
    // delivers what it returns; let it finish so "each record exactly once" is about the broker, not that race.
    await new Promise(resolve => setTimeout(resolve, 600))
    await producer.send({ messages: Array.from({ length: 40 }, (_, i) => ({ topic, partition: i % 4, key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) })), acks: -1 })
    await waitFor('40 records across a and b', () => (seen.get('a')?.length ?? 0) + (seen.get('b')?.length ?? 0) >= 40, 15000)
    for (const name of ['a', 'b']) {
      assert.ok((seen.get(name) ?? []).length > 0, `${name} read nothing`)
      assert.deepEqual([...new Set((seen.get(name) ?? []).map(r => r.partition))].sort(), owned(name))
    }
    assert.deepEqual([...(seen.get('a') ?? []), ...(seen.get('b') ?? [])].map(r => r.value).sort(), Array.from({ length: 40 }, (_, i) => `v${i}`).sort())

    const groups = await admin.listGroups()
    assert.equal(groups.get(groupId)?.protocolType, 'consumer')
    const described = (await admin.describeGroups({ groups: [groupId] })).get(groupId)
    assert.ok(described !== undefined)
    assert.match(String(described.state), /^(Stable|STABLE)$/)
    assert.equal(described.protocol, 'roundrobin')
    assert.equal(described.members.size, 2)
    for (const m of described.members.values()) {
      assert.deepEqual(m.metadata?.topics, [topic])
      assert.equal([...(m.assignments?.values() ?? [])].flatMap(a => a.partitions).length, 2)
    }
    await waitFor('autocommit to reach 10 on all partitions', async () => {
      const [g] = await admin.listConsumerGroupOffsets({ groups: [groupId] })
      const parts = g?.topics.find(x => x.name === topic)?.partitions ?? []
      return parts.length === 4 && parts.every(p => p.committedOffset === 10n)
    }, 10000)

    // b leaves; a takes everything over and continues after the committed offsets.
    const b = consumers.get('b')
    await b?.stream.close()
    await b?.consumer.close()
    await waitFor(`a to take over all partitions (a ${owned('a')})`, () => owned('a').length === 4, 20000)
    await producer.send({ messages: Array.from({ length: 8 }, (_, i) => ({ topic, partition: i % 4, value: Buffer.from(`w${i}`) })), acks: -1 })
    await waitFor('a to read the 8 new records', () => (seen.get('a') ?? []).filter(r => r.value?.startsWith('w')).length >= 8, 15000)
    const all = [...(seen.get('a') ?? []), ...(seen.get('b') ?? [])]
    assert.equal(all.length, 48, 'no record delivered twice across the rebalance')

    const a = consumers.get('a')
    await a?.stream.close()
    await a?.consumer.close()
    await waitFor('the group to become Empty', async () => /^(Empty|EMPTY)$/.test(String((await admin.describeGroups({ groups: [groupId] })).get(groupId)?.state)), 10000)
    await admin.deleteGroups({ groups: [groupId] })
    assert.ok(!(await admin.listGroups()).has(groupId), 'deleted group is not listed')
    await assert.rejects(admin.deleteGroups({ groups: [groupId] }), (e: any) => {
      assert.ok(errorCodes(e).includes(69), `expected GROUP_ID_NOT_FOUND (69): ${e.message}`)
      return true
    })
  })

  for (const compression of ['none', 'gzip'] as const) {
    await t.test(`Admin listOffsets by time and MAX_TIMESTAMP inside one multi-record ${compression} batch (record, not batch, granularity)`, async () => {
      const topic = uniqueName('plt-batch-time')
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
      const producer = pltProducer(t, bs)
      const base = Date.now() - 60000
      // One send, one batch: timestamps are not monotonic, the largest sits in the middle.
      const stamps = [base + 10, base + 20, base + 90, base + 30, base + 40]
      await producer.send({ messages: stamps.map((ts, i) => ({ topic, partition: 0, value: Buffer.from(`v${i}`), timestamp: BigInt(ts) })), acks: -1, compression })
      const list = async (timestamp: bigint): Promise<[bigint, bigint]> => {
        const [res] = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp }] }] })
        return [res.partitions[0].offset, res.partitions[0].timestamp]
      }
      assert.deepEqual(await list(BigInt(base + 15)), [1n, BigInt(base + 20)], 'first record with timestamp >= the query, and its own timestamp')
      assert.deepEqual(await list(BigInt(base + 25)), [2n, BigInt(base + 90)], 'records are scanned in offset order: offset 2 (ts +90) is the first >= +25')
      // KIP-734 defines -3 as the record holding the largest timestamp (Kafka 3.5-3.7 answered the batch's last
      // offset instead, fixed by KAFKA-16310).
      assert.deepEqual(await list(-3n), [2n, BigInt(base + 90)], 'MAX_TIMESTAMP: the offset of the record with the largest timestamp')
    })
  }

  await t.test('Admin listOffsets (earliest, latest, by time, max timestamp), deleteRecords, alter/listConsumerGroupOffsets', async () => {
    const topic = uniqueName('plt-offsets')
    const groupId = uniqueName('plt-g')
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
    const producer = pltProducer(t, bs)
    const base = Date.now() - 60000
    for (let i = 0; i < 10; i++) {
      // One record per batch, so even a broker that only indexes batches must answer by-time queries exactly.
      await producer.send({ messages: [{ topic, partition: 0, value: Buffer.from(`v${i}`), timestamp: BigInt(base + i * 100) }], acks: -1 })
    }
    const list = async (timestamp: bigint): Promise<[bigint, bigint]> => {
      const [res] = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp }] }] })
      return [res.partitions[0].offset, res.partitions[0].timestamp]
    }
    assert.deepEqual((await list(-2n))[0], 0n)
    assert.deepEqual((await list(-1n))[0], 10n)
    assert.deepEqual(await list(BigInt(base + 250)), [3n, BigInt(base + 300)])
    assert.deepEqual(await list(-3n), [9n, BigInt(base + 900)], 'MAX_TIMESTAMP (-3): the record with the largest timestamp')
    assert.deepEqual((await list(BigInt(base + 5000)))[0], -1n)

    const deleted = await admin.deleteRecords({ topics: [{ name: topic, partitions: [{ partition: 0, offset: 4n }] }] })
    assert.deepEqual(deleted[0].partitions.map(p => [p.partition, p.lowWatermark]), [[0, 4n]])
    assert.deepEqual((await list(-2n))[0], 4n)

    await admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 7n }] }] })
    const [g] = await admin.listConsumerGroupOffsets({ groups: [groupId] })
    assert.deepEqual(g.topics.find(x => x.name === topic)?.partitions.map(p => [p.partitionIndex, p.committedOffset]), [[0, 7n]])
    const consumer = pltConsumer(t, bs, groupId)
    const { records, stream } = await pltCollect(t, consumer, { topics: [topic], mode: 'committed', fallbackMode: 'fail', autocommit: false }, 3)
    assert.deepEqual(records.map(r => [r.offset, r.value]), [[7, 'v7'], [8, 'v8'], [9, 'v9']])
    await stream.close()
    await consumer.close()
    const early = pltConsumer(t, bs, uniqueName('plt-g'))
    const fromStart = await pltCollect(t, early, { topics: [topic], mode: 'earliest', autocommit: false }, 6)
    assert.deepEqual(fromStart.records.map(r => r.offset), [4, 5, 6, 7, 8, 9], 'earliest is the new log start')
  })
})
