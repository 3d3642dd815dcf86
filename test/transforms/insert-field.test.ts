// InsertField$Key / InsertField$Value (cases after Kafka's InsertFieldTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Timestamp } from '../../src/api/index.ts'
import { InsertField$Key, InsertField$Value } from '../../src/transforms/insert-field.ts'

function insertValue (props: Record<string, unknown>): InsertField$Value {
  const t = new InsertField$Value()
  t.configure(props)
  return t
}

function insertKey (props: Record<string, unknown>): InsertField$Key {
  const t = new InsertField$Key()
  t.configure(props)
  return t
}

const ALL = {
  'topic.field': 'topic_field!',
  'partition.field': 'partition_field',
  'timestamp.field': 'timestamp_field?',
  'static.field': 'instance_id',
  'static.value': 'my-instance-id'
}

function sourceRecord (valueSchema: Schema | null, value: unknown, extra: { kafkaPartition?: number | null, timestamp?: number | null } = {}): SourceRecord {
  return new SourceRecord({
    sourcePartition: null,
    sourceOffset: null,
    topic: 'test',
    kafkaPartition: extra.kafkaPartition === undefined ? 0 : extra.kafkaPartition,
    valueSchema,
    value,
    timestamp: extra.timestamp === undefined ? 1483425001864 : extra.timestamp
  })
}

function sinkRecord (valueSchema: Schema | null, value: unknown, keySchema: Schema | null = null, key: unknown = null): SinkRecord {
  return new SinkRecord({ topic: 'test', kafkaPartition: 0, kafkaOffset: 42, keySchema, key, valueSchema, value, timestamp: 1483425001864 })
}

test('class names and config errors', () => {
  assert.equal(InsertField$Key.className, 'org.apache.kafka.connect.transforms.InsertField$Key')
  assert.equal(InsertField$Value.className, 'org.apache.kafka.connect.transforms.InsertField$Value')
  assert.throws(() => insertValue({}), { name: 'ConfigException', message: 'No field insertion configured' })
  assert.throws(() => insertValue({ 'static.field': 'x' }), {
    name: 'ConfigException', message: 'Invalid value null for configuration static.value: No value specified for static field: x'
  })
  assert.deepEqual(new InsertField$Value().config().names(),
    ['topic.field', 'partition.field', 'offset.field', 'timestamp.field', 'static.field', 'static.value', 'replace.null.with.default'])
})

test('topLevelStructRequired', () => {
  assert.throws(() => insertValue({ 'topic.field': 'topic_field' }).apply(sourceRecord(Schema.INT32_SCHEMA, 42)), {
    name: 'DataError', message: 'Only Struct objects supported for [field insertion], found: java.lang.Integer'
  })
  assert.throws(() => insertValue({ 'topic.field': 'topic_field' }).apply(sourceRecord(null, 42)), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [field insertion], found: java.lang.Integer'
  })
})

test('copySchemaAndInsertConfiguredFields', () => {
  const schema = SchemaBuilder.struct().name('name').version(1).doc('doc').field('magic', Schema.OPTIONAL_INT64_SCHEMA).build()
  const t = insertValue(ALL)
  const out = t.apply(sourceRecord(schema, new Struct(schema).put('magic', 42n)))
  const s = out.valueSchema!
  assert.equal(s.name(), 'name')
  assert.equal(s.version(), 1)
  assert.equal(s.doc(), 'doc')
  assert.equal(s.field('magic')!.schema(), Schema.OPTIONAL_INT64_SCHEMA)
  assert.equal(s.field('topic_field')!.schema(), Schema.STRING_SCHEMA)
  assert.equal(s.field('partition_field')!.schema(), Schema.OPTIONAL_INT32_SCHEMA)
  assert.equal(s.field('timestamp_field')!.schema().name(), Timestamp.LOGICAL_NAME)
  assert.equal(s.field('timestamp_field')!.schema().isOptional(), true)
  assert.equal(s.field('instance_id')!.schema(), Schema.OPTIONAL_STRING_SCHEMA)
  const v = out.value as Struct
  assert.equal(v.getInt64('magic'), 42n)
  assert.equal(v.getString('topic_field'), 'test')
  assert.equal(v.getInt32('partition_field'), 0)
  assert.deepEqual(v.get('timestamp_field'), new Date(1483425001864))
  assert.equal(v.getString('instance_id'), 'my-instance-id')
  // the updated schema is cached
  assert.equal(t.apply(sourceRecord(schema, new Struct(schema).put('magic', 1n))).valueSchema, s)
})

test('schemalessInsertConfiguredFields', () => {
  const out = insertValue(ALL).apply(sourceRecord(null, new Map([['magic', 42n]])))
  const m = out.value as Map<string, unknown>
  assert.equal(m.get('magic'), 42n)
  assert.equal(m.get('topic_field'), 'test')
  assert.equal(m.get('partition_field'), 0)
  assert.equal(m.get('timestamp_field'), 1483425001864n)
  assert.equal(m.get('instance_id'), 'my-instance-id')
  // plain objects are read as maps
  assert.equal((insertValue(ALL).apply(sourceRecord(null, { magic: 1 })).value as Map<string, unknown>).get('magic'), 1)
})

test('null partition and timestamp are not inserted', () => {
  const m = insertValue(ALL).apply(sourceRecord(null, new Map(), { kafkaPartition: null, timestamp: null })).value as Map<string, unknown>
  assert.equal(m.has('partition_field'), false)
  assert.equal(m.has('timestamp_field'), false)
  const schema = SchemaBuilder.struct().field('magic', Schema.OPTIONAL_INT64_SCHEMA).build()
  const v = insertValue(ALL).apply(sourceRecord(schema, new Struct(schema), { kafkaPartition: null, timestamp: null })).value as Struct
  assert.equal(v.get('partition_field'), null)
  assert.equal(v.get('timestamp_field'), null)
})

test('offset only for sink records', () => {
  assert.throws(() => insertValue({ 'offset.field': 'off' }).apply(sourceRecord(null, new Map())), {
    name: 'DataError', message: /^Only SinkRecord supported for \[field insertion\], found: /
  })
  const m = insertValue({ 'offset.field': 'off' }).apply(sinkRecord(null, new Map())).value as Map<string, unknown>
  assert.equal(m.get('off'), 42n)
  const schema = SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).build()
  const out = insertValue({ 'offset.field': 'off!' }).apply(sinkRecord(schema, new Struct(schema).put('a', 'x')))
  assert.equal(out.valueSchema!.field('off')!.schema(), Schema.INT64_SCHEMA)
  assert.equal((out.value as Struct).getInt64('off'), 42n)
  assert.equal(out.kafkaOffset, 42)
})

test('tombstones and null keys are passed through (schemaless and with schema)', () => {
  const tombstone = sourceRecord(null, null)
  assert.equal(insertValue(ALL).apply(tombstone), tombstone)
  const schema = SchemaBuilder.struct().optional().field('a', Schema.STRING_SCHEMA).build()
  const withSchema = sourceRecord(schema, null)
  assert.equal(insertValue(ALL).apply(withSchema), withSchema)
  const nullKey = sinkRecord(null, new Map([['a', 1]]), null, null)
  assert.equal(insertKey(ALL).apply(nullKey), nullKey)
})

test('$Key inserts into the key', () => {
  const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build()
  const out = insertKey({ 'topic.field': 'topic_field' }).apply(sinkRecord(Schema.STRING_SCHEMA, 'v', schema, new Struct(schema).put('id', 1)))
  assert.equal((out.key as Struct).get('topic_field'), 'test')
  assert.equal((out.key as Struct).get('id'), 1)
  assert.equal(out.value, 'v')
  const schemaless = insertKey({ 'topic.field': 'topic_field' }).apply(sinkRecord(null, 'v', null, new Map([['id', 1]])))
  assert.deepEqual(schemaless.key, new Map<string, unknown>([['id', 1], ['topic_field', 'test']]))
})

test('replace.null.with.default', () => {
  const schema = SchemaBuilder.struct().field('opt', SchemaBuilder.int32().optional().defaultValue(18).build()).build()
  const v1 = insertValue({ 'topic.field': 't' }).apply(sourceRecord(schema, new Struct(schema))).value as Struct
  assert.equal(v1.getWithoutDefault('opt'), 18)
  const v2 = insertValue({ 'topic.field': 't', 'replace.null.with.default': 'false' }).apply(sourceRecord(schema, new Struct(schema))).value as Struct
  assert.equal(v2.getWithoutDefault('opt'), null)
})

test('nested fields are copied as they are', () => {
  const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build()
  const schema = SchemaBuilder.struct().field('inner', inner).build()
  const out = insertValue({ 'static.field': 's!', 'static.value': 'v' }).apply(sourceRecord(schema, new Struct(schema).put('inner', new Struct(inner).put('x', 3))))
  const v = out.value as Struct
  assert.equal((v.get('inner') as Struct).get('x'), 3)
  assert.equal(out.valueSchema!.field('s')!.schema(), Schema.STRING_SCHEMA)
  v.validate()
})
