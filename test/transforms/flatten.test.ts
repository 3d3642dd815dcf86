// Flatten$Key / Flatten$Value (cases after Kafka's FlattenTest and the SMT's documentation).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BigDecimal, Decimal, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Timestamp } from '../../src/api/index.ts'
import { Flatten$Key, Flatten$Value } from '../../src/transforms/flatten.ts'

function flattenValue (props: Record<string, unknown> = {}): Flatten$Value {
  const t = new Flatten$Value()
  t.configure(props)
  return t
}

function flattenKey (props: Record<string, unknown> = {}): Flatten$Key {
  const t = new Flatten$Key()
  t.configure(props)
  return t
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'topic', kafkaPartition: 0, valueSchema, value, timestamp: 1 })
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'topic', kafkaPartition: 0, kafkaOffset: 0, keySchema, key, value: 'v' })
}

test('class names and config', () => {
  assert.equal(Flatten$Key.className, 'org.apache.kafka.connect.transforms.Flatten$Key')
  assert.equal(Flatten$Value.className, 'org.apache.kafka.connect.transforms.Flatten$Value')
  assert.deepEqual(new Flatten$Value().config().defaultValues(), { delimiter: '.' })
})

test('top-level struct required / map required', () => {
  assert.throws(() => flattenValue().apply(valueRecord(Schema.INT32_SCHEMA, 42)), {
    name: 'DataError', message: 'Only Struct objects supported for [flattening], found: java.lang.Integer'
  })
  assert.throws(() => flattenValue().apply(valueRecord(null, 42)), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [flattening], found: java.lang.Integer'
  })
})

test('nested struct with a delimiter (Kafka testNestedStruct)', () => {
  const supported = SchemaBuilder.struct()
    .field('int8', Schema.INT8_SCHEMA).field('int16', Schema.INT16_SCHEMA).field('int32', Schema.INT32_SCHEMA)
    .field('int64', Schema.INT64_SCHEMA).field('float32', Schema.FLOAT32_SCHEMA).field('float64', Schema.FLOAT64_SCHEMA)
    .field('boolean', Schema.BOOLEAN_SCHEMA).field('string', Schema.STRING_SCHEMA).field('bytes', Schema.BYTES_SCHEMA)
    .build()
  const oneLevel = SchemaBuilder.struct().field('B', supported).build()
  const twoLevel = SchemaBuilder.struct().field('A', oneLevel).build()
  const inner = new Struct(supported).put('int8', 8).put('int16', 16).put('int32', 32).put('int64', 64n).put('float32', 32.5)
    .put('float64', 64.25).put('boolean', true).put('string', 'stringy').put('bytes', Buffer.from('bytes'))
  const value = new Struct(twoLevel).put('A', new Struct(oneLevel).put('B', inner))
  const out = flattenValue({ delimiter: '#' }).apply(valueRecord(twoLevel, value))
  assert.equal(out.valueSchema!.type(), 'STRUCT')
  const v = out.value as Struct
  assert.equal(v.schema().fields().length, 9)
  assert.equal(v.getInt8('A#B#int8'), 8)
  assert.equal(v.getInt16('A#B#int16'), 16)
  assert.equal(v.getInt32('A#B#int32'), 32)
  assert.equal(v.getInt64('A#B#int64'), 64n)
  assert.equal(v.getFloat32('A#B#float32'), 32.5)
  assert.equal(v.getFloat64('A#B#float64'), 64.25)
  assert.equal(v.getBoolean('A#B#boolean'), true)
  assert.equal(v.getString('A#B#string'), 'stringy')
  assert.deepEqual(v.getBytes('A#B#bytes'), Buffer.from('bytes'))
  assert.equal(out.topic, 'topic')
  assert.equal(out.timestamp, 1)
})

test('nested maps with a delimiter (Kafka testNestedMapWithDelimiter)', () => {
  const supported = new Map<string, unknown>([
    ['int16', 16], ['int32', 32], ['int64', 64n], ['float64', 64.25], ['boolean', true], ['string', 'stringy'],
    ['bytes', Buffer.from('bytes')], ['array', [1, 2]]
  ])
  const value = new Map([['A', new Map([['B', supported]])]])
  const out = flattenValue({ delimiter: '#' }).apply(valueRecord(null, value))
  assert.equal(out.valueSchema, null)
  const m = out.value as Map<string, unknown>
  assert.deepEqual([...m.keys()], ['A#B#int16', 'A#B#int32', 'A#B#int64', 'A#B#float64', 'A#B#boolean', 'A#B#string', 'A#B#bytes', 'A#B#array'])
  assert.equal(m.get('A#B#int64'), 64n)
  assert.deepEqual(m.get('A#B#array'), [1, 2])
})

test('schemaless: nulls kept, plain objects are maps, insertion order kept', () => {
  const value = new Map<string, unknown>([['z', 1], ['a', { b: null, c: { d: 'x' } }], ['n', null], ['e', new Map()]])
  const m = flattenValue().apply(valueRecord(null, value)).value as Map<string, unknown>
  assert.deepEqual([...m.entries()], [['z', 1], ['a.b', null], ['a.c.d', 'x'], ['n', null]])
})

test('schemaless unsupported values', () => {
  assert.throws(() => flattenValue().apply(valueRecord(null, new Map([['d', new Date(0)]]))), {
    name: 'DataError', message: "Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API"
  })
  const s = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build()
  assert.throws(() => flattenValue().apply(valueRecord(null, new Map([['a', new Map([['s', new Struct(s).put('x', 1)]])]]))), {
    name: 'DataError', message: 'Flatten transformation does not support class org.apache.kafka.connect.data.Struct for record without schemas (for field a.s).'
  })
})

test('optional fields and optional structs (Kafka testOptionalFieldStruct / testOptionalNestedStruct)', () => {
  const supported = SchemaBuilder.struct().field('opt_int32', Schema.OPTIONAL_INT32_SCHEMA).build()
  const schema = SchemaBuilder.struct().field('B', supported).build()
  const out = flattenValue().apply(valueRecord(schema, new Struct(schema).put('B', new Struct(supported))))
  const v = out.value as Struct
  assert.equal(v.get('B.opt_int32'), null)
  assert.equal(v.schema().field('B.opt_int32')!.schema().isOptional(), true)

  const optionalInner = SchemaBuilder.struct().field('req', Schema.INT32_SCHEMA).optional().build()
  const outer = SchemaBuilder.struct().field('B', optionalInner).build()
  const out2 = flattenValue().apply(valueRecord(outer, new Struct(outer)))
  const v2 = out2.value as Struct
  assert.equal(v2.schema().field('B.req')!.schema().isOptional(), true, 'optional because the parent is')
  assert.equal(v2.get('B.req'), null)
})

test('optional top-level struct with a null value is passed through; tombstones too', () => {
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).optional().build()
  const r = valueRecord(schema, null)
  assert.equal(flattenValue().apply(r), r)
  const tombstone = valueRecord(null, null)
  assert.equal(flattenValue().apply(tombstone), tombstone)
  const nullKey = keyRecord(null, null)
  assert.equal(flattenKey().apply(nullKey), nullKey)
})

test('defaults are inherited from ancestor struct defaults (Kafka testOptionalAndDefaultValuesNested)', () => {
  const builder = SchemaBuilder.struct()
    .field('req_field', Schema.STRING_SCHEMA)
    .field('opt_field', SchemaBuilder.string().optional().defaultValue('OPTIONAL').build())
    .optional()
  builder.defaultValue(new Struct(builder).put('req_field', 'req-default'))
  const innerSchema = builder.build()
  const schema = SchemaBuilder.struct().field('a', innerSchema).build()
  const out = flattenValue().apply(valueRecord(schema, new Struct(schema)))
  const fs = out.valueSchema!
  assert.equal(fs.field('a.req_field')!.schema().isOptional(), true)
  assert.equal(fs.field('a.req_field')!.schema().defaultValue(), 'req-default')
  assert.equal(fs.field('a.opt_field')!.schema().defaultValue(), 'OPTIONAL')
  const v = out.value as Struct
  assert.equal(v.get('a.req_field'), 'req-default')
  assert.equal(v.getWithoutDefault('a.req_field'), null)
})

test('schema basics are copied; leaf schemas keep names and parameters', () => {
  const schema = SchemaBuilder.struct().name('n').version(3).doc('doc')
    .field('ts', Timestamp.SCHEMA)
    .field('dec', Decimal.schema(2))
    .field('arr', SchemaBuilder.array(Schema.STRING_SCHEMA).build())
    .build()
  const value = new Struct(schema).put('ts', new Date(5)).put('dec', new BigDecimal(1n, 2)).put('arr', ['x'])
  const out = flattenValue().apply(valueRecord(schema, value))
  const s = out.valueSchema!
  assert.equal(s.name(), 'n')
  assert.equal(s.version(), 3)
  assert.equal(s.doc(), 'doc')
  assert.equal(s.field('ts')!.schema().name(), Timestamp.LOGICAL_NAME)
  assert.equal(s.field('dec')!.schema().parameters()!.get('scale'), '2')
  assert.equal(s.field('arr')!.schema().valueSchema(), Schema.STRING_SCHEMA)
  assert.deepEqual((out.value as Struct).get('arr'), ['x'])
})

test('MAP fields are not supported with schemas', () => {
  const schema = SchemaBuilder.struct().field('inner', SchemaBuilder.struct().field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()).build()).build()
  assert.throws(() => flattenValue().apply(valueRecord(schema, new Struct(schema))), {
    name: 'DataError', message: 'Flatten transformation does not support MAP for record with schemas (for field inner.m).'
  })
})

test('$Key flattens the key and caches the schema', () => {
  const inner = SchemaBuilder.struct().field('b', Schema.INT32_SCHEMA).build()
  const schema = SchemaBuilder.struct().field('a', inner).build()
  const t = flattenKey({ delimiter: '_' })
  const out = t.apply(keyRecord(schema, new Struct(schema).put('a', new Struct(inner).put('b', 7))))
  assert.equal((out.key as Struct).get('a_b'), 7)
  assert.equal(out.value, 'v')
  assert.equal(t.apply(keyRecord(schema, new Struct(schema).put('a', new Struct(inner).put('b', 8)))).keySchema, out.keySchema)
  const schemaless = t.apply(keyRecord(null, new Map([['a', new Map([['b', 1]])]])))
  assert.deepEqual([...(schemaless.key as Map<string, unknown>).entries()], [['a_b', 1]])
})
