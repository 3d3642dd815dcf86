// Logical types: Decimal bytes are Java BigInteger.toByteArray (minimal two's complement), Date/Time/Timestamp
// checks and messages as Kafka's DecimalTest, DateTest, TimeTest, TimestampTest.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Time, Timestamp } from '../../src/data/index.ts'

const DAY = 86400000

test('Decimal schema: BYTES, name, scale parameter, version 1', () => {
  const s = Decimal.schema(2)
  assert.equal(s.type(), 'BYTES')
  assert.equal(s.name(), 'org.apache.kafka.connect.data.Decimal')
  assert.equal(s.version(), 1)
  assert.deepEqual([...s.parameters()!], [['scale', '2']])
})

test('Decimal bytes are minimal big-endian two\'s complement', () => {
  const s = Decimal.schema(0)
  const cases: Array<[bigint, number[]]> = [
    [0n, [0]], [1n, [1]], [127n, [127]], [128n, [0, 128]], [156n, [0, 156]], [255n, [0, 255]], [256n, [1, 0]],
    [-1n, [255]], [-128n, [128]], [-129n, [255, 127]], [-100n, [156]], [-256n, [255, 0]], [-32768n, [128, 0]], [32768n, [0, 128, 0]]
  ]
  for (const [v, bytes] of cases) {
    assert.deepEqual([...Decimal.fromLogical(s, new BigDecimal(v, 0))], bytes, String(v))
    assert.equal(Decimal.toLogical(s, Uint8Array.from(bytes)).unscaledValue, v)
  }
  assert.equal(Decimal.fromLogical(Decimal.schema(2), new BigDecimal(156n, 2)).toString('base64'), 'AJw=')
})

test('Decimal scale must match; scale parameter must be present and an int', () => {
  assert.throws(() => Decimal.fromLogical(Decimal.schema(2), new BigDecimal(1n, 3)),
    { name: 'DataError', message: 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 3.' })
  assert.throws(() => Decimal.toLogical(SchemaBuilder.bytes().build(), Uint8Array.of(1)), { message: 'Invalid Decimal schema: scale parameter not found.' })
  assert.throws(() => Decimal.toLogical(SchemaBuilder.bytes().parameter('scale', 'x').build(), Uint8Array.of(1)),
    { message: 'Invalid scale parameter found in Decimal schema: ' })
  assert.throws(() => Decimal.toLogical(Decimal.schema(1), new Uint8Array(0)), { message: 'Zero length BigInteger' })
})

test('property: Decimal bytes round-trip', () => {
  fc.assert(fc.property(fc.bigInt(-(2n ** 200n), 2n ** 200n), fc.integer({ min: -10, max: 30 }), (u, scale) => {
    const s = Decimal.schema(scale)
    const back = Decimal.toLogical(s, Decimal.fromLogical(s, new BigDecimal(u, scale)))
    assert.ok(back.equals(new BigDecimal(u, scale)))
  }))
})

test('Date: days since epoch, midnight UTC only', () => {
  assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(10000 * DAY)), 10000)
  assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(-DAY)), -1)
  assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, 10000).getTime(), 10000 * DAY)
  assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(DAY + 1)),
    { message: 'Kafka Connect Date type should not have any time fields set to non-zero values.' })
  assert.throws(() => ConnectDate.fromLogical(Schema.INT32_SCHEMA, new Date(0)),
    { message: 'Requested conversion of Date object but the schema does not match.' })
  assert.equal(ConnectDate.SCHEMA.type(), 'INT32')
  assert.equal(ConnectDate.SCHEMA.name(), 'org.apache.kafka.connect.data.Date')
})

test('Time: milliseconds of the day', () => {
  assert.equal(Time.fromLogical(Time.SCHEMA, new Date(14400000)), 14400000)
  assert.equal(Time.toLogical(Time.SCHEMA, 14400000).getTime(), 14400000)
  assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(DAY + 1)),
    { message: 'Kafka Connect Time type should not have any date fields set to non-zero values.' })
  assert.throws(() => Time.toLogical(Time.SCHEMA, -1),
    { message: 'Time values must use number of milliseconds greater than 0 and less than 86400000' })
})

test('Timestamp: milliseconds since epoch as INT64 (bigint)', () => {
  assert.equal(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(4000000000)), 4000000000n)
  assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 4000000000n).getTime(), 4000000000)
  assert.equal(Timestamp.SCHEMA.type(), 'INT64')
  assert.throws(() => Timestamp.fromLogical(Schema.INT64_SCHEMA, new Date(0)),
    { message: 'Requested conversion of Timestamp object but the schema does not match.' })
})
