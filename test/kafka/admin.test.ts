// KafkaAdmin against the embedded broker: cluster id, topic creation (existing topics are not an error),
// description with configs (cleanup.policy), group offsets listed, altered and deleted, groups deleted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uniqueName } from '../helpers/names.ts'
import { admin, consumer, fastBroker, kcat, pollUntil } from './helpers.ts'

test('clusterId, createTopics (idempotent), listTopics, describeTopics with cleanup.policy', async t => {
  const broker = await fastBroker(t)
  const a = await admin(t, broker.bootstrapServers)
  assert.equal(await a.clusterId(), broker.clusterId)
  const compacted = uniqueName('adm-compact')
  const plain = uniqueName('adm-plain')
  const first = await a.createTopics([
    { name: compacted, partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': '60000' } },
    { name: plain }
  ])
  assert.deepEqual(first, { created: [compacted, plain].sort(), existing: [] })
  const again = await a.createTopics([{ name: compacted, partitions: 5 }, { name: plain }])
  assert.deepEqual(again, { created: [], existing: [compacted, plain].sort() })
  const topics = await a.listTopics()
  assert.ok(topics.includes(compacted) && topics.includes(plain))

  const missing = uniqueName('adm-missing')
  const described = await a.describeTopics([compacted, plain, missing])
  assert.deepEqual([...described.keys()].sort(), [compacted, plain].sort(), 'missing topics are left out')
  const c = described.get(compacted)!
  assert.equal(c.partitions, 3)
  assert.equal(c.configs['cleanup.policy'], 'compact')
  assert.equal(c.configs['retention.ms'], '60000')
  const p = described.get(plain)!
  assert.equal(p.partitions, 1, 'num.partitions of the broker')
  assert.equal(p.configs['cleanup.policy'], 'delete')
  assert.ok('segment.bytes' in p.configs, 'defaults are described too')
  assert.deepEqual(await a.describeTopics([missing]), new Map())
  await assert.rejects(a.createTopics([{ name: uniqueName('adm-rf'), partitions: 1, replicationFactor: 3 }]), /Failed to create topic/)
})

test('group offsets: list, alter, delete some (without OffsetDelete), delete the group', async t => {
  const broker = await fastBroker(t)
  const bs = broker.bootstrapServers
  const a = await admin(t, bs)
  const t1 = uniqueName('adm-o1')
  const t2 = uniqueName('adm-o2')
  await a.createTopics([{ name: t1, partitions: 2 }, { name: t2, partitions: 1 }])
  const group = uniqueName('adm-g')
  assert.deepEqual(await a.listGroupOffsets(group), [], 'an unknown group has no offsets')
  await a.alterGroupOffsets(group, [{ topic: t1, partition: 0, offset: 5 }, { topic: t1, partition: 1, offset: 7 }, { topic: t2, partition: 0, offset: 0 }])
  const sorted = (xs: Array<{ topic: string, partition: number, offset: number }>): typeof xs => [...xs].sort((x, y) => `${x.topic}:${x.partition}` < `${y.topic}:${y.partition}` ? -1 : 1)
  assert.deepEqual(await a.listGroupOffsets(group), sorted([{ topic: t1, partition: 0, offset: 5 }, { topic: t1, partition: 1, offset: 7 }, { topic: t2, partition: 0, offset: 0 }]))
  await a.alterGroupOffsets(group, [{ topic: t1, partition: 1, offset: 9 }])
  assert.equal((await a.listGroupOffsets(group)).find(o => o.topic === t1 && o.partition === 1)?.offset, 9)

  await a.deleteGroupOffsets(group, [{ topic: t1, partition: 0 }, { topic: t2, partition: 0 }])
  assert.deepEqual(await a.listGroupOffsets(group), [{ topic: t1, partition: 1, offset: 9 }])
  await a.deleteGroupOffsets(group, [{ topic: t2, partition: 0 }])
  assert.deepEqual(await a.listGroupOffsets(group), [{ topic: t1, partition: 1, offset: 9 }], 'deleting offsets that are not there changes nothing')

  // A consumer of the group sees the altered offset: it starts at 9.
  await kcat(['-P', '-b', bs, '-t', t1, '-p', '1'], Array.from({ length: 12 }, (_, i) => `m${i}`).join('\n') + '\n')
  const c = await consumer(t, bs, { 'group.id': group }, { topics: [t1] })
  const got = await pollUntil(c, 3)
  assert.deepEqual(got.filter(r => r.partition === 1).map(r => r.offset), [9, 10, 11])
  // Deleting the offsets of a group with members is refused (the broker will not delete it).
  await assert.rejects(a.deleteGroupOffsets(group, [{ topic: t1, partition: 1 }]), /group/i)
  await c.close()

  await a.deleteGroup(group)
  assert.deepEqual(await a.listGroupOffsets(group), [])
  await a.deleteGroup(group)
  await assert.rejects(a.alterGroupOffsets(group, [{ topic: t1, partition: 0, offset: -1 }]), /Invalid offset -1/)
})
