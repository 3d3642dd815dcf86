// Filter drops every record.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SinkRecord, SourceRecord } from '../../src/api/index.ts'
import { Filter } from '../../src/transforms/filter.ts'

test('drops source and sink records, tombstones included', () => {
  const f = new Filter()
  f.configure({})
  assert.equal(f.apply(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: 'v' })), null)
  assert.equal(f.apply(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 5, value: null })), null)
  assert.deepEqual(f.config().names(), [])
  assert.equal(Filter.className, 'org.apache.kafka.connect.transforms.Filter')
  assert.equal(f.version(), '4.0.0')
})
