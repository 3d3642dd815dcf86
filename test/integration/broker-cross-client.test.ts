// Cross-client matrix: what one client writes, every other client reads identically (keys, values, headers,
// timestamps, offsets); offsets committed by one client are seen by the others; and consumer groups whose members
// are different clients (their protocol names must intersect: librdkafka and kafka-python offer range and
// roundrobin, platformatic roundrobin, kafkajs gets a custom assigner named roundrobin).
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { PartitionAssigners, type Consumer as KjsConsumer } from 'kafkajs'
import { startBroker } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { waitFor } from '../helpers/wait.ts'
import {
  KCAT, PYTHON, background, byPartitionOffset, norm, fastGroups, kafkajs, kcat, kcatConsume, kjsConsumeAll, kjsRec, parseKcatJson,
  pltAdmin, pltConsumeAll, pltConsumer, pltProducer, pltRec, py, pyScript, type Background, type Rec
} from './support.ts'

type Client = 'kcat' | 'kafka-python' | 'kafkajs' | 'platformatic'
const clients: Client[] = ['kcat', 'kafka-python', 'kafkajs', 'platformatic']
const N = 12

interface Spec { key: string | null, value: string | null, headers: Array<[string, string]>, timestamp?: number }

/** What each producer writes: keyed records with headers, one null key, one null value (tombstone). */
function specs (client: Client, base: number): Spec[] {
  return Array.from({ length: N }, (_, i) => ({
    key: i === 3 && client !== 'kcat' ? null : `${client}-k${i}`,
    value: i === 5 ? null : `${client}-v${i}-${'p'.repeat(i * 10)}`,
    headers: client === 'kcat' ? [['src', 'kcat'], ['h2', 'fixed']] : [['src', client], ['n', String(i)]],
    timestamp: client === 'kcat' ? undefined : base + i * 7
  }))
}

async function produceWith (t: TestContext, client: Client, bs: string, topic: string, records: Spec[]): Promise<void> {
  switch (client) {
    case 'kcat': {
      // kcat: headers apply to every record, timestamps are the produce time, NULL value = empty value with -Z.
      const input = records.map(r => `${r.key ?? ''}:${r.value ?? ''}`).join('\n') + '\n'
      await kcat(bs, ['-P', '-t', topic, '-p', '0', '-K:', '-Z', '-H', 'src=kcat', '-H', 'h2=fixed', '-X', 'acks=all'], { input })
      break
    }
    case 'kafka-python':
      await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records: records.map(r => ({ ...r, partition: 0 })) })
      break
    case 'kafkajs': {
      const producer = kafkajs(bs).producer()
      await producer.connect()
      try {
        await producer.send({ topic, acks: -1, messages: records.map(r => ({ partition: 0, key: r.key, value: r.value, headers: Object.fromEntries(r.headers), timestamp: String(r.timestamp) })) })
      } finally {
        await producer.disconnect()
      }
      break
    }
    case 'platformatic': {
      const producer = pltProducer(t, bs)
      await producer.send({
        acks: -1,
        messages: records.map(r => ({
          topic,
          partition: 0,
          key: r.key === null ? undefined : Buffer.from(r.key),
          value: r.value === null ? undefined : Buffer.from(r.value),
          headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
          timestamp: BigInt(r.timestamp as number)
        }))
      })
      await producer.close()
      break
    }
  }
}

async function consumeWith (t: TestContext, client: Client, bs: string, topic: string): Promise<Rec[]> {
  switch (client) {
    case 'kcat': return kcatConsume(bs, topic, ['-Z'])
    case 'kafka-python': return (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
    case 'kafkajs': return kjsConsumeAll(t, bs, topic, N, uniqueName('x-kjs'))
    case 'platformatic': return pltConsumeAll(t, bs, topic, N, uniqueName('x-plt'))
  }
}

test('cross-client', { timeout: 240000 }, async t => {
  const broker = await startBroker(t, { ...fastGroups })
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)
  const base = Date.now() - 5 * 3600000

  for (const producer of clients) {
    await t.test(`produced by ${producer}, read by ${clients.filter(c => c !== producer).join(', ')}`, async () => {
      const topic = uniqueName(`x-${producer}`)
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
      const records = specs(producer, base)
      await produceWith(t, producer, bs, topic, records)
      const views = new Map<Client, Rec[]>()
      for (const consumer of clients.filter(c => c !== producer)) views.set(consumer, await consumeWith(t, consumer, bs, topic))
      const [first, reference] = [...views][0]
      assert.equal(reference.length, N, `${first} read ${reference.length} records`)
      assert.deepEqual(reference.map(r => [r.partition, r.offset]), records.map((_, i) => [0, i]))
      assert.deepEqual(reference.map(r => ({ key: r.key, value: r.value, headers: r.headers })), records.map(r => ({ key: r.key, value: r.value, headers: r.headers })),
        `${first} reads what ${producer} wrote`)
      if (producer !== 'kcat') assert.deepEqual(reference.map(r => r.timestamp), records.map(r => r.timestamp))
      else assert.ok(reference.every(r => Math.abs(r.timestamp - Date.now()) < 120000))
      for (const [consumer, view] of views) {
        assert.deepEqual(view.map(norm), reference.map(norm), `${consumer} and ${first} disagree on what ${producer} wrote`)
      }
    })
  }

  await t.test('offsets committed by one client are read by the others (with metadata)', async () => {
    const topic = uniqueName('x-commit')
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    await produceWith(t, 'platformatic', bs, topic, specs('platformatic', base))
    const kjsAdmin = kafkajs(bs).admin()
    await kjsAdmin.connect()
    t.after(() => kjsAdmin.disconnect())

    // kafka-python commits (OffsetCommit v2) → platformatic (OffsetFetch v8), kafkajs (v4), kcat -G (v7) read it.
    const g1 = uniqueName('x-g')
    await py('kp.py', { cmd: 'commit', bootstrap: bs, topic, group: g1, offsets: { 0: 5 }, metadata: 'from-python' })
    const [viaPlt] = await admin.listConsumerGroupOffsets({ groups: [g1] })
    assert.deepEqual(viaPlt.topics.find(x => x.name === topic)?.partitions.map(p => [p.partitionIndex, p.committedOffset, p.metadata]), [[0, 5n, 'from-python']])
    const viaKjs = await kjsAdmin.fetchOffsets({ groupId: g1, topics: [topic] })
    // (kafkajs turns the empty metadata of an uncommitted partition into null itself: `metadata || null`.)
    assert.deepEqual(viaKjs[0].partitions.map(p => [p.partition, p.offset, p.metadata]).sort(), [[0, '5', 'from-python'], [1, '-1', null]])
    const { stdout, stderr } = await kcat(bs, ['-G', g1, topic, '-J', '-e', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100', '-X', 'enable.auto.commit=false'])
    const viaKcat = parseKcatJson(stdout).filter(r => r.partition === 0)
    assert.deepEqual(viaKcat.map(r => r.offset), [5, 6, 7, 8, 9, 10, 11], `kcat -G starts at the committed offset\n${stderr}`)

    // platformatic commits (OffsetCommit v8) → kafka-python (OffsetFetch v1) and kafkajs read it.
    const g2 = uniqueName('x-g')
    await admin.alterConsumerGroupOffsets({ groupId: g2, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 9n }, { partition: 1, offset: 0n }] }] })
    const viaPy = await py('kp.py', { cmd: 'committed', bootstrap: bs, topic, group: g2 })
    assert.deepEqual(viaPy.committed, { 0: 9, 1: 0 })
    const viaKjs2 = await kjsAdmin.fetchOffsets({ groupId: g2, topics: [topic] })
    assert.deepEqual(viaKjs2[0].partitions.map(p => [p.partition, p.offset]).sort(), [[0, '9'], [1, '0']])

    // kafkajs commits through a consumer (OffsetCommit v5 with generation) → kafka-python and platformatic read it.
    const g3 = uniqueName('x-g')
    const consumer: KjsConsumer = kafkajs(bs).consumer({ groupId: g3, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100 })
    t.after(() => consumer.disconnect())
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    let n = 0
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => { n++; if (partition === 0 && message.offset === '7') await consumer.commitOffsets([{ topic, partition: 0, offset: '8' }]) } })
    await waitFor('kafkajs to read partition 0', () => n >= N, 15000)
    await consumer.disconnect()
    assert.deepEqual((await py('kp.py', { cmd: 'committed', bootstrap: bs, topic, group: g3 })).committed, { 0: 8, 1: null })
  })

  await t.test('one group, two clients: kafka-python + platformatic (protocol roundrobin)', async () => {
    const topic = uniqueName('x-mixed')
    const groupId = uniqueName('x-g')
    await admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 })
    const member = background(t, PYTHON, [pyScript('kp.py'), JSON.stringify({ cmd: 'member', bootstrap: bs, topic, group: groupId, limit_s: 60 })])
    const pyAssigned = (): number[] | undefined => {
      const lines = member.lines().filter(l => l.startsWith('ASSIGNED'))
      const last = lines[lines.length - 1]
      return last === undefined ? undefined : last.slice(9).split(',').filter(Boolean).map(Number)
    }
    await waitFor(`kafka-python member to own all partitions\n${member.describe()}`, () => pyAssigned()?.length === 4, 20000)
    const consumer = pltConsumer(t, bs, groupId)
    const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 100 })
    t.after(() => stream.close())
    const pltSeen: Rec[] = []
    stream.on('data', m => { pltSeen.push(pltRec(m)) })
    const pltOwned = (): number[] => (consumer.assignments ?? []).flatMap(a => a.partitions).sort()
    await waitFor(`a 2/2 split between kafka-python (${pyAssigned()}) and platformatic (${pltOwned()})\n${member.describe()}`, () => {
      const p = pyAssigned() ?? []
      return p.length === 2 && pltOwned().length === 2 && new Set([...p, ...pltOwned()]).size === 4
    }, 20000)
    const described = (await admin.describeGroups({ groups: [groupId] })).get(groupId)
    assert.equal(described?.protocol, 'roundrobin', 'the only protocol both offer')
    assert.equal(described?.members.size, 2)
    await new Promise(resolve => setTimeout(resolve, 600))
    const producer = pltProducer(t, bs)
    await producer.send({ acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ topic, partition: i % 4, value: Buffer.from(`v${i}`) })) })
    const pySeen = (): Rec[] => member.lines().filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Rec)
    await waitFor(`40 records between the two members (python ${pySeen().length}, platformatic ${pltSeen.length})\n${member.describe()}`, () => pySeen().length + pltSeen.length >= 40, 15000)
    assert.deepEqual([...new Set(pySeen().map(r => r.partition))].sort(), pyAssigned())
    assert.deepEqual([...new Set(pltSeen.map(r => r.partition))].sort(), pltOwned())
    assert.deepEqual([...pySeen(), ...pltSeen].sort(byPartitionOffset).map(r => r.value), [0, 1, 2, 3].flatMap(p => Array.from({ length: 10 }, (_, i) => `v${i * 4 + p}`)))
    await member.stop('SIGKILL')
  })

  await t.test('one group, two clients: kcat (librdkafka) + kafkajs with an assigner named roundrobin', async () => {
    const topic = uniqueName('x-mixed2')
    const groupId = uniqueName('x-g')
    await admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 })
    const member: Background = background(t, KCAT, ['-b', bs, '-G', groupId, topic, '-J', '-u', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000',
      '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100', '-X', 'partition.assignment.strategy=roundrobin'])
    const kcatAssigned = (): number[] | undefined => {
      const all = [...member.stderr().matchAll(/rebalanced \(memberid [^)]*\): (assigned|revoked): ([^\n]*)/g)]
      const last = all[all.length - 1]
      return last === undefined || last[1] !== 'assigned' ? undefined : [...last[2].matchAll(/\[(\d+)\]/g)].map(x => Number(x[1])).sort()
    }
    await waitFor(`kcat to own all partitions\n${member.describe()}`, () => kcatAssigned()?.length === 4, 20000)
    const roundrobin = (config: Parameters<typeof PartitionAssigners.roundRobin>[0]): ReturnType<typeof PartitionAssigners.roundRobin> => ({ ...PartitionAssigners.roundRobin(config), name: 'roundrobin', version: 0 })
    const consumer = kafkajs(bs).consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100, partitionAssigners: [roundrobin] })
    t.after(() => consumer.disconnect())
    let kjsOwned: number[] = []
    consumer.on(consumer.events.GROUP_JOIN, e => { kjsOwned = [...(e.payload.memberAssignment[topic] ?? [])].sort() })
    const kjsSeen: Rec[] = []
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({ eachBatch: async ({ batch }) => { for (const m of batch.messages) kjsSeen.push(kjsRec(batch.partition, m)) } })
    await waitFor(`a 2/2 split between kcat (${kcatAssigned()}) and kafkajs (${kjsOwned})\n${member.describe()}`, () => {
      const k = kcatAssigned() ?? []
      return k.length === 2 && kjsOwned.length === 2 && new Set([...k, ...kjsOwned]).size === 4
    }, 20000)
    assert.equal((await admin.describeGroups({ groups: [groupId] })).get(groupId)?.protocol, 'roundrobin')
    await new Promise(resolve => setTimeout(resolve, 600))
    const producer = pltProducer(t, bs)
    await producer.send({ acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ topic, partition: i % 4, value: Buffer.from(`v${i}`) })) })
    const kcatSeen = (): Rec[] => parseKcatJson(member.stdout().split('\n').slice(0, -1).join('\n'))
    await waitFor(`40 records between the two members (kcat ${kcatSeen().length}, kafkajs ${kjsSeen.length})\n${member.describe()}`, () => kcatSeen().length + kjsSeen.length >= 40, 15000)
    assert.deepEqual([...new Set(kcatSeen().map(r => r.partition))].sort(), kcatAssigned())
    assert.deepEqual([...new Set(kjsSeen.map(r => r.partition))].sort(), kjsOwned)
    assert.deepEqual([...kcatSeen(), ...kjsSeen].sort(byPartitionOffset).map(r => r.value), [0, 1, 2, 3].flatMap(p => Array.from({ length: 10 }, (_, i) => `v${i * 4 + p}`)))
    await consumer.disconnect()
    await member.stop('SIGTERM')
  })
})
