// The JDBC sink against SQLite files (node:sqlite): the shared behaviour suite plus SQLite's type round trips (as
// Confluent maps them: NUMERIC for Decimal/Date/Time/Timestamp, dates as epoch milliseconds) and a locked database.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DatabaseSync } from 'node:sqlite'
import { BigDecimal, RetriableError } from '../../../../src/api/index.ts'
import { harness, rec, startTask } from './helpers.ts'
import { dialectSuite, expectReject, person, personSchema, typesSchema, typesValue, UNICODE } from './suite.ts'

dialectSuite('sqlite')

test('sqlite: every Connect type round-trips (auto.create types as Confluent maps them)', async t => {
  const db = await harness(t, 'sqlite')
  const topic = db.table('types')
  const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
  await task.put([
    rec({ topic, value: typesValue(1, new BigDecimal(12345678n, 4)), valueSchema: typesSchema }),
    rec({ topic, value: typesValue(2, new BigDecimal(-1n, 4)), valueSchema: typesSchema })
  ])
  const rows = await db.rows(topic, 'id')
  assert.deepEqual(rows[0], {
    id: '1', i8: '-128', i16: '-32768', i32: '-2147483648', i64: '9007199254740993', i64min: '-9223372036854775808',
    f32: '1.25', f64: '0.30000000000000004', flag: '1', text: UNICODE, bin: 'x:00017f80ff', dec: '1234.5678',
    day: String(Date.UTC(2024, 1, 29)), tod: String(Date.UTC(1970, 0, 1, 13, 45, 56, 789)), ts: String(Date.UTC(2024, 1, 29, 23, 59, 58, 123)), maybe: null
  })
  assert.equal(rows[1]!.dec, '-0.0001')
  const file = db.url.slice('jdbc:sqlite:'.length)
  const check = new DatabaseSync(file)
  t.after(() => check.close())
  const info = check.prepare('SELECT name, type, "notnull" AS nn FROM pragma_table_info(?)').all(topic) as Array<{ name: string, type: string, nn: number }>
  assert.deepEqual(info.map(r => `${r.name} ${r.type}${r.nn === 0 ? ' NULL' : ''}`), [
    'id INTEGER', 'i8 INTEGER', 'i16 INTEGER', 'i32 INTEGER', 'i64 INTEGER', 'i64min INTEGER', 'f32 REAL', 'f64 REAL', 'flag INTEGER',
    'text TEXT', 'bin BLOB', 'dec NUMERIC', 'day NUMERIC', 'tod NUMERIC', 'ts NUMERIC', 'maybe TEXT NULL'
  ])
})

test('sqlite: a database locked by another writer gives a RetriableError; the next put succeeds', async t => {
  const db = await harness(t, 'sqlite')
  const topic = db.table('lock')
  const { task, context } = startTask(t, { 'connection.url': `${db.url}?busy_timeout=50`, 'auto.create': 'true', 'retry.backoff.ms': '250' })
  await task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })])
  const other = new DatabaseSync(db.url.slice('jdbc:sqlite:'.length))
  t.after(() => { if (other.isOpen) other.close() })
  other.exec('BEGIN EXCLUSIVE')
  await expectReject(task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema })]), RetriableError, /locked|busy/i)
  assert.deepEqual(context.timeouts, [250])
  other.exec('COMMIT')
  await task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema })])
  assert.deepEqual((await db.rows(topic, 'id')).map(r => r.name), ['a', 'b'])
})
