// ValueToKey (after Kafka's ValueToKeyTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema, SchemaBuilder, SinkRecord, Struct } from '../../src/api/index.ts'
import { ValueToKey } from '../../src/transforms/value-to-key.ts'

function xform (props: Record<string, string>): ValueToKey {
  const x = new ValueToKey()
  x.configure(props)
  return x
}

function sink (valueSchema: Schema | null, value: unknown): SinkRecord {
  return new SinkRecord({ topic: '', kafkaPartition: 0, kafkaOffset: 0, keySchema: null, key: null, valueSchema, value, timestamp: 4 })
}

test('schemaless: key is a map of the fields', () => {
  const value = new Map<string, unknown>([['a', 1], ['b', 2], ['c', 3]])
  const out = xform({ fields: 'a,b' }).apply(sink(null, value))
  assert.equal(out.keySchema, null)
  assert.deepEqual([...(out.key as Map<string, unknown>)], [['a', 1], ['b', 2]])
  assert.equal(out.value, value)
  assert.equal(out.timestamp, 4)
  const missing = xform({ fields: 'a,z' }).apply(sink(null, value))
  assert.deepEqual([...(missing.key as Map<string, unknown>)], [['a', 1], ['z', null]])
})

test('schema\'d: key is a struct with the fields\' schemas', () => {
  const valueSchema = SchemaBuilder.struct()
    .field('a', Schema.INT32_SCHEMA)
    .field('b', Schema.INT32_SCHEMA)
    .field('c', Schema.INT32_SCHEMA)
    .build()
  const value = new Struct(valueSchema).put('a', 1).put('b', 2).put('c', 3)
  const x = xform({ fields: 'a,b' })
  const out = x.apply(sink(valueSchema, value))
  const expectedSchema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.INT32_SCHEMA).build()
  assert.ok(out.keySchema!.equals(expectedSchema))
  assert.ok((out.key as Struct).equals(new Struct(expectedSchema).put('a', 1).put('b', 2)))
  assert.equal(out.value, value)
  assert.equal(out.valueSchema, valueSchema)
  assert.equal(x.apply(sink(valueSchema, value)).keySchema, out.keySchema, 'cached per value schema')
})

test('replace.null.with.default', () => {
  const valueSchema = SchemaBuilder.struct().field('a', SchemaBuilder.int32().optional().defaultValue(9).build()).build()
  const value = new Struct(valueSchema)
  assert.equal((xform({ fields: 'a' }).apply(sink(valueSchema, value)).key as Struct).getWithoutDefault('a'), 9)
  assert.equal((xform({ fields: 'a', 'replace.null.with.default': 'false' }).apply(sink(valueSchema, value)).key as Struct).getWithoutDefault('a'), null)
})

test('errors: unknown field, null value, wrong type', () => {
  const valueSchema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  assert.throws(() => xform({ fields: 'not_exist' }).apply(sink(valueSchema, new Struct(valueSchema).put('a', 1))), { name: 'DataError', message: 'Field does not exist: not_exist' })
  assert.throws(() => xform({ fields: 'a' }).apply(sink(null, null)), { name: 'DataError', message: 'Only Map objects supported in absence of schema for [copying fields from value to key], found: null' })
  assert.throws(() => xform({ fields: 'a' }).apply(sink(valueSchema, null)), { name: 'DataError', message: 'Only Struct objects supported for [copying fields from value to key], found: null' })
  assert.throws(() => xform({ fields: 'a' }).apply(sink(null, [1])), { message: /found: java\.util\.ArrayList$/ })
})

test('config: fields is a required non-empty list', () => {
  assert.throws(() => xform({}), { message: 'Missing required configuration "fields" which has no default value.' })
  assert.throws(() => xform({ fields: '' }), { message: 'Invalid value [] for configuration fields: Empty list' })
  assert.equal(ValueToKey.className, 'org.apache.kafka.connect.transforms.ValueToKey')
})
