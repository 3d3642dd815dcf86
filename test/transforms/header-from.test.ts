// HeaderFrom$Key / $Value: copy or move fields into headers, schemaless and schema'd.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, Field, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct } from '../../src/api/index.ts'
import { HeaderFrom$Key, HeaderFrom$Value } from '../../src/transforms/header-from.ts'

const VALUE_SCHEMA = SchemaBuilder.struct().name('Value').version(2)
  .field('id', Schema.INT32_SCHEMA)
  .field('ts', Schema.INT64_SCHEMA)
  .field('name', SchemaBuilder.string().optional().defaultValue('anon').build())
  .build()

function struct (): Struct {
  return new Struct(VALUE_SCHEMA).put('id', 1).put('ts', 1234n)
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({
    sourcePartition: null, sourceOffset: null, topic: 't', kafkaPartition: 0, key: 'k', valueSchema, value, timestamp: 5,
    headers: new ConnectHeaders().addString('existing', 'e')
  })
}

function xform (props: Record<string, string>, side: 'key' | 'value' = 'value'): HeaderFrom$Key | HeaderFrom$Value {
  const x = side === 'key' ? new HeaderFrom$Key() : new HeaderFrom$Value()
  x.configure(props)
  return x
}

function headerList (h: ConnectHeaders): Array<[string, unknown, string | null]> {
  return [...h].map(x => [x.key(), x.value(), x.schema() === null ? null : String(x.schema())])
}

test('Kafka docs example: move id and ts into headers record_id and ts (schema\'d)', () => {
  const out = xform({ fields: 'id,ts', headers: 'record_id,ts', operation: 'move' }).apply(valueRecord(VALUE_SCHEMA, struct()))
  assert.deepEqual(headerList(out.headers), [['existing', 'e', 'Schema{STRING}'], ['record_id', 1, 'Schema{INT32}'], ['ts', 1234n, 'Schema{INT64}']])
  assert.deepEqual(out.valueSchema!.fields().map((f: Field) => f.name()), ['name'])
  assert.equal(out.valueSchema!.name(), 'Value')
  assert.equal(out.valueSchema!.version(), 2)
  assert.equal((out.value as Struct).get('name'), 'anon')
  assert.equal(out.key, 'k')
  assert.equal(out.timestamp, 5)
})

test('copy keeps the value and its schema', () => {
  const value = struct()
  const out = xform({ fields: 'id', headers: 'record_id', operation: 'copy' }).apply(valueRecord(VALUE_SCHEMA, value))
  assert.equal(out.value, value)
  assert.equal(out.valueSchema, VALUE_SCHEMA)
  assert.deepEqual(headerList(out.headers).at(-1), ['record_id', 1, 'Schema{INT32}'])
})

test('replace.null.with.default decides what a null field yields', () => {
  const withDefault = xform({ fields: 'name', headers: 'n', operation: 'copy' }).apply(valueRecord(VALUE_SCHEMA, struct()))
  assert.equal(withDefault.headers.lastWithName('n')!.value(), 'anon')
  const raw = xform({ fields: 'name', headers: 'n', operation: 'move', 'replace.null.with.default': 'false' }).apply(valueRecord(VALUE_SCHEMA, struct()))
  assert.equal(raw.headers.lastWithName('n')!.value(), null)
  assert.equal(String(raw.headers.lastWithName('n')!.schema()), 'Schema{STRING}')
})

test('schemaless: map copy or move, headers without schema, missing fields give null', () => {
  const value = new Map<string, unknown>([['id', 1], ['ts', 2], ['other', 'o']])
  const moved = xform({ fields: 'id,missing', headers: 'h1,h2', operation: 'move' }).apply(valueRecord(null, value))
  assert.deepEqual([...(moved.value as Map<string, unknown>)], [['ts', 2], ['other', 'o']])
  assert.deepEqual(headerList(moved.headers), [['existing', 'e', 'Schema{STRING}'], ['h1', 1, null], ['h2', null, null]])
  assert.equal(value.size, 3, 'the input map is not changed')
  const copied = xform({ fields: 'id', headers: 'h1', operation: 'copy' }).apply(valueRecord(null, value))
  assert.deepEqual([...(copied.value as Map<string, unknown>)], [...value])
})

test('$Key works on the key', () => {
  const keySchema = SchemaBuilder.struct().field('id', Schema.STRING_SCHEMA).field('x', Schema.INT8_SCHEMA).build()
  const rec = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 3, keySchema, key: new Struct(keySchema).put('id', 'a').put('x', 1), value: 'v' })
  const out = xform({ fields: 'id', headers: 'key_id', operation: 'move' }, 'key').apply(rec)
  assert.deepEqual(out.keySchema!.fields().map((f: Field) => f.name()), ['x'])
  assert.equal((out.key as Struct).get('x'), 1)
  assert.equal(out.headers.lastWithName('key_id')!.value(), 'a')
  assert.equal(out.value, 'v')
  assert.equal(out.kafkaOffset, 3)
})

test('null values (tombstones) and wrong types are data errors', () => {
  assert.throws(() => xform({ fields: 'id', headers: 'h', operation: 'move' }).apply(valueRecord(null, null)), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [header move], found: null'
  })
  assert.throws(() => xform({ fields: 'id', headers: 'h', operation: 'copy' }).apply(valueRecord(VALUE_SCHEMA, null)), {
    name: 'DataError', message: 'Only Struct objects supported for [header copy], found: null'
  })
  assert.throws(() => xform({ fields: 'id', headers: 'h', operation: 'copy' }).apply(valueRecord(null, 'text')), {
    message: 'Only Map objects supported in absence of schema for [header copy], found: java.lang.String'
  })
  assert.throws(() => xform({ fields: 'nope', headers: 'h', operation: 'copy' }).apply(valueRecord(VALUE_SCHEMA, struct())), { name: 'DataError', message: 'Field does not exist: nope' })
})

test('config errors', () => {
  assert.throws(() => xform({ fields: 'a,b', headers: 'h', operation: 'move' }), { message: "'fields' config must have the same number of elements as 'headers' config." })
  assert.throws(() => xform({ fields: '', headers: 'h', operation: 'move' }), { message: 'Invalid value [] for configuration fields: Empty list' })
  assert.throws(() => xform({ fields: 'a', headers: '', operation: 'move' }), { message: 'Invalid value [] for configuration headers: Empty list' })
  assert.throws(() => xform({ fields: 'a', headers: 'h', operation: 'cut' }), { message: 'Invalid value cut for configuration operation: String must be one of: move, copy' })
  assert.throws(() => xform({ fields: 'a', headers: 'h' }), { message: 'Missing required configuration "operation" which has no default value.' })
  assert.equal(HeaderFrom$Key.className, 'org.apache.kafka.connect.transforms.HeaderFrom$Key')
  assert.equal(HeaderFrom$Value.className, 'org.apache.kafka.connect.transforms.HeaderFrom$Value')
})
