// JdbcSourceConnector / JdbcSourceTask on SQLite files (node:sqlite): declared-type mapping, text and epoch-millis
// timestamps, resuming, table listing and reconfiguration.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { test, type TestContext } from 'node:test'
import { BigDecimal, ConnectError } from '../../../../src/api/index.ts'
import { MemoryOffsets, onCleanup, pollRecords, startConnector, startTask, tempDir, valueOf, waitFor } from './helpers.ts'

async function database (t: TestContext, sql: string): Promise<{ url: string, db: DatabaseSync }> {
  const path = join(await tempDir(t), 'source.db')
  const db = new DatabaseSync(path)
  db.exec(sql)
  onCleanup(t, () => db.close())
  return { url: `jdbc:sqlite:${path}`, db }
}

const base = (url: string, table: string, extra: Record<string, string> = {}): Record<string, string> => ({
  name: 'lite-source', 'connection.url': url, 'topic.prefix': 'lite-', 'poll.interval.ms': '50',
  tables: `"${table}"`, 'tables.fetched': 'true', ...extra
})

test('incrementing mode on an INTEGER PRIMARY KEY found automatically; offsets keyed {"protocol":"1","table":"t"}', async t => {
  const { url, db } = await database(t, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO items (name) VALUES ('a'), ('b'), ('c')")
  const offsets = new MemoryOffsets()
  const props = base(url, 'items', { mode: 'incrementing', 'batch.max.rows': '2' })
  const task = await startTask(t, props, offsets)
  const records = await pollRecords(task, 3)
  assert.deepEqual(records.map(r => valueOf(r)), [{ id: 1n, name: 'a' }, { id: 2n, name: 'b' }, { id: 3n, name: 'c' }])
  assert.deepEqual(records[2]!.sourcePartition, { protocol: '1', table: 'items' })
  assert.deepEqual(records[2]!.sourceOffset, { incrementing: 3 })
  offsets.commit(records)
  await task.stop()
  db.exec("INSERT INTO items (name) VALUES ('d')")
  const resumed = await startTask(t, props, offsets)
  assert.deepEqual((await pollRecords(resumed, 1, { extraPolls: 1 })).map(r => valueOf(r).name), ['d'])
})

test('timestamp mode over text timestamps written in different forms reads each row once', async t => {
  const { url, db } = await database(t, `CREATE TABLE ev (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL);
    INSERT INTO ev (at) VALUES ('2024-01-01 10:00:00'), ('2024-01-01 10:00:00.500'), ('2024-01-01T10:00:01.000'),
      ('2024-01-01 10:00:01'), ('2024-01-02 00:00:00.123')`)
  const offsets = new MemoryOffsets()
  const props = base(url, 'ev', { mode: 'timestamp', 'timestamp.column.name': 'at', 'batch.max.rows': '2' })
  const task = await startTask(t, props, offsets)
  const records = await pollRecords(task, 5, { extraPolls: 1 })
  assert.deepEqual(records.map(r => valueOf(r).id), [1n, 2n, 3n, 4n, 5n])
  assert.deepEqual(records.map(r => valueOf(r).at), [
    new Date(Date.UTC(2024, 0, 1, 10)), new Date(Date.UTC(2024, 0, 1, 10, 0, 0, 500)), new Date(Date.UTC(2024, 0, 1, 10, 0, 1)),
    new Date(Date.UTC(2024, 0, 1, 10, 0, 1)), new Date(Date.UTC(2024, 0, 2, 0, 0, 0, 123))
  ])
  offsets.commit(records)
  await task.stop()
  db.exec("INSERT INTO ev (at) VALUES ('2024-01-03 00:00:00')")
  const resumed = await startTask(t, props, offsets)
  assert.deepEqual((await pollRecords(resumed, 1, { extraPolls: 1 })).map(r => valueOf(r).id), [6n])
})

test('timestamp+incrementing over epoch-millis INTEGER timestamps', async t => {
  const { url } = await database(t, `CREATE TABLE m (id INTEGER PRIMARY KEY, ms INTEGER NOT NULL);
    INSERT INTO m VALUES (1, 1700000000000), (2, 1700000000000), (3, 1700000000001)`)
  const task = await startTask(t, base(url, 'm', { mode: 'timestamp+incrementing', 'timestamp.column.name': 'ms', 'incrementing.column.name': 'id', 'batch.max.rows': '1' }))
  const records = await pollRecords(task, 3, { extraPolls: 1 })
  assert.deepEqual(records.map(r => r.sourceOffset), [
    { timestamp: 1700000000000, timestamp_nanos: 0, incrementing: 1 },
    { timestamp: 1700000000000, timestamp_nanos: 0, incrementing: 2 },
    { timestamp: 1700000000001, timestamp_nanos: 1_000_000, incrementing: 3 }
  ])
  assert.equal(records[0]!.valueSchema!.field('ms')!.schema().type(), 'INT64', 'the column keeps its declared INTEGER type')
})

test('timestamp.granularity changes the field, not the offsets', async t => {
  const { url } = await database(t, `CREATE TABLE g (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL);
    INSERT INTO g (at) VALUES ('2024-01-01 00:00:00.123456')`)
  const expected: Record<string, unknown> = {
    micros_long: 1704063600123456n, micros_string: '1704063600123456', nanos_long: 1704063600123456000n,
    nanos_string: '1704063600123456000', micros_iso_datetime_string: '2024-01-01T00:00:00.123456',
    nanos_iso_datetime_string: '2024-01-01T00:00:00.123456000'
  }
  for (const [granularity, value] of Object.entries(expected)) {
    const task = await startTask(t, base(url, 'g', {
      mode: 'timestamp', 'timestamp.column.name': 'at', 'timestamp.granularity': granularity, 'db.timezone': '+01:00'
    }))
    const [r] = await pollRecords(task, 1)
    assert.equal(valueOf(r!).at, value, granularity)
    assert.deepEqual(r!.sourceOffset, { timestamp: Date.UTC(2023, 11, 31, 23, 0, 0, 123), timestamp_nanos: 123456000 }, granularity)
    await task.stop()
  }
})

test('declared types map as xerial reports them', async t => {
  const { url } = await database(t, `CREATE TABLE ty (id INTEGER PRIMARY KEY, b BOOLEAN, s SMALLINT NOT NULL, bi BIGINT,
      d DECIMAL(10,2), r REAL, dbl DOUBLE, txt TEXT, vc VARCHAR(20), bl BLOB, dt DATE, dtt DATETIME, anything);
    INSERT INTO ty VALUES (1, 1, -5, 9223372036854775807, 12.345, 0.1, 0.1, 'ünïcode ✓', 'v', x'cafe', '2024-02-29', '2024-02-29 23:59:59.999', 'free');
    INSERT INTO ty (id, s) VALUES (2, 0)`)
  const task = await startTask(t, base(url, 'ty', { mode: 'bulk' }))
  const [full, nulls] = await pollRecords(task, 2)
  const schema = full!.valueSchema!
  assert.deepEqual(Object.fromEntries(schema.fields().map(f => [f.name(), `${f.schema().name() ?? f.schema().type()}${f.schema().isOptional() ? '?' : ''}`])), {
    id: 'INT64', b: 'BOOLEAN?', s: 'INT16', bi: 'INT64?', d: 'org.apache.kafka.connect.data.Decimal?', r: 'FLOAT32?', dbl: 'FLOAT64?',
    txt: 'STRING?', vc: 'STRING?', bl: 'BYTES?', dt: 'org.apache.kafka.connect.data.Date?',
    dtt: 'org.apache.kafka.connect.data.Timestamp?', anything: 'STRING?'
  })
  const v = valueOf(full!)
  assert.equal(v.b, true)
  assert.equal(v.s, -5)
  assert.equal(v.bi, 9223372036854775807n)
  assert.ok((v.d as BigDecimal).equals(BigDecimal.parse('12.35')), 'DECIMAL(10,2) rounds half up to its scale')
  assert.equal(v.r, Math.fround(0.1))
  assert.equal(v.dbl, 0.1)
  assert.equal(v.txt, 'ünïcode ✓')
  assert.deepEqual(v.bl, Buffer.from([0xca, 0xfe]))
  assert.deepEqual(v.dt, new Date(Date.UTC(2024, 1, 29)))
  assert.deepEqual(v.dtt, new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)))
  assert.equal(v.anything, 'free')
  assert.deepEqual(Object.values(valueOf(nulls!)).filter(x => x !== null), [2n, 0])
})

test('the connector lists tables (never sqlite_*), splits them and notices new ones', async t => {
  const { url, db } = await database(t, 'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT); CREATE TABLE b (x); CREATE TABLE c (x)')
  const h = await startConnector(t, { name: 'lite', 'connection.url': url, mode: 'bulk', 'table.poll.interval.ms': '50' })
  assert.deepEqual(h.connector.taskConfigs(2).map(c => c.tables), ['"a","b"', '"c"'])
  db.exec('CREATE TABLE d (x)')
  await waitFor(() => h.reconfigurations() > 0)
  assert.deepEqual(h.connector.taskConfigs(4).map(c => c.tables), ['"a"', '"b"', '"c"', '"d"'])
  const blacklisted = await startConnector(t, { 'connection.url': url, mode: 'bulk', 'table.blacklist': 'b,d' })
  assert.deepEqual(blacklisted.connector.taskConfigs(1).map(c => c.tables), ['"a","c"'])
})

test('a task without tables once they were fetched is killed with Confluent\'s message; before that it idles', async t => {
  const { url } = await database(t, 'CREATE TABLE a (x)')
  await assert.rejects(startTask(t, base(url, 'a', { mode: 'bulk', tables: '' })),
    (err: Error) => err instanceof ConnectError && /not assigned a table nor a query/.test(err.message))
  const idle = await startTask(t, base(url, 'a', { mode: 'bulk', tables: '', 'tables.fetched': 'false' }))
  assert.equal(await idle.poll(new AbortController().signal), null)
})
