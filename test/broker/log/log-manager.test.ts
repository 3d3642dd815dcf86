// LogManager: topic registry rules and persistence, config validation and description, partition growth,
// deletion, restart, timers and on-demand maintenance, and one broken partition not affecting the others.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { chmod, mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pino from 'pino'
import { LogManager, type LogManagerOptions } from '../../../src/broker/log/log-manager.ts'
import { batchOf, FakeClock, readAll, tempDir } from './helpers.ts'

async function manager (t: TestContext, opts: LogManagerOptions = {}): Promise<LogManager> {
  const logs = await LogManager.open({ cleanupIntervalMs: 0, ...opts })
  t.after(() => logs.close())
  return logs
}

test('topic names, partition counts, replication factor, duplicates and validate-only', async t => {
  const logs = await manager(t, { numPartitions: 3, logger: pino({ level: 'silent' }) })
  for (const bad of ['', '.', '..', 'a'.repeat(250), 'has space', 'slash/no', 'ünï']) {
    const r = await logs.createTopic(bad, { numPartitions: 1 })
    assert.equal(r.errorCode, 17, JSON.stringify(bad))
    assert.ok((r.errorMessage ?? '').length > 0)
  }
  assert.equal((await logs.createTopic('a'.repeat(249), { numPartitions: 1 })).errorCode, 0)
  const created = await logs.createTopic('orders.v1_x-y', { numPartitions: -1 })
  assert.equal(created.errorCode, 0)
  assert.equal(created.topic?.partitions, 3, '-1 = broker default')
  assert.match(created.topic?.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.equal(logs.topicById(created.topic?.id as string)?.name, 'orders.v1_x-y')
  assert.equal((await logs.createTopic('orders.v1_x-y', { numPartitions: 1 })).errorCode, 36)
  assert.equal((await logs.createTopic('zero', { numPartitions: 0 })).errorCode, 37)
  assert.equal((await logs.createTopic('rf', { numPartitions: 1, replicationFactor: 2 })).errorCode, 38)
  assert.equal((await logs.createTopic('rf1', { numPartitions: 1, replicationFactor: 1 })).errorCode, 0)
  const dry = await logs.createTopic('dry', { numPartitions: 2, validateOnly: true })
  assert.equal(dry.errorCode, 0)
  assert.equal(logs.topic('dry'), undefined, 'validateOnly creates nothing')
  assert.ok(logs.partition('orders.v1_x-y', 2) !== undefined)
  assert.equal(logs.partition('orders.v1_x-y', 3), undefined)
})

test('config validation answers INVALID_CONFIG with a message', async t => {
  const logs = await manager(t)
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ 'no.such.key': '1' }, /Unknown topic config name: no.such.key/],
    [{ 'retention.ms': 'soon' }, /retention.ms/],
    [{ 'segment.bytes': '99999999999' }, /out of range/],
    [{ 'cleanup.policy': 'compact,forever' }, /cleanup.policy/],
    [{ 'compression.type': 'gzip' }, /compression.type/],
    [{ 'min.cleanable.dirty.ratio': '1.5' }, /between 0 and 1/],
    [{ 'message.timestamp.type': 'Whenever' }, /CreateTime, LogAppendTime/],
    [{ 'segment.ms': '0' }, /at least 1/]
  ]
  for (const [configs, message] of cases) {
    const r = await logs.createTopic('t', { numPartitions: 1, configs })
    assert.equal(r.errorCode, 40, JSON.stringify(configs))
    assert.match(r.errorMessage ?? '', message)
  }
  assert.equal((await logs.createTopic('t', { numPartitions: 1, configs: { 'cleanup.policy': 'compact, delete', 'retention.ms': '-1', 'min.insync.replicas': '1' } })).errorCode, 0)
  assert.deepEqual([logs.topicConfig('t')?.compact, logs.topicConfig('t')?.delete, logs.topicConfig('t')?.retentionMs], [true, true, -1])
  assert.equal((await logs.alterTopicConfigs('t', { 'retention.ms': 'x' })).errorCode, 40)
  assert.equal((await logs.alterTopicConfigs('t', { 'retention.ms': '1000', 'cleanup.policy': null })).errorCode, 0)
  assert.deepEqual(logs.topic('t')?.configs, { 'retention.ms': '1000', 'min.insync.replicas': '1' })
  assert.equal(logs.topicConfig('t')?.compact, false)
  assert.equal((await logs.alterTopicConfigs('missing', {})).errorCode, 3)
})

test('describeTopicConfigs gives every key with value, source, type and documentation', async t => {
  const logs = await manager(t, { topicDefaults: { 'retention.ms': '3600000' }, flushIntervalMessages: 1 })
  await logs.createTopic('t', { numPartitions: 1, configs: { 'cleanup.policy': 'compact' } })
  const described = logs.describeTopicConfigs('t') ?? []
  const byName = new Map(described.map(c => [c.name, c]))
  for (const key of ['cleanup.policy', 'retention.ms', 'retention.bytes', 'segment.bytes', 'segment.ms', 'delete.retention.ms', 'min.compaction.lag.ms',
    'max.compaction.lag.ms', 'min.cleanable.dirty.ratio', 'max.message.bytes', 'message.timestamp.type', 'compression.type', 'min.insync.replicas', 'flush.messages', 'flush.ms']) {
    assert.ok(byName.has(key), key)
  }
  assert.deepEqual(byName.get('cleanup.policy'), {
    name: 'cleanup.policy', value: 'compact', source: 1, readOnly: false, sensitive: false, isDefault: false, typeName: 'LIST', configType: 7, documentation: byName.get('cleanup.policy')?.documentation
  })
  assert.deepEqual([byName.get('retention.ms')?.value, byName.get('retention.ms')?.source, byName.get('retention.ms')?.typeName], ['3600000', 4, 'LONG'])
  assert.deepEqual([byName.get('flush.messages')?.value, byName.get('flush.messages')?.source], ['1', 4])
  assert.deepEqual([byName.get('segment.bytes')?.value, byName.get('segment.bytes')?.source, byName.get('segment.bytes')?.isDefault, byName.get('segment.bytes')?.typeName], ['1073741824', 5, true, 'INT'])
  assert.equal(byName.get('min.cleanable.dirty.ratio')?.typeName, 'DOUBLE')
  assert.ok(described.every(c => c.documentation.length > 10))
  assert.equal(logs.describeTopicConfigs('missing'), undefined)
  assert.throws(() => new LogManager({ topicDefaults: { 'retention.ms': 'never' } }), /invalid broker topic defaults/)
})

test('partitions grow only; a deleted topic is gone with its data', async t => {
  const dataDir = await tempDir(t)
  const logs = await manager(t, { dataDir })
  await logs.createTopic('g', { numPartitions: 2 })
  assert.equal((await logs.createPartitions('g', 2, false)).errorCode, 37)
  assert.equal((await logs.createPartitions('g', 1, false)).errorCode, 37)
  assert.equal((await logs.createPartitions('g', 4, true)).errorCode, 0)
  assert.equal(logs.topic('g')?.partitions, 2, 'validate only')
  assert.equal((await logs.createPartitions('g', 4, false)).errorCode, 0)
  assert.equal(logs.topic('g')?.partitions, 4)
  assert.equal((await logs.partition('g', 3)?.append(batchOf(['x'])))?.errorCode, 0)
  assert.equal((await logs.createPartitions('nope', 4, false)).errorCode, 3)
  const id = logs.topic('g')?.id as string
  const p0 = logs.partition('g', 0)
  assert.equal(await logs.deleteTopic('g'), 0)
  assert.equal(await logs.deleteTopic('g'), 3)
  assert.equal(logs.topic('g'), undefined)
  assert.equal(logs.topicById(id), undefined)
  assert.equal((await p0?.append(batchOf(['late'])))?.errorCode, 3, 'a deleted partition refuses appends')
  assert.deepEqual((await readdir(dataDir)).filter(f => f.startsWith('g-')), [])
  await logs.createTopic('g', { numPartitions: 1 })
  assert.notEqual(logs.topic('g')?.id, id, 'a new topic, a new id')
  assert.equal(logs.partition('g', 0)?.highWatermark, 0)
})

test('a restart keeps topics, ids, configs and data; the clean-shutdown marker is written and consumed', async t => {
  const dataDir = await tempDir(t)
  const first = await LogManager.open({ dataDir, cleanupIntervalMs: 0 })
  await first.createTopic('keep', { numPartitions: 2, configs: { 'cleanup.policy': 'compact', 'segment.bytes': '1000' } })
  await first.createTopic('other', { numPartitions: 1 })
  for (let i = 0; i < 30; i++) await first.partition('keep', i % 2)?.append(batchOf([`v${i}`], { keys: [`k${i}`] }))
  const before = await readAll(first.partition('keep', 1) as never)
  const topics = first.topics()
  await first.close()
  await stat(join(dataDir, 'meta', 'clean-shutdown'))
  assert.throws(() => new LogManager({ dataDir }).createTopic('x', { numPartitions: 1 }), /LogManager.open/, 'an unloaded registry is never written')
  const second = await manager(t, { dataDir })
  await assert.rejects(stat(join(dataDir, 'meta', 'clean-shutdown')), 'the marker is removed while running')
  assert.deepEqual(second.topics(), topics)
  assert.equal(second.topicConfig('keep')?.compact, true)
  assert.deepEqual(await readAll(second.partition('keep', 1) as never), before)
  assert.equal(second.partition('keep', 0)?.highWatermark, 15)
})

test('stale data of a topic that does not exist is removed before the topic is created again', async t => {
  const dataDir = await tempDir(t)
  await mkdir(join(dataDir, 'ghost-0'))
  await writeFile(join(dataDir, 'ghost-0', `${'0'.repeat(20)}.log`), batchOf(['old']))
  const logs = await manager(t, { dataDir })
  await logs.createTopic('ghost', { numPartitions: 1 })
  assert.equal(logs.partition('ghost', 0)?.highWatermark, 0)
})

test('one unreadable partition reports KAFKA_STORAGE_ERROR while the others keep working', async t => {
  const dataDir = await tempDir(t)
  const first = await LogManager.open({ dataDir, cleanupIntervalMs: 0 })
  await first.createTopic('a', { numPartitions: 2 })
  await first.createTopic('b', { numPartitions: 1 })
  for (const [topic, p] of [['a', 0], ['a', 1], ['b', 0]] as const) await first.partition(topic, p)?.append(batchOf(['before']))
  await first.close()
  const segment = join(dataDir, 'a-0', `${'0'.repeat(20)}.log`)
  await rm(segment)
  await mkdir(segment)
  const logs = await manager(t, { dataDir })
  const broken = logs.partition('a', 0)
  assert.equal(broken?.errorCode, 56)
  assert.equal((await broken?.append(batchOf(['x'])))?.errorCode, 56)
  assert.equal((await broken?.read(0, 100, { minOneBatch: true, committed: false }))?.errorCode, 56)
  for (const [topic, p] of [['a', 1], ['b', 0]] as const) {
    const log = logs.partition(topic, p)
    assert.equal(log?.errorCode, 0)
    assert.equal((await log?.append(batchOf(['after'])))?.baseOffset, 1)
    assert.deepEqual((await readAll(log as never)).map(r => r.value), ['before', 'after'])
  }
  assert.equal((await logs.createTopic('c', { numPartitions: 1 })).errorCode, 0)
})

test('retention and compaction run on the cleanup timer and on demand', async t => {
  const clock = new FakeClock()
  const logs = await manager(t, { cleanupIntervalMs: 5, now: clock.now })
  await logs.createTopic('r', { numPartitions: 1, configs: { 'segment.bytes': '300', 'retention.ms': '1000' } })
  await logs.createTopic('c', { numPartitions: 1, configs: { 'segment.bytes': '300', 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.01' } })
  const r = logs.partition('r', 0)
  const c = logs.partition('c', 0)
  for (let i = 0; i < 20; i++) {
    await r?.append(batchOf([`v${i}`], { timestamp: clock.now() }))
    await c?.append(batchOf([`v${i}`], { keys: ['same'], timestamp: clock.now() }))
  }
  clock.advance(5000)
  for (let i = 0; i < 200 && ((r?.logStartOffset ?? 0) === 0 || (c?.size ?? 0) > 600); i++) await sleep(5)
  assert.ok((r?.logStartOffset ?? 0) > 0, 'the timer ran retention')
  assert.ok((await readAll(c as never)).length < 20, 'the timer compacted')
  const manual = await manager(t, { now: clock.now })
  await manual.createTopic('m', { numPartitions: 1, configs: { 'segment.bytes': '300', 'cleanup.policy': 'compact,delete', 'retention.ms': '100000' } })
  const m = manual.partition('m', 0)
  for (let i = 0; i < 20; i++) await m?.append(batchOf([`v${i}`], { keys: ['same'], timestamp: clock.now() }))
  await manual.compactNow('m')
  assert.ok((await readAll(m as never)).length < 20)
  clock.advance(200000)
  await manual.runRetentionNow()
  assert.ok((m?.logStartOffset ?? 0) > 0)
})

test('fsync settings from the broker options are applied (flush.messages=1, flush.ms)', async t => {
  const dataDir = await tempDir(t)
  const logs = await manager(t, { dataDir, flushIntervalMessages: 1, flushIntervalMs: 10 })
  await logs.createTopic('f', { numPartitions: 1 })
  await logs.createTopic('g', { numPartitions: 1, configs: { 'flush.messages': '1000', 'flush.ms': '5' } })
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => logs.partition(i % 2 === 0 ? 'f' : 'g', 0)?.append(batchOf([`v${i}`]))))
  assert.ok(results.every(r => r?.errorCode === 0))
  await sleep(30)
  assert.deepEqual((await readAll(logs.partition('f', 0) as never)).map(r => r.offset), Array.from({ length: 25 }, (_, i) => i))
  assert.equal(logs.topicConfig('f')?.flushMessages, 1)
  assert.equal(logs.topicConfig('g')?.flushMs, 5)
})

test('a full disk during an append takes only that partition offline, with a clear log line', { skip: process.platform !== 'linux' }, async t => {
  const dataDir = await tempDir(t)
  const first = await LogManager.open({ dataDir, cleanupIntervalMs: 0 })
  await first.createTopic('full', { numPartitions: 2 })
  await first.close()
  // the active segment of full-0 becomes /dev/full: opening works, every write fails with ENOSPC
  const segment = join(dataDir, 'full-0', `${'0'.repeat(20)}.log`)
  await rm(segment)
  await symlink('/dev/full', segment)
  const lines: Array<{ obj: object, msg?: string }> = []
  const logger = { info: () => {}, warn: () => {}, debug: () => {}, error: (obj: object, msg?: string) => { lines.push({ obj, msg }) }, child: () => logger }
  const logs = await manager(t, { dataDir, logger })
  const broken = logs.partition('full', 0)
  assert.equal(broken?.errorCode, 0, 'readable until the first write')
  const result = await broken?.append(batchOf(['x']))
  assert.equal(result?.errorCode, 56)
  assert.match(result?.errorMessage ?? '', /ENOSPC/)
  assert.equal(broken?.errorCode, 56)
  assert.ok(lines.some(l => /partition full-0 is offline \(KAFKA_STORAGE_ERROR\): write failed: .*ENOSPC/.test(l.msg ?? '')), JSON.stringify(lines.map(l => l.msg)))
  assert.equal((await logs.partition('full', 1)?.append(batchOf(['ok'])))?.errorCode, 0)
})

test('an unreadable segment file (chmod 000) takes the partition offline', { skip: process.getuid?.() === 0 ? 'running as root: permissions are not enforced' : false }, async t => {
  const dataDir = await tempDir(t)
  const first = await LogManager.open({ dataDir, cleanupIntervalMs: 0 })
  await first.createTopic('locked', { numPartitions: 2 })
  await first.partition('locked', 0)?.append(batchOf(['x']))
  await first.close()
  const segment = join(dataDir, 'locked-0', `${'0'.repeat(20)}.log`)
  await chmod(segment, 0)
  t.after(() => chmod(segment, 0o644))
  const logs = await manager(t, { dataDir })
  assert.equal(logs.partition('locked', 0)?.errorCode, 56)
  assert.equal(logs.partition('locked', 1)?.errorCode, 0)
})
