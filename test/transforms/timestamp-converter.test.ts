// TimestampConverter$Key / TimestampConverter$Value (cases after Kafka's TimestampConverterTest) and the
// SimpleDateFormat subset it uses.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectDate, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Time, Timestamp } from '../../src/api/index.ts'
import { TimestampConverter$Key, TimestampConverter$Value } from '../../src/transforms/timestamp-converter.ts'
import { JavaDateFormat } from '../../src/transforms/java-date-format.ts'

const DATE = new Date(Date.UTC(1970, 0, 2))
const TIME = new Date(1234)
const DATE_PLUS_TIME = new Date(Date.UTC(1970, 0, 2, 0, 0, 1, 234))
const DATE_PLUS_TIME_UNIX = 86401234n
const DATE_PLUS_TIME_UNIX_MICROS = 86401234123n
const DATE_PLUS_TIME_UNIX_NANOS = 86401234123456n
const DATE_PLUS_TIME_UNIX_SECONDS = 86401n
const STRING_DATE_FMT = 'yyyy MM dd HH mm ss SSS z'
const DATE_PLUS_TIME_STRING = '1970 01 02 00 00 01 234 UTC'

function xformValue (props: Record<string, unknown>): TimestampConverter$Value {
  const t = new TimestampConverter$Value()
  t.configure(props)
  return t
}

function xformKey (props: Record<string, unknown>): TimestampConverter$Key {
  const t = new TimestampConverter$Key()
  t.configure(props)
  return t
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'topic', kafkaPartition: 0, valueSchema, value, timestamp: 7 })
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'topic', kafkaPartition: 0, kafkaOffset: 0, keySchema, key, value: 'v' })
}

test('class names and config errors', () => {
  assert.equal(TimestampConverter$Key.className, 'org.apache.kafka.connect.transforms.TimestampConverter$Key')
  assert.equal(TimestampConverter$Value.className, 'org.apache.kafka.connect.transforms.TimestampConverter$Value')
  assert.throws(() => xformValue({}), { message: 'Missing required configuration "target.type" which has no default value.' })
  assert.throws(() => xformValue({ 'target.type': 'invalid' }), {
    message: 'Invalid value invalid for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp'
  })
  assert.throws(() => xformValue({ 'target.type': 'string' }), {
    name: 'ConfigException', message: 'TimestampConverter requires format option to be specified when using string timestamps'
  })
  assert.throws(() => xformValue({ 'target.type': 'string', format: '  ' }), { message: /requires format option/ })
  assert.throws(() => xformValue({ 'target.type': 'Date', format: 'bad-format' }), {
    name: 'ConfigException', message: 'TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: bad-format'
  })
  assert.throws(() => xformValue({ 'target.type': 'unix', 'unix.precision': 'minutes' }), {
    message: 'Invalid value minutes for configuration unix.precision: String must be one of: nanoseconds, microseconds, milliseconds, seconds'
  })
  assert.deepEqual(new TimestampConverter$Value().config().names(), ['field', 'target.type', 'format', 'unix.precision', 'replace.null.with.default'])
})

test('schemaless conversions of the whole value (Kafka testSchemaless*)', () => {
  const cases: Array<[Record<string, unknown>, unknown, unknown]> = [
    [{ 'target.type': 'Timestamp' }, DATE_PLUS_TIME_UNIX, DATE_PLUS_TIME],
    [{ 'target.type': 'Date' }, DATE_PLUS_TIME, DATE],
    [{ 'target.type': 'Time' }, DATE_PLUS_TIME, TIME],
    [{ 'target.type': 'Timestamp' }, DATE_PLUS_TIME, DATE_PLUS_TIME],
    [{ 'target.type': 'unix' }, DATE_PLUS_TIME, DATE_PLUS_TIME_UNIX],
    [{ 'target.type': 'string', format: STRING_DATE_FMT }, DATE_PLUS_TIME, DATE_PLUS_TIME_STRING],
    [{ 'target.type': 'Timestamp', format: STRING_DATE_FMT }, DATE_PLUS_TIME_STRING, DATE_PLUS_TIME],
    [{ 'target.type': 'unix', 'unix.precision': 'seconds' }, DATE_PLUS_TIME, DATE_PLUS_TIME_UNIX_SECONDS],
    [{ 'target.type': 'unix', 'unix.precision': 'microseconds' }, DATE_PLUS_TIME, 86401234000n],
    [{ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }, DATE_PLUS_TIME, 86401234000000n],
    [{ 'target.type': 'Timestamp', 'unix.precision': 'seconds' }, DATE_PLUS_TIME_UNIX_SECONDS, new Date(86401000)],
    [{ 'target.type': 'Timestamp', 'unix.precision': 'microseconds' }, DATE_PLUS_TIME_UNIX_MICROS, DATE_PLUS_TIME],
    [{ 'target.type': 'Timestamp', 'unix.precision': 'nanoseconds' }, DATE_PLUS_TIME_UNIX_NANOS, DATE_PLUS_TIME],
    [{ 'target.type': 'unix', 'unix.precision': 'microseconds' }, DATE_PLUS_TIME_UNIX_MICROS, DATE_PLUS_TIME_UNIX * 1000n],
    [{ 'target.type': 'unix', 'unix.precision': 'microseconds' }, -1500n, -1000n],
    [{ 'target.type': 'Date' }, new Date(-1), new Date(-86400000)],
    [{ 'target.type': 'Time' }, new Date(-1), new Date(86399999)]
  ]
  for (const [props, input, expected] of cases) {
    const out = xformValue(props).apply(valueRecord(null, input))
    assert.equal(out.valueSchema, null)
    assert.deepEqual(out.value, expected, `${JSON.stringify(props)} ${String(input)}`)
    assert.equal(out.timestamp, 7)
  }
})

test('schemaless null values and unsupported types', () => {
  assert.equal(xformValue({ 'target.type': 'Date' }).apply(valueRecord(null, null)).value, null)
  assert.equal(xformValue({ 'target.type': 'Date', field: 'ts' }).apply(valueRecord(null, null)).value, null)
  assert.throws(() => xformValue({ 'target.type': 'Date' }).apply(valueRecord(null, 42)), {
    name: 'DataError', message: 'TimestampConverter does not support class java.lang.Integer objects as timestamps'
  })
  assert.throws(() => xformValue({ 'target.type': 'Date', format: 'yyyy' }).apply(valueRecord(null, 'nope')), {
    name: 'DataError', message: 'Could not parse timestamp: value (nope) does not match pattern (yyyy)'
  })
  assert.throws(() => xformValue({ 'target.type': 'Date', field: 'ts' }).apply(valueRecord(null, 'text')), {
    message: 'Only Map objects supported in absence of schema for [converting timestamp formats], found: java.lang.String'
  })
})

test('schemaless field (Kafka testSchemalessFieldConversion)', () => {
  const value = new Map<string, unknown>([['ts', DATE_PLUS_TIME], ['other', 'x']])
  const out = xformValue({ 'target.type': 'Date', field: 'ts' }).apply(valueRecord(null, value))
  assert.deepEqual(out.value, new Map<string, unknown>([['ts', DATE], ['other', 'x']]))
  const missing = xformValue({ 'target.type': 'Date', field: 'nope' }).apply(valueRecord(null, new Map([['a', 1]]))).value as Map<string, unknown>
  assert.equal(missing.get('nope'), null)
  assert.equal(missing.get('a'), 1)
  const nullField = xformValue({ 'target.type': 'unix', field: 'ts' }).apply(valueRecord(null, new Map([['ts', null]]))).value as Map<string, unknown>
  assert.equal(nullField.get('ts'), null)
})

test('whole value with schema (Kafka testWithSchema*)', () => {
  const cases: Array<[Record<string, unknown>, Schema, unknown, Schema, unknown]> = [
    [{ 'target.type': 'Date' }, Timestamp.SCHEMA, DATE_PLUS_TIME, ConnectDate.SCHEMA, DATE],
    [{ 'target.type': 'Time' }, Timestamp.SCHEMA, DATE_PLUS_TIME, Time.SCHEMA, TIME],
    [{ 'target.type': 'Timestamp' }, ConnectDate.SCHEMA, DATE, Timestamp.SCHEMA, DATE],
    [{ 'target.type': 'Timestamp' }, Time.SCHEMA, TIME, Timestamp.SCHEMA, TIME],
    [{ 'target.type': 'unix' }, Timestamp.SCHEMA, DATE_PLUS_TIME, Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX],
    [{ 'target.type': 'Timestamp' }, Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX, Timestamp.SCHEMA, DATE_PLUS_TIME],
    [{ 'target.type': 'string', format: STRING_DATE_FMT }, Timestamp.SCHEMA, DATE_PLUS_TIME, Schema.STRING_SCHEMA, DATE_PLUS_TIME_STRING],
    [{ 'target.type': 'Timestamp', format: STRING_DATE_FMT }, Schema.STRING_SCHEMA, DATE_PLUS_TIME_STRING, Timestamp.SCHEMA, DATE_PLUS_TIME],
    [{ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }, Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX_NANOS, Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX * 1000000n],
    [{ 'target.type': 'Date' }, Timestamp.builder().optional().build(), null, ConnectDate.builder().optional().build(), null],
    [{ 'target.type': 'unix' }, Schema.OPTIONAL_STRING_SCHEMA, null, Schema.OPTIONAL_INT64_SCHEMA, null],
    [{ 'target.type': 'Time' }, Timestamp.builder().optional().build(), DATE_PLUS_TIME, Time.builder().optional().build(), TIME]
  ]
  for (const [props, inSchema, input, outSchema, expected] of cases) {
    const out = xformValue(props).apply(valueRecord(inSchema, input))
    assert.ok(out.valueSchema!.equals(outSchema), `${JSON.stringify(props)} schema ${String(out.valueSchema)}`)
    assert.equal(out.valueSchema!.isOptional(), outSchema.isOptional())
    assert.deepEqual(out.value, expected, `${JSON.stringify(props)} value`)
  }
})

test('schema errors', () => {
  assert.throws(() => xformValue({ 'target.type': 'Date' }).apply(valueRecord(Schema.INT32_SCHEMA, 5)), {
    name: 'ConnectError', message: 'Schema Schema{INT32} does not correspond to a known timestamp type format'
  })
  assert.throws(() => xformValue({ 'target.type': 'Date' }).apply(valueRecord(Schema.INT64_SCHEMA, 5)), {
    name: 'DataError', message: 'Expected Unix timestamp to be a Long, but found class java.lang.Integer'
  })
  assert.throws(() => xformValue({ 'target.type': 'Date' }).apply(valueRecord(Timestamp.SCHEMA, 5n)), {
    name: 'DataError', message: 'Expected Timestamp to be a java.util.Date, but found class java.lang.Long'
  })
  assert.throws(() => xformValue({ 'target.type': 'Date', format: 'yyyy' }).apply(valueRecord(Schema.STRING_SCHEMA, 5n)), {
    name: 'DataError', message: 'Expected string timestamp to be a String, but found class java.lang.Long'
  })
})

test('field in a struct with schema (Kafka testWithSchemaFieldConversion)', () => {
  const schema = SchemaBuilder.struct().name('rec').version(3)
    .field('ts', Timestamp.SCHEMA)
    .field('other', Schema.STRING_SCHEMA)
    .field('opt', Schema.OPTIONAL_INT64_SCHEMA)
    .build()
  const t = xformValue({ field: 'ts', 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" })
  const out = t.apply(valueRecord(schema, new Struct(schema).put('ts', DATE_PLUS_TIME).put('other', 'test')))
  const s = out.valueSchema!
  assert.equal(s.name(), 'rec')
  assert.equal(s.version(), 3)
  assert.equal(s.field('ts')!.schema(), Schema.STRING_SCHEMA)
  assert.equal(s.field('other')!.schema(), Schema.STRING_SCHEMA)
  const v = out.value as Struct
  assert.equal(v.get('ts'), '1970-01-02T00:00:01.234Z')
  assert.equal(v.get('other'), 'test')
  assert.equal(t.apply(valueRecord(schema, new Struct(schema).put('ts', DATE).put('other', 'x'))).valueSchema, s, 'cached')
  // optional field, null
  const optional = xformValue({ field: 'opt', 'target.type': 'Timestamp' }).apply(valueRecord(schema, new Struct(schema).put('ts', DATE).put('other', 'x')))
  assert.equal(optional.valueSchema!.field('opt')!.schema().name(), Timestamp.LOGICAL_NAME)
  assert.equal(optional.valueSchema!.field('opt')!.schema().isOptional(), true)
  assert.equal((optional.value as Struct).get('opt'), null)
  // null struct value
  const optSchema = SchemaBuilder.struct().field('ts', Timestamp.SCHEMA).optional().build()
  const nullValue = xformValue({ field: 'ts', 'target.type': 'unix' }).apply(valueRecord(optSchema, null))
  assert.equal(nullValue.value, null)
  assert.equal(nullValue.valueSchema!.field('ts')!.schema(), Schema.INT64_SCHEMA)
  assert.equal(nullValue.valueSchema!.isOptional(), true)
})

test('struct defaults are converted; replace.null.with.default', () => {
  const builder = SchemaBuilder.struct().field('ts', SchemaBuilder.int64().optional().defaultValue(86400000n).build()).optional()
  builder.defaultValue(new Struct(builder).put('ts', 0n))
  const schema = builder.build()
  const out = xformValue({ field: 'ts', 'target.type': 'Date' }).apply(valueRecord(schema, new Struct(schema)))
  assert.deepEqual(((out.valueSchema!.defaultValue()) as Struct).get('ts'), new Date(0))
  assert.deepEqual((out.value as Struct).get('ts'), new Date(86400000))
  const raw = xformValue({ field: 'ts', 'target.type': 'Date', 'replace.null.with.default': 'false' }).apply(valueRecord(schema, new Struct(schema)))
  assert.equal((raw.value as Struct).getWithoutDefault('ts'), null)
})

test('$Key converts the key', () => {
  const out = xformKey({ 'target.type': 'Timestamp' }).apply(keyRecord(Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX))
  assert.equal(out.keySchema, Timestamp.SCHEMA)
  assert.deepEqual(out.key, DATE_PLUS_TIME)
  assert.equal(out.value, 'v')
  const schemaless = xformKey({ 'target.type': 'unix', field: 'k' }).apply(keyRecord(null, new Map([['k', DATE_PLUS_TIME]])))
  assert.deepEqual(schemaless.key, new Map([['k', DATE_PLUS_TIME_UNIX]]))
  assert.equal(xformKey({ 'target.type': 'unix' }).apply(keyRecord(null, null)).key, null)
})

test('int64 values keep full precision', () => {
  const out = xformValue({ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }).apply(valueRecord(null, new Date(8640000000000000)))
  assert.equal(out.value, 9223372036854775807n, 'saturates like TimeUnit')
  const micros = xformValue({ 'target.type': 'unix', 'unix.precision': 'microseconds' }).apply(valueRecord(null, new Date(1700000000123)))
  assert.equal(micros.value, 1700000000123000n)
})

test('SimpleDateFormat subset: formatting', () => {
  const d = new Date(Date.UTC(2024, 1, 9, 13, 5, 7, 45))
  const cases: Array<[string, string]> = [
    ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-02-09T13:05:07.045Z'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2024-02-09T13:05:07.045Z'],
    ['yyyyMMdd', '20240209'],
    ['yy/M/d H:m:s', '24/2/9 13:5:7'],
    ['EEE, d MMM yyyy HH:mm:ss Z', 'Fri, 9 Feb 2024 13:05:07 +0000'],
    ['EEEE MMMM dd', 'Friday February 09'],
    ['hh:mm a', '01:05 PM'],
    ['K k h', '1 13 1'],
    ["'It''s' HH 'o''clock' z zzzz", "It's 13 o'clock UTC Coordinated Universal Time"],
    ['D u G S', '40 5 AD 45'],
    ['yyyyy', '02024']
  ]
  for (const [pattern, expected] of cases) assert.equal(new JavaDateFormat(pattern).format(d), expected, pattern)
  assert.equal(new JavaDateFormat('hh a k').format(new Date(0)), '12 AM 24')
})

test('SimpleDateFormat subset: lenient parsing', () => {
  const parse = (pattern: string, text: string): number | null => new JavaDateFormat(pattern).parse(text)?.getTime() ?? null
  assert.equal(parse("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-02-09T13:05:07.045Z'), Date.UTC(2024, 1, 9, 13, 5, 7, 45))
  assert.equal(parse("yyyy-MM-dd'T'HH:mm:ssXXX", '2024-02-09T13:05:07+02:00'), Date.UTC(2024, 1, 9, 11, 5, 7))
  assert.equal(parse('yyyy-MM-dd HH:mm Z', '2024-02-09 13:05 -0130'), Date.UTC(2024, 1, 9, 14, 35))
  assert.equal(parse('yyyyMMdd', '20240209'), Date.UTC(2024, 1, 9))
  assert.equal(parse('yyyyMMddHHmmss', '20240209130507'), Date.UTC(2024, 1, 9, 13, 5, 7))
  assert.equal(parse('yyyy-MM-dd', '2024-13-32'), Date.UTC(2025, 1, 1), 'fields overflow')
  assert.equal(parse('yyyy-MM-dd', '2024-2-9 trailing'), Date.UTC(2024, 1, 9), 'trailing text ignored')
  assert.equal(parse('yyyy-MM-dd', '2024- 2-9'), Date.UTC(2024, 1, 9), 'whitespace before a field')
  assert.equal(parse('dd MMM yyyy', '09 february 2024'), Date.UTC(2024, 1, 9))
  assert.equal(parse('EEE, dd MMM yyyy', 'Fri, 09 Feb 2024'), Date.UTC(2024, 1, 9))
  assert.equal(parse('hh:mm a', '01:05 PM'), Date.UTC(1970, 0, 1, 13, 5))
  assert.equal(parse('hh:mm a', '12:05 AM'), Date.UTC(1970, 0, 1, 0, 5))
  assert.equal(parse("'at' HH", 'at 05'), Date.UTC(1970, 0, 1, 5))
  assert.equal(parse('yyyy z', '2024 UTC'), Date.UTC(2024, 0, 1))
  assert.equal(parse('yyyy z', '2024 GMT+01:00'), Date.UTC(2023, 11, 31, 23))
  const yy = parse('yy-MM-dd', '24-02-09')
  assert.equal(new Date(yy!).getUTCFullYear() % 100, 24)
  assert.ok(Math.abs(new Date(yy!).getUTCFullYear() - new Date().getUTCFullYear()) < 100)
  assert.equal(new Date(parse('yy', '2024')!).getUTCFullYear(), 2024, 'more than two digits are literal')
  assert.equal(parse('yyyy-MM-dd', '2024/02/09'), null)
  assert.equal(parse('yyyy-MM-dd', '2024-02'), null)
  assert.equal(parse('yyyy', ''), null)
  assert.equal(parse('MMM', 'Foo'), null)
})

test('SimpleDateFormat subset: bad patterns', () => {
  assert.throws(() => new JavaDateFormat('yyyy-bb'), { message: "Illegal pattern character 'b'" })
  assert.throws(() => new JavaDateFormat("yyyy 'open"), { message: 'Unterminated quote' })
  assert.throws(() => new JavaDateFormat('XXXX'), { message: 'invalid ISO 8601 format: length=4' })
  assert.throws(() => new JavaDateFormat('ww'), { message: "Unsupported pattern character 'w'" })
  assert.equal(new JavaDateFormat("yyyy'T'").toPattern(), "yyyy'T'")
})
