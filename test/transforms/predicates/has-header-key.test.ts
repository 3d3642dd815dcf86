// HasHeaderKey (after Kafka's HasHeaderKeyTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, SourceRecord } from '../../../src/api/index.ts'
import { HasHeaderKey } from '../../../src/transforms/predicates/has-header-key.ts'

function record (...keys: string[]): SourceRecord {
  const headers = new ConnectHeaders()
  for (const k of keys) headers.addString(k, null)
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', headers })
}

test('true when at least one header has the name', () => {
  const p = new HasHeaderKey()
  p.configure({ name: 'foo' })
  assert.ok(p.test(record('foo')))
  assert.ok(p.test(record('bar', 'foo', 'bar', 'foo')))
  assert.ok(!p.test(record('bar', 'baz')))
  assert.ok(!p.test(record()))
  assert.ok(!p.test(record('Foo')), 'names are case-sensitive')
  assert.equal(String(p), "HasHeaderKey{name='foo'}")
})

test('config: name is required and non-empty', () => {
  assert.throws(() => new HasHeaderKey().configure({}), { message: 'Missing required configuration "name" which has no default value.' })
  assert.throws(() => new HasHeaderKey().configure({ name: '' }), { message: 'Invalid value  for configuration name: String must be non-empty' })
  assert.deepEqual(new HasHeaderKey().config().validate({ name: 'x' })[0]!.errorMessages, [])
  assert.equal(HasHeaderKey.className, 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey')
})
