// DropHeaders: removes the listed headers, keeps everything else.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, Schema, SourceRecord } from '../../src/api/index.ts'
import { DropHeaders } from '../../src/transforms/drop-headers.ts'

function record (headers: ConnectHeaders): SourceRecord {
  return new SourceRecord({
    sourcePartition: { p: 1 }, sourceOffset: { o: 2 }, topic: 'topic', kafkaPartition: 0,
    keySchema: Schema.STRING_SCHEMA, key: 'key', valueSchema: Schema.INT32_SCHEMA, value: 42, timestamp: 1000, headers
  })
}

test('Kafka docs example: drops app.id and other-header', () => {
  const xform = new DropHeaders()
  xform.configure({ headers: 'app.id,other-header' })
  const original = record(new ConnectHeaders().addString('app.id', 'x').addString('keep', 'k').addString('other-header', 'y').addString('app.id', 'z'))
  const out = xform.apply(original)
  assert.deepEqual([...out.headers].map(h => h.key()), ['keep'])
  assert.equal(out.topic, 'topic')
  assert.equal(out.kafkaPartition, 0)
  assert.equal(out.key, 'key')
  assert.equal(out.value, 42)
  assert.equal(out.timestamp, 1000)
  assert.deepEqual(out.sourceOffset, { o: 2 })
  assert.equal(original.headers.size(), 4, 'the input record is untouched')
})

test('no headers, or none matching', () => {
  const xform = new DropHeaders()
  xform.configure({ headers: 'a' })
  assert.equal(xform.apply(record(new ConnectHeaders())).headers.size(), 0)
  const out = xform.apply(record(new ConnectHeaders().addInt('b', 1)))
  assert.deepEqual([...out.headers].map(h => h.key()), ['b'])
})

test('headers is required and must not be empty', () => {
  assert.throws(() => new DropHeaders().configure({}), { message: 'Missing required configuration "headers" which has no default value.' })
  assert.throws(() => new DropHeaders().configure({ headers: '' }), { message: 'Invalid value [] for configuration headers: Empty list' })
  assert.equal(new DropHeaders().config().configKeys.get('headers')!.validator!.toString(), 'non-empty list')
  assert.equal(DropHeaders.className, 'org.apache.kafka.connect.transforms.DropHeaders')
})
