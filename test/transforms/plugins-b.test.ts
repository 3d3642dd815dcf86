// The part-B plugin list, and the SMTs driven through the runtime's chain as a connector config would (Kafka docs
// examples for Filter with predicates).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, SourceRecord, pluginClassName } from '../../src/api/index.ts'
import { PluginRegistry } from '../../src/runtime/plugins/registry.ts'
import { TransformationChain } from '../../src/runtime/transformation-chain.ts'
import { transformsB } from '../../src/transforms/plugins-b.ts'

test('every class is listed with its Kafka class name', () => {
  assert.deepEqual(transformsB.map(d => [d.type, pluginClassName(d.class)]), [
    ['transformation', 'org.apache.kafka.connect.transforms.DropHeaders'],
    ['transformation', 'org.apache.kafka.connect.transforms.Filter'],
    ['transformation', 'org.apache.kafka.connect.transforms.HeaderFrom$Key'],
    ['transformation', 'org.apache.kafka.connect.transforms.HeaderFrom$Value'],
    ['transformation', 'org.apache.kafka.connect.transforms.InsertHeader'],
    ['transformation', 'org.apache.kafka.connect.transforms.RegexRouter'],
    ['transformation', 'org.apache.kafka.connect.transforms.ReplaceField$Key'],
    ['transformation', 'org.apache.kafka.connect.transforms.ReplaceField$Value'],
    ['transformation', 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key'],
    ['transformation', 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value'],
    ['transformation', 'org.apache.kafka.connect.transforms.TimestampRouter'],
    ['transformation', 'org.apache.kafka.connect.transforms.ValueToKey'],
    ['predicate', 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches'],
    ['predicate', 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey'],
    ['predicate', 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone']
  ])
  for (const d of transformsB) {
    const instance = new (d.class as new () => { config: () => { names: () => string[] }, version?: () => string })()
    assert.ok(Array.isArray(instance.config().names()))
    assert.equal(instance.version?.(), '4.0.0')
  }
})

function chain (config: Record<string, string>): TransformationChain<SourceRecord> {
  const registry = new PluginRegistry()
  registry.register(transformsB)
  return TransformationChain.fromConfig<SourceRecord>(registry, config)
}

function record (topic: string, value: unknown = 'v', headers = new ConnectHeaders()): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, value, timestamp: 1483425001864, headers })
}

test('Kafka docs: Filter with TopicNameMatches drops topic foo (and, negated, keeps only foo)', () => {
  const drop = chain({
    transforms: 'Filter',
    'transforms.Filter.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.Filter.predicate': 'IsFoo',
    predicates: 'IsFoo',
    'predicates.IsFoo.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.IsFoo.pattern': 'foo'
  })
  assert.deepEqual(drop.apply(record('foo')), [])
  assert.equal(drop.apply(record('bar')).length, 1)
  const keep = chain({
    transforms: 'Filter',
    'transforms.Filter.type': 'Filter',
    'transforms.Filter.predicate': 'IsFoo',
    'transforms.Filter.negate': 'true',
    predicates: 'IsFoo',
    'predicates.IsFoo.type': 'TopicNameMatches',
    'predicates.IsFoo.pattern': 'foo'
  })
  assert.equal(keep.apply(record('foo')).length, 1)
  assert.deepEqual(keep.apply(record('bar')), [])
})

test('tombstones and header predicates, routers and header SMTs in one chain', () => {
  const c = chain({
    transforms: 'dropTombstones,route,stamp,mark,unmark',
    'transforms.dropTombstones.type': 'Filter',
    'transforms.dropTombstones.predicate': 'isTombstone',
    'transforms.route.type': 'RegexRouter',
    'transforms.route.regex': 'db\\.(.*)',
    'transforms.route.replacement': '$1',
    'transforms.stamp.type': 'TimestampRouter',
    'transforms.mark.type': 'InsertHeader',
    'transforms.mark.header': 'routed',
    'transforms.mark.value.literal': 'true',
    'transforms.unmark.type': 'DropHeaders',
    'transforms.unmark.headers': 'internal',
    'transforms.unmark.predicate': 'hasInternal',
    predicates: 'isTombstone,hasInternal',
    'predicates.isTombstone.type': 'RecordIsTombstone',
    'predicates.hasInternal.type': 'HasHeaderKey',
    'predicates.hasInternal.name': 'internal'
  })
  assert.deepEqual(c.apply(record('db.orders', null)), [])
  const [out] = c.apply(record('db.orders', 'v', new ConnectHeaders().addString('internal', 'x')))
  assert.equal(out!.topic, 'orders-20170103')
  assert.deepEqual([...out!.headers].map(h => [h.key(), h.value()]), [['routed', true]])
})
