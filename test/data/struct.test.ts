// Struct: put validation, validate(), defaults, typed getters, equality (cases after Kafka's StructTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct } from '../../src/data/index.ts'

const nested = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build()
const schema = SchemaBuilder.struct()
  .field('int8', Schema.INT8_SCHEMA)
  .field('int64', Schema.OPTIONAL_INT64_SCHEMA)
  .field('str', SchemaBuilder.string().defaultValue('dflt').build())
  .field('bytes', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('list', SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
  .field('nested', SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).optional().build())
  .field('dec', SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('scale', '2').optional().build())
  .build()

test('put checks the value against the field schema', () => {
  const s = new Struct(schema)
  s.put('int8', 12).put('int64', 12n).put('bytes', Buffer.from('ab'))
  assert.equal(s.get('int8'), 12)
  assert.equal(s.getInt8('int8'), 12)
  assert.equal(s.getInt64('int64'), 12n)
  assert.throws(() => s.put('int8', 200), { name: 'DataError', message: 'Invalid Java object for schema with type INT8: class java.lang.Integer for field: "int8"' })
  assert.throws(() => s.put('int64', 12), /INT64: class java.lang.Integer for field: "int64"/)
  assert.throws(() => s.put('list', [1, 'a']), /element of array field: "list"/)
  assert.throws(() => s.put('nope', 1), { message: 'nope is not a valid field name' })
  assert.throws(() => s.put('nested', new Struct(nested)), { message: 'Struct schemas do not match.' })
  assert.throws(() => s.put('int8', null), { message: 'Invalid value: null used for required field: "int8", schema type: INT8' })
})

test('validate() requires required fields without default', () => {
  const s = new Struct(schema)
  assert.throws(() => s.validate(), { message: 'Invalid value: null used for required field: "int8", schema type: INT8' })
  s.put('int8', 1)
  s.validate() // str has a default, the rest are optional
})

test('get returns the default, getWithoutDefault the raw value', () => {
  const s = new Struct(schema)
  assert.equal(s.get('str'), 'dflt')
  assert.equal(s.getWithoutDefault('str'), null)
  assert.equal(s.getString('str'), null)
  s.put('str', 'x')
  assert.equal(s.get('str'), 'x')
})

test('typed getters check the field type', () => {
  const s = new Struct(schema).put('int8', 1)
  assert.throws(() => s.getInt32('int8'), { message: "Field 'int8' is not of type INT32" })
  assert.equal(s.getArray('list'), null)
  assert.equal(s.getMap('map'), null)
  assert.equal(s.getStruct('nested'), null)
})

test('a struct needs a struct schema', () => {
  assert.throws(() => new Struct(Schema.INT8_SCHEMA), { message: 'Not a struct schema: Schema{INT8}' })
})

test('equality is by schema and deep value; toString lists set fields', () => {
  const mk = (): Struct => new Struct(schema).put('int8', 1).put('bytes', Buffer.from([1, 2])).put('list', [1, 2])
    .put('map', new Map([['a', 1]])).put('dec', new BigDecimal(123n, 2))
  assert.ok(mk().equals(mk()))
  assert.ok(!mk().equals(mk().put('int8', 2)))
  assert.ok(!mk().equals(mk().put('dec', new BigDecimal(1230n, 3)))) // BigDecimal equality includes the scale
  assert.equal(String(new Struct(schema).put('int8', 1).put('str', 'x')), 'Struct{int8=1,str=x}')
})
