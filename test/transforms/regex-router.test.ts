// RegexRouter: whole-topic match, then Matcher.replaceFirst with Java replacement syntax (after Kafka's RegexRouterTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, SinkRecord, SourceRecord } from '../../src/api/index.ts'
import { RegexRouter } from '../../src/transforms/regex-router.ts'

function apply (regex: string, replacement: string, topic: string): string {
  const router = new RegexRouter()
  router.configure({ regex, replacement })
  return router.apply(new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: 0 })).topic
}

test('Kafka\'s RegexRouterTest cases', () => {
  assert.equal(apply('foo', 'bar', 'foo'), 'bar')
  assert.equal(apply('foo', 'bar', 'orig'), 'orig')
  assert.equal(apply('(.*)', '$1', 'orig'), 'orig')
  assert.equal(apply('(.*)', 'prefix-$1', 'orig'), 'prefix-orig')
  assert.equal(apply('(.*)', '$1-suffix', 'orig'), 'orig-suffix')
  assert.equal(apply('(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)', '$1', 'index-20160117'), 'index')
})

test('Kafka docs example: drop a prefix', () => {
  assert.equal(apply('soe-(.*)', '$1', 'soe-orders'), 'orders')
  assert.equal(apply('soe-(.*)', '$1', 'orders'), 'orders')
  assert.equal(apply('(.*)-(.*)-(.*)', '$3', 'a-b-c'), 'c')
})

test('the whole topic must match; the replacement applies to the first match only', () => {
  assert.equal(apply('foo', 'bar', 'foofoo'), 'foofoo')
  assert.equal(apply('(?:foo)+', 'bar', 'foofoo'), 'bar')
  // matches() backtracks to the whole topic, but replaceFirst uses find(): the lazy group matches ""
  assert.equal(apply('(.*?)', '[$1]', 'abc'), '[]abc')
  assert.equal(apply('(?<db>\\w+)\\.(?<table>\\w+)', '${table}_from_${db}', 'inventory.orders'), 'orders_from_inventory')
  assert.equal(apply('(.*)', '\\$$1', 'x'), '$x')
  assert.equal(apply('(?i)ORDERS', 'orders', 'Orders'), 'orders')
})

test('keeps partition, key, value, timestamp and headers; same record when not matching', () => {
  const router = new RegexRouter()
  router.configure({ regex: 'a', replacement: 'b' })
  const rec = new SourceRecord({ sourcePartition: { f: 1 }, sourceOffset: { o: 1 }, topic: 'a', kafkaPartition: 3, key: 'k', value: 'v', timestamp: 9, headers: new ConnectHeaders().addString('h', 'x') })
  const out = router.apply(rec)
  assert.equal(out.topic, 'b')
  assert.equal(out.kafkaPartition, 3)
  assert.equal(out.key, 'k')
  assert.equal(out.value, 'v')
  assert.equal(out.timestamp, 9)
  assert.equal(out.headers.lastWithName('h')!.value(), 'x')
  assert.deepEqual(out.sourcePartition, { f: 1 })
  const other = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'c' })
  assert.equal(router.apply(other), other)
})

test('config errors', () => {
  assert.throws(() => new RegexRouter().configure({ replacement: 'x' }), { message: 'Missing required configuration "regex" which has no default value.' })
  assert.throws(() => new RegexRouter().configure({ regex: 'x' }), { message: 'Missing required configuration "replacement" which has no default value.' })
  assert.throws(() => new RegexRouter().configure({ regex: '(', replacement: 'x' }), {
    message: 'Invalid value ( for configuration regex: Invalid regex: Unclosed group near index 1\n('
  })
  assert.throws(() => new RegexRouter().configure({ regex: '*', replacement: 'x' }), { message: /^Invalid value \* for configuration regex: Invalid regex: Dangling meta character '\*'/ })
  const errors = new RegexRouter().config().validate({ regex: '[' })
  assert.match(errors[0]!.errorMessages[0]!, /Invalid regex: Unclosed character class/)
  assert.equal(RegexRouter.className, 'org.apache.kafka.connect.transforms.RegexRouter')
})

test('a bad replacement fails when a topic matches, as in Java', () => {
  const router = new RegexRouter()
  router.configure({ regex: '(a)', replacement: '$2' })
  const other = new SinkRecord({ topic: 'b', kafkaPartition: 0, kafkaOffset: 0 })
  assert.equal(router.apply(other), other)
  assert.throws(() => router.apply(new SinkRecord({ topic: 'a', kafkaPartition: 0, kafkaOffset: 0 })), { message: 'No group 2' })
  router.configure({ regex: 'a', replacement: 'x$' })
  assert.throws(() => router.apply(new SinkRecord({ topic: 'a', kafkaPartition: 0, kafkaOffset: 0 })), { message: 'Illegal group reference: group index is missing' })
})
