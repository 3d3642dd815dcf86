// SimpleHeaderConverter (after Kafka's SimpleHeaderConverterTest): Values text in UTF-8, parsed back with
// Values.parseString; unparseable bytes come back as BYTES.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SimpleHeaderConverter } from '../../src/converters/simple-header-converter.ts'
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaAndValue, SchemaBuilder, Struct, Time, Timestamp, valuesEqual, type Schema as SchemaT
} from '../../src/data/index.ts'

const c = new SimpleHeaderConverter()
c.configure({})

function roundTrip (schema: SchemaT | null, value: unknown): SchemaAndValue {
  return c.toConnectHeader('t', 'h', c.fromConnectHeader('t', 'h', schema, value))
}

test('null both ways', () => {
  assert.equal(c.fromConnectHeader('t', 'h', Schema.OPTIONAL_STRING_SCHEMA, null), null)
  assert.equal(c.toConnectHeader('t', 'h', null), SchemaAndValue.NULL)
})

test('strings, booleans and numbers', () => {
  assert.equal(c.fromConnectHeader('t', 'h', Schema.STRING_SCHEMA, 'a string')!.toString(), 'a string')
  assert.deepEqual(roundTrip(Schema.STRING_SCHEMA, 'a string').value, 'a string')
  assert.deepEqual(roundTrip(Schema.STRING_SCHEMA, '').schema, Schema.STRING_SCHEMA)
  assert.equal(roundTrip(Schema.BOOLEAN_SCHEMA, true).value, true)
  const i8 = roundTrip(Schema.INT8_SCHEMA, 10)
  assert.equal(i8.schema, Schema.INT8_SCHEMA)
  assert.equal(i8.value, 10)
  assert.equal(roundTrip(Schema.INT16_SCHEMA, 1000).schema, Schema.INT16_SCHEMA)
  assert.equal(roundTrip(Schema.INT32_SCHEMA, 100000).schema, Schema.INT32_SCHEMA)
  assert.equal(roundTrip(Schema.INT64_SCHEMA, 10000000000n).value, 10000000000n)
  assert.equal(c.fromConnectHeader('t', 'h', Schema.FLOAT64_SCHEMA, 1)!.toString(), '1.0')
  assert.equal(roundTrip(Schema.FLOAT32_SCHEMA, Math.fround(1.5)).value, 1.5)
})

test('lists, maps and structs', () => {
  const list = roundTrip(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['foo', 'bar'])
  assert.equal(list.schema!.valueSchema()!.type(), 'STRING')
  assert.deepEqual(list.value, ['foo', 'bar'])
  const ints = roundTrip(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 300])
  assert.equal(ints.schema!.valueSchema()!.type(), 'INT16')
  assert.deepEqual(ints.value, [1, 2, 300])
  const map = roundTrip(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['a', 1], ['b', 2]]))
  assert.ok(valuesEqual(map.value, new Map([['a', 1], ['b', 2]])))
  const s = SchemaBuilder.struct().field('f', Schema.STRING_SCHEMA).field('n', Schema.INT32_SCHEMA).build()
  assert.equal(c.fromConnectHeader('t', 'h', s, new Struct(s).put('f', 'x').put('n', 1))!.toString(), '{"f":"x","n":1}')
  const back = roundTrip(s, new Struct(s).put('f', 'x').put('n', 1))
  assert.equal(back.schema!.type(), 'MAP')
})

test('logical types', () => {
  assert.equal(c.fromConnectHeader('t', 'h', Timestamp.SCHEMA, new Date(Date.UTC(2019, 7, 23, 14, 34, 54, 346)))!.toString(), '2019-08-23T14:34:54.346Z')
  const ts = roundTrip(Timestamp.SCHEMA, new Date(1566570894346))
  assert.equal(ts.schema, Timestamp.SCHEMA)
  assert.equal((ts.value as Date).getTime(), 1566570894346)
  assert.equal(roundTrip(ConnectDate.SCHEMA, new Date(18000 * 86400000)).schema, ConnectDate.SCHEMA)
  assert.equal(roundTrip(Time.SCHEMA, new Date(1000)).schema, Time.SCHEMA)
  const dec = roundTrip(Decimal.schema(2), new BigDecimal(123456n, 2))
  assert.equal(dec.schema!.type(), 'FLOAT32') // parseString reads 1234.56 as a float, as Kafka does
})

test('bytes that are not text come back as BYTES', () => {
  assert.equal(c.fromConnectHeader('t', 'h', Schema.BYTES_SCHEMA, Buffer.from([1, 2, 3]))!.toString(), 'AQID')
  const sv = c.toConnectHeader('t', 'h', Buffer.from('AQID'))
  assert.equal(sv.schema, Schema.STRING_SCHEMA)
  assert.equal(sv.value, 'AQID')
})
