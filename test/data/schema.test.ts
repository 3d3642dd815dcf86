// Schemas, SchemaBuilder and ConnectSchema.validateValue; cases follow Kafka's SchemaBuilderTest, ConnectSchemaTest.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BigDecimal, ConnectSchema, DataError, Decimal, Schema, SchemaBuilder, SchemaBuilderError, Struct, Time, Timestamp,
  schemaEquals, typeName, isPrimitiveType, ConnectDate
} from '../../src/data/index.ts'

test('predefined schemas have Kafka names, optionality and no metadata', () => {
  assert.equal(Schema.INT32_SCHEMA.type(), 'INT32')
  assert.equal(Schema.INT32_SCHEMA.isOptional(), false)
  assert.equal(Schema.OPTIONAL_STRING_SCHEMA.isOptional(), true)
  assert.equal(Schema.BYTES_SCHEMA.name(), null)
  assert.equal(Schema.BYTES_SCHEMA.version(), null)
  assert.equal(Schema.BYTES_SCHEMA.defaultValue(), null)
  assert.equal(Schema.Type.STRUCT, 'STRUCT')
  assert.equal(typeName('FLOAT64'), 'float64')
  assert.equal(isPrimitiveType('BYTES'), true)
  assert.equal(isPrimitiveType('MAP'), false)
  assert.equal(String(Schema.INT8_SCHEMA), 'Schema{INT8}')
  assert.equal(String(Decimal.schema(2)), 'Schema{org.apache.kafka.connect.data.Decimal:BYTES}')
})

test('SchemaBuilder builds every attribute', () => {
  const s = SchemaBuilder.int32().name('n').version(2).doc('d').parameter('a', '1').parameters({ b: '2' })
    .optional().defaultValue(12).build()
  assert.equal(s.type(), 'INT32')
  assert.equal(s.name(), 'n')
  assert.equal(s.version(), 2)
  assert.equal(s.doc(), 'd')
  assert.deepEqual([...s.parameters()!], [['a', '1'], ['b', '2']])
  assert.equal(s.isOptional(), true)
  assert.equal(s.defaultValue(), 12)
})

test('SchemaBuilder is itself a Schema with accessors', () => {
  const b = SchemaBuilder.struct().name('x').field('f', Schema.STRING_SCHEMA)
  assert.equal(b.name(), 'x')
  assert.equal(b.field('f')!.name(), 'f')
  assert.equal(b.fields().length, 1)
  assert.equal(b.isOptional(), false)
  assert.ok(b.schema() instanceof ConnectSchema)
})

test('SchemaBuilder rejects setting a property twice with Kafka\'s message', () => {
  assert.throws(() => SchemaBuilder.int8().name('a').name('b'),
    { name: 'SchemaBuilderError', message: 'Invalid SchemaBuilder call: name has already been set.' })
  assert.throws(() => SchemaBuilder.int8().version(1).version(2), /version has already been set/)
  assert.throws(() => SchemaBuilder.int8().doc('a').doc('b'), /doc has already been set/)
  assert.throws(() => SchemaBuilder.int8().optional().required(), /optional has already been set/)
  assert.throws(() => SchemaBuilder.int8().defaultValue(1).defaultValue(2), /default has already been set/)
  // the same value again is allowed
  assert.equal(SchemaBuilder.int8().optional().optional().build().isOptional(), true)
})

test('SchemaBuilder validates defaults', () => {
  assert.throws(() => SchemaBuilder.int8().defaultValue('x'), (err: Error) => {
    assert.ok(err instanceof SchemaBuilderError)
    assert.ok(err instanceof DataError)
    assert.equal(err.message, 'Invalid default value')
    assert.match((err.cause as Error).message, /Invalid Java object for schema with type INT8: class java.lang.String for value/)
    return true
  })
  assert.throws(() => SchemaBuilder.int8().defaultValue(128), /Invalid default value/)
  assert.throws(() => SchemaBuilder.int64().defaultValue(5), /Invalid default value/)
  assert.equal(SchemaBuilder.int64().defaultValue(5n).build().defaultValue(), 5n)
  assert.throws(() => Decimal.builder(2).defaultValue(new Uint8Array([1])), /Invalid default value/)
  assert.ok(Decimal.builder(2).defaultValue(new BigDecimal(1n, 2)).build())
})

test('SchemaBuilder struct fields: order, duplicates, non-struct', () => {
  const s = SchemaBuilder.struct().field('b', Schema.INT8_SCHEMA).field('a', Schema.STRING_SCHEMA).build()
  assert.deepEqual(s.fields().map(f => [f.name(), f.index()]), [['b', 0], ['a', 1]])
  assert.equal(s.field('a')!.schema(), Schema.STRING_SCHEMA)
  assert.equal(s.field('nope'), null)
  assert.throws(() => SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).field('a', Schema.INT8_SCHEMA),
    { message: 'Cannot create field because of field name duplication a' })
  assert.throws(() => SchemaBuilder.int8().field('a', Schema.INT8_SCHEMA), { message: 'Cannot create fields on type INT8' })
  assert.throws(() => SchemaBuilder.struct().field('', Schema.INT8_SCHEMA), { message: 'fieldName cannot be null.' })
  assert.throws(() => Schema.INT8_SCHEMA.fields(), { name: 'DataError', message: 'Cannot list fields on non-struct type' })
  assert.throws(() => Schema.INT8_SCHEMA.field('x'), { message: 'Cannot look up fields on non-struct type' })
  assert.throws(() => Schema.INT8_SCHEMA.keySchema(), { message: 'Cannot look up key schema on non-map type' })
  assert.throws(() => Schema.INT8_SCHEMA.valueSchema(), { message: 'Cannot look up value schema on non-array and non-map type' })
})

test('array and map builders require element schemas', () => {
  assert.throws(() => SchemaBuilder.array(null as unknown as Schema), { message: 'valueSchema cannot be null.' })
  assert.throws(() => SchemaBuilder.map(null as unknown as Schema, Schema.INT8_SCHEMA), { message: 'keySchema cannot be null.' })
  assert.throws(() => SchemaBuilder.map(Schema.INT8_SCHEMA, null as unknown as Schema), { message: 'valueSchema cannot be null.' })
  const m = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()
  assert.equal(m.keySchema(), Schema.STRING_SCHEMA)
  assert.equal(m.valueSchema(), Schema.INT32_SCHEMA)
})

test('schema equality compares content, a builder equals only itself', () => {
  const a = SchemaBuilder.struct().name('s').field('f', SchemaBuilder.int32().defaultValue(3).build()).build()
  const b = SchemaBuilder.struct().name('s').field('f', SchemaBuilder.int32().defaultValue(3).build()).build()
  const c = SchemaBuilder.struct().name('s').field('f', SchemaBuilder.int32().defaultValue(4).build()).build()
  assert.ok(schemaEquals(a, b))
  assert.ok(a.equals(b))
  assert.ok(!schemaEquals(a, c))
  assert.ok(!schemaEquals(Schema.INT8_SCHEMA, Schema.OPTIONAL_INT8_SCHEMA))
  assert.ok(schemaEquals(Decimal.schema(2), Decimal.schema(2)))
  assert.ok(!schemaEquals(Decimal.schema(2), Decimal.schema(3)))
  assert.ok(schemaEquals(SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 2])).build(), SchemaBuilder.bytes().defaultValue(Buffer.from([1, 2])).build()))
  const builder = SchemaBuilder.int8()
  assert.ok(schemaEquals(builder, builder))
  assert.ok(!schemaEquals(builder, builder.build()))
  assert.ok(!schemaEquals(builder.build(), builder))
  assert.ok(!schemaEquals(a, null))
})

test('validateValue: types, ranges and messages', () => {
  const v = ConnectSchema.validateValue
  v(Schema.INT8_SCHEMA, 127)
  v(Schema.INT16_SCHEMA, -32768)
  v(Schema.INT32_SCHEMA, 2147483647)
  v(Schema.INT64_SCHEMA, 9223372036854775807n)
  v(Schema.FLOAT32_SCHEMA, 1.5)
  v(Schema.FLOAT64_SCHEMA, NaN)
  v(Schema.BOOLEAN_SCHEMA, false)
  v(Schema.STRING_SCHEMA, '')
  v(Schema.BYTES_SCHEMA, Buffer.alloc(0))
  v(SchemaBuilder.array(Schema.INT8_SCHEMA).build(), [1, 2])
  v(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([['a', 1]]))
  v(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), { a: 1 })
  v(Schema.OPTIONAL_INT8_SCHEMA, null)
  v(Decimal.schema(2), new BigDecimal(1n, 2))
  v(ConnectDate.SCHEMA, new Date(0))
  v(Time.SCHEMA, new Date(0))
  v(Timestamp.SCHEMA, new Date(0))
  assert.throws(() => v(Schema.INT8_SCHEMA, 128), { message: 'Invalid Java object for schema with type INT8: class java.lang.Integer for value' })
  assert.throws(() => v(Schema.INT32_SCHEMA, 1.5), { message: 'Invalid Java object for schema with type INT32: class java.lang.Double for value' })
  assert.throws(() => v(Schema.INT64_SCHEMA, 1), { message: 'Invalid Java object for schema with type INT64: class java.lang.Integer for value' })
  assert.throws(() => v(Schema.INT64_SCHEMA, 2n ** 63n), /INT64: class java.lang.Long/)
  assert.throws(() => v(Schema.STRING_SCHEMA, null), { message: 'Invalid value: null used for required value, schema type: STRING' })
  assert.throws(() => v(Schema.STRING_SCHEMA, 1, 'f'), { message: 'Invalid Java object for schema with type STRING: class java.lang.Integer for field: "f"' })
  assert.throws(() => v(Decimal.schema(2), Buffer.from([1])),
    { message: 'Invalid Java object for schema "org.apache.kafka.connect.data.Decimal" with type BYTES: class [B for value' })
  assert.throws(() => v(SchemaBuilder.array(Schema.INT8_SCHEMA).build(), [1, 'x']),
    { message: 'Invalid Java object for schema with type INT8: class java.lang.String for element of array value' })
  assert.throws(() => v(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([[1, 1]])),
    { message: 'Invalid Java object for schema with type STRING: class java.lang.Integer for key of map value' })
  assert.throws(() => v(SchemaBuilder.arrayOfNull().build(), [1]), { message: 'No schema defined for element of array value' })
  const s1 = SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).build()
  const s2 = SchemaBuilder.struct().field('b', Schema.INT8_SCHEMA).build()
  assert.throws(() => v(s1, new Struct(s2).put('b', 1)), { message: 'Struct schemas do not match.' })
  assert.throws(() => v(s1, new Struct(s1)), { message: 'Invalid value: null used for required field: "a", schema type: INT8' })
})
