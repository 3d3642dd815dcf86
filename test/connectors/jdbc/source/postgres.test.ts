// JdbcSourceConnector / JdbcSourceTask against the machine's PostgreSQL (database `test`): modes, resuming from
// committed offsets without loss or duplicates, the type mapping, task splitting, table monitoring and failures.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BigDecimal, ConnectError, Decimal, RetriableError, type SourceRecord } from '../../../../src/api/index.ts'
import {
  MemoryOffsets, PG_URL, pgClient, pgTable, pollRecords, startConnector, startTask, valueOf, waitFor
} from './helpers.ts'

const base = (table: string, extra: Record<string, string> = {}): Record<string, string> => ({
  name: 'pg-source',
  'connection.url': PG_URL,
  'table.whitelist': table,
  'topic.prefix': 'pg-',
  'poll.interval.ms': '50',
  tables: `"public"."${table}"`,
  'tables.fetched': 'true',
  ...extra
})

const ids = (records: readonly SourceRecord[]): number[] => records.map(r => Number(valueOf(r).id))

test('bulk mode reads the whole table every round, keyed {"table": name} with no offset', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int PRIMARY KEY, v text)`)
  await client.query(`INSERT INTO "${table}" SELECT g, 'v' || g FROM generate_series(1, 7) g`)
  const task = await startTask(t, base(table, { mode: 'bulk', 'batch.max.rows': '3' }))
  const first = await pollRecords(task, 7)
  assert.deepEqual(ids(first).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7])
  assert.ok(first.every(r => r.topic === `pg-${table}` && r.key === null && r.sourceOffset === null))
  assert.deepEqual(first[0]!.sourcePartition, { table })
  assert.equal(first[0]!.valueSchema!.name(), table)
  // The next round (poll.interval.ms later) reads everything again.
  const second = await pollRecords(task, 7)
  assert.deepEqual(ids(second).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7])
})

test('incrementing mode pages with LIMIT and resumes from the committed offset without loss or duplicates', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id bigserial PRIMARY KEY, v text NOT NULL)`)
  await client.query(`INSERT INTO "${table}" (v) SELECT 'r' || g FROM generate_series(1, 10) g`)
  const offsets = new MemoryOffsets()
  const props = base(table, { mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '4' })
  const task = await startTask(t, props, offsets)
  const batch1 = await task.poll(new AbortController().signal)
  assert.equal(batch1!.length, 4, 'one page of batch.max.rows')
  const rest = await pollRecords(task, 6)
  const all = [...batch1!, ...rest]
  assert.deepEqual(ids(all), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  assert.deepEqual(all[9]!.sourcePartition, { protocol: '1', table: `public.${table}` })
  assert.deepEqual(all[9]!.sourceOffset, { incrementing: 10 })
  // Commit only the first 7, as if the worker died before committing the rest.
  offsets.commit(all.slice(0, 7))
  await task.stop()
  await client.query(`INSERT INTO "${table}" (v) SELECT 'r' || g FROM generate_series(11, 13) g`)
  const resumed = await startTask(t, props, offsets)
  const again = await pollRecords(resumed, 6, { extraPolls: 2 })
  assert.deepEqual(ids(again), [8, 9, 10, 11, 12, 13])
})

test('incrementing mode finds the auto-increment column when incrementing.column.name is empty', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (v text, id int GENERATED ALWAYS AS IDENTITY)`)
  await client.query(`INSERT INTO "${table}" (v) VALUES ('a'), ('b')`)
  const task = await startTask(t, base(table, { mode: 'incrementing' }))
  const records = await pollRecords(task, 2)
  assert.deepEqual(records.map(r => r.sourceOffset), [{ incrementing: 1 }, { incrementing: 2 }])
})

test('timestamp+incrementing mode: ties on the timestamp across pages and a restart lose and repeat nothing', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int PRIMARY KEY, updated timestamp(6) NOT NULL, v text)`)
  // Five rows share one timestamp so pages of 2 split the tie.
  await client.query(`INSERT INTO "${table}" VALUES
    (1, '2024-01-01 10:00:00', 'a'), (2, '2024-01-01 10:00:00.000001', 'b'),
    (3, '2024-01-01 11:00:00', 'c'), (4, '2024-01-01 11:00:00', 'd'), (5, '2024-01-01 11:00:00', 'e'),
    (6, '2024-01-01 11:00:00', 'f'), (7, '2024-01-01 11:00:00', 'g'), (8, '2024-01-02 00:00:00.5', 'h')`)
  const offsets = new MemoryOffsets()
  const props = base(table, {
    mode: 'timestamp+incrementing', 'incrementing.column.name': 'id', 'timestamp.column.name': 'updated', 'batch.max.rows': '2'
  })
  const task = await startTask(t, props, offsets)
  const first = await pollRecords(task, 4)
  assert.deepEqual(ids(first), [1, 2, 3, 4])
  assert.deepEqual(first[1]!.sourceOffset, { timestamp: Date.UTC(2024, 0, 1, 10), timestamp_nanos: 1000, incrementing: 2 })
  assert.deepEqual(first[3]!.sourceOffset, { timestamp: Date.UTC(2024, 0, 1, 11), timestamp_nanos: 0, incrementing: 4 })
  offsets.commit(first)
  await task.stop()
  // Row 9 lands inside the tie after the committed offset; row 10 before it (never seen: it is older than the offset).
  await client.query(`INSERT INTO "${table}" VALUES (9, '2024-01-01 11:00:00', 'i'), (10, '2023-12-31 00:00:00', 'old')`)
  const resumed = await startTask(t, props, offsets)
  const rest = await pollRecords(resumed, 5, { extraPolls: 2 })
  assert.deepEqual(ids(rest), [5, 6, 7, 9, 8])
  assert.deepEqual(rest[4]!.sourceOffset, { timestamp: Date.UTC(2024, 0, 2, 0, 0, 0, 500), timestamp_nanos: 500_000_000, incrementing: 8 })
  // An update moves a row forward in time: it is read again.
  await client.query(`UPDATE "${table}" SET updated = '2024-01-03 00:00:00', v = 'a2' WHERE id = 1`)
  const updated = await pollRecords(resumed, 1, { extraPolls: 2 })
  assert.deepEqual(updated.map(r => valueOf(r).v), ['a2'])
})

test('timestamp mode honours timestamp.delay.interval.ms and timestamp.initial', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int, ts timestamptz NOT NULL)`)
  await client.query(`INSERT INTO "${table}" VALUES (1, now() - interval '2 hours'), (2, now() - interval '1 minute'), (3, now())`)
  const delayed = await startTask(t, base(table, { mode: 'timestamp', 'timestamp.column.name': 'ts', 'timestamp.delay.interval.ms': '600000' }))
  assert.deepEqual(ids(await pollRecords(delayed, 1, { extraPolls: 3 })), [1], 'rows younger than the delay wait')
  const initial = await startTask(t, base(table, {
    mode: 'timestamp', 'timestamp.column.name': 'ts', 'timestamp.initial': String(Date.now() - 3_600_000)
  }))
  assert.deepEqual(ids(await pollRecords(initial, 2, { extraPolls: 3 })), [2, 3])
})

test('types map as Confluent maps them, with exact values', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (
    id serial PRIMARY KEY, si smallint NOT NULL, i integer, bi bigint, n numeric(20,4), nu numeric, d decimal(5,2),
    r real, dp double precision, b boolean, b1 bit(1), b6 bit(6), b12 bit(12), dt date, tm time(3), tmtz timetz,
    ts timestamp(6), tstz timestamptz, txt text, vc varchar(20), ch char(3), by bytea, js jsonb, u uuid, x xml,
    iv interval, arr int[])`)
  await client.query(`INSERT INTO "${table}" (si, i, bi, n, nu, d, r, dp, b, b1, b6, b12, dt, tm, tmtz, ts, tstz, txt, vc, ch, by, js, u, x, iv, arr)
    VALUES (-32768, 2147483647, 9007199254740993, 12345678901234.5678, 1.5, -123.45, 1.5, 3.141592653589793, true,
      B'1', B'101010', B'111100001111', '2024-02-29', '13:45:30.123', '13:45:30+02', '2024-03-10 02:30:00.123456',
      '2024-03-10 02:30:00.123456+05:30', 'héllo wörld 🚀 日本語', 'varchar', 'ab', '\\x00ff10', '{"a": 1}',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '<a/>', '1 day', '{1,2}')`)
  await client.query(`INSERT INTO "${table}" (si, bi) VALUES (0, -9223372036854775808)`)
  const task = await startTask(t, base(table, { mode: 'incrementing', 'incrementing.column.name': 'id' }))
  const [full, nulls] = await pollRecords(task, 2)
  const schema = full!.valueSchema!
  const type = (f: string): string => `${schema.field(f)!.schema().type()}${schema.field(f)!.schema().name() === null ? '' : `/${schema.field(f)!.schema().name()}`}${schema.field(f)!.schema().isOptional() ? '?' : ''}`
  assert.deepEqual(Object.fromEntries(schema.fields().map(f => [f.name(), type(f.name())])), {
    id: 'INT32', si: 'INT16', i: 'INT32?', bi: 'INT64?', n: 'BYTES/org.apache.kafka.connect.data.Decimal?',
    nu: 'BYTES/org.apache.kafka.connect.data.Decimal?', d: 'BYTES/org.apache.kafka.connect.data.Decimal?',
    r: 'FLOAT32?', dp: 'FLOAT64?', b: 'BOOLEAN?', b1: 'BOOLEAN?', b6: 'INT8?', b12: 'BYTES?',
    dt: 'INT32/org.apache.kafka.connect.data.Date?', tm: 'INT32/org.apache.kafka.connect.data.Time?',
    tmtz: 'INT32/org.apache.kafka.connect.data.Time?', ts: 'INT64/org.apache.kafka.connect.data.Timestamp?',
    tstz: 'INT64/org.apache.kafka.connect.data.Timestamp?', txt: 'STRING?', vc: 'STRING?', ch: 'STRING?', by: 'BYTES?',
    js: 'STRING?', u: 'STRING?', x: 'STRING?'
  }, 'interval and array columns have no mapping and are left out')
  assert.equal(Decimal.scale(schema.field('n')!.schema()), 4)
  assert.equal(schema.field('n')!.schema().parameters()!.get('connect.decimal.precision'), '20')
  assert.equal(Decimal.scale(schema.field('nu')!.schema()), 127, 'a NUMERIC without precision gets scale 127')
  const v = valueOf(full!)
  assert.equal(v.si, -32768)
  assert.equal(v.i, 2147483647)
  assert.equal(v.bi, 9007199254740993n, 'beyond 2^53, exact as bigint')
  assert.ok((v.n as BigDecimal).equals(new BigDecimal(123456789012345678n, 4)))
  assert.equal((v.nu as BigDecimal).compareTo(BigDecimal.parse('1.5')), 0)
  assert.equal((v.nu as BigDecimal).scale, 127)
  assert.ok((v.d as BigDecimal).equals(BigDecimal.parse('-123.45')))
  assert.equal(v.r, 1.5)
  assert.equal(v.dp, 3.141592653589793)
  assert.equal(v.b, true)
  assert.equal(v.b1, true)
  assert.equal(v.b6, 42)
  assert.deepEqual(v.b12, Buffer.from([0xf0, 0xf0]))
  assert.deepEqual(v.dt, new Date(Date.UTC(2024, 1, 29)))
  assert.deepEqual(v.tm, new Date(((13 * 60 + 45) * 60 + 30) * 1000 + 123))
  assert.deepEqual(v.tmtz, new Date(((11 * 60 + 45) * 60 + 30) * 1000), 'timetz converted to UTC')
  assert.deepEqual(v.ts, new Date(Date.UTC(2024, 2, 10, 2, 30, 0, 123)))
  assert.deepEqual(v.tstz, new Date(Date.UTC(2024, 2, 9, 21, 0, 0, 123)))
  assert.equal(v.txt, 'héllo wörld 🚀 日本語')
  assert.equal(v.vc, 'varchar')
  assert.equal(v.ch, 'ab ')
  assert.deepEqual(v.by, Buffer.from([0x00, 0xff, 0x10]))
  assert.equal(v.js, '{"a": 1}')
  assert.equal(v.u, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')
  assert.equal(v.x, '<a/>')
  const n = valueOf(nulls!)
  assert.equal(n.bi, -9223372036854775808n)
  for (const f of ['i', 'n', 'nu', 'r', 'b', 'dt', 'tm', 'ts', 'tstz', 'txt', 'by', 'js']) assert.equal(n[f], null, f)
  // The struct validates against its schema, so converters accept it.
  const struct = full!.value as { validate (): void }
  struct.validate()
})

test('db.timezone decides how TIMESTAMP WITHOUT TIME ZONE is read; timestamptz is unaffected', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY, ts timestamp NOT NULL, tstz timestamptz NOT NULL)`)
  await client.query(`INSERT INTO "${table}" (ts, tstz) VALUES ('2024-01-15 12:00:00', '2024-01-15 12:00:00+00'), ('2024-07-15 12:00:00', '2024-07-15 12:00:00+00')`)
  const task = await startTask(t, base(table, {
    mode: 'timestamp+incrementing', 'timestamp.column.name': 'ts', 'incrementing.column.name': 'id', 'db.timezone': 'America/New_York'
  }))
  const records = await pollRecords(task, 2)
  assert.deepEqual(records.map(r => valueOf(r).ts), [new Date(Date.UTC(2024, 0, 15, 17)), new Date(Date.UTC(2024, 6, 15, 16))])
  assert.deepEqual(records.map(r => valueOf(r).tstz), [new Date(Date.UTC(2024, 0, 15, 12)), new Date(Date.UTC(2024, 6, 15, 12))])
  assert.deepEqual(records[1]!.sourceOffset, { timestamp: Date.UTC(2024, 6, 15, 16), timestamp_nanos: 0, incrementing: 2 })
})

test('numeric.mapping best_fit and precision_only', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY, a numeric(2,0), b numeric(4), c numeric(9,0), d numeric(18,0), e numeric(10,3), f numeric(30,0))`)
  await client.query(`INSERT INTO "${table}" (a, b, c, d, e, f) VALUES (12, 1234, 123456789, 123456789012345678, 1234.567, 123456789012345678901234567890)`)
  const bestFit = await startTask(t, base(table, { mode: 'bulk', 'numeric.mapping': 'best_fit' }))
  const [r] = await pollRecords(bestFit, 1)
  const types = Object.fromEntries(r!.valueSchema!.fields().map(f => [f.name(), f.schema().name() ?? f.schema().type()]))
  assert.deepEqual(types, { id: 'INT32', a: 'INT8', b: 'INT16', c: 'INT32', d: 'INT64', e: 'FLOAT64', f: 'org.apache.kafka.connect.data.Decimal' })
  assert.deepEqual(valueOf(r!), {
    id: 1, a: 12, b: 1234, c: 123456789, d: 123456789012345678n, e: 1234.567, f: BigDecimal.parse('123456789012345678901234567890')
  })
  const precisionOnly = await startTask(t, base(table, { mode: 'bulk', 'numeric.precision.mapping': 'true' }))
  const [p] = await pollRecords(precisionOnly, 1)
  assert.equal(p!.valueSchema!.field('e')!.schema().name(), 'org.apache.kafka.connect.data.Decimal', 'scale > 0 stays Decimal')
  assert.equal(p!.valueSchema!.field('c')!.schema().type(), 'INT32')
})

test('custom query: one partition {"query":"query"}, topic = topic.prefix, incremental criteria appended', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int PRIMARY KEY, v text)`)
  await client.query(`INSERT INTO "${table}" VALUES (1, 'a'), (2, 'b'), (3, 'c')`)
  const h = await startConnector(t, {
    name: 'pg-q', 'connection.url': PG_URL, mode: 'incrementing', 'incrementing.column.name': 'id',
    query: `SELECT id, upper(v) AS up FROM "${table}"`, 'topic.prefix': 'query-topic'
  })
  const configs = h.connector.taskConfigs(4)
  assert.equal(configs.length, 1)
  const task = await startTask(t, { ...configs[0]!, 'poll.interval.ms': '50' })
  const records = await pollRecords(task, 3)
  assert.deepEqual(records.map(r => [r.topic, valueOf(r).up]), [['query-topic', 'A'], ['query-topic', 'B'], ['query-topic', 'C']])
  assert.deepEqual(records[2]!.sourcePartition, { query: 'query' })
  assert.equal(records[2]!.valueSchema!.name(), null)
})

test('the connector splits 3 tables over 2 tasks and asks for reconfiguration when a table is added', async t => {
  const client = await pgClient(t)
  const prefix = `kc_split_${Math.random().toString(36).slice(2, 8)}`
  const names: string[] = []
  for (const s of ['a', 'b', 'c']) names.push(await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY)`, `${prefix}_${s}`))
  const h = await startConnector(t, {
    name: 'pg-split', 'connection.url': PG_URL, mode: 'bulk', 'table.include.list': `public\\.${prefix}_.*`,
    'table.poll.interval.ms': '100'
  })
  const configs = h.connector.taskConfigs(2)
  assert.equal(configs.length, 2)
  const sorted = [...names].sort()
  assert.deepEqual(configs.map(c => c.tables), [`"public"."${sorted[0]}","public"."${sorted[1]}"`, `"public"."${sorted[2]}"`])
  assert.ok(configs.every(c => c['tables.fetched'] === 'true' && c['connection.url'] === PG_URL))
  assert.equal(h.connector.taskConfigs(10).length, 3, 'one task per table at most')
  assert.equal(h.reconfigurations(), 0)
  const added = await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY)`, `${prefix}_d`)
  await waitFor(() => h.reconfigurations() >= 1)
  assert.ok(h.connector.taskConfigs(2).some(c => c.tables!.includes(added)))
  await client.query(`DROP TABLE "${added}"`)
  await waitFor(() => h.reconfigurations() >= 2)
  assert.ok(!h.connector.taskConfigs(2).some(c => c.tables!.includes(added)), 'a removed table leaves the configs')
})

test('legacy table.whitelist matches unqualified, qualified and quoted names', async t => {
  const client = await pgClient(t)
  const a = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int)`)
  const b = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int)`)
  const c = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int)`)
  const h = await startConnector(t, { 'connection.url': PG_URL, mode: 'bulk', 'table.whitelist': `${a}, public.${b}, "public"."${c}"` })
  const [config] = h.connector.taskConfigs(1)
  assert.deepEqual(config!.tables!.split(',').sort(), [a, b, c].map(n => `"public"."${n}"`).sort())
})

test('a missing table, a missing or nullable offset column fail the task start with a clear ConnectError', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id int, ts timestamp)`)
  await assert.rejects(startTask(t, base('kc_no_such_table', { mode: 'bulk', tables: '"public"."kc_no_such_table"' })),
    (err: Error) => err instanceof ConnectError && /pg-source/.test(err.message) && /public\.kc_no_such_table/.test(err.message) && /does not exist/.test(err.message))
  await assert.rejects(startTask(t, base(table, { mode: 'incrementing', 'incrementing.column.name': 'nope' })),
    (err: Error) => err instanceof ConnectError && /Incrementing column: nope does not exist in table 'public\./.test(err.message))
  await assert.rejects(startTask(t, base(table, { mode: 'incrementing', 'incrementing.column.name': 'id' })),
    (err: Error) => err instanceof ConnectError && /incrementing column id on public\..* because this column is nullable/.test(err.message))
  await assert.rejects(startTask(t, base(table, { mode: 'incrementing' })),
    (err: Error) => err instanceof ConnectError && /no auto-incrementing column/.test(err.message) && err.message.includes(table))
  await assert.rejects(startTask(t, base(table, { mode: 'timestamp', 'timestamp.column.name': 'ts' })),
    (err: Error) => err instanceof ConnectError && /all of these columns are nullable/.test(err.message))
  const ok = await startTask(t, base(table, { mode: 'timestamp', 'timestamp.column.name': 'ts', 'validate.non.null': 'false' }))
  assert.deepEqual(await pollRecords(ok, 0, { extraPolls: 1 }), [])
})

test('a value that does not fit its schema fails with a ConnectError naming connector, table and column', async t => {
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY, amount numeric(10,2))`)
  await client.query(`INSERT INTO "${table}" (amount) VALUES ('NaN')`)
  const task = await startTask(t, base(table, { mode: 'incrementing', 'incrementing.column.name': 'id' }))
  await assert.rejects(pollRecords(task, 1), (err: Error) =>
    err instanceof ConnectError && !(err instanceof RetriableError) && err.message.includes("'pg-source'") &&
    err.message.includes(`public.${table}`) && err.message.includes("column 'amount'") && /NaN/.test(err.message))
})

test('server down, wrong database and wrong user fail with clear errors; a lost connection is retriable', async t => {
  const down = { 'connection.url': 'jdbc:postgresql://127.0.0.1:1/test?user=postgres', 'connection.attempts': '1' }
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', ...down })), (err: Error) =>
    err instanceof RetriableError && /pg-source/.test(err.message) && /127\.0\.0\.1:1/.test(err.message) && /ECONNREFUSED/.test(err.message))
  await assert.rejects(startConnector(t, { name: 'pg-down', mode: 'bulk', ...down }), (err: Error) => err instanceof RetriableError)
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', 'connection.url': 'jdbc:postgresql://127.0.0.1:5432/kc_no_such_db?user=postgres' })),
    (err: Error) => err instanceof ConnectError && !(err instanceof RetriableError) && /database "kc_no_such_db" does not exist/.test(err.message))
  await assert.rejects(startTask(t, base('x', { mode: 'bulk', 'connection.user': 'kc_nobody' })),
    (err: Error) => err instanceof ConnectError && !(err instanceof RetriableError) && /kc_nobody/.test(err.message))

  // The connection breaks while the task runs: the poll fails retriably and the next one reconnects.
  const client = await pgClient(t)
  const table = await pgTable(t, client, n => `CREATE TABLE "${n}" (id serial PRIMARY KEY)`)
  await client.query(`INSERT INTO "${table}" DEFAULT VALUES`)
  const app = `kc_lost_${Math.random().toString(36).slice(2, 10)}`
  const task = await startTask(t, base(table, {
    mode: 'incrementing', 'incrementing.column.name': 'id', 'connection.backoff.ms': '10', 'connection.url': `${PG_URL}&ApplicationName=${app}`
  }))
  assert.equal((await pollRecords(task, 1)).length, 1)
  const killed = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app])
  assert.equal(killed.rowCount, 1)
  await client.query(`INSERT INTO "${table}" DEFAULT VALUES`)
  const signal = new AbortController().signal
  let retriable = 0
  const got: SourceRecord[] = []
  const deadline = Date.now() + 10000
  while (got.length === 0 && Date.now() < deadline) {
    try {
      got.push(...(await task.poll(signal)) ?? [])
    } catch (err) {
      assert.ok(err instanceof RetriableError, String(err))
      assert.match(err.message, /pg-source/)
      retriable++
    }
  }
  assert.ok(retriable >= 1, 'the broken connection surfaced as a RetriableError')
  assert.deepEqual(got.map(r => r.sourceOffset), [{ incrementing: 2 }])
})
