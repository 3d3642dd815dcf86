// RecordIsTombstone: true for a null value, whatever the key or schema.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema, SinkRecord, SourceRecord } from '../../../src/api/index.ts'
import { RecordIsTombstone } from '../../../src/transforms/predicates/record-is-tombstone.ts'

test('null value is a tombstone', () => {
  const p = new RecordIsTombstone()
  p.configure({})
  assert.ok(p.test(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', key: 'k', value: null })))
  assert.ok(p.test(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, valueSchema: Schema.OPTIONAL_STRING_SCHEMA, value: null })))
  assert.ok(!p.test(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: '' })))
  assert.ok(!p.test(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: 0 })))
  assert.deepEqual(p.config().names(), [])
  assert.equal(String(p), 'RecordIsTombstone{}')
  assert.equal(RecordIsTombstone.className, 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone')
})
