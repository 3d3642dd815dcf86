// MaskField$Key / MaskField$Value (cases after Kafka's MaskFieldTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Time, Timestamp } from '../../src/api/index.ts'
import { MaskField$Key, MaskField$Value } from '../../src/transforms/mask-field.ts'

function maskValue (props: Record<string, unknown>): MaskField$Value {
  const t = new MaskField$Value()
  t.configure(props)
  return t
}

function maskKey (props: Record<string, unknown>): MaskField$Key {
  const t = new MaskField$Key()
  t.configure(props)
  return t
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'topic', kafkaPartition: 0, valueSchema, value, timestamp: 3 })
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'topic', kafkaPartition: 0, kafkaOffset: 0, keySchema, key, value: 'v' })
}

const SCHEMA = SchemaBuilder.struct()
  .field('magic', Schema.INT32_SCHEMA)
  .field('bool', Schema.BOOLEAN_SCHEMA)
  .field('byte', Schema.INT8_SCHEMA)
  .field('short', Schema.INT16_SCHEMA)
  .field('int', Schema.INT32_SCHEMA)
  .field('long', Schema.INT64_SCHEMA)
  .field('float', Schema.FLOAT32_SCHEMA)
  .field('double', Schema.FLOAT64_SCHEMA)
  .field('string', Schema.STRING_SCHEMA)
  .field('date', ConnectDate.SCHEMA)
  .field('time', Time.SCHEMA)
  .field('timestamp', Timestamp.SCHEMA)
  .field('decimal', Decimal.schema(0))
  .field('array', SchemaBuilder.array(Schema.INT32_SCHEMA).build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
  .field('withDefault', SchemaBuilder.string().optional().defaultValue('default').build())
  .build()

const STRUCT = new Struct(SCHEMA)
  .put('magic', 42).put('bool', true).put('byte', 42).put('short', 42).put('int', 42).put('long', 42n).put('float', 42.5)
  .put('double', 42.5).put('string', 'blabla').put('date', new Date(86400000)).put('time', new Date(1000))
  .put('timestamp', new Date(1700000000000)).put('decimal', new BigDecimal(42n)).put('array', [1, 2, 3])
  .put('map', new Map([['what', 'what']]))

const MASKED = ['bool', 'byte', 'short', 'int', 'long', 'float', 'double', 'string', 'date', 'time', 'timestamp', 'decimal', 'array', 'map']

test('class names and config errors', () => {
  assert.equal(MaskField$Key.className, 'org.apache.kafka.connect.transforms.MaskField$Key')
  assert.equal(MaskField$Value.className, 'org.apache.kafka.connect.transforms.MaskField$Value')
  assert.throws(() => maskValue({}), { message: 'Missing required configuration "fields" which has no default value.' })
  assert.throws(() => maskValue({ fields: '' }), { message: 'Invalid value [] for configuration fields: Empty list' })
  assert.throws(() => maskValue({ fields: 'a', replacement: '' }), { message: 'Invalid value  for configuration replacement: String must be non-empty' })
})

test('schemaless: empty values per type (Kafka testSchemaless)', () => {
  const value = new Map<string, unknown>([
    ['magic', 42], ['bool', true], ['int', 42], ['long', 42n], ['double', 42.5], ['string', 'blabla'],
    ['date', new Date(1700000000000)], ['bigdec', new BigDecimal(425n, 1)], ['list', [1, 2]], ['map', new Map([['k', 'v']])],
    ['object', { k: 'v' }], ['null', null]
  ])
  const fields = 'bool,int,long,double,string,date,bigdec,list,map,object,null,missing'
  const out = maskValue({ fields }).apply(valueRecord(null, value))
  const m = out.value as Map<string, unknown>
  assert.equal(m.get('magic'), 42)
  assert.equal(m.get('bool'), false)
  assert.equal(m.get('int'), 0)
  assert.equal(m.get('long'), 0n)
  assert.equal(m.get('double'), 0)
  assert.equal(m.get('string'), '')
  assert.deepEqual(m.get('date'), new Date(0))
  assert.ok((m.get('bigdec') as BigDecimal).equals(new BigDecimal(0n)))
  assert.deepEqual(m.get('list'), [])
  assert.deepEqual(m.get('map'), new Map())
  assert.deepEqual(m.get('object'), new Map())
  assert.equal(m.get('null'), null)
  assert.equal(m.get('missing'), null)
  assert.equal(value.get('bool'), true, 'the input map is not changed')
  assert.equal(out.timestamp, 3)
})

test('with schema: empty values per type (Kafka testWithSchema)', () => {
  const out = maskValue({ fields: MASKED.join(',') + ',withDefault' }).apply(valueRecord(SCHEMA, STRUCT))
  assert.equal(out.valueSchema, SCHEMA, 'schema unchanged')
  const v = out.value as Struct
  assert.equal(v.get('magic'), 42)
  assert.equal(v.get('bool'), false)
  assert.equal(v.get('byte'), 0)
  assert.equal(v.get('short'), 0)
  assert.equal(v.get('int'), 0)
  assert.equal(v.get('long'), 0n)
  assert.equal(v.get('float'), 0)
  assert.equal(v.get('double'), 0)
  assert.equal(v.get('string'), '')
  assert.deepEqual(v.get('date'), new Date(0))
  assert.deepEqual(v.get('time'), new Date(0))
  assert.deepEqual(v.get('timestamp'), new Date(0))
  assert.ok((v.get('decimal') as BigDecimal).equals(new BigDecimal(0n)))
  assert.deepEqual(v.get('array'), [])
  assert.deepEqual(v.get('map'), new Map())
  assert.equal(v.getWithoutDefault('withDefault'), '', 'a null field takes its default, which is then masked')
  v.validate()
})

test('replace.null.with.default=false keeps null', () => {
  const out = maskValue({ fields: 'withDefault', 'replace.null.with.default': 'false' }).apply(valueRecord(SCHEMA, STRUCT))
  assert.equal((out.value as Struct).getWithoutDefault('withDefault'), null)
})

test('numeric and string replacement (Kafka testSchemalessWithReplacement / testWithSchemaAndReplacement)', () => {
  const value = new Map<string, unknown>([['int', 42], ['long', 42n], ['double', 42.5], ['string', 'blabla'], ['bigdec', new BigDecimal(1n)]])
  const m = maskValue({ fields: 'int,long,double,bigdec', replacement: '123' }).apply(valueRecord(null, value)).value as Map<string, unknown>
  assert.equal(m.get('int'), 123)
  assert.equal(m.get('long'), 123n)
  assert.equal(m.get('double'), 123)
  assert.ok((m.get('bigdec') as BigDecimal).equals(new BigDecimal(123n)))
  const s = maskValue({ fields: 'string', replacement: '******' }).apply(valueRecord(null, value)).value as Map<string, unknown>
  assert.equal(s.get('string'), '******')

  const v = maskValue({ fields: 'byte,short,int,long,float,double,decimal', replacement: '123' }).apply(valueRecord(SCHEMA, STRUCT)).value as Struct
  assert.equal(v.get('byte'), 123)
  assert.equal(v.get('short'), 123)
  assert.equal(v.get('int'), 123)
  assert.equal(v.get('long'), 123n)
  assert.equal(v.get('float'), 123)
  assert.equal(v.get('double'), 123)
  assert.ok((v.get('decimal') as BigDecimal).equals(new BigDecimal(123n)))
  const str = maskValue({ fields: 'string', replacement: 'x' }).apply(valueRecord(SCHEMA, STRUCT)).value as Struct
  assert.equal(str.get('string'), 'x')
  const f = maskValue({ fields: 'float', replacement: '1.5' }).apply(valueRecord(SCHEMA, STRUCT)).value as Struct
  assert.equal(f.get('float'), 1.5)
})

test('replacement errors', () => {
  assert.throws(() => maskValue({ fields: 'bool', replacement: 'x' }).apply(valueRecord(SCHEMA, STRUCT)), {
    name: 'DataError', message: 'Cannot mask value of type class java.lang.Boolean with custom replacement.'
  })
  assert.throws(() => maskValue({ fields: 'date', replacement: 'x' }).apply(valueRecord(SCHEMA, STRUCT)), {
    message: 'Cannot mask value of type class java.util.Date with custom replacement.'
  })
  assert.throws(() => maskValue({ fields: 'array', replacement: 'x' }).apply(valueRecord(null, new Map([['array', [1]]]))), {
    message: 'Cannot mask value of type class java.util.ArrayList with custom replacement.'
  })
  assert.throws(() => maskValue({ fields: 'decimal', replacement: 'abc' }).apply(valueRecord(SCHEMA, STRUCT)), {
    name: 'DataError', message: 'Unable to convert abc (class java.lang.String) to number'
  })
  assert.throws(() => maskValue({ fields: 'int', replacement: 'abc' }).apply(valueRecord(SCHEMA, STRUCT)), {
    name: 'DataError', message: 'Unable to convert abc (class java.lang.String) to a number'
  })
})

test('values that cannot be masked', () => {
  const bytesSchema = SchemaBuilder.struct().field('b', Schema.BYTES_SCHEMA).build()
  assert.throws(() => maskValue({ fields: 'b' }).apply(valueRecord(bytesSchema, new Struct(bytesSchema).put('b', Buffer.from('x')))), {
    name: 'DataError', message: 'Cannot mask value of type: class [B'
  })
  const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build()
  const outer = SchemaBuilder.struct().field('s', inner).build()
  assert.throws(() => maskValue({ fields: 's' }).apply(valueRecord(outer, new Struct(outer).put('s', new Struct(inner).put('x', 1)))), {
    message: 'Cannot mask value of type: class org.apache.kafka.connect.data.Struct'
  })
})

test('null values are errors, not passed through', () => {
  assert.throws(() => maskValue({ fields: 'a' }).apply(valueRecord(null, null)), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [mask fields], found: null'
  })
  assert.throws(() => maskValue({ fields: 'a' }).apply(valueRecord(SCHEMA, null)), {
    name: 'DataError', message: 'Only Struct objects supported for [mask fields], found: null'
  })
  assert.throws(() => maskKey({ fields: 'a' }).apply(keyRecord(null, null)), { message: /found: null$/ })
})

test('$Key masks the key only; nested fields are masked as a whole', () => {
  const out = maskKey({ fields: 'id,nested' }).apply(keyRecord(null, new Map<string, unknown>([['id', 'secret'], ['nested', new Map([['a', 1]])], ['x', 1]])))
  assert.deepEqual(out.key, new Map<string, unknown>([['id', ''], ['nested', new Map()], ['x', 1]]))
  assert.equal(out.value, 'v')
})
