// KafkaConsumer against the embedded broker, with kcat (librdkafka) as the independent writer: records read back
// as written, pause/resume, seek, commits and resuming after them, rebalance callbacks of two members, pattern
// subscriptions, manual assignment. Every wait is bounded; clients close in t.after.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uniqueName } from '../helpers/names.ts'
import { CommitFailedError, tpKey, type ConsumerRecord, type KafkaConsumer, type TopicPartition } from '../../src/kafka/index.ts'
import { admin, consumer, fastBroker, kcat, pollUntil, pollWhile, producer, str } from './helpers.ts'

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition })
const offsets = (rs: ConsumerRecord[], partition?: number): number[] => rs.filter(r => partition === undefined || r.partition === partition).map(r => r.offset)

test('records written by kcat read back equal: keys, values, NULL, headers, timestamps, two partitions', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const topic = uniqueName('cons-kcat')
  await a.createTopics([{ name: topic, partitions: 2 }])
  await kcat(['-P', '-b', bs, '-t', topic, '-p', '0', '-K', ':', '-H', 'h1=x', '-H', 'h2=', '-Z'], 'k0:v0\nk1:\n:v2\nk3:v3\n')
  await kcat(['-P', '-b', bs, '-t', topic, '-p', '1', '-K', ':'], 'a:1\nb:2\n')
  const expected = (await kcat(['-C', '-b', bs, '-t', topic, '-o', 'beginning', '-e', '-q', '-Z', '-f', '%p %o %k %s %S %T %h\n'])).toString().split('\n').filter(l => l !== '').sort()

  const c = await consumer(t, bs, { 'group.id': uniqueName('g') }, { topics: [topic] })
  const got = await pollUntil(c, 6)
  assert.equal(got.length, 6)
  const lines = got.map(r => `${r.partition} ${r.offset} ${str(r.key) ?? 'NULL'} ${str(r.value) ?? 'NULL'} ${r.value === null ? -1 : r.value.length} ${r.timestamp} ${r.headers.map(([k, v]) => `${k}=${str(v) ?? 'NULL'}`).join(',')}`)
  assert.deepEqual(lines.sort(), expected)
  const k1 = got.find(r => str(r.key) === 'k1')!
  assert.equal(k1.value, null, 'kcat -Z wrote a tombstone')
  assert.equal(got.find(r => str(r.value) === 'v2')!.key, null)
  assert.ok(got.every(r => r.timestampType === 'CreateTime'))
  assert.deepEqual(offsets(got, 0), [0, 1, 2, 3], 'in order within the partition')
  assert.deepEqual(c.assignment().map(x => tpKey(x.topic, x.partition)).sort(), [tpKey(topic, 0), tpKey(topic, 1)])

  const logAppend = uniqueName('cons-lat')
  await a.createTopics([{ name: logAppend, configs: { 'message.timestamp.type': 'LogAppendTime' } }])
  const before = Date.now()
  await kcat(['-P', '-b', bs, '-t', logAppend], 'x\n')
  const c2 = await consumer(t, bs, { 'group.id': uniqueName('g') }, { topics: [logAppend] })
  const [r] = await pollUntil(c2, 1)
  assert.equal(r!.timestampType, 'LogAppendTime')
  assert.ok(r!.timestamp >= before - 1000 && r!.timestamp <= Date.now(), 'the broker\'s time')
})

test('max.poll.records, pause and resume, seek, position', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const topic = uniqueName('cons-pause')
  await a.createTopics([{ name: topic, partitions: 2 }])
  const p = await producer(t, bs)
  await p.send(Array.from({ length: 20 }, (_, i) => ({ topic, partition: i % 2, key: null, value: Buffer.from(`v${i}`), headers: [] })))
  // Paused in onAssigned, as a sink task's open() may do: nothing of partition 0 is fetched or returned.
  const c: KafkaConsumer = await consumer(t, bs, { 'group.id': uniqueName('g'), 'max.poll.records': '3' }, { topics: [topic] }, {
    onAssigned: () => { c.pause([tp(topic, 0)]) }
  })
  const only1: ConsumerRecord[] = []
  await pollWhile([c], '10 records of partition 1', () => only1.length >= 10, 10000, rs => {
    assert.ok(rs.length <= 3, 'max.poll.records')
    only1.push(...rs)
  })
  assert.deepEqual(c.paused(), [tp(topic, 0)])
  assert.deepEqual(only1.map(r => r.partition), Array(10).fill(1), 'nothing of the paused partition')
  assert.equal(c.position(tp(topic, 1)), 10)
  assert.deepEqual(await c.poll(300), [], 'paused partition 0 is not returned even though it has data')
  c.resume([tp(topic, 0)])
  assert.deepEqual(c.paused(), [])
  const resumed = await pollUntil(c, 10)
  assert.deepEqual(offsets(resumed, 0), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  assert.equal(c.position(tp(topic, 0)), 10)

  c.seek(tp(topic, 1), 7)
  assert.equal(c.position(tp(topic, 1)), 7)
  assert.deepEqual(offsets(await pollUntil(c, 3)), [7, 8, 9])
  c.seek(tp(topic, 0), 10)
  assert.deepEqual(await c.poll(200), [], 'at the end: nothing yet')
  await p.send([{ topic, partition: 0, key: null, value: Buffer.from('late'), headers: [] }])
  assert.deepEqual((await pollUntil(c, 1)).map(r => [r.offset, str(r.value)]), [[10, 'late']])
  // Beyond the end: the fetch is out of range and auto.offset.reset (earliest) applies, as in Kafka.
  c.seek(tp(topic, 0), 1000)
  assert.deepEqual(offsets(await pollUntil(c, 3)).slice(0, 3), [0, 1, 2])
  assert.throws(() => c.seek(tp(topic, 9), 0), /No current assignment for partition/)
  assert.throws(() => c.pause([tp('other', 0)]), /No current assignment/)
})

test('commit: a new member of the group resumes after the committed offsets', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const topic = uniqueName('cons-commit')
  const group = uniqueName('g')
  await kcat(['-P', '-b', bs, '-t', topic], Array.from({ length: 10 }, (_, i) => `m${i}`).join('\n') + '\n')
  const c1 = await consumer(t, bs, { 'group.id': group }, { topics: [topic] })
  const first = await pollUntil(c1, 10)
  assert.deepEqual(offsets(first), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  await c1.commit(new Map([[tp(topic, 0), 6]]))
  const a = await admin(t, bs)
  assert.deepEqual(await a.listGroupOffsets(group), [{ topic, partition: 0, offset: 6 }])
  await c1.close()
  await kcat(['-P', '-b', bs, '-t', topic], 'm10\n')
  const c2 = await consumer(t, bs, { 'group.id': group }, { topics: [topic] })
  const again = await pollUntil(c2, 5)
  assert.deepEqual(again.map(r => str(r.value)), ['m6', 'm7', 'm8', 'm9', 'm10'])
  await assert.rejects(c2.commit(new Map([[tp(topic, 0), -5]])), /Invalid offset -5/)
})

test('auto.offset.reset: latest skips what is there, none fails the poll', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const topic = uniqueName('cons-reset')
  await kcat(['-P', '-b', bs, '-t', topic], 'old1\nold2\n')
  const latest = await consumer(t, bs, { 'group.id': uniqueName('g'), 'auto.offset.reset': 'latest' }, { topics: [topic] })
  await pollWhile([latest], 'a position', () => latest.assignment().length === 1 && latest.position(tp(topic, 0)) !== null)
  assert.equal(latest.position(tp(topic, 0)), 2)
  await kcat(['-P', '-b', bs, '-t', topic], 'new\n')
  assert.deepEqual((await pollUntil(latest, 1)).map(r => str(r.value)), ['new'])

  const none = await consumer(t, bs, { 'group.id': uniqueName('g'), 'auto.offset.reset': 'none' }, { topics: [topic] })
  await assert.rejects(pollWhile([none], 'an error', () => false, 10000), /Undefined offset with no reset policy for partitions: \[.*-0\]/)
})

test('two members: onRevoked (with a commit inside) before onAssigned, partitions split, no record lost or repeated', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const topic = uniqueName('cons-rebal')
  const group = uniqueName('g')
  await a.createTopics([{ name: topic, partitions: 2 }])
  const p = await producer(t, bs)
  await p.send(Array.from({ length: 20 }, (_, i) => ({ topic, partition: i % 2, key: null, value: Buffer.from(`v${i}`), headers: [] })))

  const events1: string[] = []
  const seen = new Map<string, number>()
  const consumed = new Map<string, number>() // next offset per partition, as a sink task tracks it
  const track = (rs: ConsumerRecord[]): void => {
    for (const r of rs) {
      const k = `${r.partition}@${r.offset}`
      seen.set(k, (seen.get(k) ?? 0) + 1)
      consumed.set(tpKey(r.topic, r.partition), r.offset + 1)
    }
  }
  const list = (tps: TopicPartition[]): string => tps.map(x => x.partition).join(',')
  const c1: KafkaConsumer = await consumer(t, bs, { 'group.id': group }, { topics: [topic] }, {
    onAssigned: tps => { events1.push(`assigned ${list(tps)}`) },
    onRevoked: async tps => {
      events1.push(`revoked ${list(tps)}`)
      const commits = new Map(tps.filter(x => consumed.has(tpKey(x.topic, x.partition))).map(x => [x, consumed.get(tpKey(x.topic, x.partition))!]))
      await c1.commit(commits)
      events1.push('committed')
    }
  })
  await pollWhile([c1], 'the first 10 records', () => seen.size >= 10, 10000, track)
  assert.deepEqual(events1, ['assigned 0,1'])

  const events2: string[] = []
  const c2 = await consumer(t, bs, { 'group.id': group }, { topics: [topic] }, {
    onAssigned: tps => { events2.push(`assigned ${list(tps)}`) },
    onRevoked: tps => { events2.push(`revoked ${list(tps)}`) }
  })
  await pollWhile([c1, c2], 'the split', () => c1.assignment().length === 1 && c2.assignment().length === 1 && seen.size >= 20, 20000, track)
  assert.deepEqual(events1.slice(0, 3), ['assigned 0,1', 'revoked 0,1', 'committed'])
  assert.match(events1[3]!, /^assigned [01]$/)
  assert.equal(events1.length, 4)
  assert.deepEqual(events2.length, 1)
  assert.deepEqual([c1.assignment()[0]!.partition, c2.assignment()[0]!.partition].sort(), [0, 1])
  assert.deepEqual([...seen.values()].filter(n => n !== 1), [], 'each record once: the second member starts at the commit of onRevoked')
  assert.equal(seen.size, 20)

  // Leaving hands the partitions back to the other member (and runs onRevoked on close).
  await c2.close()
  assert.deepEqual(events2, [events2[0], events2[0]!.replace('assigned', 'revoked')])
  await pollWhile([c1], 'both partitions back', () => c1.assignment().length === 2)
  // A consumer that is not a member (its topic does not exist, so it never joined) cannot commit for the group.
  const outsider = await consumer(t, bs, { 'group.id': group, 'allow.auto.create.topics': 'false' }, { topics: [uniqueName('nope')] })
  await assert.rejects(outsider.commit(new Map([[tp(topic, 0), 1]])), (err: unknown) => err instanceof CommitFailedError && /rebalanced/.test(err.message))
})

test('pattern subscription picks up new matching topics; a list subscription waits for a missing topic', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const prefix = uniqueName('rx')
  await a.createTopics([{ name: `${prefix}-a` }, { name: `other-${prefix}` }])
  await kcat(['-P', '-b', bs, '-t', `${prefix}-a`], 'a1\n')
  await kcat(['-P', '-b', bs, '-t', `other-${prefix}`], 'nope\n')
  const assigned: string[][] = []
  const c = await consumer(t, bs, { 'group.id': uniqueName('g'), 'metadata.max.age.ms': '200' }, { pattern: new RegExp(`^${prefix}-.*$`) }, {
    onAssigned: tps => { assigned.push(tps.map(x => x.topic)) }
  })
  assert.deepEqual((await pollUntil(c, 1)).map(r => str(r.value)), ['a1'])
  await a.createTopics([{ name: `${prefix}-b`, partitions: 2 }])
  await kcat(['-P', '-b', bs, '-t', `${prefix}-b`, '-p', '1'], 'b1\n')
  // No offsets were committed: after the rebalance the group reads `a` from the start again, as Kafka's would.
  const afterRebalance = await pollUntil(c, 2)
  assert.deepEqual(afterRebalance.map(r => [r.topic, str(r.value)]).sort(), [[`${prefix}-a`, 'a1'], [`${prefix}-b`, 'b1']])
  assert.deepEqual(c.assignment().map(x => tpKey(x.topic, x.partition)).sort(), [`${prefix}-a:0`, `${prefix}-b:0`, `${prefix}-b:1`])
  assert.ok(assigned.length >= 2)
  assert.ok(assigned.flat().every(x => x.startsWith(prefix)), 'the other topic is never assigned')

  const later = uniqueName('cons-later')
  const l = await consumer(t, bs, { 'group.id': uniqueName('g'), 'metadata.max.age.ms': '200', 'allow.auto.create.topics': 'false' }, { topics: [later] })
  assert.deepEqual(await l.poll(300), [])
  assert.deepEqual(l.assignment(), [])
  await a.createTopics([{ name: later }])
  await kcat(['-P', '-b', bs, '-t', later], 'finally\n')
  assert.deepEqual((await pollUntil(l, 1)).map(r => str(r.value)), ['finally'])
})

test('manual assignment without a group: reset policy, seekToBeginning/End, end offsets, no commits', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const topic = uniqueName('cons-assign')
  await kcat(['-P', '-b', bs, '-t', topic], 'a\nb\nc\n')
  const c = await consumer(t, bs, { 'auto.offset.reset': 'latest' })
  assert.equal(c.groupId, null)
  c.assign([tp(topic, 0)])
  assert.deepEqual(await c.endOffsets([tp(topic, 0)]), new Map([[tpKey(topic, 0), 3]]))
  assert.deepEqual(await c.beginningOffsets([tp(topic, 0)]), new Map([[tpKey(topic, 0), 0]]))
  assert.deepEqual(await c.poll(300), [], 'latest: nothing yet')
  c.seekToBeginning([tp(topic, 0)])
  assert.deepEqual((await pollUntil(c, 3)).map(r => str(r.value)), ['a', 'b', 'c'])
  c.seekToEnd([tp(topic, 0)])
  await kcat(['-P', '-b', bs, '-t', topic], 'd\n')
  assert.deepEqual((await pollUntil(c, 1)).map(r => str(r.value)), ['d'])
  await assert.rejects(c.commit(new Map([[tp(topic, 0), 1]])), /commit\(\) needs group.id/)
  assert.throws(() => c.subscribe([topic]), /needs group.id/)
})

test('poll: bounded by its timeout, an AbortSignal, wakeup() and close(); one poll at a time', async t => {
  const broker = await fastBroker(t)
  const topic = uniqueName('cons-poll')
  const c = await consumer(t, broker.bootstrapServers, { 'group.id': uniqueName('g') }, { topics: [topic] })
  let start = Date.now()
  assert.deepEqual(await c.poll(250), [])
  assert.ok(Date.now() - start >= 240)
  const ac = new AbortController()
  start = Date.now()
  setTimeout(() => ac.abort(), 100)
  assert.deepEqual(await c.poll(10000, ac.signal), [])
  assert.ok(Date.now() - start < 5000, 'aborted early')
  start = Date.now()
  setTimeout(() => c.wakeup(), 100)
  assert.deepEqual(await c.poll(10000), [])
  assert.ok(Date.now() - start < 5000, 'woken up')
  const running = c.poll(10000)
  await assert.rejects(c.poll(10), /one poll at a time/)
  start = Date.now()
  await c.close()
  assert.deepEqual(await running, [])
  assert.ok(Date.now() - start < 5000, 'close ends a running poll')
  await assert.rejects(c.poll(10), /closed/)
})
