// JsonConverter on bad input: malformed JSON, missing envelope, type mismatches, overflow, invalid base64, bad
// schemas. Every failure is a DataError (Kafka's DataException) with Kafka's message where Kafka has one.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JsonConverter } from '../../src/converters/json-converter.ts'
import { BigDecimal, DataError, Decimal, Schema, SchemaBuilder, Struct } from '../../src/data/index.ts'

const ENVELOPE = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'
const SERIALIZATION = 'Converting byte[] to Kafka Connect data failed due to serialization error: '

function conv (configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter()
  c.configure(configs, false)
  return c
}

function readError (text: string | Buffer, message: string | RegExp, configs?: Record<string, unknown>): DataError {
  let caught: unknown
  try {
    conv(configs).toConnectData('t', null, typeof text === 'string' ? Buffer.from(text) : text)
  } catch (err) {
    caught = err
  }
  assert.ok(caught instanceof DataError, `expected a DataError for ${String(text)}, got ${String(caught)}`)
  if (typeof message === 'string') assert.equal(caught.message, message)
  else assert.match(caught.message, message)
  return caught
}

function writeError (schema: Schema | null, value: unknown, message: string | RegExp): void {
  assert.throws(() => conv().fromConnectData('t', null, schema, value), (err: Error) => {
    assert.ok(err instanceof DataError, `expected a DataError, got ${err.name}`)
    if (typeof message === 'string') assert.equal(err.message, message)
    else assert.match(err.message, message)
    return true
  })
}

test('malformed JSON is a serialization error with the parser\'s reason as cause', () => {
  for (const text of ['{', '{"schema":', 'nope', '{"a" 1}', '[1,]', '{"a":1,}', '"unterminated', '{"a":"\u0001"}', '01.', '-', '1e', 'NaN', "{'a':1}", '{"a":tru}', '[1 2]']) {
    const err = readError(text, SERIALIZATION, { 'schemas.enable': false })
    assert.ok(err.cause instanceof Error)
  }
  readError('{"schema":null,"payload":[1,2}', SERIALIZATION)
  readError(Buffer.from([0x7b, 0xff, 0x7d]), SERIALIZATION) // invalid UTF-8
  readError('[' .repeat(1001) + ']'.repeat(1001), SERIALIZATION, { 'schemas.enable': false })
})

test('Jackson leniencies are kept: trailing content ignored, leading zeros allowed, BOM skipped', () => {
  assert.equal(conv().toConnectData('t', null, Buffer.from('{"schema":null,"payload":1} trailing')).value, 1n)
  assert.equal(conv({ 'schemas.enable': false }).toConnectData('t', null, Buffer.from('007')).value, 7n)
  assert.equal(conv({ 'schemas.enable': false }).toConnectData('t', null, Buffer.from('\ufeff[1]')).value instanceof Array, true)
  readError('1x', SERIALIZATION, { 'schemas.enable': false }) // a root number must be followed by whitespace
})

test('the envelope is required when schemas are enabled', () => {
  readError('{"payload":1}', ENVELOPE)
  readError('{"schema":null}', ENVELOPE)
  readError('{"schema":null,"payload":1,"extra":2}', ENVELOPE)
  readError('[1,2]', ENVELOPE)
  readError('"text"', ENVELOPE)
  readError('12', ENVELOPE)
  readError('{"id":1,"name":"x"}', ENVELOPE)
  // a duplicate key still counts once (Jackson keeps the last value)
  assert.equal(conv().toConnectData('t', null, Buffer.from('{"schema":null,"payload":1,"payload":2}')).value, 2n)
})

test('bad schemas', () => {
  readError('{"schema":{},"payload":1}', "Schema must contain 'type' field")
  readError('{"schema":{"type":5},"payload":1}', "Schema must contain 'type' field")
  readError('{"schema":{"type":"int"},"payload":1}', 'Unknown schema type: int')
  readError('{"schema":{"type":"array"},"payload":[]}', 'Array schema did not specify the element type')
  readError('{"schema":{"type":"map","values":{"type":"int8"}},"payload":{}}', 'Map schema did not specify the key type')
  readError('{"schema":{"type":"map","keys":{"type":"int8"}},"payload":{}}', 'Map schema did not specify the value type')
  readError('{"schema":{"type":"struct","fields":{}},"payload":{}}', 'Struct schema\'s "fields" argument is not an array.')
  readError('{"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}}', "Struct schema's field name not specified properly")
  readError('{"schema":{"type":"struct","fields":[{"type":"int8","field":"a"},{"type":"int8","field":"a"}]},"payload":{}}', 'Cannot create field because of field name duplication a')
  readError('{"schema":{"type":"int8","parameters":{"a":1}},"payload":1}', 'Schema parameters must have string values.')
  readError('{"schema":{"type":"int8","default":"x"},"payload":1}', /Invalid JSON for INT8 field/)
  readError('{"schema":{"type":"int8","default":null},"payload":1}', 'Invalid null value for required INT8 field')
})

test('unknown or bad logical type parameters', () => {
  const dec = (params: string, payload: string): string =>
    `{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1${params}},"payload":${payload}}`
  let err = readError(dec('', '"AJw="'), 'Invalid bytes for Decimal field')
  assert.equal((err.cause as Error).message, 'Invalid Decimal schema: scale parameter not found.')
  err = readError(dec(',"parameters":{"scale":"two"}', '"AJw="'), 'Invalid bytes for Decimal field')
  assert.equal((err.cause as Error).message, 'Invalid scale parameter found in Decimal schema: ')
  readError(dec(',"parameters":{"scale":"2"}', '"%%%"'), 'Invalid bytes for Decimal field')
  readError(dec(',"parameters":{"scale":"2"}', '""'), 'Invalid bytes for Decimal field')
  readError(dec(',"parameters":{"scale":"2"}', 'true'), 'Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN')
  readError('{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":1.5}', 'Invalid type for Date, underlying representation should be integer but was NUMBER')
  readError('{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":"x"}', 'Invalid type for Time, underlying representation should be integer but was STRING')
  readError('{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":90000000}', 'Time values must use number of milliseconds greater than 0 and less than 86400000')
  readError('{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.0}', 'Invalid type for Timestamp, underlying representation should be integral but was NUMBER')
  writeError(Decimal.schema(2), new BigDecimal(1n, 3), 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 3.')
  writeError(Decimal.schema(2), 1.5, 'Invalid type for Decimal, expected BigDecimal but was class java.lang.Double')
  writeError(SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').build(), 5, 'Invalid type for Date, expected Date but was class java.lang.Integer')
  writeError(SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').build(), new Date(1), 'Kafka Connect Date type should not have any time fields set to non-zero values.')
})

test('type mismatches and overflow when reading (kconnect is strict where Jackson coerces)', () => {
  readError('{"schema":{"type":"int8"},"payload":300}', 'Numeric value (300) out of range of INT8 field')
  readError('{"schema":{"type":"int8"},"payload":-129}', 'Numeric value (-129) out of range of INT8 field')
  readError('{"schema":{"type":"int16"},"payload":32768}', 'Numeric value (32768) out of range of INT16 field')
  readError('{"schema":{"type":"int32"},"payload":2147483648}', 'Numeric value (2147483648) out of range of INT32 field')
  readError('{"schema":{"type":"int64"},"payload":9223372036854775808}', 'Numeric value (9223372036854775808) out of range of INT64 field')
  readError('{"schema":{"type":"int32"},"payload":1.5}', 'Numeric value (1.5) is not an integer, as a INT32 field requires')
  readError('{"schema":{"type":"int32"},"payload":"5"}', 'Invalid JSON for INT32 field: expected a number but found STRING')
  readError('{"schema":{"type":"string"},"payload":5}', 'Invalid JSON for STRING field: expected a string but found NUMBER')
  readError('{"schema":{"type":"boolean"},"payload":"true"}', 'Invalid JSON for BOOLEAN field: expected a boolean but found STRING')
  readError('{"schema":{"type":"double"},"payload":"1.5"}', 'Invalid JSON for FLOAT64 field: expected a number but found STRING')
  readError('{"schema":{"type":"bytes"},"payload":5}', 'Invalid JSON for BYTES field: expected a base64 string but found NUMBER')
  readError('{"schema":{"type":"array","items":{"type":"int8"}},"payload":{}}', 'Arrays should be encoded as JSON arrays, but found OBJECT')
  readError('{"schema":{"type":"struct","fields":[]},"payload":[]}', 'Structs should be encoded as JSON objects, but found ARRAY')
  readError('{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int8"}},"payload":[]}', 'Maps with string fields should be encoded as JSON objects, but found ARRAY')
  readError('{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":{}}', 'Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT')
  readError('{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":[1]}', 'Found invalid map entry instead of array tuple: NUMBER')
  readError('{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":[[1]]}', 'Found invalid map entry, expected length 2 but found :1')
  readError('{"schema":{"type":"int8"},"payload":null}', 'Invalid null value for required INT8 field')
  readError('{"schema":{"type":"struct","fields":[{"type":"string","field":"a"}]},"payload":{}}', 'Invalid null value for required STRING field')
  readError('12345678901234567890', 'Numeric value (12345678901234567890) out of range of long (INT64)', { 'schemas.enable': false })
  // accepted: exact integers written as decimals, and the strings Jackson writes for non-finite floats
  assert.equal(conv().toConnectData('t', null, Buffer.from('{"schema":{"type":"int32"},"payload":1.0}')).value, 1)
  assert.ok(Number.isNaN(conv().toConnectData('t', null, Buffer.from('{"schema":{"type":"double"},"payload":"NaN"}')).value))
})

test('invalid base64 for BYTES', () => {
  for (const b64 of ['!!!!', 'AAA', 'A===', 'AA=A', 'AAAA A', 'AA\u00e9A']) {
    const err = readError(`{"schema":{"type":"bytes"},"payload":"${b64}"}`, 'Invalid bytes field')
    assert.ok(err.cause instanceof Error, b64)
  }
  // Jackson accepts whitespace between 4-character units and data after a padded unit
  assert.deepEqual([...conv().toConnectData('t', null, Buffer.from('{"schema":{"type":"bytes"},"payload":" AAAA AA=="}')).value as Buffer], [0, 0, 0, 0])
  assert.deepEqual([...conv().toConnectData('t', null, Buffer.from('{"schema":{"type":"bytes"},"payload":"AA==AA=="}')).value as Buffer], [0, 0])
})

test('type mismatches when writing name the Java class', () => {
  writeError(Schema.FLOAT64_SCHEMA, true, 'Invalid type for FLOAT64: class java.lang.Boolean')
  writeError(Schema.INT8_SCHEMA, 128, 'Invalid type for INT8: class java.lang.Integer')
  writeError(Schema.INT32_SCHEMA, 1.5, 'Invalid type for INT32: class java.lang.Double')
  writeError(Schema.INT64_SCHEMA, 5, 'Invalid type for INT64: class java.lang.Integer')
  writeError(Schema.STRING_SCHEMA, 5n, 'Invalid type for STRING: class java.lang.Long')
  writeError(Schema.BYTES_SCHEMA, 'x', 'Invalid type for bytes type: class java.lang.String')
  writeError(SchemaBuilder.array(Schema.INT8_SCHEMA).build(), 'x', 'Invalid type for ARRAY: class java.lang.String')
  writeError(SchemaBuilder.array(Schema.INT8_SCHEMA).build(), ['x'], 'Invalid type for INT8: class java.lang.String')
  writeError(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), [1], 'Invalid type for MAP: class java.util.ArrayList')
  const a = SchemaBuilder.struct().field('x', Schema.INT8_SCHEMA).build()
  const b = SchemaBuilder.struct().field('y', Schema.INT8_SCHEMA).build()
  writeError(a, new Struct(b).put('y', 1), 'Mismatching schema.')
  writeError(a, 'x', 'Invalid type for STRUCT: class java.lang.String')
  writeError(null, Symbol('s'), 'Java class class java.lang.Object does not have corresponding schema type.')
})
