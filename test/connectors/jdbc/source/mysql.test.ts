// JdbcSourceConnector / JdbcSourceTask against the machine's MariaDB (database `test`) through jdbc:mysql and
// jdbc:mariadb URLs: modes and resuming, Connector/J's type mapping, DATETIME vs TIMESTAMP and failures.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BigDecimal, ConnectError, RetriableError, type SourceRecord } from '../../../../src/api/index.ts'
import {
  MARIADB_URL, MYSQL_URL, MemoryOffsets, mysqlConn, mysqlTable, pollRecords, startConnector, startTask, valueOf
} from './helpers.ts'

const base = (table: string, extra: Record<string, string> = {}): Record<string, string> => ({
  name: 'my-source',
  'connection.url': MYSQL_URL,
  'topic.prefix': 'my-',
  'poll.interval.ms': '50',
  tables: `\`test\`.\`${table}\``,
  'tables.fetched': 'true',
  ...extra
})

const ids = (records: readonly SourceRecord[]): number[] => records.map(r => Number(valueOf(r).id))

test('incrementing mode over jdbc:mariadb: offsets keyed {"protocol":"1","table":"test.<t>"}, resume without loss or duplicates', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))`)
  await conn.query(`INSERT INTO \`${table}\` (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (9007199254740993, 'big')`)
  const offsets = new MemoryOffsets()
  const props = base(table, { 'connection.url': MARIADB_URL, 'connection.user': 'root', mode: 'incrementing', 'batch.max.rows': '2' })
  const task = await startTask(t, props, offsets)
  const records = await pollRecords(task, 4)
  assert.deepEqual(records.map(r => valueOf(r).id), [1n, 2n, 3n, 9007199254740993n])
  assert.deepEqual(records[0]!.sourcePartition, { protocol: '1', table: `test.${table}` })
  assert.equal(records[0]!.topic, `my-${table}`)
  assert.deepEqual(records[3]!.sourceOffset, { incrementing: '9007199254740993' }, 'beyond 2^53 the offset is a decimal string')
  offsets.commit(records.slice(0, 2))
  await task.stop()
  await conn.query(`INSERT INTO \`${table}\` (id, v) VALUES (9007199254740994, 'big2')`)
  const resumed = await startTask(t, props, offsets)
  const rest = await pollRecords(resumed, 3, { extraPolls: 1 })
  assert.deepEqual(rest.map(r => valueOf(r).id), [3n, 9007199254740993n, 9007199254740994n])
  // And from the string offset onwards.
  offsets.commit(rest)
  await resumed.stop()
  const again = await startTask(t, props, offsets)
  assert.deepEqual(await pollRecords(again, 0, { extraPolls: 1 }), [])
})

test('bulk mode streams a table larger than batch.max.rows across polls, every round', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id INT NOT NULL PRIMARY KEY, v VARCHAR(10))`)
  await conn.query(`INSERT INTO \`${table}\` VALUES ${Array.from({ length: 25 }, (_, i) => `(${i + 1}, 'v${i + 1}')`).join(', ')}`)
  const task = await startTask(t, base(table, { mode: 'bulk', 'batch.max.rows': '10' }))
  const signal = new AbortController().signal
  const sizes: number[] = []
  const seen: number[] = []
  while (seen.length < 50) {
    const batch = await task.poll(signal)
    if (batch === null) continue
    sizes.push(batch.length)
    seen.push(...ids(batch))
  }
  assert.deepEqual(sizes, [10, 10, 5, 10, 10, 5])
  assert.deepEqual(seen.slice(0, 25).sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1))
  assert.deepEqual(seen.slice(25).sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1))
})

test('timestamp+incrementing mode on DATETIME(6) with ties, resumed from an offset', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id INT NOT NULL PRIMARY KEY, m DATETIME(6) NOT NULL)`)
  await conn.query(`INSERT INTO \`${table}\` VALUES (1, '2024-05-01 08:00:00.250000'), (2, '2024-05-01 08:00:00.250000'),
    (3, '2024-05-01 08:00:00.250000'), (4, '2024-05-02 00:00:00')`)
  const offsets = new MemoryOffsets()
  const props = base(table, { mode: 'timestamp+incrementing', 'timestamp.column.name': 'm', 'incrementing.column.name': 'id', 'batch.max.rows': '2' })
  const task = await startTask(t, props, offsets)
  const first = await task.poll(new AbortController().signal)
  assert.deepEqual(ids(first!), [1, 2])
  assert.deepEqual(first![1]!.sourceOffset, { timestamp: Date.UTC(2024, 4, 1, 8, 0, 0, 250), timestamp_nanos: 250_000_000, incrementing: 2 })
  offsets.commit(first!)
  await task.stop()
  const resumed = await startTask(t, props, offsets)
  assert.deepEqual(ids(await pollRecords(resumed, 2, { extraPolls: 1 })), [3, 4])
})

test('Connector/J types: signedness, TINYINT(1), DECIMAL, DATETIME vs TIMESTAMP, YEAR, binary and text', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, t1 TINYINT(1), si SMALLINT,
    su SMALLINT UNSIGNED, mi MEDIUMINT, iu INT UNSIGNED NOT NULL DEFAULT 0, bi BIGINT, d DECIMAL(20,4), f FLOAT,
    db DOUBLE, dt DATE, tm TIME(3), dtt DATETIME(6), ts TIMESTAMP(6) NULL, y YEAR, vc VARCHAR(50), tx TEXT, bl BLOB,
    vb VARBINARY(8), js JSON, e ENUM('a','b'), b1 BIT(1))`)
  await conn.query(`INSERT INTO \`${table}\` (ti, tu, t1, si, su, mi, iu, bi, d, f, db, dt, tm, dtt, ts, y, vc, tx, bl, vb, js, e, b1)
    VALUES (-128, 255, 1, -32768, 65535, -8388608, 4294967295, -9223372036854775807, -1234567890123456.7891, 1.5,
      2.718281828459045, '2024-02-29', '23:59:59.999', '2024-03-10 02:30:00.123456', '2024-03-10 02:30:00.654321', 2024,
      'héllo 🚀', 'text ✓', x'00ff', x'0102', '{"k": [1, 2]}', 'b', b'1')`)
  await conn.query(`INSERT INTO \`${table}\` (iu) VALUES (0)`)
  const task = await startTask(t, base(table, { mode: 'incrementing', 'incrementing.column.name': 'id', 'db.timezone': 'Europe/Paris' }))
  const [full, nulls] = await pollRecords(task, 2)
  const schema = full!.valueSchema!
  const type = (f: string): string => {
    const s = schema.field(f)!.schema()
    return `${s.name() ?? s.type()}${s.isOptional() ? '?' : ''}`
  }
  assert.deepEqual(Object.fromEntries(schema.fields().map(f => [f.name(), type(f.name())])), {
    id: 'INT32', ti: 'INT8?', tu: 'INT16?', t1: 'INT8?', si: 'INT16?', su: 'INT32?', mi: 'INT32?', iu: 'INT64', bi: 'INT64?',
    d: 'org.apache.kafka.connect.data.Decimal?', f: 'FLOAT32?', db: 'FLOAT64?', dt: 'org.apache.kafka.connect.data.Date?',
    tm: 'org.apache.kafka.connect.data.Time?', dtt: 'org.apache.kafka.connect.data.Timestamp?',
    ts: 'org.apache.kafka.connect.data.Timestamp?', y: 'org.apache.kafka.connect.data.Date?', vc: 'STRING?', tx: 'STRING?',
    bl: 'BYTES?', vb: 'BYTES?', js: 'STRING?', e: 'STRING?', b1: 'INT8?'
  })
  assert.equal(schema.field('d')!.schema().parameters()!.get('connect.decimal.precision'), '20')
  const v = valueOf(full!)
  assert.deepEqual([v.ti, v.tu, v.t1, v.si, v.su, v.mi, v.iu, v.bi], [-128, 255, 1, -32768, 65535, -8388608, 4294967295n, -9223372036854775807n])
  assert.ok((v.d as BigDecimal).equals(BigDecimal.parse('-1234567890123456.7891')))
  assert.equal(v.f, 1.5)
  assert.equal(v.db, 2.718281828459045)
  assert.deepEqual(v.dt, new Date(Date.UTC(2024, 1, 29)))
  // TIME and DATETIME are wall-clock values in db.timezone (Paris: UTC+1 in 1970 and in March before the switch).
  assert.deepEqual(v.tm, new Date(((22 * 60 + 59) * 60 + 59) * 1000 + 999))
  assert.deepEqual(v.dtt, new Date(Date.UTC(2024, 2, 10, 1, 30, 0, 123)))
  // TIMESTAMP values are instants: the session runs in UTC, so db.timezone does not shift them.
  assert.deepEqual(v.ts, new Date(Date.UTC(2024, 2, 10, 2, 30, 0, 654)))
  assert.deepEqual(v.y, new Date(Date.UTC(2024, 0, 1)))
  assert.equal(v.vc, 'héllo 🚀')
  assert.equal(v.tx, 'text ✓')
  assert.deepEqual(v.bl, Buffer.from([0x00, 0xff]))
  assert.deepEqual(v.vb, Buffer.from([0x01, 0x02]))
  assert.deepEqual(JSON.parse(v.js as string), { k: [1, 2] })
  assert.equal(v.e, 'b')
  assert.equal(v.b1, 1)
  const n = valueOf(nulls!)
  for (const f of ['ti', 'd', 'f', 'dt', 'tm', 'dtt', 'ts', 'y', 'vc', 'bl', 'js', 'b1']) assert.equal(n[f], null, f)
})

test('timestamp mode compares DATETIME in db.timezone', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id INT, m DATETIME(3) NOT NULL)`)
  // Wall-clock "now" in Tokyo (UTC+9) and two rows: one an hour old there, one 3 hours in the future.
  await conn.query(`INSERT INTO \`${table}\` VALUES (1, UTC_TIMESTAMP(3) + INTERVAL 8 HOUR), (2, UTC_TIMESTAMP(3) + INTERVAL 12 HOUR)`)
  const task = await startTask(t, base(table, { mode: 'timestamp', 'timestamp.column.name': 'm', 'db.timezone': 'Asia/Tokyo' }))
  assert.deepEqual(ids(await pollRecords(task, 1, { extraPolls: 1 })), [1], 'rows in the future (in db.timezone) wait')
})

test('an unsigned BIGINT beyond INT64 fails with a ConnectError naming connector, table and column', async t => {
  const conn = await mysqlConn(t)
  const table = await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id INT NOT NULL PRIMARY KEY, big BIGINT UNSIGNED)`)
  await conn.query(`INSERT INTO \`${table}\` VALUES (1, 18446744073709551615)`)
  const task = await startTask(t, base(table, { mode: 'bulk' }))
  await assert.rejects(pollRecords(task, 1), (err: Error) => err instanceof ConnectError && err.message.includes("'my-source'") &&
    err.message.includes(`test.${table}`) && err.message.includes("column 'big'") && /out of range for INT64/.test(err.message))
})

test('the connector lists the tables of the URL database and splits them over tasks', async t => {
  const conn = await mysqlConn(t)
  const prefix = `kc_mys_${Math.random().toString(36).slice(2, 8)}`
  const names: string[] = []
  for (const s of ['a', 'b', 'c']) names.push(await mysqlTable(t, conn, n => `CREATE TABLE \`${n}\` (id INT)`, `${prefix}_${s}`))
  const h = await startConnector(t, { 'connection.url': MYSQL_URL, mode: 'bulk', 'table.include.list': `test\\.${prefix}_.*` })
  const configs = h.connector.taskConfigs(2)
  const sorted = [...names].sort()
  assert.deepEqual(configs.map(c => c.tables), [`\`test\`.\`${sorted[0]}\`,\`test\`.\`${sorted[1]}\``, `\`test\`.\`${sorted[2]}\``])
})

test('wrong password, unknown database and a server that is down fail clearly', async t => {
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', 'connection.password': 'definitely-wrong' })), (err: Error) =>
    err instanceof ConnectError && !(err instanceof RetriableError) && /my-source/.test(err.message) && /Access denied/i.test(err.message))
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', 'connection.url': 'jdbc:mysql://127.0.0.1:3306/kc_no_such_db?user=root' })), (err: Error) =>
    err instanceof ConnectError && /kc_no_such_db/.test(err.message))
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', 'connection.url': 'jdbc:mysql://127.0.0.1:1/test?user=root&password=secret', 'connection.attempts': '2', 'connection.backoff.ms': '10' })),
    (err: Error) => err instanceof RetriableError && /ECONNREFUSED/.test(err.message) && /gave up after 2 attempts/.test(err.message) && !err.message.includes('secret'))
})
