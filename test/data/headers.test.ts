// ConnectHeaders: adding, lookups, removal, transforms (after Kafka's ConnectHeadersTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BigDecimal, ConnectDate, ConnectHeader, ConnectHeaders, Decimal, Schema, SchemaAndValue, SchemaBuilder, Struct, Timestamp
} from '../../src/data/index.ts'

test('typed adders set the matching schemas', () => {
  const h = new ConnectHeaders()
    .addString('s', 'v').addString('n', null).addBoolean('b', true).addByte('i8', 1).addShort('i16', 2).addInt('i32', 3)
    .addLong('i64', 4n).addFloat('f', 1.5).addDouble('d', 2.5).addBytes('bytes', Buffer.from([1]))
    .addDecimal('dec', new BigDecimal(123n, 2)).addDate('date', new Date(0)).addTimestamp('ts', new Date(5))
  assert.equal(h.size(), 13)
  assert.equal(h.lastWithName('s')!.schema(), Schema.STRING_SCHEMA)
  assert.equal(h.lastWithName('n')!.schema(), Schema.OPTIONAL_STRING_SCHEMA)
  assert.equal(h.lastWithName('i64')!.value(), 4n)
  assert.ok(h.lastWithName('dec')!.schema()!.equals(Decimal.schema(2)))
  assert.equal(h.lastWithName('date')!.schema(), ConnectDate.SCHEMA)
  assert.equal(h.lastWithName('ts')!.schema(), Timestamp.SCHEMA)
  assert.throws(() => new ConnectHeaders().addDate('d', new Date(1)), /should not have any time fields/)
  assert.throws(() => new ConnectHeaders().addList('l', [1], Schema.INT8_SCHEMA), { message: 'Expecting ARRAY but instead found INT8' })
})

test('add(key, value, schema) checks the value fits the schema', () => {
  const h = new ConnectHeaders()
  h.add('a', 'x', Schema.STRING_SCHEMA)
  h.add('b', new SchemaAndValue(Schema.INT32_SCHEMA, 5))
  h.add('c', null, null)
  h.add('dec', new BigDecimal(1n, 1), Decimal.schema(1))
  assert.throws(() => h.add('x', 5, Schema.STRING_SCHEMA), { name: 'DataError', message: 'The value 5 is not compatible with the schema Schema{STRING}' })
  assert.throws(() => h.add('x', null, Schema.STRING_SCHEMA), { message: 'A null value requires an optional schema but was Schema{STRING}' })
  assert.equal(h.lastWithName('c')!.value(), null)
  assert.equal(h.lastWithName('c')!.schema(), null)
})

test('lastWithName, allWithName, iteration order, remove, retainLatest', () => {
  const h = new ConnectHeaders().addInt('k', 1).addInt('j', 2).addInt('k', 3).addInt('j', 4).addInt('k', 5)
  assert.equal(h.lastWithName('k')!.value(), 5)
  assert.equal(h.lastWithName('missing'), null)
  assert.deepEqual([...h.allWithName('k')].map(x => x.value()), [1, 3, 5])
  assert.deepEqual([...h].map(x => `${x.key()}=${String(x.value())}`), ['k=1', 'j=2', 'k=3', 'j=4', 'k=5'])
  const dup = h.duplicate()
  dup.retainLatest('k')
  assert.deepEqual([...dup].map(x => x.value()), [2, 4, 5])
  dup.retainLatest()
  assert.deepEqual([...dup].map(x => x.value()), [4, 5])
  h.remove('k')
  assert.deepEqual([...h].map(x => x.value()), [2, 4])
  assert.equal(h.isEmpty(), false)
  assert.equal(h.clear().isEmpty(), true)
})

test('apply transforms or removes headers', () => {
  const h = new ConnectHeaders().addInt('a', 1).addInt('b', 2).addInt('a', 3)
  h.apply('a', x => x.value() === 1 ? null : x.with(Schema.INT32_SCHEMA, 30))
  assert.deepEqual([...h].map(x => `${x.key()}=${String(x.value())}`), ['b=2', 'a=30'])
  h.apply(x => x.rename(x.key().toUpperCase()))
  assert.deepEqual([...h].map(x => x.key()), ['B', 'A'])
})

test('header equality and the schema of a struct value', () => {
  const s = SchemaBuilder.struct().field('f', Schema.INT8_SCHEMA).build()
  const header = new ConnectHeader('k', new SchemaAndValue(null, new Struct(s).put('f', 1)))
  assert.equal(header.schema(), s)
  assert.ok(new ConnectHeaders().addInt('a', 1).equals(new ConnectHeaders().addInt('a', 1)))
  assert.ok(!new ConnectHeaders().addInt('a', 1).equals(new ConnectHeaders().addInt('a', 2)))
  assert.equal(String(new ConnectHeaders().addInt('a', 1)), 'ConnectHeaders(headers=[ConnectHeader(key=a, value=1, schema=Schema{INT32})])')
})
