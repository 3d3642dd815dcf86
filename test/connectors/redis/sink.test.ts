// RedisSinkTask and RedisSinkConnector against the local Redis server: what each command writes, tombstones,
// pipelining and MULTI/EXEC, errant records, the offsets kept in Redis, validation, and outages.
import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import {
  ConnectError, DataError, RetriableError, Schema, SchemaBuilder, SinkRecord, Struct
} from '../../../src/api/index.ts'
import { RedisSinkConnector, RedisSinkTask, kconnectPlugins, sinkOffsetKey } from '../../../src/connectors/redis/index.ts'
import {
  REDIS_URI, afterWithRedis, closedPort, keyPrefix, redis, sinkContext, tcpProxy, type RawClient, type TestSinkContext
} from './helpers.ts'

const T = { timeout: 30000 }

let nextOffset = 0
function rec (topic: string, key: unknown, value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: nextOffset++, key, value, valueSchema })
}

async function startTask (t: TestContext, props: Record<string, string>, withReporter = false): Promise<{ task: RedisSinkTask, ctx: TestSinkContext }> {
  const full = { 'redis.uri': REDIS_URI, ...props }
  const task = new RedisSinkTask()
  const ctx = sinkContext(full, withReporter)
  task.initialize(ctx)
  await task.start(full)
  t.after(() => task.stop())
  return { task, ctx }
}

async function setup (t: TestContext): Promise<{ r: RawClient, p: string }> {
  const r = await redis(t)
  return { r, p: keyPrefix(t) }
}

const userSchema = SchemaBuilder.struct().name('User')
  .field('name', Schema.STRING_SCHEMA)
  .field('age', Schema.OPTIONAL_INT32_SCHEMA)
  .field('photo', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
  .build()

test('SET: key space + separator + record key; string and bytes values; a tombstone deletes the key', T, async t => {
  const { r, p } = await setup(t)
  const { task } = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}:\${topic}` })
  await task.put([
    rec('users', 'a', 'alpha'),
    rec('users', 'b', Buffer.from([0, 1, 2, 255])),
    rec('users', 7, 'seven'),
    rec('orders', Buffer.from('c'), 'charlie')
  ])
  assert.equal(await r.get(`${p}:users:a`), 'alpha')
  assert.deepEqual(await r.sendCommand(['GET', `${p}:users:b`], { typeMapping: { 36: Buffer } } as never), Buffer.from([0, 1, 2, 255]))
  assert.equal(await r.get(`${p}:users:7`), 'seven')
  assert.equal(await r.get(`${p}:orders:c`), 'charlie')

  await task.put([rec('users', 'a', null), rec('users', 'b', 'beta')])
  assert.equal(await r.exists(`${p}:users:a`), 0, 'tombstone → DEL')
  assert.equal(await r.get(`${p}:users:b`), 'beta')
})

test('SET with an empty redis.key writes the record key as it is; redis.separator is used between key space and key', T, async t => {
  const { r, p } = await setup(t)
  const { task } = await startTask(t, { 'redis.command': 'SET', 'redis.key': '' })
  await task.put([rec('t', `${p}-raw`, 'v')])
  assert.equal(await r.get(`${p}-raw`), 'v')
  const other = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}/\${topic}`, 'redis.separator': '/' })
  await other.task.put([rec('t', 'k', 'v2')])
  assert.equal(await r.get(`${p}/t/k`), 'v2')
})

test('legacy keys: redis.type STRING and redis.keyspace run as SET with that key space', T, async t => {
  const { r, p } = await setup(t)
  const { task } = await startTask(t, { 'redis.type': 'STRING', 'redis.keyspace': `${p}:legacy` })
  await task.put([rec('t', 'k', 'v')])
  assert.equal(await r.get(`${p}:legacy:k`), 'v')
})

test('HSET: the fields of a Struct or a map; null fields left out; a tombstone deletes the hash', T, async t => {
  const { r, p } = await setup(t)
  const { task } = await startTask(t, { 'redis.command': 'HSET', 'redis.key': `${p}:\${topic}` })
  const ann = new Struct(userSchema).put('name', 'ann').put('age', 42).put('tags', ['x', 'y'])
  await task.put([
    rec('users', '1', ann, userSchema),
    rec('users', '2', new Map<string, unknown>([['name', 'bob'], ['score', 1.5], ['gone', null]])),
    rec('users', '3', { name: 'cy', active: true })
  ])
  assert.deepEqual({ ...(await r.hGetAll(`${p}:users:1`)) }, { name: 'ann', age: '42', tags: '["x","y"]' })
  assert.deepEqual({ ...(await r.hGetAll(`${p}:users:2`)) }, { name: 'bob', score: '1.5' })
  assert.deepEqual({ ...(await r.hGetAll(`${p}:users:3`)) }, { name: 'cy', active: 'true' })

  await task.put([rec('users', '1', null)])
  assert.equal(await r.exists(`${p}:users:1`), 0)
})

test('XADD (the default command): one stream entry per record in the key space stream; tombstones ignored', T, async t => {
  const { r, p } = await setup(t)
  const { task } = await startTask(t, { 'redis.key': `${p}:\${topic}` })
  await task.put([
    rec('events', 'k1', new Struct(userSchema).put('name', 'ann').put('photo', Buffer.from('img')), userSchema),
    rec('events', 'k2', null),
    rec('events', 'k3', { name: 'bob', n: 2 })
  ])
  const entries = await r.sendCommand(['XRANGE', `${p}:events`, '-', '+']) as Array<[string, string[]]>
  assert.equal(entries.length, 2)
  assert.deepEqual(entries.map(e => e[1]), [['name', 'ann', 'photo', 'img'], ['name', 'bob', 'n', '2']])
})

test('collections: LPUSH/RPUSH, SADD, ZADD add the record key; tombstones remove it (LREM, SREM, ZREM)', T, async t => {
  const { r, p } = await setup(t)
  const list = await startTask(t, { 'redis.type': 'LIST', 'redis.push.direction': 'RIGHT', 'redis.key': `${p}:list` })
  await list.task.put([rec('t', 'a', 'x'), rec('t', 'b', 'x'), rec('t', 'c', 'x'), rec('t', 'b', null)])
  assert.deepEqual(await r.lRange(`${p}:list`, 0, -1), ['a', 'c'])
  const lpush = await startTask(t, { 'redis.command': 'LPUSH', 'redis.key': `${p}:lpush` })
  await lpush.task.put([rec('t', 'a', 'x'), rec('t', 'b', 'x')])
  assert.deepEqual(await r.lRange(`${p}:lpush`, 0, -1), ['b', 'a'])

  const set = await startTask(t, { 'redis.command': 'SADD', 'redis.key': `${p}:set` })
  await set.task.put([rec('t', 'a', 'x'), rec('t', 'b', 'x'), rec('t', 'a', null)])
  assert.deepEqual(await r.sMembers(`${p}:set`), ['b'])

  const zset = await startTask(t, { 'redis.type': 'ZSET', 'redis.key': `${p}:z` })
  await zset.task.put([rec('t', 'a', 3), rec('t', 'b', '1.5'), rec('t', 'c', 2), rec('t', 'c', null)])
  assert.deepEqual(await r.sendCommand(['ZRANGE', `${p}:z`, '0', '-1', 'WITHSCORES']), ['b', '1.5', 'a', '3'])

  const del = await startTask(t, { 'redis.command': 'DEL', 'redis.key': `${p}` })
  await r.set(`${p}:gone`, '1')
  await del.task.put([rec('t', 'gone', 'anything')])
  assert.equal(await r.exists(`${p}:gone`), 0)
})

/** Runs `fn` while MONITOR records the commands the server receives; returns the lines mentioning `marker`'s client. */
async function monitored (t: TestContext, fn: () => Promise<void>): Promise<string[]> {
  const m = await redis(t)
  const lines: string[] = []
  await m.monitor(line => { lines.push(line) })
  await new Promise(resolve => setTimeout(resolve, 50))
  await fn()
  await new Promise(resolve => setTimeout(resolve, 100))
  return lines
}

/** The commands (first word, upper case) the client that wrote `key` sent, in order. */
function commandsOfWriter (lines: string[], key: string): string[] {
  const addrOf = (line: string): string | undefined => /\[\d+ ([^\]]+)\]/.exec(line)?.[1]
  const writer = lines.find(l => l.includes(`"${key}"`))
  assert.ok(writer !== undefined, `MONITOR saw a command for ${key}`)
  const addr = addrOf(writer)
  return lines.filter(l => addrOf(l) === addr).map(l => /\] "([A-Za-z]+)"/.exec(l)?.[1]?.toUpperCase() ?? '?')
}

test('redis.multiexec wraps each put in one MULTI … EXEC; without it the commands are pipelined bare', T, async t => {
  const { r, p } = await setup(t)
  const tx = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}:tx`, 'redis.multiexec': 'true' })
  const txLines = await monitored(t, () => tx.task.put([rec('t', 'a', '1'), rec('t', 'b', '2'), rec('t', 'c', null)]))
  assert.deepEqual(commandsOfWriter(txLines, `${p}:tx:a`), ['MULTI', 'SET', 'SET', 'DEL', 'EXEC'])
  assert.equal(await r.get(`${p}:tx:b`), '2')

  const plain = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}:pl` })
  const plainLines = await monitored(t, () => plain.task.put([rec('t', 'a', '1'), rec('t', 'b', '2')]))
  assert.deepEqual(commandsOfWriter(plainLines, `${p}:pl:a`), ['SET', 'SET'])
})

test('a command Redis rejects inside MULTI/EXEC is reported; the rest of the transaction is applied', T, async t => {
  const { r, p } = await setup(t)
  const hset = await startTask(t, { 'redis.command': 'HSET', 'redis.key': `${p}:tx`, 'redis.multiexec': 'true' }, true)
  await r.set(`${p}:tx:s`, 'string')
  const wrong = rec('t', 's', { f: 'v' })
  await hset.task.put([rec('t', 'ok', { f: 'v' }), wrong])
  assert.equal(hset.ctx.reported.length, 1)
  assert.equal(hset.ctx.reported[0]![0], wrong)
  assert.match(hset.ctx.reported[0]![1].message, /WRONGTYPE/)
  assert.match(hset.ctx.reported[0]![1].message, new RegExp(`offset ${wrong.kafkaOffset}`))
  assert.deepEqual({ ...(await r.hGetAll(`${p}:tx:ok`)) }, { f: 'v' })
})

test('records that cannot be converted or that Redis rejects go to the errant record reporter, else fail the put', T, async t => {
  const { r, p } = await setup(t)
  await r.set(`${p}:h:str`, 'a string')
  const { task, ctx } = await startTask(t, { 'redis.command': 'HSET', 'redis.key': `${p}:h` }, true)
  const notAMap = rec('t', 'x', 'just text')
  const nullKey = rec('t', null, { f: 'v' })
  const wrongType = rec('t', 'str', { f: 'v' })
  await task.put([notAMap, nullKey, wrongType, rec('t', 'fine', { f: 'v' })])
  assert.deepEqual(ctx.reported.map(([rr]) => rr), [notAMap, nullKey, wrongType])
  assert.ok(ctx.reported[0]![1] instanceof DataError)
  assert.match(ctx.reported[0]![1].message, /HSET needs a Struct or map value/)
  assert.match(ctx.reported[1]![1].message, /key for the record must not be null/)
  assert.match(ctx.reported[2]![1].message, /WRONGTYPE/)
  assert.equal(await r.hGet(`${p}:h:fine`, 'f'), 'v')

  const strict = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}:s` })
  const structSchema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  await assert.rejects(strict.task.put([rec('t', 'k', new Struct(structSchema).put('a', 1), structSchema)]),
    (err: Error) => err instanceof DataError && /must be a string or byte array/.test(err.message))
  const strictHash = await startTask(t, { 'redis.command': 'HSET', 'redis.key': `${p}:h` })
  await assert.rejects(strictHash.task.put([rec('t', 'str', { f: 'v' })]),
    (err: Error) => err instanceof ConnectError && !(err instanceof RetriableError) && /WRONGTYPE/.test(err.message))
})

test('flush copies each partition offset into Redis, as redis-kafka-connect does; nothing is rewound to it', T, async t => {
  const { r, p } = await setup(t)
  const topic = `${p}-topic`
  afterWithRedis(t, c => c.del([sinkOffsetKey(topic, 0), sinkOffsetKey(topic, 3)]))
  const { task, ctx } = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}` })
  await task.flush(new Map([[{ topic, partition: 0 }, { offset: 42 }], [{ topic, partition: 3 }, { offset: 7 }]]))
  assert.deepEqual(JSON.parse((await r.get(`com.redis.kafka.connect.sink.offset.${topic}.0`))!), { topic, partition: 0, offset: 42 })
  assert.deepEqual(JSON.parse((await r.get(sinkOffsetKey(topic, 3)))!), { topic, partition: 3, offset: 7 })
  await task.open([{ topic, partition: 0 }])
  assert.deepEqual(ctx.rewound, [], 'the position comes from Kafka')
  assert.equal(new RedisSinkConnector().alterOffsets({}, new Map()), true)
})

test('redis.wait.replicas: too few replicas acknowledging is a RetriableError', T, async t => {
  const { p } = await setup(t)
  const { task } = await startTask(t, { 'redis.command': 'SET', 'redis.key': `${p}`, 'redis.wait.replicas': '1', 'redis.wait.timeout': '50' })
  await assert.rejects(task.put([rec('t', 'k', 'v')]),
    (err: Error) => err instanceof RetriableError && /0 of 1 replicas/.test(err.message))
})

test('validate() reports bad values and unsupported features per key', () => {
  const connector = new RedisSinkConnector()
  const errorsOf = (props: Record<string, string>): Record<string, string[]> => Object.fromEntries(
    connector.validate(props).filter(v => v.errorMessages.length > 0).map(v => [v.name, v.errorMessages]))
  assert.deepEqual(errorsOf({ 'redis.uri': REDIS_URI }), {})
  assert.deepEqual(errorsOf({ 'redis.uri': REDIS_URI, 'redis.command': 'set', 'redis.multiexec': 'true' }), {})
  const bad = errorsOf({
    'redis.uri': 'http://localhost:6379', 'redis.command': 'FOO', 'redis.cluster': 'true', 'redis.multiexec': 'maybe', 'redis.port': 'x'
  })
  assert.deepEqual(Object.keys(bad).sort(), ['redis.cluster', 'redis.command', 'redis.multiexec', 'redis.port', 'redis.uri'])
  assert.match(bad['redis.command']![0]!, /String must be one of \(case insensitive\)/)
  assert.match(bad['redis.uri']![0]!, /Unsupported Redis URI scheme 'http'/)
  assert.match(bad['redis.cluster']![0]!, /not supported/)
  const modules = errorsOf({ 'redis.type': 'JSON', 'redis.charset': 'EBCDIC' })
  assert.match(modules['redis.type']![0]!, /JSONSET needs the RedisJSON/)
  assert.match(modules['redis.charset']![0]!, /Unsupported charset/)
  assert.throws(() => connector.start({ 'redis.command': 'TSADD' }), /TSADD needs/)
  assert.deepEqual(kconnectPlugins.map(d => d.class.className), [
    'com.redis.kafka.connect.RedisSinkConnector', 'com.redis.kafka.connect.RedisStreamSourceConnector',
    'com.redis.kafka.connect.RedisSourceConnector'
  ])
  connector.start({ 'redis.uri': REDIS_URI, 'redis.command': 'SET' })
  assert.deepEqual(connector.taskConfigs(2), [{ 'redis.uri': REDIS_URI, 'redis.command': 'SET' }, { 'redis.uri': REDIS_URI, 'redis.command': 'SET' }])
})

test('a server that cannot be reached fails start() with a RetriableError naming the address', T, async () => {
  const port = await closedPort()
  const task = new RedisSinkTask()
  const started = Date.now()
  await assert.rejects(task.start({ 'redis.host': '127.0.0.1', 'redis.port': String(port), 'redis.command': 'SET' }),
    (err: Error) => err instanceof RetriableError && err.message.includes(`Could not connect to Redis at redis://127.0.0.1:${port}`) &&
      /ECONNREFUSED/.test(err.message))
  assert.ok(Date.now() - started < 5000, 'fails fast')
  await task.stop()
})

test('a connection lost between puts makes put() a RetriableError; the task recovers once Redis is back', T, async t => {
  const { r, p } = await setup(t)
  const proxy = await tcpProxy(t, 6379)
  const { task } = await startTask(t, { 'redis.uri': `redis://127.0.0.1:${proxy.port}`, 'redis.command': 'SET', 'redis.key': p })
  await task.put([rec('t', 'before', '1')])
  await proxy.cut()
  await new Promise(resolve => setTimeout(resolve, 50))
  await assert.rejects(task.put([rec('t', 'during', '2')]), (err: Error) => err instanceof RetriableError)
  await proxy.restore()
  let done = false
  for (let i = 0; i < 100 && !done; i++) {
    try {
      await task.put([rec('t', 'after', '3')])
      done = true
    } catch (err) {
      assert.ok(err instanceof RetriableError, String(err))
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  assert.ok(done, 'put succeeded after the connection came back')
  assert.equal(await r.get(`${p}:before`), '1')
  assert.equal(await r.get(`${p}:after`), '3')
})
