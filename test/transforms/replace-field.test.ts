// ReplaceField$Key / $Value: include / exclude / renames (and the 3.x whitelist / blacklist), schemaless and schema'd.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Field, Schema, SchemaBuilder, SinkRecord, Struct } from '../../src/api/index.ts'
import { ReplaceField$Key, ReplaceField$Value } from '../../src/transforms/replace-field.ts'

function value (props: Record<string, string>): ReplaceField$Value {
  const x = new ReplaceField$Value()
  x.configure(props)
  return x
}

function sink (init: Partial<ConstructorParameters<typeof SinkRecord>[0]>): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, ...init })
}

function mapOf (v: unknown): Array<[unknown, unknown]> {
  return [...(v as Map<unknown, unknown>)]
}

const ORIGINAL = (): Map<string, unknown> => new Map<string, unknown>([['dont', 'whatever'], ['abc', 42], ['foo', true], ['etc', 'etc']])

test('schemaless exclude + renames (Kafka ReplaceFieldTest)', () => {
  const out = value({ exclude: 'dont', renames: 'abc:xyz,foo:bar' }).apply(sink({ value: ORIGINAL() }))
  assert.deepEqual(mapOf(out.value), [['xyz', 42], ['bar', true], ['etc', 'etc']])
})

test('schemaless include + renames', () => {
  const out = value({ include: 'abc,foo', renames: 'abc:xyz,foo:bar' }).apply(sink({ value: ORIGINAL() }))
  assert.deepEqual(mapOf(out.value), [['xyz', 42], ['bar', true]])
})

test('exclude takes precedence over include', () => {
  const out = value({ include: 'abc,foo', exclude: 'foo' }).apply(sink({ value: ORIGINAL() }))
  assert.deepEqual(mapOf(out.value), [['abc', 42]])
})

test('schema\'d: new struct schema in the original order, renamed, metadata kept', () => {
  const schema = SchemaBuilder.struct().name('Rec').version(3).doc('d').parameter('p', 'v').optional()
    .field('dont', Schema.STRING_SCHEMA)
    .field('abc', Schema.INT32_SCHEMA)
    .field('foo', Schema.BOOLEAN_SCHEMA)
    .field('etc', SchemaBuilder.string().optional().defaultValue('dflt').build())
    .build()
  const v = new Struct(schema).put('dont', 'whatever').put('abc', 42).put('foo', true)
  const x = value({ include: 'abc,foo,etc', renames: 'abc:xyz,foo:bar' })
  const out = x.apply(sink({ valueSchema: schema, value: v }))
  const s = out.valueSchema!
  assert.deepEqual(s.fields().map((f: Field) => [f.name(), f.schema().type()]), [['xyz', 'INT32'], ['bar', 'BOOLEAN'], ['etc', 'STRING']])
  assert.equal(s.name(), 'Rec')
  assert.equal(s.version(), 3)
  assert.equal(s.doc(), 'd')
  assert.deepEqual([...s.parameters()!], [['p', 'v']])
  assert.equal(s.isOptional(), false, 'SchemaUtil.copySchemaBasics does not copy optionality')
  const struct = out.value as Struct
  assert.equal(struct.get('xyz'), 42)
  assert.equal(struct.get('bar'), true)
  assert.equal(struct.getWithoutDefault('etc'), 'dflt', 'null field replaced by its default')
  assert.equal(x.apply(sink({ valueSchema: schema, value: v })).valueSchema, s, 'updated schema is cached')
  const raw = value({ include: 'etc', 'replace.null.with.default': 'false' }).apply(sink({ valueSchema: schema, value: v }))
  assert.equal((raw.value as Struct).getWithoutDefault('etc'), null)
})

test('null values pass through; wrong types are data errors', () => {
  const x = value({ exclude: 'a' })
  const tombstone = sink({ value: null })
  assert.equal(x.apply(tombstone), tombstone)
  const schema = SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).build()
  const nullStruct = sink({ valueSchema: schema, value: null })
  assert.equal(x.apply(nullStruct), nullStruct)
  assert.throws(() => x.apply(sink({ value: 'text' })), { name: 'DataError', message: 'Only Map objects supported in absence of schema for [field replacement], found: java.lang.String' })
  assert.throws(() => x.apply(sink({ valueSchema: schema, value: new Map() })), { name: 'DataError', message: 'Only Struct objects supported for [field replacement], found: java.util.HashMap' })
})

test('$Key works on the key only', () => {
  const x = new ReplaceField$Key()
  x.configure({ renames: 'id:key_id' })
  const out = x.apply(sink({ key: new Map([['id', 1]]), value: new Map([['id', 2]]) }))
  assert.deepEqual(mapOf(out.key), [['key_id', 1]])
  assert.deepEqual(mapOf(out.value), [['id', 2]])
  assert.equal(ReplaceField$Key.className, 'org.apache.kafka.connect.transforms.ReplaceField$Key')
  assert.equal(ReplaceField$Value.className, 'org.apache.kafka.connect.transforms.ReplaceField$Value')
})

test('deprecated whitelist / blacklist are read as include / exclude', () => {
  assert.deepEqual(mapOf(value({ whitelist: 'abc' }).apply(sink({ value: ORIGINAL() })).value), [['abc', 42]])
  assert.deepEqual(mapOf(value({ blacklist: 'dont,etc' }).apply(sink({ value: ORIGINAL() })).value), [['abc', 42], ['foo', true]])
  assert.deepEqual(mapOf(value({ include: 'foo', whitelist: 'abc' }).apply(sink({ value: ORIGINAL() })).value), [['foo', true]], 'include wins')
  assert.deepEqual(mapOf(value({ exclude: 'dont', blacklist: 'abc' }).apply(sink({ value: ORIGINAL() })).value), [['abc', 42], ['foo', true], ['etc', 'etc']], 'exclude wins')
  const keys = value({}).config().names()
  assert.deepEqual(keys, ['exclude', 'blacklist', 'include', 'whitelist', 'renames', 'replace.null.with.default'])
})

test('invalid rename mappings', () => {
  assert.throws(() => value({ renames: 'abc:xyz,foo' }), { message: 'Invalid value [abc:xyz, foo] for configuration renames: Invalid rename mapping: foo' })
  assert.throws(() => value({ renames: 'a:b:c' }), { message: /Invalid rename mapping: a:b:c$/ })
  assert.throws(() => value({ renames: 'a:' }), { message: /Invalid rename mapping: a:$/ })
  // Java's String.split drops trailing empty strings, so this is a valid mapping a → b
  assert.deepEqual(mapOf(value({ renames: 'a:b:' }).apply(sink({ value: new Map([['a', 1]]) })).value), [['b', 1]])
  const errors = value({}).config().validate({ renames: 'x' })
  assert.deepEqual(errors.find(e => e.name === 'renames')!.errorMessages, ['Invalid value [x] for configuration renames: Invalid rename mapping: x'])
})

test('a rename onto an existing field name fails like SchemaBuilder does', () => {
  const schema = SchemaBuilder.struct().field('a', Schema.STRING_SCHEMA).field('b', Schema.STRING_SCHEMA).build()
  assert.throws(() => value({ renames: 'a:b' }).apply(sink({ valueSchema: schema, value: new Struct(schema).put('a', 'x').put('b', 'y') })), {
    message: 'Cannot create field because of field name duplication b'
  })
})
