// The JDBC sink against the machine's MariaDB (127.0.0.1:3306, database test) through jdbc:mysql: and jdbc:mariadb:
// URLs: the shared behaviour suite plus MySQL's type round trips and a connection killed in the middle of a put.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import mysql from 'mysql2/promise'
import { BigDecimal, RetriableError } from '../../../../src/api/index.ts'
import { harness, rec, startTask } from './helpers.ts'
import { dialectSuite, expectReject, person, personSchema, typesSchema, typesValue, UNICODE } from './suite.ts'

dialectSuite('mysql')

test('mysql: every Connect type round-trips exactly (auto.create types as Confluent maps them)', async t => {
  const db = await harness(t, 'mysql')
  const topic = db.table('types')
  const { task } = startTask(t, { 'connection.url': db.url.replace('jdbc:mysql:', 'jdbc:mariadb:'), 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
  await task.put([
    rec({ topic, value: typesValue(1, new BigDecimal(123456789012345678901234567n, 4)), valueSchema: typesSchema }),
    rec({ topic, value: typesValue(2, new BigDecimal(-1n, 4)), valueSchema: typesSchema })
  ])
  const rows = await db.rows(topic, 'id')
  assert.deepEqual(rows[0], {
    id: '1', i8: '-128', i16: '-32768', i32: '-2147483648', i64: '9007199254740993', i64min: '-9223372036854775808',
    f32: '1.25', f64: '0.30000000000000004', flag: '1', text: UNICODE, bin: 'x:00017f80ff', dec: '12345678901234567890123.4567',
    day: '2024-02-29', tod: '13:45:56.789', ts: '2024-02-29 23:59:58.123', maybe: null
  })
  assert.equal(rows[1]!.dec, '-0.0001')
  const conn = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' })
  t.after(() => conn.end())
  const [types] = await conn.query('SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [topic])
  assert.deepEqual((types as Array<{ c: string, t: string, n: string }>).map(r => `${r.c} ${r.t}${r.n === 'YES' ? ' NULL' : ''}`), [
    'id int(11)', 'i8 tinyint(4)', 'i16 smallint(6)', 'i32 int(11)', 'i64 bigint(20)', 'i64min bigint(20)', 'f32 float', 'f64 double',
    'flag tinyint(4)', 'text text', 'bin varbinary(1024)', 'dec decimal(65,4)', 'day date', 'tod time(3)', 'ts datetime(3)', 'maybe text NULL'
  ])
})

test('mysql: a connection killed during a put gives a RetriableError; the next put reconnects', async t => {
  const db = await harness(t, 'mysql')
  const topic = db.table('kill')
  const { task, context } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'retry.backoff.ms': '250' })
  await task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })])
  const locker = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' })
  t.after(() => locker.end())
  await locker.query(`LOCK TABLES \`${topic}\` WRITE`)
  const blocked = task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema }), rec({ topic, value: person(3, 'c'), valueSchema: personSchema })])
  const killed = (async () => {
    for (let i = 0; i < 100; i++) {
      await new Promise(resolve => setTimeout(resolve, 20))
      const [rows] = await locker.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', [`INSERT INTO \`${topic}\`%`])
      const list = rows as Array<{ id: number }>
      if (list.length > 0) {
        await locker.query(`KILL ${Number(list[0]!.id)}`)
        return true
      }
    }
    return false
  })()
  await expectReject(blocked, RetriableError, new RegExp(topic))
  assert.equal(await killed, true)
  assert.deepEqual(context.timeouts, [250])
  await locker.query('UNLOCK TABLES')
  await task.put([rec({ topic, value: person(2, 'b'), valueSchema: personSchema }), rec({ topic, value: person(3, 'c'), valueSchema: personSchema })])
  assert.deepEqual((await db.rows(topic, 'id')).map(r => r.name), ['a', 'b', 'c'])
})
