// TopicNameMatches (after Kafka's TopicNameMatchesTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SourceRecord } from '../../../src/api/index.ts'
import { TopicNameMatches } from '../../../src/transforms/predicates/topic-name-matches.ts'

function record (topic: string): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic })
}

test('matches the whole topic name', () => {
  const p = new TopicNameMatches()
  p.configure({ pattern: 'my-prefix-.*' })
  assert.ok(p.test(record('my-prefix-')))
  assert.ok(p.test(record('my-prefix-foo')))
  assert.ok(!p.test(record('x-my-prefix-')))
  assert.ok(!p.test(record('x-my-prefix-foo')))
  assert.ok(!p.test(record('your-prefix-')))
  assert.ok(!p.test(record('your-prefix-foo')))
  assert.ok(!p.test(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: null as unknown as string })))
  assert.equal(String(p), 'TopicNameMatches{pattern=my-prefix-.*}')
})

test('Java regex syntax', () => {
  const p = new TopicNameMatches()
  p.configure({ pattern: '\\Qorders.v1\\E|\\p{Upper}++[0-9]{2}' })
  assert.ok(p.test(record('orders.v1')))
  assert.ok(!p.test(record('ordersXv1')))
  assert.ok(p.test(record('AB12')))
})

test('config: required, non-empty, valid regex', () => {
  assert.throws(() => new TopicNameMatches().configure({}), { message: /Missing required configuration "pattern"/ })
  assert.throws(() => new TopicNameMatches().configure({ pattern: '' }), { message: 'Invalid value  for configuration pattern: String must be non-empty' })
  assert.throws(() => new TopicNameMatches().configure({ pattern: '[' }), { message: /Invalid regex/ })
  const errors = new TopicNameMatches().config().validate({ pattern: '*' })
  assert.equal(errors[0]!.errorMessages.length, 1)
  assert.match(errors[0]!.errorMessages[0]!, /^Invalid value \* for configuration pattern: Invalid regex: Dangling meta character '\*' near index 0/)
  assert.deepEqual(new TopicNameMatches().config().validate({ pattern: 'my-prefix-.*' })[0]!.errorMessages, [])
  assert.equal(TopicNameMatches.className, 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches')
})
