// InsertHeader: adds a header whose value is value.literal read by Values.parseString.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectHeaders, Schema, SinkRecord } from '../../src/api/index.ts'
import { InsertHeader } from '../../src/transforms/insert-header.ts'

function record (headers = new ConnectHeaders()): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 1, kafkaOffset: 7, key: 'k', value: 'v', timestamp: 3, headers })
}

function insert (literal: string, rec = record()): SinkRecord {
  const xform = new InsertHeader()
  xform.configure({ header: 'app.id', 'value.literal': literal })
  return xform.apply(rec)
}

test('Kafka docs example: app.id = best-app-ever', () => {
  const original = record(new ConnectHeaders().addString('existing', 'x'))
  const out = insert('best-app-ever', original)
  assert.deepEqual([...out.headers].map(h => [h.key(), h.value()]), [['existing', 'x'], ['app.id', 'best-app-ever']])
  assert.equal(out.headers.lastWithName('app.id')!.schema(), Schema.STRING_SCHEMA)
  assert.equal(original.headers.size(), 1, 'the input record keeps its headers')
  assert.equal(out.kafkaOffset, 7)
  assert.equal(out.value, 'v')
})

test('the literal is parsed as Values.parseString does', () => {
  assert.equal(insert('42').headers.lastWithName('app.id')!.schema()!.type(), 'INT8')
  assert.equal(insert('42').headers.lastWithName('app.id')!.value(), 42)
  assert.equal(insert('true').headers.lastWithName('app.id')!.value(), true)
  const list = insert('[1,2]').headers.lastWithName('app.id')!
  assert.equal(list.schema()!.type(), 'ARRAY')
  assert.deepEqual(list.value(), [1, 2])
  assert.equal(insert('').headers.lastWithName('app.id')!.value(), '')
  assert.equal(insert('').headers.lastWithName('app.id')!.schema(), Schema.STRING_SCHEMA)
})

test('an existing header of the same name is kept (headers may repeat)', () => {
  const out = insert('b', record(new ConnectHeaders().addString('app.id', 'a')))
  assert.deepEqual([...out.headers.allWithName('app.id')].map(h => h.value()), ['a', 'b'])
})

test('header and value.literal are required', () => {
  assert.throws(() => new InsertHeader().configure({ 'value.literal': 'x' }), { message: 'Missing required configuration "header" which has no default value.' })
  assert.throws(() => new InsertHeader().configure({ header: 'h' }), { message: 'Missing required configuration "value.literal" which has no default value.' })
  assert.equal(InsertHeader.className, 'org.apache.kafka.connect.transforms.InsertHeader')
})
