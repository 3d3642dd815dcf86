// HoistField$Key / HoistField$Value (cases after Kafka's HoistFieldTest and the documentation's MakeMap example).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct } from '../../src/api/index.ts'
import { HoistField$Key, HoistField$Value } from '../../src/transforms/hoist-field.ts'
import { InsertField$Value } from '../../src/transforms/insert-field.ts'

function hoistKey (field: string): HoistField$Key {
  const t = new HoistField$Key()
  t.configure({ field })
  return t
}

function hoistValue (field: string): HoistField$Value {
  const t = new HoistField$Value()
  t.configure({ field })
  return t
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'test', kafkaPartition: 0, kafkaOffset: 0, keySchema, key, value: 'v', timestamp: 9 })
}

function fileLine (line: string): SourceRecord {
  return new SourceRecord({
    sourcePartition: { filename: 'test.txt' }, sourceOffset: { position: 1 }, topic: 'connect-test', valueSchema: Schema.STRING_SCHEMA, value: line
  })
}

test('class names and config', () => {
  assert.equal(HoistField$Key.className, 'org.apache.kafka.connect.transforms.HoistField$Key')
  assert.equal(HoistField$Value.className, 'org.apache.kafka.connect.transforms.HoistField$Value')
  assert.throws(() => new HoistField$Value().configure({}), { message: 'Missing required configuration "field" which has no default value.' })
})

test('schemaless (Kafka schemaless)', () => {
  const out = hoistKey('magic').apply(keyRecord(null, 42))
  assert.equal(out.keySchema, null)
  assert.deepEqual(out.key, new Map([['magic', 42]]))
  assert.equal(out.value, 'v')
  assert.equal(out.timestamp, 9)
})

test('with schema (Kafka withSchema)', () => {
  const t = hoistKey('magic')
  const out: SinkRecord = t.apply(keyRecord(Schema.INT32_SCHEMA, 42))
  assert.equal(out.keySchema!.type(), 'STRUCT')
  assert.deepEqual(out.keySchema!.fields().map(f => f.name()), ['magic'])
  assert.equal(out.keySchema!.field('magic')!.schema(), Schema.INT32_SCHEMA)
  assert.equal((out.key as Struct).get('magic'), 42)
  assert.equal(t.apply(keyRecord(Schema.INT32_SCHEMA, 43)).keySchema, out.keySchema, 'cached per input schema')
})

test('nested struct values are wrapped as they are', () => {
  const inner = SchemaBuilder.struct().field('a', Schema.INT64_SCHEMA).build()
  const value = new Struct(inner).put('a', 9007199254740993n)
  const out = hoistValue('wrapped').apply(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', valueSchema: inner, value }))
  assert.equal(((out.value as Struct).get('wrapped') as Struct).get('a'), 9007199254740993n)
})

test('null values are hoisted too', () => {
  assert.deepEqual(hoistKey('magic').apply(keyRecord(null, null)).key, new Map([['magic', null]]))
  const out = hoistKey('magic').apply(keyRecord(Schema.OPTIONAL_INT32_SCHEMA, null))
  assert.equal((out.key as Struct).get('magic'), null)
  assert.throws(() => hoistKey('magic').apply(keyRecord(Schema.INT32_SCHEMA, null)), {
    name: 'DataError', message: 'Invalid value: null used for required field: "magic", schema type: INT32'
  })
})

test('documentation example: MakeMap (HoistField$Value line) then InsertSource (InsertField$Value static field)', () => {
  const makeMap = new HoistField$Value()
  makeMap.configure({ field: 'line' })
  const insertSource = new InsertField$Value()
  insertSource.configure({ 'static.field': 'data_source', 'static.value': 'test-file-source' })
  for (const line of ['foo', 'bar', 'hello world']) {
    const schemaless = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'connect-test', value: line })
    const out = insertSource.apply(makeMap.apply(schemaless))
    assert.deepEqual(out.value, new Map([['line', line], ['data_source', 'test-file-source']]))

    const withSchema = insertSource.apply(makeMap.apply(fileLine(line)))
    const v = withSchema.value as Struct
    assert.equal(v.get('line'), line)
    assert.equal(v.get('data_source'), 'test-file-source')
    assert.deepEqual(withSchema.sourcePartition, { filename: 'test.txt' })
  }
})
