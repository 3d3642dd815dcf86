// Values.parseString / convertToString / convertTo*: cases ported from Kafka's ValuesTest (connect/api), plus
// property-based round trips.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaAndValue, SchemaBuilder, Struct, Time, Timestamp, Values, valuesEqual
} from '../../src/data/index.ts'

const WHITESPACE = '\n \t \t\n'

function parsed (text: string): SchemaAndValue {
  return Values.parseString(text)
}

function assertParsedAs (text: string, type: string | null, value: unknown): void {
  const sv = parsed(text)
  assert.equal(sv.schema?.type() ?? null, type, `schema of ${JSON.stringify(text)}`)
  assert.ok(valuesEqual(sv.value, value), `value of ${JSON.stringify(text)}: ${String(sv.value)}`)
}

test('strings that are not values stay whole strings', () => {
  assertParsedAs('', 'STRING', '')
  assertParsedAs('  ', 'STRING', '  ')
  assertParsedAs('simple string', 'STRING', 'simple string')
  assertParsedAs('{foo: 3}', 'STRING', '{foo: 3}')
  assertParsedAs('{3: foo}', 'STRING', '{3: foo}')
  assertParsedAs('[foo]', 'STRING', '[foo]')
  assertParsedAs('null=', 'STRING', 'null=')
  assertParsedAs('true}', 'STRING', 'true}')
  assertParsedAs('false]', 'STRING', 'false]')
  assertParsedAs('{6:9 4:20}', 'STRING', '{6:9 4:20}')
  assertParsedAs('[0 1 2]', 'STRING', '[0 1 2]')
  assertParsedAs('{null: 3}', 'STRING', '{null: 3}')
  assertParsedAs('[1, 2, 3,,,]', 'STRING', '[1, 2, 3,,,]')
  assertParsedAs('[1, null]', 'STRING', '[1, null]')
  assertParsedAs('[null, 1]', 'STRING', '[null, 1]')
  const odd = Buffer.from([0xef, 0xbf, 0xbf]).toString('utf8') // U+FFFF, once an infinite loop in Kafka
  assertParsedAs(odd, 'STRING', odd)
})

test('literals, with surrounding whitespace', () => {
  assertParsedAs(WHITESPACE + 'true' + WHITESPACE, 'BOOLEAN', true)
  assertParsedAs(WHITESPACE + 'false' + WHITESPACE, 'BOOLEAN', false)
  assert.equal(parsed(WHITESPACE + 'null' + WHITESPACE), SchemaAndValue.NULL)
  assert.equal(parsed('null'), SchemaAndValue.NULL)
})

test('numbers take the smallest type that holds them', () => {
  assertParsedAs('127', 'INT8', 127)
  assertParsedAs('-128', 'INT8', -128)
  assertParsedAs('32767', 'INT16', 32767)
  assertParsedAs('2147483647', 'INT32', 2147483647)
  assertParsedAs('9223372036854775807', 'INT64', 9223372036854775807n)
  assertParsedAs('-9223372036854775808', 'INT64', -9223372036854775808n)
  assertParsedAs('1.0', 'INT8', 1)
  assertParsedAs('300.0', 'INT16', 300)
  assertParsedAs('66000.0', 'INT32', 66000)
  assertParsedAs('1.1', 'FLOAT32', Math.fround(1.1))
  assertParsedAs('300.01', 'FLOAT32', Math.fround(300.01))
  assertParsedAs('66000.0008', 'FLOAT32', Math.fround(66000.0008))
  assertParsedAs('3.4028235E38', 'FLOAT32', Math.fround(3.4028235e38))
  assertParsedAs('1.7976931348623157E308', 'FLOAT64', Number.MAX_VALUE)
  const big = parsed('9223372036854775808')
  assert.ok(big.schema!.equals(Decimal.schema(0)))
  assert.ok((big.value as BigDecimal).equals(new BigDecimal(9223372036854775808n, 0)))
  const neg = parsed('-9223372036854775809')
  assert.ok(neg.schema!.equals(Decimal.schema(0)))
})

test('arrays and maps infer a common element schema, widening numbers', () => {
  const a = parsed('[1, 2, 3]')
  assert.equal(a.schema!.valueSchema()!.type(), 'INT8')
  assert.deepEqual(a.value, [1, 2, 3])
  const w = parsed('[1, 300, 70000, 5000000000]')
  assert.equal(w.schema!.valueSchema()!.type(), 'INT64')
  assert.deepEqual(w.value, [1n, 300n, 70000n, 5000000000n])
  const f = parsed('[1, 2.5]')
  assert.equal(f.schema!.valueSchema()!.type(), 'FLOAT32')
  assert.deepEqual(f.value, [1, 2.5])
  const mixed = parsed('[1, "two"]')
  assert.equal(mixed.schema!.type(), 'ARRAY')
  assert.equal(mixed.schema!.valueSchema(), null)
  assert.deepEqual(mixed.value, [1, 'two'])
  const b = parsed('[true, false]')
  assert.equal(b.schema!.valueSchema()!.type(), 'BOOLEAN')
  const m = parsed('{true: false, false: true}')
  assert.equal(m.schema!.keySchema()!.type(), 'BOOLEAN')
  assert.ok(valuesEqual(m.value, new Map([[true, false], [false, true]])))
  const sm = parsed('{"a": 1, "b": 2}')
  assert.equal(sm.schema!.keySchema()!.type(), 'STRING')
  assert.ok(valuesEqual(sm.value, new Map([['a', 1], ['b', 2]])))
  const nv = parsed('{3: null}')
  assert.equal(nv.schema!.keySchema()!.type(), 'INT8')
  assert.ok(valuesEqual(nv.value, new Map([[3, null]])))
  assertParsedAs('{}', 'MAP', new Map())
  assertParsedAs('[]', 'ARRAY', [])
  assert.equal(parsed('[[]]').schema!.valueSchema()!.type(), 'ARRAY')
  assert.equal(parsed('[{}]').schema!.valueSchema()!.type(), 'MAP')
  assert.equal(parsed('{"a":{}}').schema!.valueSchema()!.type(), 'MAP')
  assert.equal(parsed('{"a":[]}').schema!.valueSchema()!.type(), 'ARRAY')
  assert.deepEqual(parsed('[null]').value, [null])
})

test('decimals beyond long in arrays', () => {
  const sv = parsed('[9223372036854775808, -9223372036854775809]')
  assert.ok(sv.schema!.valueSchema()!.equals(Decimal.schema(0)))
  const mixed = parsed('["1.0", 9223372036854775808, -9223372036854775809, 1, 1]')
  assert.equal(mixed.schema!.valueSchema(), null)
  assert.equal((mixed.value as unknown[])[0], '1.0')
})

test('temporal texts become Date, Time, Timestamp (UTC)', () => {
  const ts = parsed('2019-08-23T14:34:54.346Z')
  assert.equal(ts.schema, Timestamp.SCHEMA)
  assert.equal((ts.value as Date).getTime(), Date.UTC(2019, 7, 23, 14, 34, 54, 346))
  const d = parsed('2019-08-23')
  assert.equal(d.schema, ConnectDate.SCHEMA)
  assert.equal((d.value as Date).getTime(), Date.UTC(2019, 7, 23))
  const t = parsed('14:34:54.346Z')
  assert.equal(t.schema, Time.SCHEMA)
  assert.equal((t.value as Date).getTime(), Date.UTC(1970, 0, 1, 14, 34, 54, 346))
  assert.equal((parsed('2019-08-23T14\\:34\\:54.346Z').value as Date).getTime(), Date.UTC(2019, 7, 23, 14, 34, 54, 346))
  assert.equal(parsed('14\\:34\\:54.346Z').schema, Time.SCHEMA)
  const arr = parsed('[2019-08-23T14:34:54.346Z,2019-01-23T15:12:34.567Z,   2019-04-23T19:12:34.567Z]')
  assert.equal(arr.schema!.valueSchema(), Timestamp.SCHEMA)
  assert.equal((arr.value as Date[])[2]!.getTime(), Date.UTC(2019, 3, 23, 19, 12, 34, 567))
  assert.equal(parsed('[2019-08-23]').schema!.valueSchema(), ConnectDate.SCHEMA)
  assert.equal(parsed('{"k1":"14:34:54.346Z"}').schema!.valueSchema(), Time.SCHEMA)
  assert.equal(parsed('{"k1":14:34:54.346Z}').schema!.valueSchema(), Time.SCHEMA)
  // lenient like SimpleDateFormat: month 13 rolls into the next year
  assert.equal((parsed('2019-13-01').value as Date).getTime(), Date.UTC(2020, 0, 1))
})

test('quoted strings keep their escapes (Kafka does not unescape)', () => {
  assert.deepEqual(parsed('["a\\"b"]').value, ['a\\"b'])
  assert.deepEqual(parsed('["a b", "c"]').value, ['a b', 'c'])
})

test('convertToString renders Kafka\'s text forms', () => {
  assert.equal(Values.convertToString(null, null), null)
  assert.equal(Values.convertToString(Schema.STRING_SCHEMA, 'three"blind\\"mice'), 'three"blind\\"mice')
  assert.equal(Values.convertToString(null, ['three"blind\\"mice']), '["three\\"blind\\\\\\"mice"]')
  assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, 1), '1.0')
  assert.equal(Values.convertToString(Schema.FLOAT32_SCHEMA, 1.5), '1.5')
  assert.equal(Values.convertToString(Schema.INT32_SCHEMA, 1), '1')
  assert.equal(Values.convertToString(null, 12n), '12')
  assert.equal(Values.convertToString(null, true), 'true')
  assert.equal(Values.convertToString(null, Buffer.from('hi')), 'aGk=')
  assert.equal(Values.convertToString(null, [Buffer.from('hi')]), '["aGk="]')
  assert.equal(Values.convertToString(null, new Map<unknown, unknown>([['a', 1], ['b', [1, 2]]])), '{"a":1,"b":[1,2]}')
  assert.equal(Values.convertToString(null, new BigDecimal(-1n, -5)), '-1E+5')
  const s = SchemaBuilder.struct().field('f', Schema.STRING_SCHEMA).field('g', SchemaBuilder.int32().defaultValue(7).build()).build()
  assert.equal(Values.convertToString(s, new Struct(s).put('f', 'x')), '{"f":"x","g":7}')
  assert.equal(Values.convertToString(Timestamp.SCHEMA, new Date(Date.UTC(2019, 7, 23, 14, 34, 54, 346))), '2019-08-23T14:34:54.346Z')
  assert.equal(Values.convertToString(ConnectDate.SCHEMA, new Date(Date.UTC(2019, 7, 23))), '2019-08-23')
  assert.equal(Values.convertToString(Time.SCHEMA, new Date(52494346)), '14:34:54.346Z')
  assert.throws(() => Values.convertToString(null, Symbol('x')), /Failed to serialize unexpected value type/)
})

test('convertTo* conversions', () => {
  assert.equal(Values.convertToBoolean(null, 'true'), true)
  assert.equal(Values.convertToBoolean(null, 0), false)
  assert.equal(Values.convertToBoolean(null, '5'), true)
  assert.equal(Values.convertToByte(null, 300), 44) // Java's (byte) cast wraps
  assert.equal(Values.convertToShort(null, '12'), 12)
  assert.equal(Values.convertToInteger(null, 12.9), 12)
  assert.equal(Values.convertToLong(null, '9223372036854775807'), 9223372036854775807n)
  assert.equal(Values.convertToLong(null, 5), 5n)
  assert.equal(Values.convertToFloat(null, '1.1'), Math.fround(1.1))
  assert.equal(Values.convertToDouble(null, 3n), 3)
  assert.throws(() => Values.convertToInteger(null, 'abc'), { name: 'DataError', message: 'Unable to convert abc (class java.lang.String) to a number' })
  assert.throws(() => Values.convertToLong(Schema.STRING_SCHEMA, true), { message: 'Unable to convert true (class java.lang.Boolean) to Schema{STRING}' })
  assert.deepEqual(Values.convertToList(null, '[1, 2]'), [1, 2])
  assert.throws(() => Values.convertToList(Schema.STRING_SCHEMA, '[1, 2, 3,,,]'), { name: 'DataError' })
  assert.throws(() => Values.convertToList(Schema.STRING_SCHEMA, '[1, 2, 3, "four",,,]'), { name: 'DataError' })
  assert.ok(valuesEqual(Values.convertToMap(null, '{"a": 1}'), new Map([['a', 1]])))
  assert.throws(() => Values.convertToMap(Schema.STRING_SCHEMA, ' { "foo" :  1234567890 ,, "bar" : 0,  "baz" : -987654321 }  '))
  assert.throws(() => Values.convertToMap(Schema.STRING_SCHEMA, ' { ,,  , , }  '))
  assert.throws(() => Values.convertToStruct(null, 'x'), /Unable to convert x/)
  assert.throws(() => Values.convertToTime(null, null), { message: 'Unable to convert a null value to a schema that requires a value' })
  assert.throws(() => Values.convertToDate(null, null))
  assert.throws(() => Values.convertToTimestamp(null, null))
  assert.throws(() => Values.convertToDecimal(null, null, 1))
})

test('temporal and decimal conversions (Kafka\'s shouldConvert*Values)', () => {
  const now = new Date(1566571094346)
  const millisOfDay = now.getTime() % 86400000
  const days = Math.trunc(now.getTime() / 86400000)
  assert.equal(Values.convertToTime(Time.SCHEMA, now), now)
  assert.equal(Values.convertToTime(Timestamp.SCHEMA, now).getTime(), millisOfDay)
  assert.equal(Values.convertToTime(Time.SCHEMA, String(millisOfDay)).getTime(), millisOfDay)
  assert.equal(Values.convertToTime(Time.SCHEMA, BigInt(millisOfDay)).getTime(), millisOfDay)
  const midnight = new Date(now.getTime() - millisOfDay)
  assert.equal(Values.convertToDate(Timestamp.SCHEMA, midnight).getTime(), midnight.getTime())
  assert.equal(Values.convertToDate(ConnectDate.SCHEMA, String(days)).getTime(), midnight.getTime())
  assert.equal(Values.convertToTimestamp(ConnectDate.SCHEMA, midnight).getTime(), midnight.getTime())
  assert.equal(Values.convertToTimestamp(Time.SCHEMA, millisOfDay).getTime(), millisOfDay)
  assert.equal(Values.convertToTimestamp(Timestamp.SCHEMA, String(now.getTime())).getTime(), now.getTime())
  const one = BigDecimal.parse('1.0')
  assert.ok(Values.convertToDecimal(null, Math.fround(1), 1).equals(one))
  assert.ok(Values.convertToDecimal(null, '1.0', 1).equals(one))
  assert.ok(Values.convertToDecimal(null, one, 1).equals(one))
  assert.ok(Values.convertToDecimal(null, Decimal.fromLogical(Decimal.schema(1), one), 1).equals(one))
})

test('inferSchema', () => {
  assert.equal(Values.inferSchema(Buffer.alloc(1)), Schema.BYTES_SCHEMA)
  const st = new Struct(SchemaBuilder.struct().build())
  assert.equal(Values.inferSchema(st), st.schema())
  assert.equal(Values.inferSchema([]), null)
  assert.equal(Values.inferSchema([Symbol('x')]), null)
  assert.equal(Values.inferSchema(new Map()), null)
  assert.ok(Values.inferSchema(['a', null])!.equals(SchemaBuilder.array(SchemaBuilder.string().optional().build()).build()))
  assert.equal(Values.inferSchema(1n), Schema.INT64_SCHEMA)
  assert.equal(Values.inferSchema(1.5), Schema.FLOAT64_SCHEMA)
})

test('property: convertToString then parseString round-trips typed values', () => {
  const asString = (schema: ReturnType<typeof Values.inferSchema>, v: unknown): string => Values.convertToString(schema, v)!
  fc.assert(fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), n => {
    const sv = parsed(asString(Schema.INT32_SCHEMA, n))
    assert.equal(Number(sv.value), n)
  }))
  fc.assert(fc.property(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), n => {
    assert.equal(BigInt(parsed(asString(Schema.INT64_SCHEMA, n)).value as number | bigint), n)
  }))
  fc.assert(fc.property(fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1 }), arr => {
    assert.deepEqual(parsed(asString(null, arr)).value, arr)
  }))
  fc.assert(fc.property(fc.date({ min: new Date(86400000), max: new Date(4102444800000), noInvalidDate: true }), d => {
    const back = parsed(asString(Timestamp.SCHEMA, d)).value as Date
    assert.equal(back.getTime(), d.getTime())
  }))
  fc.assert(fc.property(fc.string().filter(s => !/^[\s]*(true|false|null)?[\s]*$/.test(s) && !/^[\d+\-[{"]/.test(s.trim())), s => {
    assert.equal(parsed(s).value, s)
  }))
})
