// JsonConverter behaviour, ported from Kafka's JsonConverterTest (connect/json), plus bad input: every failure is a
// DataError with Kafka's message where Kafka has one.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JsonConverter } from '../../src/converters/json-converter.ts'
import {
  BigDecimal, ConnectDate, DataError, Decimal, Schema, SchemaAndValue, SchemaBuilder, Struct, Time, Timestamp, valuesEqual,
  type Schema as SchemaT
} from '../../src/data/index.ts'

const ENVELOPE = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'

function conv (configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter()
  c.configure(configs, false)
  return c
}

function read (text: string, configs?: Record<string, unknown>): SchemaAndValue {
  return conv(configs).toConnectData('topic', null, Buffer.from(text))
}

function write (schema: SchemaT | null, value: unknown, configs?: Record<string, unknown>): string | null {
  return conv(configs).fromConnectData('topic', null, schema, value)?.toString('utf8') ?? null
}

function assertRead (text: string, schema: SchemaT | null, value: unknown, configs?: Record<string, unknown>): void {
  const sv = read(text, configs)
  if (schema === null) assert.equal(sv.schema, null)
  else assert.ok(schema.equals(sv.schema), `schema for ${text}: ${String(sv.schema)}`)
  assert.ok(valuesEqual(sv.value, value), `value for ${text}: ${String(sv.value)}`)
}

function assertDataError (fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (err: Error) => {
    assert.ok(err instanceof DataError, `expected a DataError, got ${err.name}: ${err.message}`)
    if (typeof message === 'string') assert.equal(err.message, message)
    else assert.match(err.message, message)
    return true
  })
}

test('schema metadata is read', () => {
  assertRead('{ "schema": { "type": "boolean" }, "payload": true }', Schema.BOOLEAN_SCHEMA, true)
  assertRead('{ "schema": { "type": "boolean", "optional": true }, "payload": null }', Schema.OPTIONAL_BOOLEAN_SCHEMA, null)
  assertRead('{ "schema": { "type": "boolean", "default": true }, "payload": null }', SchemaBuilder.bool().defaultValue(true).build(), true)
  assertRead('{ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true }',
    SchemaBuilder.bool().required().name('bool').version(2).doc('the documentation').parameter('foo', 'bar').build(), true)
})

test('each type is read', () => {
  assertRead('{ "schema": { "type": "int8" }, "payload": 12 }', Schema.INT8_SCHEMA, 12)
  assertRead('{ "schema": { "type": "int16" }, "payload": 12 }', Schema.INT16_SCHEMA, 12)
  assertRead('{ "schema": { "type": "int32" }, "payload": 12 }', Schema.INT32_SCHEMA, 12)
  assertRead('{ "schema": { "type": "int64" }, "payload": 4398046511104 }', Schema.INT64_SCHEMA, 4398046511104n)
  assertRead('{ "schema": { "type": "int64" }, "payload": 9223372036854775807 }', Schema.INT64_SCHEMA, 9223372036854775807n)
  assertRead('{ "schema": { "type": "float" }, "payload": 12.34 }', Schema.FLOAT32_SCHEMA, Math.fround(12.34))
  assertRead('{ "schema": { "type": "double" }, "payload": 12.34 }', Schema.FLOAT64_SCHEMA, 12.34)
  assertRead('{ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" }', Schema.BYTES_SCHEMA, Buffer.from('test-string'))
  assertRead('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }', Schema.STRING_SCHEMA, 'foo-bar-baz')
  assertRead('{ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] }', SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 3])
  assertRead('{ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} }',
    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['key1', 12], ['key2', 15]]))
  assertRead('{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] }',
    SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]]))
  const structSchema = SchemaBuilder.struct().field('field1', Schema.BOOLEAN_SCHEMA).field('field2', Schema.STRING_SCHEMA).build()
  assertRead('{ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, { "field": "field2", "type": "string" }] }, "payload": { "field1": true, "field2": "string" } }',
    structSchema, new Struct(structSchema).put('field1', true).put('field2', 'string'))
  const optSchema = SchemaBuilder.struct().field('optional', Schema.OPTIONAL_STRING_SCHEMA).field('required', Schema.STRING_SCHEMA).build()
  assertRead('{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }',
    optSchema, new Struct(optSchema).put('required', 'required'))
})

test('numbers with leading zeros are read (Jackson ALLOW_LEADING_ZEROS_FOR_NUMBERS)', () => {
  assertRead('{ "schema": { "type": "int8" }, "payload": 0012 }', Schema.INT8_SCHEMA, 12)
  assertRead('{ "schema": { "type": "int16" }, "payload": 000123 }', Schema.INT16_SCHEMA, 123)
  assertRead('{ "schema": { "type": "int32" }, "payload": 000012345 }', Schema.INT32_SCHEMA, 12345)
  assertRead('{ "schema": { "type": "int64" }, "payload": 00000123456789 }', Schema.INT64_SCHEMA, 123456789n)
})

test('logical types are read, with defaults', () => {
  const dec = new BigDecimal(156n, 2)
  const decSchema = '"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1'
  assertRead(`{ "schema": { ${decSchema}, "parameters": { "scale": "2" } }, "payload": "AJw=" }`, Decimal.schema(2), dec)
  assertRead(`{ "schema": { ${decSchema}, "optional": true, "parameters": { "scale": "2" } }, "payload": null }`, Decimal.builder(2).optional().build(), null)
  assertRead(`{ "schema": { ${decSchema}, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }`, Decimal.builder(2).defaultValue(dec).build(), dec)
  assertRead(`{ "schema": { ${decSchema}, "parameters": { "scale": "2" } }, "payload": 1.56 }`, Decimal.schema(2), dec)
  assertRead(`{ "schema": { ${decSchema}, "parameters": { "scale": "4" } }, "payload": 1.5600 }`, Decimal.schema(4), new BigDecimal(15600n, 4))
  assertRead(`{ "schema": { ${decSchema}, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }`, Decimal.schema(17), BigDecimal.parse('1.23456789123456789'))
  assertRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1 }, "payload": 10000 }', ConnectDate.SCHEMA, new Date(10000 * 86400000))
  assertRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "default": 0 }, "payload": null }', ConnectDate.builder().defaultValue(new Date(0)).build(), new Date(0))
  assertRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 }', Time.SCHEMA, new Date(14400000))
  assertRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1, "optional": true }, "payload": null }', Time.builder().optional().build(), null)
  assertRead('{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1 }, "payload": 4000000000 }', Timestamp.SCHEMA, new Date(4000000000))
  assertRead('{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1,  "optional": true, "default": 42 }, "payload": null }',
    Timestamp.builder().optional().defaultValue(new Date(42)).build(), new Date(42))
})

test('tombstones and empty input', () => {
  assert.equal(conv().toConnectData('t', null, null), SchemaAndValue.NULL)
  assert.equal(conv().fromConnectData('t', null, null, null), null)
  assert.equal(conv({ 'schemas.enable': false }).fromConnectData('t', null, null, null), null)
  assertRead('', null, null, { 'schemas.enable': false })
  assertRead('   ', null, null, { 'schemas.enable': false })
  assertDataError(() => read(''), ENVELOPE)
  assert.equal(write(Schema.OPTIONAL_STRING_SCHEMA, null, { 'schemas.enable': false }), 'null')
})

test('schemaless reads: integral numbers are INT64, others FLOAT64, objects maps', () => {
  assertRead('{ "schema": null, "payload": null }', null, null)
  assertRead('{ "schema": null, "payload": true }', null, true)
  assertRead('{ "schema": null, "payload": 12 }', null, 12n)
  assertRead('{ "schema": null, "payload": 12.24 }', null, 12.24)
  assertRead('{ "schema": null, "payload": 1.0 }', null, 1)
  assertRead('{ "schema": null, "payload": "a string" }', null, 'a string')
  assertRead('{ "schema": null, "payload": [1, "2", 3] }', null, [1n, '2', 3n])
  assertRead('{ "schema": null, "payload": { "field1": 1, "field2": 2} }', null, new Map([['field1', 1n], ['field2', 2n]]))
  assertRead('{ "a": "", "b": null}', null, new Map([['a', ''], ['b', null]]), { 'schemas.enable': false })
  assertRead('true', null, true, { 'schemas.enable': false })
})

test('each type is written', () => {
  const env = (schema: string, payload: string): string => `{"schema":${schema},"payload":${payload}}`
  assert.equal(write(Schema.BOOLEAN_SCHEMA, true), env('{"type":"boolean","optional":false}', 'true'))
  assert.equal(write(Schema.INT8_SCHEMA, 12), env('{"type":"int8","optional":false}', '12'))
  assert.equal(write(Schema.INT16_SCHEMA, 12), env('{"type":"int16","optional":false}', '12'))
  assert.equal(write(Schema.INT32_SCHEMA, 12), env('{"type":"int32","optional":false}', '12'))
  assert.equal(write(Schema.INT64_SCHEMA, 4398046511104n), env('{"type":"int64","optional":false}', '4398046511104'))
  assert.equal(write(Schema.FLOAT32_SCHEMA, 12.34), env('{"type":"float","optional":false}', '12.34'))
  assert.equal(write(Schema.FLOAT64_SCHEMA, 12.34), env('{"type":"double","optional":false}', '12.34'))
  assert.equal(write(Schema.FLOAT64_SCHEMA, 1), env('{"type":"double","optional":false}', '1.0'))
  assert.equal(write(Schema.FLOAT64_SCHEMA, NaN), env('{"type":"double","optional":false}', '"NaN"'))
  assert.equal(write(Schema.FLOAT32_SCHEMA, Infinity), env('{"type":"float","optional":false}', '"Infinity"'))
  assert.equal(write(Schema.BYTES_SCHEMA, Buffer.from('test-string')), env('{"type":"bytes","optional":false}', '"dGVzdC1zdHJpbmc="'))
  assert.equal(write(Schema.STRING_SCHEMA, 'test-string'), env('{"type":"string","optional":false}', '"test-string"'))
  assert.equal(write(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 3]),
    env('{"type":"array","items":{"type":"int32","optional":false},"optional":false}', '[1,2,3]'))
  assert.equal(write(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['key1', 12], ['key2', 15]])),
    env('{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false}', '{"key1":12,"key2":15}'))
  assert.equal(write(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { key1: 12 }),
    env('{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false}', '{"key1":12}'))
  assert.equal(write(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]])),
    env('{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false}', '[[1,12],[2,15]]'))
  assert.equal(write(Decimal.schema(2), new BigDecimal(156n, 2)),
    env('{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}', '"AJw="'))
  assert.equal(write(Decimal.schema(4), new BigDecimal(15600n, 4), { 'decimal.format': 'NUMERIC' })?.endsWith(',"payload":1.5600}'), true)
  assert.equal(write(ConnectDate.SCHEMA, new Date(10000 * 86400000)),
    env('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1}', '10000'))
  assert.equal(write(Time.SCHEMA, new Date(14400000)),
    env('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1}', '14400000'))
  assert.equal(write(Timestamp.SCHEMA, new Date(4000000000)),
    env('{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1}', '4000000000'))
})

test('schemaless values are written by their type', () => {
  assert.equal(write(null, true), '{"schema":null,"payload":true}')
  assert.equal(write(null, [1, 'string', true]), '{"schema":null,"payload":[1,"string",true]}')
  assert.equal(write(null, new Map<string, unknown>([['key1', 12], ['key2', 'string'], ['key3', true]])), '{"schema":null,"payload":{"key1":12,"key2":"string","key3":true}}')
  assert.equal(write(null, new Map<unknown, unknown>([['string', 12], [52, 'string'], [false, true]])), '{"schema":null,"payload":[["string",12],[52,"string"],[false,true]]}')
  assert.equal(write(null, 1.5), '{"schema":null,"payload":1.5}')
  assert.equal(write(null, 2n ** 62n), '{"schema":null,"payload":4611686018427387904}')
  assert.equal(write(null, true, { 'schemas.enable': false }), 'true')
  assertDataError(() => write(null, new BigDecimal(156n, 2)), 'Java class class java.math.BigDecimal does not have corresponding schema type.')
  assertDataError(() => write(null, new Struct(SchemaBuilder.struct().build())), 'Mismatching schema.')
})

test('null handling follows replace.null.with.default', () => {
  const s = SchemaBuilder.string().optional().defaultValue('default').build()
  assert.equal(write(s, null), '{"schema":{"type":"string","optional":true,"default":"default"},"payload":"default"}')
  assert.equal(write(s, null, { 'replace.null.with.default': false }), '{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}')
  const st = SchemaBuilder.struct().field('field1', s).build()
  assert.equal(write(st, new Struct(st)), '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},"payload":{"field1":"default"}}')
  assert.equal(write(st, new Struct(st), { 'replace.null.with.default': false }), '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},"payload":{"field1":null}}')
  const text = '{"schema":{"type":"struct","fields":[{"field":"field1","type":"string","optional":true,"default":"default"}],"optional":false},"payload":{"field1":null}}'
  assert.equal((read(text).value as Struct).get('field1'), 'default')
  assert.equal((read(text).value as Struct).getWithoutDefault('field1'), 'default')
  assert.equal((read(text, { 'replace.null.with.default': false }).value as Struct).getWithoutDefault('field1'), null)
  assert.equal(read('{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}', { 'replace.null.with.default': false }).value, null)
  assertDataError(() => write(Schema.STRING_SCHEMA, null), 'Conversion error: null value for field that is required and has no default value')
})

test('header conversion delegates to data conversion', () => {
  const c = conv()
  assert.equal(c.fromConnectHeader('t', 'h', Schema.STRING_SCHEMA, 'test-string')!.toString(), '{"schema":{"type":"string","optional":false},"payload":"test-string"}')
  assert.equal(c.toConnectHeader('t', 'h', Buffer.from('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }')).value, 'foo-bar-baz')
  const h = new JsonConverter()
  h.configure({ 'converter.type': 'header' })
  assert.equal(h.toConnectHeader('t', 'h', Buffer.from('{"schema":null,"payload":1}')).value, 1n)
})

test('schema caches', () => {
  const c = conv()
  c.toConnectData('t', null, Buffer.from('{ "schema": { "type": "boolean" }, "payload": true }'))
  c.toConnectData('t', null, Buffer.from('{ "schema": { "type": "boolean" }, "payload": true }'))
  assert.equal(c.sizeOfToConnectSchemaCache(), 1)
  c.toConnectData('t', null, Buffer.from('{ "schema": { "type": "boolean", "optional": true }, "payload": true }'))
  c.toConnectData('t', null, Buffer.from('{ "schema": { "type": "boolean", "optional": false }, "payload": true }'))
  assert.equal(c.sizeOfToConnectSchemaCache(), 3)
  const s = SchemaBuilder.bool().build()
  c.fromConnectData('t', null, s, true)
  c.fromConnectData('t', null, s, true)
  assert.equal(c.sizeOfFromConnectSchemaCache(), 1)
  const small = conv({ 'schemas.cache.size': 1 })
  small.fromConnectData('t', null, Schema.INT8_SCHEMA, 1)
  small.fromConnectData('t', null, Schema.INT16_SCHEMA, 1)
  assert.equal(small.sizeOfFromConnectSchemaCache(), 1)
})

test('config: keys, defaults and validation', () => {
  assert.deepEqual(conv().config().names(), ['converter.type', 'schemas.enable', 'schemas.cache.size', 'decimal.format', 'replace.null.with.default'])
  assert.throws(() => new JsonConverter().configure({}), /converter.type/)
  assert.throws(() => conv({ 'decimal.format': 'HEX' }), /decimal.format/)
  assert.throws(() => conv({ 'schemas.enable': 'maybe' }), /Expected value to be either true or false/)
  assert.equal(write(Schema.BOOLEAN_SCHEMA, true, { 'schemas.enable': 'false' }), 'true')
  assert.throws(() => new JsonConverter().fromConnectData('t', null, Schema.INT8_SCHEMA, 1), /not been configured/)
})
