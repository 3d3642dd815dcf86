// SetSchemaMetadata$Key / $Value (after Kafka's SetSchemaMetadataTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Field, Schema, SchemaBuilder, SinkRecord, Struct } from '../../src/api/index.ts'
import { SetSchemaMetadata$Key, SetSchemaMetadata$Value } from '../../src/transforms/set-schema-metadata.ts'

function value (props: Record<string, string>): SetSchemaMetadata$Value {
  const x = new SetSchemaMetadata$Value()
  x.configure(props)
  return x
}

function sink (valueSchema: Schema | null, v: unknown): SinkRecord {
  return new SinkRecord({ topic: '', kafkaPartition: 0, kafkaOffset: 0, valueSchema, value: v })
}

test('name, version, or both', () => {
  const empty = SchemaBuilder.struct().build()
  assert.equal(value({ 'schema.name': 'foo' }).apply(sink(empty, null)).valueSchema!.name(), 'foo')
  assert.equal(value({ 'schema.version': '42' }).apply(sink(empty, null)).valueSchema!.version(), 42)
  const both = value({ 'schema.name': 'foo', 'schema.version': '42' }).apply(sink(empty, null)).valueSchema!
  assert.equal(both.name(), 'foo')
  assert.equal(both.version(), 42)
})

test('a struct is rebuilt against the renamed schema; everything else is kept', () => {
  const schema = SchemaBuilder.struct().name('my.orig.SchemaDefn').version(1).doc('doc').parameter('a', 'b')
    .field('stringField', Schema.STRING_SCHEMA)
    .field('intField', Schema.INT32_SCHEMA)
    .build()
  const v = new Struct(schema).put('stringField', 'value').put('intField', 1)
  const out = value({ 'schema.name': 'foo', 'schema.version': '42' }).apply(sink(schema, v))
  const s = out.valueSchema!
  assert.equal(s.name(), 'foo')
  assert.equal(s.version(), 42)
  assert.equal(s.doc(), 'doc')
  assert.deepEqual([...s.parameters()!], [['a', 'b']])
  assert.deepEqual(s.fields().map((f: Field) => f.name()), ['stringField', 'intField'])
  const struct = out.value as Struct
  assert.equal(struct.schema(), s)
  assert.equal(struct.get('stringField'), 'value')
  assert.equal(struct.get('intField'), 1)
  const versionOnly = value({ 'schema.version': '7' }).apply(sink(schema, v)).valueSchema!
  assert.equal(versionOnly.name(), 'my.orig.SchemaDefn')
})

test('replace.null.with.default', () => {
  const schema = SchemaBuilder.struct().name('s')
    .field('f1', SchemaBuilder.string().defaultValue('default').optional().build())
    .field('f2', Schema.INT32_SCHEMA)
    .build()
  const v = new Struct(schema).put('f2', 1)
  assert.equal((value({ 'schema.name': 'n' }).apply(sink(schema, v)).value as Struct).getWithoutDefault('f1'), 'default')
  assert.equal((value({ 'schema.name': 'n', 'replace.null.with.default': 'false' }).apply(sink(schema, v)).value as Struct).getWithoutDefault('f1'), null)
})

test('null value and schema: unchanged; a value without schema: error', () => {
  const tombstone = sink(null, null)
  assert.equal(value({ 'schema.name': 'x' }).apply(tombstone), tombstone)
  assert.throws(() => value({ 'schema.name': 'x' }).apply(sink(null, new Map())), { name: 'DataError', message: 'Schema required for [updating schema metadata]' })
})

test('non-struct schemas keep their element schemas (Kafka would fail on schema.fields())', () => {
  const arr = SchemaBuilder.array(Schema.INT8_SCHEMA).optional().build()
  const out = value({ 'schema.name': 'ints' }).apply(sink(arr, [1, 2]))
  assert.equal(out.valueSchema!.name(), 'ints')
  assert.equal(out.valueSchema!.valueSchema(), Schema.INT8_SCHEMA)
  assert.equal(out.valueSchema!.isOptional(), true)
  assert.deepEqual(out.value, [1, 2])
  const map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()
  assert.equal(value({ 'schema.version': '2' }).apply(sink(map, new Map())).valueSchema!.keySchema(), Schema.STRING_SCHEMA)
  const str = value({ 'schema.name': 'text' }).apply(sink(SchemaBuilder.string().defaultValue('d').build(), 'x'))
  assert.equal(str.valueSchema!.defaultValue(), 'd')
  assert.equal(str.value, 'x')
})

test('$Key updates the key schema and key', () => {
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).build()
  const x = new SetSchemaMetadata$Key()
  x.configure({ 'schema.name': 'Key' })
  const rec = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, keySchema: schema, key: new Struct(schema).put('id', 5n), value: 'v' })
  const out = x.apply(rec)
  assert.equal(out.keySchema!.name(), 'Key')
  assert.equal((out.key as Struct).schema(), out.keySchema)
  assert.equal(out.value, 'v')
  assert.equal(SetSchemaMetadata$Key.className, 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key')
  assert.equal(SetSchemaMetadata$Value.className, 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value')
})

test('config errors', () => {
  assert.throws(() => value({}), { name: 'ConfigException', message: 'Neither schema name nor version configured' })
  assert.throws(() => value({ 'schema.version': 'x' }), { message: /schema\.version/ })
})
