// kafka-python 2.0.2 (Debian) against the embedded broker, through test/integration/python/kp.py: the admin client
// (CreateTopics 3, DescribeConfigs 2, CreatePartitions 1, DeleteTopics 3, DescribeGroups 3, ListGroups 2,
// OffsetFetch 3, DeleteGroups 1), the producer (Produce 7 after the ApiVersions v0 + Metadata v0 probe) with every
// codec, the consumer (Fetch 4 with check_crcs, ListOffsets 1, JoinGroup 2, SyncGroup 1, OffsetCommit 2,
// OffsetFetch 1), and a broker restart on the same data dir.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnBroker, startBroker, tempDir } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { content, fastGroups, kcatConsume, pltAdmin, py, type Rec } from './support.ts'


interface Ack { partition: number, offset: number, timestamp: number }
interface GroupRead { records: Rec[], committed: Record<string, number | null> }

test('kafka-python 2.0.2', { timeout: 240000 }, async t => {
  const broker = await startBroker(t, { ...fastGroups })
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)

  await t.test('KafkaAdminClient: create (configs), TopicAlreadyExists, describe_configs, create_partitions, delete', async () => {
    const topic = uniqueName('kp-admin')
    const res = await py('kp.py', { cmd: 'admin-topics', bootstrap: bs, topic })
    assert.deepEqual(res.create, [[topic, 0]])
    assert.equal(res.createAgain, 'TopicAlreadyExistsError')
    assert.equal(res.describeError, 0)
    assert.equal(res.configs['cleanup.policy'], 'compact', JSON.stringify(res.configs))
    assert.equal(res.configs['segment.bytes'], '1048576')
    for (const key of ['retention.ms', 'retention.bytes', 'segment.ms', 'delete.retention.ms', 'min.compaction.lag.ms', 'max.message.bytes', 'min.insync.replicas']) {
      assert.ok(key in res.configs, `DescribeConfigs lacks ${key}: ${JSON.stringify(res.configs)}`)
    }
    assert.deepEqual(res.createPartitions, [[topic, 0]])
    assert.deepEqual(res.partitionsAfter, [4])
    assert.equal(res.listed, true)
    assert.deepEqual(res.delete, [[topic, 0]])
    assert.equal(res.listedAfterDelete, false)
  })

  for (const compression of [null, 'gzip', 'snappy', 'lz4', 'zstd']) {
    await t.test(`KafkaProducer(acks='all', compression=${String(compression)}): offsets, null key/value, headers, timestamps`, async () => {
      const topic = uniqueName(`kp-prod-${compression ?? 'none'}`)
      const ts = Date.now() - 86400000
      const records: Array<{ key: string | null, value: string | null, headers?: string[][], timestamp?: number }> = [
        ...Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: `value-${i}-${'y'.repeat(200)}`, headers: [['h', `x${i}`], ['h2', '']], timestamp: ts + i })),
        { key: null, value: 'no key', timestamp: ts + 100 },
        { key: 'tomb', value: null, timestamp: ts + 101 },
        { key: 'now', value: 'broker-side time is not used for CreateTime' }
      ]
      const { acks } = await py<{ acks: Ack[] }>('kp.py', { cmd: 'produce', bootstrap: bs, topic, acks: 'all', compression, records })
      assert.deepEqual(acks.map(a => [a.partition, a.offset]), records.map((_, i) => [0, i]), 'offsets dense from 0 in send order')
      assert.deepEqual(acks.slice(0, 14).map(a => a.timestamp), records.slice(0, 14).map(r => r.timestamp), 'RecordMetadata timestamps are the explicit CreateTime')

      const expected = records.map(r => ({ key: r.key, value: r.value, headers: (r.headers ?? []) as Array<[string, string]> }))
      const back = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
      assert.deepEqual(back.map(content), expected, 'kafka-python (check_crcs) reads back what it wrote')
      assert.deepEqual(back.slice(0, 14).map(r => r.timestamp), records.slice(0, 14).map(r => r.timestamp))
      assert.ok(Math.abs(back[14].timestamp - Date.now()) < 60000)
      const byKcat = await kcatConsume(bs, topic)
      assert.deepEqual(byKcat.map(content), expected, 'kcat reads what kafka-python wrote')
      assert.deepEqual(byKcat.map(r => r.timestamp), back.map(r => r.timestamp))
    })
  }

  await t.test('KafkaConsumer group: commit, then a new consumer in the group resumes after the commit', async () => {
    const topic = uniqueName('kp-group')
    const group = uniqueName('kp-g')
    const mk = (from: number, n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` }))
    await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records: mk(0, 10) })
    const first = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: bs, topic, group, expect: 10, commit: true })
    assert.deepEqual(first.records.map(r => [r.offset, r.value]), mk(0, 10).map((_, i) => [i, `v${i}`]))
    assert.deepEqual(first.committed, { 0: 10 })
    await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records: mk(10, 5) })
    const second = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: bs, topic, group, expect: 5, commit: true })
    assert.deepEqual(second.records.map(r => [r.offset, r.value]), [10, 11, 12, 13, 14].map(i => [i, `v${i}`]), 'resumed exactly after the committed offset')
    assert.deepEqual(second.committed, { 0: 15 })
    // A manual (generation -1) commit from a standalone consumer is accepted on the now empty group.
    const manual = await py<{ committed: Record<string, number> }>('kp.py', { cmd: 'commit', bootstrap: bs, topic, group, offsets: { 0: 7 } })
    assert.deepEqual(manual.committed, { 0: 7 })
    const third = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: bs, topic, group, expect: 8 })
    assert.deepEqual(third.records.map(r => r.offset), [7, 8, 9, 10, 11, 12, 13, 14])
  })

  await t.test('a committed offset beyond the log end: Fetch answers OFFSET_OUT_OF_RANGE, the consumer resets to earliest', async () => {
    const topic = uniqueName('kp-oor')
    const group = uniqueName('kp-g')
    await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records: [0, 1, 2, 3].map(i => ({ key: `k${i}`, value: `v${i}` })) })
    await py('kp.py', { cmd: 'commit', bootstrap: bs, topic, group, offsets: { 0: 100 } })
    const read = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: bs, topic, group, expect: 4, commit: true })
    assert.deepEqual(read.records.map(r => r.offset), [0, 1, 2, 3])
    assert.deepEqual(read.committed, { 0: 4 })
  })

  await t.test('beginning_offsets, end_offsets, committed, offsets_for_times', async () => {
    const topic = uniqueName('kp-offsets')
    const group = uniqueName('kp-g')
    const base = Date.now() - 7200000
    const records = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, timestamp: base + i * 1000 }))
    await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records })
    await py('kp.py', { cmd: 'commit', bootstrap: bs, topic, group, offsets: { 0: 4 } })
    const res = await py('kp.py', { cmd: 'offsets', bootstrap: bs, topic, group, times: [base - 1, base, base + 2500, base + 9000, base + 20000] })
    assert.deepEqual(res.beginning, { 0: 0 })
    assert.deepEqual(res.end, { 0: 10 })
    assert.deepEqual(res.committed, { 0: 4 })
    assert.deepEqual(res.times, {
      [base - 1]: { 0: [0, base] },
      [base]: { 0: [0, base] },
      [base + 2500]: { 0: [3, base + 3000] },
      [base + 9000]: { 0: [9, base + 9000] },
      [base + 20000]: { 0: null }
    }, 'ListOffsets v1 by timestamp: first record at or after the time, with that record\'s timestamp')
  })

  await t.test('admin groups: list, describe (Stable, range), list offsets, delete a non-empty then an empty group', async () => {
    const topic = uniqueName('kp-groups')
    const group = uniqueName('kp-g')
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    await py('kp.py', { cmd: 'produce', bootstrap: bs, topic, records: [0, 1, 2, 3, 4, 5].map(i => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })) })
    const res = await py('kp.py', { cmd: 'admin-groups', bootstrap: bs, topic, group, expect: 6 })
    assert.deepEqual(res.assignment, [0, 1])
    assert.equal(res.read, 6)
    assert.ok(res.listed.some((g: string[]) => g[0] === group && g[1] === 'consumer'), JSON.stringify(res.listed))
    assert.equal(res.describe.group, group)
    assert.equal(res.describe.state, 'Stable')
    assert.equal(res.describe.protocolType, 'consumer')
    assert.equal(res.describe.protocol, 'range')
    assert.equal(res.describe.members.length, 1)
    assert.deepEqual(res.describe.members[0].subscription, [topic])
    assert.deepEqual(res.describe.members[0].assignment, [[topic, [0, 1]]])
    assert.deepEqual(res.offsets, { 0: 3, 1: 3 })
    assert.deepEqual(res.deleteWhileActive, [[group, 'NonEmptyGroupError']])
    assert.equal(res.stateAfterClose, 'Empty')
    assert.deepEqual(res.delete, [[group, 'NoError']])
    assert.ok(!res.listedAfterDelete.some((g: string[]) => g[0] === group), 'deleted group is no longer listed')
    assert.deepEqual(res.offsetsAfterDelete, {}, 'deleting the group deleted its offsets')
  })
})

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`kafka-python across a broker restart (${signal}): data and committed offsets survive`, { timeout: 120000 }, async t => {
    const dir = await tempDir(t)
    const topic = uniqueName('kp-restart')
    const group = uniqueName('kp-g')
    const mk = (from: number, n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}`, headers: [['n', String(from + i)]] }))
    const first = await spawnBroker(t, ['--data-dir', dir])
    await py('kp.py', { cmd: 'produce', bootstrap: first.bootstrapServers, topic, records: mk(0, 20) })
    const read = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: first.bootstrapServers, topic, group, expect: 20, commit: true })
    assert.deepEqual(read.committed, { 0: 20 })
    // Move the group back to 12 with a standalone (generation -1) commit, so the restart must restore a value that
    // is neither the log end nor the first commit.
    const committedAt = 12
    await py('kp.py', { cmd: 'commit', bootstrap: first.bootstrapServers, topic, group, offsets: { 0: committedAt } })
    const before = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: first.bootstrapServers, topic })).records
    assert.equal(before.length, 20)
    await first.kill(signal)

    const second = await spawnBroker(t, ['--data-dir', dir])
    const committed = await py('kp.py', { cmd: 'committed', bootstrap: second.bootstrapServers, topic, group, partitions: [0] })
    assert.deepEqual(committed.committed, { 0: committedAt }, 'the committed offset survives')
    const after = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: second.bootstrapServers, topic })).records
    assert.deepEqual(after, before, `every record survives the ${signal}, with offsets and timestamps\n${second.output()}`)
    const offsets = await py('kp.py', { cmd: 'offsets', bootstrap: second.bootstrapServers, topic, group })
    assert.deepEqual([offsets.beginning, offsets.end, offsets.committed], [{ 0: 0 }, { 0: 20 }, { 0: committedAt }])
    await py('kp.py', { cmd: 'produce', bootstrap: second.bootstrapServers, topic, records: mk(20, 3) })
    const resumed = await py<GroupRead>('kp.py', { cmd: 'group-read', bootstrap: second.bootstrapServers, topic, group, expect: 23 - committedAt, commit: true })
    assert.deepEqual(resumed.records.map(r => r.offset), Array.from({ length: 23 - committedAt }, (_, i) => committedAt + i), 'the group resumes at its committed offset; new offsets continue after the old log end')
    assert.deepEqual(resumed.committed, { 0: 23 })
  })
}
