// The behaviour every dialect must show, run by postgres.test.ts, mysql.test.ts and sqlite.test.ts against the real
// database: insert, upsert idempotence, update, the four pk modes, deletes, auto.create/auto.evolve, one transaction
// per put, error messages naming table and column, errant record reporting, schemaless flat maps.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BigDecimal, ConnectDate, ConnectError, Decimal, RetriableError, Schema, SchemaBuilder, Struct, Time, Timestamp
} from '../../../../src/api/index.ts'
import { harness, rec, startTask, type Kind } from './helpers.ts'

export const personSchema = SchemaBuilder.struct().name('person')
  .field('id', Schema.INT32_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('age', Schema.OPTIONAL_INT32_SCHEMA)
  .build()

export function person (id: number, name: string, age: number | null = null): Struct {
  return new Struct(personSchema).put('id', id).put('name', name).put('age', age)
}

const keySchema = SchemaBuilder.struct().name('key').field('id', Schema.INT32_SCHEMA).build()
const key = (id: number): Struct => new Struct(keySchema).put('id', id)

export async function expectReject (p: Promise<unknown>, type: typeof ConnectError, ...patterns: RegExp[]): Promise<Error> {
  let caught: unknown = null
  try {
    await p
  } catch (err) {
    caught = err
  }
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`)
  if (type === ConnectError) assert.ok(!(caught instanceof RetriableError), `expected a non-retriable error, got ${String(caught)}`)
  for (const re of patterns) assert.match((caught as Error).message, re)
  return caught as Error
}

export function dialectSuite (kind: Kind): void {
  test(`${kind}: insert mode with auto.create writes every record of a put`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('ins')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true' })
    await task.put([])
    await task.put([rec({ topic, value: person(1, 'ann', 31), valueSchema: personSchema }), rec({ topic, value: person(2, 'bob'), valueSchema: personSchema })])
    await task.put([rec({ topic, value: person(3, 'cy', 5), valueSchema: personSchema })])
    assert.deepEqual(await db.rows(topic, 'id'), [
      { id: '1', name: 'ann', age: '31' }, { id: '2', name: 'bob', age: null }, { id: '3', name: 'cy', age: '5' }
    ])
  })

  test(`${kind}: batch.size splits a put into several statements, all in one transaction`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('batch')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id', 'batch.size': '3' })
    const records = []
    for (let i = 1; i <= 10; i++) records.push(rec({ topic, value: person(i, `p${i}`), valueSchema: personSchema }))
    await task.put(records)
    assert.equal((await db.rows(topic, 'id')).length, 10)
    // the 8th record of the next put collides with an existing row: nothing of that put may remain
    const next = []
    for (let i = 11; i <= 17; i++) next.push(rec({ topic, value: person(i, `p${i}`), valueSchema: personSchema }))
    next.push(rec({ topic, value: person(4, 'dup'), valueSchema: personSchema }))
    await expectReject(task.put(next), ConnectError, new RegExp(topic), /"id"/, /rolled back/)
    const rows = await db.rows(topic, 'id')
    assert.equal(rows.length, 10)
    assert.equal(rows[3]!.name, 'p4')
  })

  test(`${kind}: a constraint violation inside one put leaves no row of that put; the error names connector, table and column`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('tx')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    const err = await expectReject(task.put([
      rec({ topic, value: person(1, 'a'), valueSchema: personSchema }),
      rec({ topic, value: person(2, 'b'), valueSchema: personSchema }),
      rec({ topic, value: person(1, 'again'), valueSchema: personSchema })
    ]), ConnectError, /jdbc-sink-test/, new RegExp(topic), /column.*"id"/)
    assert.doesNotMatch(err.message, /^undefined/)
    assert.deepEqual(await db.rows(topic, 'id'), [])
    // the task keeps working after the failed put
    await task.put([rec({ topic, value: person(5, 'ok'), valueSchema: personSchema })])
    assert.deepEqual((await db.rows(topic, 'id')).map(r => r.id), ['5'])
  })

  test(`${kind}: NOT NULL and type errors name the column`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('bad')
    await db.exec(`CREATE TABLE ${db.q(topic)} (${db.q('id')} INT NOT NULL, ${db.q('name')} VARCHAR(20) NOT NULL, ${db.q('age')} INT NULL)`)
    const { task } = startTask(t, { 'connection.url': db.url })
    const nullName = new Struct(SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.OPTIONAL_STRING_SCHEMA).build()).put('id', 1)
    await expectReject(task.put([rec({ topic, value: nullName, valueSchema: nullName.schema() })]), ConnectError, new RegExp(topic), /"name"/)
    if (kind !== 'sqlite') {
      // a string field written to an INT column (the table is older than the schema)
      const s = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).field('age', Schema.STRING_SCHEMA).build()
      const v = new Struct(s).put('id', 2).put('name', 'n').put('age', 'twelve')
      await expectReject(task.put([rec({ topic, value: person(1, 'fine'), valueSchema: personSchema }), rec({ topic, value: v, valueSchema: s })]),
        ConnectError, new RegExp(topic), /"age"/)
    }
    assert.deepEqual(await db.rows(topic, 'id'), [])
  })

  test(`${kind}: upsert is idempotent and collapses repeated keys of one put to the last`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('ups')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    const batch = [
      rec({ topic, value: person(1, 'a', 1), valueSchema: personSchema }),
      rec({ topic, value: person(2, 'b', 2), valueSchema: personSchema }),
      rec({ topic, value: person(1, 'a2', 3), valueSchema: personSchema })
    ]
    await task.put(batch)
    const first = await db.rows(topic, 'id')
    assert.deepEqual(first, [{ id: '1', name: 'a2', age: '3' }, { id: '2', name: 'b', age: '2' }])
    await task.put(batch)
    assert.deepEqual(await db.rows(topic, 'id'), first)
    await task.put([rec({ topic, value: person(2, 'b3', null), valueSchema: personSchema }), rec({ topic, value: person(3, 'c'), valueSchema: personSchema })])
    assert.deepEqual(await db.rows(topic, 'id'), [{ id: '1', name: 'a2', age: '3' }, { id: '2', name: 'b3', age: null }, { id: '3', name: 'c', age: null }])
  })

  test(`${kind}: update mode changes existing rows only`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('upd')
    await db.exec(`CREATE TABLE ${db.q(topic)} (${db.q('id')} INT NOT NULL PRIMARY KEY, ${db.q('name')} VARCHAR(20) NOT NULL, ${db.q('age')} INT NULL)`)
    await db.exec(`INSERT INTO ${db.q(topic)} VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)`)
    const { task } = startTask(t, { 'connection.url': db.url, 'insert.mode': 'update', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    await task.put([
      rec({ topic, value: person(1, 'a1', 11), valueSchema: personSchema }),
      rec({ topic, value: person(3, 'c1'), valueSchema: personSchema }),
      rec({ topic, value: person(9, 'nobody', 9), valueSchema: personSchema }),
      rec({ topic, value: person(1, 'a2', 12), valueSchema: personSchema })
    ])
    assert.deepEqual(await db.rows(topic, 'id'), [
      { id: '1', name: 'a2', age: '12' }, { id: '2', name: 'b', age: '20' }, { id: '3', name: 'c1', age: null }
    ])
  })

  test(`${kind}: pk.mode=kafka keys rows by topic, partition and offset`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('kafka')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'kafka', 'insert.mode': 'upsert' })
    const big = 2 ** 53 + 2
    const batch = [
      rec({ topic, partition: 3, offset: 7, value: person(1, 'x'), valueSchema: personSchema }),
      rec({ topic, partition: 4, offset: big, value: person(2, 'y'), valueSchema: personSchema })
    ]
    await task.put(batch)
    await task.put(batch)
    assert.deepEqual(await db.columns(topic), ['__connect_topic', '__connect_partition', '__connect_offset', 'id', 'name', 'age'])
    assert.deepEqual(await db.rows(topic, '__connect_partition'), [
      { __connect_topic: topic, __connect_partition: '3', __connect_offset: '7', id: '1', name: 'x', age: null },
      { __connect_topic: topic, __connect_partition: '4', __connect_offset: String(big), id: '2', name: 'y', age: null }
    ])
  })

  test(`${kind}: pk.mode=record_key with a primitive key and with a struct key`, async t => {
    const db = await harness(t, kind)
    const prim = db.table('rkp')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_key', 'pk.fields': 'kid', 'insert.mode': 'upsert' })
    const v = SchemaBuilder.struct().field('name', Schema.STRING_SCHEMA).build()
    await task.put([
      rec({ topic: prim, key: 9007199254740993n, keySchema: Schema.INT64_SCHEMA, value: new Struct(v).put('name', 'big'), valueSchema: v }),
      rec({ topic: prim, key: -1n, keySchema: Schema.INT64_SCHEMA, value: new Struct(v).put('name', 'neg'), valueSchema: v })
    ])
    assert.deepEqual(await db.rows(prim, 'kid'), [{ kid: '-1', name: 'neg' }, { kid: '9007199254740993', name: 'big' }])

    const struct = db.table('rks')
    const task2 = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_key' }).task
    const ks = SchemaBuilder.struct().field('region', Schema.STRING_SCHEMA).field('n', Schema.INT32_SCHEMA).build()
    const k = (region: string, n: number): Struct => new Struct(ks).put('region', region).put('n', n)
    await task2.put([
      rec({ topic: struct, key: k('eu', 1), keySchema: ks, value: new Struct(v).put('name', 'a'), valueSchema: v }),
      rec({ topic: struct, key: k('us', 1), keySchema: ks, value: new Struct(v).put('name', 'b'), valueSchema: v })
    ])
    assert.deepEqual(await db.columns(struct), ['name', 'n', 'region'])
    assert.deepEqual(await db.rows(struct, 'region'), [{ name: 'a', n: '1', region: 'eu' }, { name: 'b', n: '1', region: 'us' }])
    // a record without key fails with Confluent's message
    await expectReject(task2.put([rec({ topic: struct, value: new Struct(v).put('name', 'c'), valueSchema: v })]), ConnectError,
      /requires records with a non-null key and non-null Struct or primitive key schema/, /with a null key and null key schema/)
  })

  test(`${kind}: pk.mode=record_value with pk.fields, fields.whitelist for the other columns`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('rv')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id', 'fields.whitelist': 'name' })
    await task.put([rec({ topic, value: person(1, 'a', 40), valueSchema: personSchema })])
    assert.deepEqual(await db.columns(topic), ['id', 'name'])
    assert.deepEqual(await db.rows(topic, 'id'), [{ id: '1', name: 'a' }])
  })

  test(`${kind}: delete.enabled turns tombstones into deletes, in record order`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('del')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_key', 'insert.mode': 'upsert', 'delete.enabled': 'true' })
    const v = SchemaBuilder.struct().field('name', Schema.STRING_SCHEMA).build()
    const val = (name: string): Struct => new Struct(v).put('name', name)
    await task.put([1, 2, 3, 4].map(i => rec({ topic, key: key(i), keySchema, value: val(`n${i}`), valueSchema: v })))
    await task.put([
      rec({ topic, key: key(1), keySchema, value: null }), // delete 1
      rec({ topic, key: key(2), keySchema, value: val('n2b'), valueSchema: v }),
      rec({ topic, key: key(2), keySchema, value: null }), // then delete 2
      rec({ topic, key: key(3), keySchema, value: null }),
      rec({ topic, key: key(3), keySchema, value: val('back'), valueSchema: v }), // 3 re-inserted after its delete
      rec({ topic, key: key(99), keySchema, value: null }) // nothing to delete
    ])
    assert.deepEqual(await db.rows(topic, 'id'), [{ id: '3', name: 'back' }, { id: '4', name: 'n4' }])
  })

  test(`${kind}: without delete.enabled a tombstone fails with Confluent's message`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('tomb')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true' })
    await expectReject(task.put([rec({ topic, value: null })]), ConnectError,
      /Sink connector 'jdbc-sink-test' is configured with 'delete.enabled=false' and 'pk.mode=none' and therefore requires records with a non-null Struct or String value/,
      /with a null value and null value schema/)
  })

  test(`${kind}: auto.create then auto.evolve adds a new optional column`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('evo')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'auto.evolve': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    await task.put([rec({ topic, value: person(1, 'a', 1), valueSchema: personSchema })])
    const v2 = SchemaBuilder.struct().name('person').version(2)
      .field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).field('age', Schema.OPTIONAL_INT32_SCHEMA)
      .field('email', Schema.OPTIONAL_STRING_SCHEMA).field('score', SchemaBuilder.float64().defaultValue(1.5).build())
      .build()
    await task.put([
      rec({ topic, value: person(2, 'b'), valueSchema: personSchema }),
      rec({ topic, value: new Struct(v2).put('id', 3).put('name', 'c').put('email', 'c@x'), valueSchema: v2 })
    ])
    assert.deepEqual(await db.columns(topic), ['id', 'name', 'age', 'email', 'score'])
    const rows = await db.rows(topic, 'id')
    assert.deepEqual(rows.map(r => [r.id, r.email, r.score === null ? null : Number(r.score)]), [['1', null, 1.5], ['2', null, 1.5], ['3', 'c@x', 1.5]])

    // a required field without default cannot be added
    const v3 = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).field('must', Schema.INT32_SCHEMA).build()
    await expectReject(task.put([rec({ topic, value: new Struct(v3).put('id', 4).put('name', 'd').put('must', 1), valueSchema: v3 })]), ConnectError,
      /Cannot ALTER TABLE/, new RegExp(topic), /"must"/, /not optional and does not have a default value/)
  })

  test(`${kind}: missing table or column without auto.create / auto.evolve`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('miss')
    const { task } = startTask(t, { 'connection.url': db.url })
    await expectReject(task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })]), ConnectError,
      new RegExp(`Table .${topic}. is missing and auto-creation is disabled`))
    await db.exec(`CREATE TABLE ${db.q(topic)} (${db.q('id')} INT NOT NULL, ${db.q('name')} VARCHAR(20) NOT NULL)`)
    await expectReject(task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema })]), ConnectError,
      new RegExp(`Table .${topic}. is missing fields \\(age\\) and auto-evolution is disabled`))
  })

  test(`${kind}: records of several topics go to their tables (table.name.format) in one transaction`, async t => {
    const db = await harness(t, kind)
    const a = db.table('multi')
    const b = db.table('multi')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'table.name.format': 'kc_${topic}', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    const ta = a.slice(3)
    const tb = b.slice(3)
    await task.put([
      rec({ topic: ta, value: person(1, 'a1'), valueSchema: personSchema }),
      rec({ topic: tb, value: person(1, 'b1'), valueSchema: personSchema }),
      rec({ topic: ta, value: person(2, 'a2'), valueSchema: personSchema })
    ])
    assert.deepEqual((await db.rows(a, 'id')).map(r => r.name), ['a1', 'a2'])
    assert.deepEqual((await db.rows(b, 'id')).map(r => r.name), ['b1'])
    // a failure in table b rolls back the rows for table a too
    await expectReject(task.put([
      rec({ topic: ta, value: person(3, 'a3'), valueSchema: personSchema }),
      rec({ topic: tb, value: person(1, 'dup'), valueSchema: personSchema })
    ]), ConnectError, new RegExp(b))
    assert.deepEqual((await db.rows(a, 'id')).map(r => r.name), ['a1', 'a2'])
  })

  test(`${kind}: a String value goes to one column; a flat schemaless map works with pk.mode=none only`, async t => {
    const db = await harness(t, kind)
    const s = db.table('str')
    const m = db.table('map')
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true' })
    await task.put([rec({ topic: s, value: 'hello', valueSchema: Schema.STRING_SCHEMA })])
    assert.deepEqual(await db.rows(s, 'record_value'), [{ record_value: 'hello' }])
    await task.put([rec({ topic: m, value: { id: 1, label: 'one', big: 12345678901234n } }), rec({ topic: m, value: new Map<string, unknown>([['id', 2], ['label', 'two'], ['big', null]]) })])
    assert.deepEqual(await db.rows(m, 'id'), [{ id: '1', label: 'one', big: '12345678901234' }, { id: '2', label: 'two', big: null }])
    await expectReject(task.put([rec({ topic: m, value: { id: 3, nested: { a: 1 } } })]), ConnectError, /nested/, /'nested'/)

    const { task: keyed } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' })
    await expectReject(keyed.put([rec({ topic: m, value: { id: 4 } })]), ConnectError,
      /'pk.mode=record_value' and therefore requires records with a non-null Struct or String value and non-null Struct or String schema/,
      /with a HashMap value and null value schema/)
  })

  test(`${kind}: a nested struct field is refused with the table and column named`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('nest')
    const inner = SchemaBuilder.struct().field('city', Schema.STRING_SCHEMA).build()
    const outer = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('addr', inner).build()
    const { task } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true' })
    await expectReject(task.put([rec({ topic, value: new Struct(outer).put('id', 1).put('addr', new Struct(inner).put('city', 'x')), valueSchema: outer })]),
      ConnectError, /'addr'/, new RegExp(topic), /STRUCT/)
  })

  test(`${kind}: with an errant record reporter, failing records are reported and the others written`, async t => {
    const db = await harness(t, kind)
    const topic = db.table('dlq')
    const { task, context } = startTask(t, { 'connection.url': db.url, 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' }, true)
    const dup = rec({ topic, value: person(1, 'dup'), valueSchema: personSchema })
    await task.put([rec({ topic, value: person(1, 'a'), valueSchema: personSchema }), dup, rec({ topic, value: person(2, 'b'), valueSchema: personSchema })])
    assert.deepEqual((await db.rows(topic, 'id')).map(r => r.name), ['a', 'b'])
    assert.equal(context.reported.length, 1)
    assert.equal(context.reported[0]!.record, dup)
    assert.match(context.reported[0]!.error.message, /"id"/)
  })

  if (kind !== 'sqlite') test(`${kind}: an unreachable database gives a RetriableError, then fails after max.retries`, async t => {
    const url = kind === 'postgresql' ? 'jdbc:postgresql://127.0.0.1:1/test?user=postgres' : 'jdbc:mysql://127.0.0.1:1/test?user=root'
    const { task, context } = startTask(t, { 'connection.url': url, 'connection.attempts': '2', 'connection.backoff.ms': '10', 'max.retries': '1', 'retry.backoff.ms': '1234' })
    const r = rec({ topic: 'x', value: person(1, 'a'), valueSchema: personSchema })
    await expectReject(task.put([r]), RetriableError, /could not connect/, /after 2 attempts/)
    assert.deepEqual(context.timeouts, [1234])
    await expectReject(task.put([r]), ConnectError, /Failing task after exhausting retries/)
    // an errant record reporter does not swallow records while the database is down
    const withReporter = startTask(t, { 'connection.url': url, 'connection.attempts': '1', 'max.retries': '0' }, true)
    await expectReject(withReporter.task.put([r]), ConnectError, /Failing task after exhausting retries/)
    assert.equal(withReporter.context.reported.length, 0)
  })
}

/** Every primitive and logical type, for the per-dialect round trips. */
export const typesSchema = SchemaBuilder.struct().name('types')
  .field('id', Schema.INT32_SCHEMA)
  .field('i8', Schema.INT8_SCHEMA)
  .field('i16', Schema.INT16_SCHEMA)
  .field('i32', Schema.INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA)
  .field('i64min', Schema.INT64_SCHEMA)
  .field('f32', Schema.FLOAT32_SCHEMA)
  .field('f64', Schema.FLOAT64_SCHEMA)
  .field('flag', Schema.BOOLEAN_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('bin', Schema.BYTES_SCHEMA)
  .field('dec', Decimal.schema(4))
  .field('day', ConnectDate.SCHEMA)
  .field('tod', Time.SCHEMA)
  .field('ts', Timestamp.SCHEMA)
  .field('maybe', Schema.OPTIONAL_STRING_SCHEMA)
  .build()

export const UNICODE = 'héllo ✓ 中文 😀 \'quoted\' "dq" \\ back'

export function typesValue (id: number, decimal: BigDecimal): Struct {
  return new Struct(typesSchema)
    .put('id', id)
    .put('i8', -128)
    .put('i16', -32768)
    .put('i32', -2147483648)
    .put('i64', 9007199254740993n) // 2^53 + 1: not a JS number
    .put('i64min', -9223372036854775808n)
    .put('f32', Math.fround(1.25))
    .put('f64', 0.1 + 0.2)
    .put('flag', true)
    .put('text', UNICODE)
    .put('bin', Buffer.from([0, 1, 127, 128, 255]))
    .put('dec', decimal)
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('tod', new Date(Date.UTC(1970, 0, 1, 13, 45, 56, 789)))
    .put('ts', new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123)))
    .put('maybe', null)
}
