// RedisStreamSourceTask and its connectors against the local Redis server: records, XACK on commitRecord, resuming
// after a restart with nothing lost (pending entries re-read, committed ones skipped), at-most-once, validation.
import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import {
  ConfigException, RetriableError, Schema, Struct, type SourceMap, type SourceRecord
} from '../../../src/api/index.ts'
import {
  RedisSourceConnector, RedisStreamSourceConnector, RedisStreamSourceTask, STREAM_VALUE_SCHEMA, compareStreamIds
} from '../../../src/connectors/redis/index.ts'
import { REDIS_URI, closedPort, keyPrefix, memoryOffsets, redis, sourceContext, type RawClient } from './helpers.ts'

const T = { timeout: 30000 }
const soon = (): AbortSignal => AbortSignal.timeout(2000)

async function startTask (t: TestContext, props: Record<string, string>, offsets = memoryOffsets()): Promise<RedisStreamSourceTask> {
  const full = { 'redis.uri': REDIS_URI, 'redis.stream.block': '50', ...props }
  const task = new RedisStreamSourceTask()
  task.initialize(sourceContext(full, offsets))
  await task.start(full)
  t.after(() => task.stop())
  return task
}

async function add (r: RawClient, stream: string, n: number, from = 0): Promise<string[]> {
  const ids: string[] = []
  for (let i = from; i < from + n; i++) ids.push(await r.sendCommand(['XADD', stream, '*', 'n', String(i), 'name', `item-${i}`]) as string)
  return ids
}

/** Polls until `n` records arrived (or fails after a deadline). */
async function pollN (task: RedisStreamSourceTask, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  const deadline = Date.now() + 10000
  while (out.length < n && Date.now() < deadline) out.push(...(await task.poll(soon())) ?? [])
  return out
}

/** Polls until a poll returns nothing. */
async function drain (task: RedisStreamSourceTask): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  for (;;) {
    const batch = await task.poll(soon())
    if (batch === null || batch.length === 0) return out
    out.push(...batch)
  }
}

async function pendingCount (r: RawClient, stream: string, group: string): Promise<number> {
  const summary = await r.sendCommand(['XPENDING', stream, group]) as [number, ...unknown[]]
  return summary[0]
}

/** Acknowledge as the runtime does: commitRecord per record, then (after the offset flush) commit(). */
async function commitAll (task: RedisStreamSourceTask, records: SourceRecord[], offsets?: ReturnType<typeof memoryOffsets>): Promise<void> {
  for (const rec of records) {
    task.commitRecord(rec, { topic: rec.topic, partition: 0, offset: 0, timestamp: 0 })
    offsets?.set(rec.sourcePartition!, rec.sourceOffset!)
  }
  await task.commit()
}

const ids = (records: SourceRecord[]): string[] => records.map(rec => rec.key as string)

test('each stream entry becomes a record: key = id, value = {id, body, stream}, partition {stream}, offset {offset}', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:orders`
  const added = await add(r, stream, 3)
  const task = await startTask(t, { 'redis.stream.name': stream, topic: 'redis_${stream}' })
  const records = await pollN(task, 3)
  assert.deepEqual(ids(records), added)
  const first = records[0]!
  assert.equal(first.topic, `redis_${stream}`)
  assert.deepEqual(first.sourcePartition, { stream })
  assert.deepEqual(first.sourceOffset, { offset: added[0] })
  assert.equal(first.keySchema, Schema.STRING_SCHEMA)
  assert.equal(first.valueSchema, STREAM_VALUE_SCHEMA)
  assert.equal(STREAM_VALUE_SCHEMA.name(), 'com.redis.kafka.connect.stream.Value')
  const value = first.value as Struct
  assert.equal(value.get('id'), added[0])
  assert.equal(value.get('stream'), stream)
  assert.deepEqual(value.get('body'), new Map([['n', '0'], ['name', 'item-0']]))
  value.validate()
  assert.equal(await task.poll(AbortSignal.timeout(200)), null, 'nothing more')
})

test('entries are acknowledged (XACK) only once their records were committed', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:acks`
  await add(r, stream, 5)
  const task = await startTask(t, { 'redis.stream.name': stream, 'redis.stream.consumer.group': 'g1' })
  const records = await pollN(task, 5)
  assert.equal(await pendingCount(r, stream, 'g1'), 5, 'delivered, not acknowledged')
  await commitAll(task, records.slice(0, 2))
  assert.equal(await pendingCount(r, stream, 'g1'), 3)
  await commitAll(task, records.slice(2))
  assert.equal(await pendingCount(r, stream, 'g1'), 0)
})

test('resumes after a restart with nothing lost: pending entries are re-read, committed ones skipped, then new ones', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:resume`
  const first = await add(r, stream, 10)
  const offsets = memoryOffsets()
  const props = { 'redis.stream.name': stream, 'batch.size': '4' }

  const a = await startTask(t, props, offsets)
  const polled = await pollN(a, 10)
  assert.deepEqual(ids(polled), first, 'batch.size 4: read in several polls')
  // Kafka acknowledged the first 3 and their offset was committed; records 4-5 reached Kafka (offset committed) but the
  // task died before their XACK went out; 6-10 were never acknowledged.
  await commitAll(a, polled.slice(0, 3), offsets)
  for (const rec of polled.slice(3, 5)) offsets.set(rec.sourcePartition!, rec.sourceOffset!)
  await a.stop()
  const more = await add(r, stream, 3, 10)
  assert.equal(await pendingCount(r, stream, 'kafka-consumer-group'), 7)

  const b = await startTask(t, props, offsets)
  const resumed = await drain(b)
  assert.deepEqual(ids(resumed), [...first.slice(5), ...more], 'pending 6-10 re-read, 4-5 skipped, then 11-13')
  await commitAll(b, resumed, offsets)
  assert.equal(await pendingCount(r, stream, 'kafka-consumer-group'), 0, 'skipped entries were acknowledged too')
  await b.stop()

  const c = await startTask(t, props, offsets)
  assert.deepEqual(await drain(c), [], 'nothing is read twice once acknowledged')
})

test('a restart without any committed offset re-reads every unacknowledged entry', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:crash`
  const added = await add(r, stream, 4)
  const props = { 'redis.stream.name': stream }
  const a = await startTask(t, props)
  assert.equal((await pollN(a, 4)).length, 4)
  await a.stop()
  const b = await startTask(t, props)
  assert.deepEqual(ids(await drain(b)), added)
})

test('a new consumer group starts at the committed offset, else at redis.stream.offset; an existing group keeps its place', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:start`
  const added = await add(r, stream, 4)
  const fromConfig = await startTask(t, { 'redis.stream.name': stream, 'redis.stream.consumer.group': 'cfg', 'redis.stream.offset': added[1]! })
  assert.deepEqual(ids(await drain(fromConfig)), added.slice(2))
  const fromOffset = await startTask(t, { 'redis.stream.name': stream, 'redis.stream.consumer.group': 'off', 'redis.stream.offset': '$' },
    memoryOffsets([[{ stream }, { offset: added[0]! }]]))
  assert.deepEqual(ids(await drain(fromOffset)), added.slice(1))
  const legacyOffset = await startTask(t, { 'redis.stream.name': stream, 'redis.stream.consumer.group': 'legacy' },
    memoryOffsets([[{}, { offset: added[2]! }]]))
  assert.deepEqual(ids(await drain(legacyOffset)), added.slice(3), "redis-kafka-connect's own partition {} is read too")
  const latest = await startTask(t, { 'redis.stream.name': stream, 'redis.stream.consumer.group': 'new', 'redis.stream.offset': '$' })
  assert.deepEqual(await drain(latest), [])
  const later = await add(r, stream, 1, 4)
  assert.deepEqual(ids(await pollN(latest, 1)), later)
})

test('at-most-once reads with NOACK: nothing stays pending, nothing is re-read', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:amo`
  await add(r, stream, 3)
  const props = { 'redis.stream.name': stream, 'redis.stream.delivery': 'at-most-once' }
  const a = await startTask(t, props)
  assert.equal((await pollN(a, 3)).length, 3)
  assert.equal(await pendingCount(r, stream, 'kafka-consumer-group'), 0)
  await a.stop()
  const b = await startTask(t, props)
  assert.deepEqual(await drain(b), [])
})

test('tasks share the group as consumer-${task}; entries deleted while pending are skipped and acknowledged', T, async t => {
  const r = await redis(t)
  const stream = `${keyPrefix(t)}:multi`
  const added = await add(r, stream, 6)
  const connector = new RedisStreamSourceConnector()
  connector.start({ 'redis.uri': REDIS_URI, 'redis.stream.name': stream, 'batch.size': '2' })
  const configs = connector.taskConfigs(2)
  assert.deepEqual(configs.map(c => [c['task.id'], c['kconnect.task.count']]), [['0', '2'], ['1', '2']])
  const t0 = await startTask(t, { ...configs[0]!, 'redis.stream.block': '50' })
  const t1 = await startTask(t, { ...configs[1]!, 'redis.stream.block': '50' })
  const got0 = (await t0.poll(soon())) ?? []
  const got1 = (await t1.poll(soon())) ?? []
  const rest = [...await drain(t0), ...await drain(t1)]
  assert.deepEqual([...ids(got0), ...ids(got1), ...ids(rest)].sort(compareStreamIds), added)
  const consumers = await r.sendCommand(['XINFO', 'CONSUMERS', stream, 'kafka-consumer-group']) as unknown[][]
  assert.deepEqual(consumers.map(c => c[1]).sort(), ['consumer-0', 'consumer-1'])

  // An entry deleted after delivery comes back from the pending list without fields: skipped, acknowledged.
  await t0.stop()
  await r.sendCommand(['XDEL', stream, ...ids(got0)])
  const again = await startTask(t, { ...configs[0]!, 'redis.stream.block': '50' })
  const reread = await drain(again)
  assert.ok(ids(reread).every(id => !ids(got0).includes(id)))
  await again.commit()
  const pending = await r.sendCommand(['XPENDING', stream, 'kafka-consumer-group', '-', '+', '100', 'consumer-0']) as unknown[]
  assert.equal(pending.length, ids(reread).length, 'only the re-read entries are still pending')
})

test('validate() and start() report bad configs; an unreachable server is a RetriableError', T, async () => {
  const connector = new RedisStreamSourceConnector()
  const errorsOf = (c: RedisStreamSourceConnector, props: Record<string, string>): Record<string, string[]> => Object.fromEntries(
    c.validate(props).filter(v => v.errorMessages.length > 0).map(v => [v.name, v.errorMessages]))
  assert.deepEqual(errorsOf(connector, { 'redis.stream.name': 's' }), {})
  const bad = errorsOf(connector, { 'redis.stream.delivery': 'exactly-once', 'redis.stream.block': '-1', 'redis.uri': 'nope' })
  assert.deepEqual(Object.keys(bad).sort(), ['redis.stream.block', 'redis.stream.delivery', 'redis.stream.name', 'redis.uri'])
  assert.match(bad['redis.stream.name']![0]!, /Missing required configuration "redis.stream.name"/)
  assert.throws(() => connector.start({}), (err: Error) => err instanceof ConfigException)
  const legacy = new RedisSourceConnector()
  assert.match(errorsOf(legacy, { 'redis.stream.name': 's', 'redis.reader': 'KEYS' })['redis.reader']![0]!, /KEYS reader/)
  assert.deepEqual(errorsOf(legacy, { 'redis.stream.name': 's', 'redis.reader': 'STREAM' }), {})
  assert.throws(() => connector.alterOffsets({}, new Map<SourceMap, SourceMap | null>([[{ stream: 's' }, { offset: 'x' }]])), /stream entry id/)

  const port = await closedPort()
  const task = new RedisStreamSourceTask()
  task.initialize(sourceContext({}))
  await assert.rejects(task.start({ 'redis.uri': `redis://127.0.0.1:${port}`, 'redis.stream.name': 's' }),
    (err: Error) => err instanceof RetriableError && err.message.includes(`redis://127.0.0.1:${port}`))
  await task.stop()
})
