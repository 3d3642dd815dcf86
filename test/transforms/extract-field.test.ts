// ExtractField$Key / ExtractField$Value and the V1/V2 field paths (cases after Kafka's ExtractFieldTest and
// SingleFieldPathTest).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct } from '../../src/api/index.ts'
import { ExtractField$Key, ExtractField$Value } from '../../src/transforms/extract-field.ts'
import { SingleFieldPath, parseFieldPathV2 } from '../../src/transforms/field-path.ts'

function extractKey (props: Record<string, unknown>): ExtractField$Key {
  const t = new ExtractField$Key()
  t.configure(props)
  return t
}

function extractValue (props: Record<string, unknown>): ExtractField$Value {
  const t = new ExtractField$Value()
  t.configure(props)
  return t
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'test', kafkaPartition: 0, kafkaOffset: 0, keySchema, key, value: 'v', timestamp: 5 })
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'test', keySchema: Schema.STRING_SCHEMA, key: 'k', valueSchema, value })
}

test('class names and config', () => {
  assert.equal(ExtractField$Key.className, 'org.apache.kafka.connect.transforms.ExtractField$Key')
  assert.equal(ExtractField$Value.className, 'org.apache.kafka.connect.transforms.ExtractField$Value')
  assert.throws(() => extractKey({}), { message: 'Missing required configuration "field" which has no default value.' })
  assert.throws(() => extractKey({ field: 'a', 'field.syntax.version': 'V3' }), {
    message: 'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2'
  })
  const def = new ExtractField$Key().config()
  assert.deepEqual(def.names(), ['field', 'replace.null.with.default', 'field.syntax.version'])
  assert.equal(def.defaultValues()['field.syntax.version'], 'V1')
})

test('schemaless (Kafka schemaless)', () => {
  const out = extractKey({ field: 'magic' }).apply(keyRecord(null, new Map([['magic', 42n]])))
  assert.equal(out.keySchema, null)
  assert.equal(out.key, 42n)
  assert.equal(out.value, 'v')
  assert.equal(out.timestamp, 5)
  assert.equal(extractKey({ field: 'magic' }).apply(keyRecord(null, { magic: 'plain object' })).key, 'plain object')
})

test('schemaless null and missing field', () => {
  assert.equal(extractKey({ field: 'magic' }).apply(keyRecord(null, null)).key, null)
  assert.equal(extractKey({ field: 'nonexistent' }).apply(keyRecord(null, new Map([['magic', 42]]))).key, null)
  assert.throws(() => extractKey({ field: 'magic' }).apply(keyRecord(null, 'str')), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [field extraction], found: java.lang.String'
  })
})

test('with schema (Kafka withSchema)', () => {
  const schema = SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).build()
  const out = extractKey({ field: 'magic' }).apply(keyRecord(schema, new Struct(schema).put('magic', 42)))
  assert.equal(out.keySchema, Schema.INT32_SCHEMA)
  assert.equal(out.key, 42)
})

test('with schema: null value gives null with the field schema; unknown field fails', () => {
  const schema = SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).optional().build()
  const out = extractKey({ field: 'magic' }).apply(keyRecord(schema, null))
  assert.equal(out.keySchema, Schema.INT32_SCHEMA)
  assert.equal(out.key, null)
  assert.throws(() => extractKey({ field: 'nonexistent' }).apply(keyRecord(schema, new Struct(schema).put('magic', 1))), {
    name: 'IllegalArgumentException', message: 'Unknown field: nonexistent'
  })
  assert.throws(() => extractKey({ field: 'magic' }).apply(keyRecord(schema, new Map())), {
    name: 'DataError', message: 'Only Struct objects supported for [field extraction], found: java.util.HashMap'
  })
})

test('replace.null.with.default', () => {
  const schema = SchemaBuilder.struct().field('magic', SchemaBuilder.int32().optional().defaultValue(42).build()).build()
  const struct = new Struct(schema)
  assert.equal(extractValue({ field: 'magic' }).apply(valueRecord(schema, struct)).value, 42)
  assert.equal(extractValue({ field: 'magic', 'replace.null.with.default': false }).apply(valueRecord(schema, struct)).value, null)
})

test('V1 treats dots as part of the name', () => {
  assert.equal(extractValue({ field: 'a.b' }).apply(valueRecord(null, new Map<string, unknown>([['a.b', 1], ['a', new Map([['b', 2]])]]))).value, 1)
})

test('V2 nested paths, schemaless and with schema ($Value)', () => {
  const inner = SchemaBuilder.struct().field('c', Schema.STRING_SCHEMA).field('d.e', Schema.INT64_SCHEMA).build()
  const outer = SchemaBuilder.struct().field('a', inner).field('a.b', Schema.STRING_SCHEMA).build()
  const value = new Struct(outer).put('a', new Struct(inner).put('c', 'deep').put('d.e', 9n)).put('a.b', 'dotted')
  const v2 = (field: string): ExtractField$Value => extractValue({ field, 'field.syntax.version': 'v2' })
  const c = v2('a.c').apply(valueRecord(outer, value))
  assert.equal(c.valueSchema, Schema.STRING_SCHEMA)
  assert.equal(c.value, 'deep')
  assert.equal(c.key, 'k')
  assert.equal(v2('a.`d.e`').apply(valueRecord(outer, value)).value, 9n)
  assert.equal(v2('`a.b`').apply(valueRecord(outer, value)).value, 'dotted')
  assert.equal(v2('a').apply(valueRecord(outer, value)).valueSchema, inner)
  assert.throws(() => v2('a.x').apply(valueRecord(outer, value)), { message: 'Unknown field: a.x' })
  assert.throws(() => v2('x.c').apply(valueRecord(outer, value)), { message: 'Unknown field: x.c' })

  const map = new Map<string, unknown>([['a', new Map<string, unknown>([['c', 'deep'], ['d.e', 9n]])], ['a.b', 'dotted'], ['n', null]])
  assert.equal(v2('a.c').apply(valueRecord(null, map)).value, 'deep')
  assert.equal(v2('a.`d.e`').apply(valueRecord(null, map)).value, 9n)
  assert.equal(v2('`a.b`').apply(valueRecord(null, map)).value, 'dotted')
  assert.equal(v2('a.missing').apply(valueRecord(null, map)).value, null)
  assert.equal(v2('n.x').apply(valueRecord(null, map)).value, null)
  assert.equal(v2('missing.x').apply(valueRecord(null, map)).value, null)
  assert.throws(() => v2('a.b.c').apply(valueRecord(null, new Map([['a', new Map([['b', 'text']])]]))), {
    message: 'Only Map objects supported in absence of schema for [nested field access], found: java.lang.String'
  })
})

test('V2 with null intermediate structs and defaults', () => {
  const inner = SchemaBuilder.struct().field('c', SchemaBuilder.string().optional().defaultValue('dflt').build()).optional().build()
  const outer = SchemaBuilder.struct().field('a', inner).build()
  const props = { field: 'a.c', 'field.syntax.version': 'V2' }
  assert.equal(extractValue(props).apply(valueRecord(outer, new Struct(outer))).value, null)
  const withInner = new Struct(outer).put('a', new Struct(inner))
  assert.equal(extractValue(props).apply(valueRecord(outer, withInner)).value, 'dflt')
  assert.equal(extractValue({ ...props, 'replace.null.with.default': 'false' }).apply(valueRecord(outer, withInner)).value, null)
})

test('V2 path parsing (Kafka SingleFieldPathTest)', () => {
  assert.deepEqual(parseFieldPathV2('foo'), ['foo'])
  assert.deepEqual(parseFieldPathV2('foo.bar'), ['foo', 'bar'])
  assert.deepEqual(parseFieldPathV2('foo.bar.baz'), ['foo', 'bar', 'baz'])
  assert.deepEqual(parseFieldPathV2('`foo.bar`'), ['foo.bar'])
  assert.deepEqual(parseFieldPathV2('`foo.bar`.baz'), ['foo.bar', 'baz'])
  assert.deepEqual(parseFieldPathV2('foo.`bar.baz`'), ['foo', 'bar.baz'])
  assert.deepEqual(parseFieldPathV2('foo.`bar`'), ['foo', 'bar'])
  assert.deepEqual(parseFieldPathV2('foo.'), ['foo', ''])
  assert.deepEqual(parseFieldPathV2('.foo'), ['', 'foo'])
  assert.deepEqual(parseFieldPathV2('foo..bar'), ['foo', '', 'bar'])
  assert.deepEqual(parseFieldPathV2('`foo`bar`.baz'), ['foo`bar', 'baz'])
  assert.deepEqual(parseFieldPathV2('`foo\\`.bar`.baz'), ['foo`.bar', 'baz'])
  assert.deepEqual(parseFieldPathV2('`foo\\`bar`'), ['foo\\`bar'])
  assert.deepEqual(parseFieldPathV2('foo`bar'), ['foo`bar'])
  assert.throws(() => parseFieldPathV2('`'), /Incomplete backtick pair in path: \[`\]/)
  assert.deepEqual(new SingleFieldPath('a.b', 'V1').steps, ['a.b'])
  assert.equal(new SingleFieldPath('a.`b.c`', 'V2').toString(), 'SingleFieldPath{version=V2, path=a.b.c}')
})

test('V2 incomplete backtick pairs', () => {
  assert.throws(() => parseFieldPathV2('`foo.bar'), {
    name: 'ConfigException',
    message: 'Incomplete backtick pair in path: [`foo.bar], consider adding a backslash before backtick at position 0 to escape it'
  })
  assert.throws(() => parseFieldPathV2('foo.`bar\\`'), {
    message: 'Incomplete backtick pair in path: [foo.`bar\\`], consider adding a backslash before backtick at position 4 to escape it'
  })
  assert.throws(() => extractValue({ field: 'a.`b', 'field.syntax.version': 'V2' }), {
    message: 'Incomplete backtick pair in path: [a.`b], consider adding a backslash before backtick at position 2 to escape it'
  })
})
