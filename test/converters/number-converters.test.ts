// The number converters and BooleanConverter (after Kafka's NumberConverterTest subclasses and BooleanConverterTest):
// big-endian bytes like Kafka's serializers, OPTIONAL schemas on read, Kafka's messages on bad input.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter
} from '../../src/converters/number-converters.ts'
import { DataError, Schema, type Converter } from '../../src/api/index.ts'

function configured<T extends Converter> (c: T): T {
  c.configure({}, false)
  return c
}

const cases = [
  { c: configured(new ShortConverter()), schema: Schema.OPTIONAL_INT16_SCHEMA, value: -2, bytes: [0xff, 0xfe], typeName: 'short', size: 2, wrong: 'x' },
  { c: configured(new IntegerConverter()), schema: Schema.OPTIONAL_INT32_SCHEMA, value: 0x01020304, bytes: [1, 2, 3, 4], typeName: 'integer', size: 4, wrong: 1.5 },
  { c: configured(new LongConverter()), schema: Schema.OPTIONAL_INT64_SCHEMA, value: -2n, bytes: [255, 255, 255, 255, 255, 255, 255, 254], typeName: 'long', size: 8, wrong: 5 },
  { c: configured(new FloatConverter()), schema: Schema.OPTIONAL_FLOAT32_SCHEMA, value: 1.5, bytes: [0x3f, 0xc0, 0, 0], typeName: 'float', size: 4, wrong: '1' },
  { c: configured(new DoubleConverter()), schema: Schema.OPTIONAL_FLOAT64_SCHEMA, value: 1.5, bytes: [0x3f, 0xf8, 0, 0, 0, 0, 0, 0], typeName: 'double', size: 8, wrong: true }
]

for (const k of cases) {
  test(`${k.typeName}: big-endian bytes both ways, null passes`, () => {
    assert.deepEqual([...k.c.fromConnectData('t', null, k.schema, k.value)!], k.bytes)
    const sv = k.c.toConnectData('t', null, Buffer.from(k.bytes))
    assert.equal(sv.schema, k.schema)
    assert.equal(sv.value, k.value)
    assert.equal(k.c.fromConnectData('t', null, k.schema, null), null)
    assert.equal(k.c.toConnectData('t', null, null).value, null)
    assert.equal(k.c.toConnectData('t', null, null).schema, k.schema)
  })

  test(`${k.typeName}: wrong length and wrong type`, () => {
    assert.throws(() => k.c.toConnectData('t', null, Buffer.alloc(k.size + 1)), (err: Error) => {
      assert.ok(err instanceof DataError)
      assert.equal(err.message, `Failed to deserialize ${k.typeName}: `)
      assert.match((err.cause as Error).message, new RegExp(`^Size of data received by .*Deserializer is not ${k.size}$`))
      return true
    })
    assert.throws(() => k.c.fromConnectData('t', null, k.schema, k.wrong), { name: 'DataError', message: new RegExp(`^Failed to serialize to ${k.typeName} \\(was class java\\.lang\\.\\w+\\): $`) })
  })
}

test('integer/long/double round trips', () => {
  const [, int, long, , double] = cases
  fc.assert(fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), n => {
    assert.equal(int!.c.toConnectData('t', null, int!.c.fromConnectData('t', null, null, n)).value, n)
  }))
  fc.assert(fc.property(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), n => {
    assert.equal(long!.c.toConnectData('t', null, long!.c.fromConnectData('t', null, null, n)).value, n)
  }))
  fc.assert(fc.property(fc.double(), n => {
    assert.ok(Object.is(double!.c.toConnectData('t', null, double!.c.fromConnectData('t', null, null, n)).value, n))
  }))
})

test('BooleanConverter: one byte; schema must be BOOLEAN', () => {
  const c = configured(new BooleanConverter())
  assert.deepEqual([...c.fromConnectData('t', null, Schema.BOOLEAN_SCHEMA, true)!], [1])
  assert.deepEqual([...c.fromConnectData('t', null, null, false)!], [0])
  assert.equal(c.fromConnectData('t', null, Schema.OPTIONAL_BOOLEAN_SCHEMA, null), null)
  assert.equal(c.toConnectData('t', null, Buffer.from([1])).value, true)
  assert.equal(c.toConnectData('t', null, Buffer.from([0])).schema, Schema.OPTIONAL_BOOLEAN_SCHEMA)
  assert.throws(() => c.fromConnectData('t', null, Schema.INT8_SCHEMA, true), { message: 'Invalid schema type for BooleanConverter: INT8' })
  assert.throws(() => c.fromConnectData('t', null, null, 'true'), { message: 'BooleanConverter is not compatible with objects of type class java.lang.String' })
  assert.throws(() => c.toConnectData('t', null, Buffer.from([1, 0])), (err: Error) => err.message === 'Failed to deserialize boolean: ' && (err.cause as Error).message === 'Size of data received by BooleanDeserializer is not 1')
  assert.throws(() => c.toConnectData('t', null, Buffer.from([0xff])), (err: Error) => (err.cause as Error).message === 'Unexpected byte received by BooleanDeserializer: -1')
})

test('converter.type is required when configured as a header converter', () => {
  assert.throws(() => new IntegerConverter().configure({}), /converter.type/)
  new IntegerConverter().configure({ 'converter.type': 'header' })
  assert.throws(() => new IntegerConverter().configure({ 'converter.type': 'other' }), /String must be one of: key, value, header/)
})
