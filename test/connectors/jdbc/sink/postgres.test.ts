// The JDBC sink against the machine's PostgreSQL (127.0.0.1:5432, database test): the shared behaviour suite plus
// PostgreSQL's type round trips, db.timezone with timestamp and timestamptz columns, arrays, unquoted identifiers and
// a connection killed in the middle of a put.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { BigDecimal, ConnectDate, RetriableError, Schema, SchemaBuilder, Struct, Time, Timestamp } from '../../../../src/api/index.ts'
import { harness, rec, startTask } from './helpers.ts'
import { dialectSuite, expectReject, person, personSchema, typesSchema, typesValue, UNICODE } from './suite.ts'

dialectSuite('postgresql')

test('postgresql: every Connect type round-trips exactly (auto.create types as Confluent maps them)', async t => {
  const db = await harness(t, 'postgresql')
  const topic = db.table('types')
  const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
  await task.put([
    rec({ topic, value: typesValue(1, new BigDecimal(123456789012345678901234567n, 4)), valueSchema: typesSchema }),
    rec({ topic, value: typesValue(2, new BigDecimal(-1n, 4)), valueSchema: typesSchema })
  ])
  const rows = await db.rows(topic, 'id')
  assert.deepEqual(rows[0], {
    id: '1', i8: '-128', i16: '-32768', i32: '-2147483648', i64: '9007199254740993', i64min: '-9223372036854775808',
    f32: '1.25', f64: '0.30000000000000004', flag: 't', text: UNICODE, bin: '\\x00017f80ff', dec: '12345678901234567890123.4567',
    day: '2024-02-29', tod: '13:45:56.789', ts: '2024-02-29 23:59:58.123', maybe: null
  })
  assert.equal(rows[1]!.dec, '-0.0001')
  const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' })
  await client.connect()
  t.after(() => client.end())
  const types = await client.query('SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [topic])
  assert.deepEqual(types.rows.map(r => `${r.column_name} ${r.data_type}${r.is_nullable === 'YES' ? ' NULL' : ''}`), [
    'id integer', 'i8 smallint', 'i16 smallint', 'i32 integer', 'i64 bigint', 'i64min bigint', 'f32 real', 'f64 double precision',
    'flag boolean', 'text text', 'bin bytea', 'dec numeric', 'day date', 'tod time without time zone',
    'ts timestamp without time zone', 'maybe text NULL'
  ])
})

test('postgresql: db.timezone gives the wall clock of that zone; timestamptz keeps the instant; date.timezone=UTC', async t => {
  const db = await harness(t, 'postgresql')
  const topic = db.table('tz')
  await db.exec(`CREATE TABLE "${topic}" (id INT PRIMARY KEY, ts TIMESTAMP, tstz TIMESTAMPTZ, tod TIME, day DATE)`)
  await db.exec("SET TIME ZONE 'UTC'")
  const s = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('ts', Timestamp.SCHEMA).field('tstz', Timestamp.SCHEMA)
    .field('tod', Time.SCHEMA).field('day', ConnectDate.SCHEMA).build()
  const v = (id: number): Struct => new Struct(s).put('id', id)
    .put('ts', new Date(Date.UTC(2024, 6, 1, 2, 30))).put('tstz', new Date(Date.UTC(2024, 6, 1, 2, 30)))
    .put('tod', new Date(Date.UTC(1970, 0, 1, 13, 45))).put('day', new Date(Date.UTC(2024, 6, 1)))
  const ny = startTask(t, { 'connection.url': db.url, 'db.timezone': 'America/New_York' }).task
  await ny.put([rec({ topic, value: v(1), valueSchema: s })])
  const utcDates = startTask(t, { 'connection.url': db.url, 'db.timezone': 'America/New_York', 'date.timezone': 'UTC' }).task
  await utcDates.put([rec({ topic, value: v(2), valueSchema: s })])
  const rows = await db.rows(topic, 'id')
  // New York is UTC-4 in July 2024 and UTC-5 in January 1970 (the date of Connect Time values)
  assert.deepEqual(rows[0], { id: '1', ts: '2024-06-30 22:30:00', tstz: '2024-07-01 02:30:00+00', tod: '08:45:00', day: '2024-06-30' })
  assert.deepEqual(rows[1], { id: '2', ts: '2024-06-30 22:30:00', tstz: '2024-07-01 02:30:00+00', tod: '08:45:00', day: '2024-07-01' })
})

test('postgresql: ARRAY fields become PostgreSQL arrays', async t => {
  const db = await harness(t, 'postgresql')
  const topic = db.table('arr')
  const s = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA)
    .field('nums', SchemaBuilder.array(Schema.INT64_SCHEMA).build())
    .field('tags', SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
    .build()
  const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true' })
  await task.put([
    rec({ topic, value: new Struct(s).put('id', 1).put('nums', [1n, 9007199254740993n]).put('tags', ['a', 'b c', null, '{"x"}']), valueSchema: s }),
    rec({ topic, value: new Struct(s).put('id', 2).put('nums', []).put('tags', null), valueSchema: s })
  ])
  assert.deepEqual(await db.rows(topic, 'id'), [
    { id: '1', nums: '{1,9007199254740993}', tags: '{a,"b c",NULL,"{\\"x\\"}"}' },
    { id: '2', nums: '{}', tags: null }
  ])
})

test('postgresql: quote.sql.identifiers=never writes unquoted (lower-cased) table names', async t => {
  const db = await harness(t, 'postgresql')
  const table = db.table('nq')
  const topic = table.toUpperCase()
  const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'quote.sql.identifiers': 'never' })
  await task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })])
  assert.deepEqual((await db.rows(table, 'id')).map(r => r.name), ['a'])
})

test('postgresql: a connection killed during a put gives a RetriableError; the next put reconnects', async t => {
  const db = await harness(t, 'postgresql')
  const topic = db.table('kill')
  const app = `kc_kill_${process.pid}_${Date.now()}`
  const { task, context } = startTask(t, { 'connection.url': `${db.url}&ApplicationName=${app}`, 'auto.create': 'true', 'retry.backoff.ms': '250' })
  await task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })])
  // hold a lock so the next put waits inside its transaction, then kill the sink's backend
  const locker = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' })
  await locker.connect()
  t.after(() => locker.end())
  await locker.query('BEGIN')
  await locker.query(`LOCK TABLE "${topic}" IN ACCESS EXCLUSIVE MODE`)
  const blocked = task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema }), rec({ topic, value: person(3, 'c'), valueSchema: personSchema })])
  const killed = (async () => {
    for (let i = 0; i < 100; i++) {
      await new Promise(resolve => setTimeout(resolve, 20))
      const res = await db.rows('pg_stat_activity', 'pid').then(rows => rows.filter(r => r.application_name === app && r.wait_event_type === 'Lock'))
      if (res.length > 0) {
        await locker.query('SELECT pg_terminate_backend($1)', [Number(res[0]!.pid)])
        return true
      }
    }
    return false
  })()
  await expectReject(blocked, RetriableError, new RegExp(topic), /terminat/i)
  assert.equal(await killed, true)
  assert.deepEqual(context.timeouts, [250])
  await locker.query('ROLLBACK')
  await task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema }), rec({ topic, value: person(3, 'c'), valueSchema: personSchema })])
  assert.deepEqual((await db.rows(topic, 'id')).map(r => r.name), ['a', 'b', 'c'])
})
