// TimestampRouter and its SimpleDateFormat subset (UTC).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, SourceRecord } from '../../src/api/index.ts'
import { TimestampRouter } from '../../src/transforms/timestamp-router.ts'
import { JavaDateFormat } from '../../src/transforms/java-date-format.ts'

function record (timestamp: number | null, topic = 'test'): SourceRecord {
  return new SourceRecord({
    sourcePartition: null, sourceOffset: null, topic, kafkaPartition: 2, key: 'k', value: 'v', timestamp,
    headers: new ConnectHeaders().addString('h', 'x')
  })
}

test('defaults: ${topic}-${timestamp} with yyyyMMdd (Kafka TimestampRouterTest)', () => {
  const x = new TimestampRouter()
  x.configure({})
  const out = x.apply(record(1483425001864))
  assert.equal(out.topic, 'test-20170103')
  assert.equal(out.kafkaPartition, 2)
  assert.equal(out.key, 'k')
  assert.equal(out.value, 'v')
  assert.equal(out.timestamp, 1483425001864)
  assert.equal(out.headers.lastWithName('h')!.value(), 'x')
})

test('custom formats, repeated placeholders and literal text', () => {
  const x = new TimestampRouter()
  x.configure({ 'topic.format': 'logs_${timestamp}_${topic}_${topic}', 'timestamp.format': "yyyy-MM-dd'T'HH" })
  assert.equal(x.apply(record(Date.UTC(2024, 1, 29, 13, 5))).topic, 'logs_2024-02-29T13_test_test')
  const y = new TimestampRouter()
  y.configure({ 'topic.format': 'static' })
  assert.equal(y.apply(record(0)).topic, 'static')
  const z = new TimestampRouter()
  z.configure({ 'topic.format': '${topic}' })
  assert.equal(z.apply(record(0, 'a$1\\b')).topic, 'a$1\\b', 'the topic is inserted literally')
})

test('a record without timestamp is a data error', () => {
  const x = new TimestampRouter()
  x.configure({})
  const r = record(null)
  assert.throws(() => x.apply(r), { name: 'DataError', message: `Timestamp missing on record: ${String(r)}` })
  assert.match(String(r), /^SourceRecord\{sourcePartition=null, sourceOffset=null\} ConnectRecord\{topic='test'/)
})

test('a bad timestamp.format fails at the first record, as Java\'s lazy SimpleDateFormat does', () => {
  const x = new TimestampRouter()
  x.configure({ 'timestamp.format': 'yyyy-bb' })
  assert.throws(() => x.apply(record(0)), { message: "Illegal pattern character 'b'" })
  assert.throws(() => new JavaDateFormat("yyyy'T"), { message: 'Unterminated quote' })
  assert.throws(() => new JavaDateFormat('XXXX'), { message: 'invalid ISO 8601 format: length=4' })
  assert.equal(TimestampRouter.className, 'org.apache.kafka.connect.transforms.TimestampRouter')
})

test('SimpleDateFormat fields in UTC', () => {
  const t = Date.UTC(2017, 0, 3, 6, 30, 1, 864) // Tuesday
  const f = (p: string, ms = t): string => new JavaDateFormat(p).format(new Date(ms))
  assert.equal(f('yyyyMMdd'), '20170103')
  assert.equal(f('yy y yyy yyyyy'), '17 2017 2017 02017')
  assert.equal(f('M MM MMM MMMM L'), '1 01 Jan January 1')
  assert.equal(f('d dd D DDD E EEEE u'), '3 03 3 003 Tue Tuesday 2')
  assert.equal(f('H HH k K h hh a'), '6 06 6 6 6 06 AM')
  assert.equal(f('H k K h a', Date.UTC(2017, 0, 3, 0, 0)), '0 24 0 12 AM')
  assert.equal(f('H k K h a', Date.UTC(2017, 0, 3, 12, 0)), '12 12 0 12 PM')
  assert.equal(f('m mm s ss S SSS SSSS'), '30 30 1 01 864 864 0864')
  assert.equal(f('G z zzzz Z X XXX'), 'AD UTC Coordinated Universal Time +0000 Z Z')
  assert.equal(f("'it''s' h 'o''clock' ''"), "it's 6 o'clock '")
  assert.equal(f('yyyy-MM-dd HH:mm:ss.SSS', 0), '1970-01-01 00:00:00.000')
  assert.equal(f('yyyy-MM-dd', -1), '1969-12-31')
})

