// ByteArrayConverter (after Kafka's ByteArrayConverterTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ByteArrayConverter } from '../../src/converters/byte-array-converter.ts'
import { Schema } from '../../src/data/index.ts'

const c = new ByteArrayConverter()
c.configure({}, false)
const SAMPLE = Buffer.from('sample bytes')

test('bytes pass through', () => {
  assert.deepEqual(c.fromConnectData('t', null, Schema.BYTES_SCHEMA, SAMPLE), SAMPLE)
  assert.deepEqual(c.fromConnectData('t', null, null, new Uint8Array([1, 2])), Buffer.from([1, 2]))
  assert.equal(c.fromConnectData('t', null, Schema.OPTIONAL_BYTES_SCHEMA, null), null)
  const sv = c.toConnectData('t', null, SAMPLE)
  assert.equal(sv.schema, Schema.OPTIONAL_BYTES_SCHEMA)
  assert.deepEqual(sv.value, SAMPLE)
  assert.equal(c.toConnectData('t', null, null).value, null)
})

test('only BYTES schemas and byte values', () => {
  assert.throws(() => c.fromConnectData('t', null, Schema.INT32_SCHEMA, SAMPLE), { name: 'DataError', message: 'Invalid schema type for ByteArrayConverter: INT32' })
  assert.throws(() => c.fromConnectData('t', null, Schema.BYTES_SCHEMA, 12), { name: 'DataError', message: 'ByteArrayConverter is not compatible with objects of type class java.lang.Integer' })
})

test('header conversion delegates', () => {
  assert.deepEqual(c.fromConnectHeader('t', 'h', Schema.BYTES_SCHEMA, SAMPLE), SAMPLE)
  assert.deepEqual(c.toConnectHeader('t', 'h', SAMPLE).value, SAMPLE)
})
