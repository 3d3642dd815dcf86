// JsonConverter golden vectors: each file in test/golden/json-converter/ holds the exact bytes Kafka's JsonConverter
// writes for a schema and value (derived by hand from the behaviour spec §7.2 and Kafka's JsonConverter.java), and
// reading those bytes must give the value back.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { JsonConverter } from '../../src/converters/json-converter.ts'
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp, valuesEqual, type Schema as SchemaT
} from '../../src/data/index.ts'

const DIR = new URL('../golden/json-converter/', import.meta.url)

function golden (name: string): Buffer {
  const bytes = readFileSync(new URL(name, DIR))
  return bytes.subarray(0, bytes.length - 1) // drop the file's trailing newline
}

interface Case {
  file: string
  schema: SchemaT | null
  value: unknown
  /** What reading the bytes gives, when it differs from `value`. */
  expected?: unknown
  configs?: Record<string, unknown>
}

const inner = SchemaBuilder.struct().name('Inner').optional()
  .field('x', Schema.INT32_SCHEMA).field('y', Schema.OPTIONAL_STRING_SCHEMA).build()
const outer = SchemaBuilder.struct().name('Outer')
  .field('id', Schema.INT32_SCHEMA).field('inner', inner).field('inner2', inner).build()
const item = SchemaBuilder.struct().name('Item').field('sku', Schema.STRING_SCHEMA).field('qty', Schema.INT32_SCHEMA).build()
const key = SchemaBuilder.struct().name('Key').field('k', Schema.INT16_SCHEMA).build()
const primitives = SchemaBuilder.struct().name('com.example.Primitives').version(3).doc('all the primitives')
  .field('i8', Schema.INT8_SCHEMA).field('i16', Schema.INT16_SCHEMA).field('i32', Schema.INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA).field('f32', Schema.FLOAT32_SCHEMA).field('f64', Schema.FLOAT64_SCHEMA)
  .field('big', Schema.FLOAT64_SCHEMA).field('small', Schema.FLOAT64_SCHEMA).field('bool', Schema.BOOLEAN_SCHEMA)
  .field('str', Schema.STRING_SCHEMA).field('bytes', Schema.BYTES_SCHEMA).build()
const tsStruct = SchemaBuilder.struct().field('content', Schema.STRING_SCHEMA)
  .field('the_timestamp', Timestamp.builder().optional().build()).build()
const defaults = SchemaBuilder.struct()
  .field('s', SchemaBuilder.string().optional().defaultValue('dflt').build())
  .field('n', SchemaBuilder.int32().defaultValue(42).build())
  .field('o', Schema.OPTIONAL_INT32_SCHEMA)
  .field('d', Decimal.builder(2).optional().defaultValue(new BigDecimal(100n, 2)).build())
  .build()
const logical = SchemaBuilder.struct()
  .field('date', ConnectDate.SCHEMA).field('time', Time.SCHEMA).field('ts', Timestamp.SCHEMA).field('dec', Decimal.schema(2))
  .field('maybe', ConnectDate.builder().optional().build()).build()
const nonFinite = SchemaBuilder.struct().field('f', Schema.FLOAT32_SCHEMA).field('d', Schema.FLOAT64_SCHEMA).build()
const plainStruct = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build()
const numbers = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).doc('nums').parameter('b', '2').parameter('a', '1').build()

const cases: Case[] = [
  { file: 'string.json', schema: Schema.STRING_SCHEMA, value: 'foo' },
  { file: 'timestamp-struct.json', schema: tsStruct, value: new Struct(tsStruct).put('content', 'foo').put('the_timestamp', new Date(1700000000123)) },
  { file: 'decimal-base64.json', schema: Decimal.schema(2), value: new BigDecimal(223n, 2) },
  { file: 'decimal-numeric.json', schema: Decimal.schema(2), value: new BigDecimal(223n, 2), configs: { 'decimal.format': 'numeric' } },
  {
    file: 'primitives.json',
    schema: primitives,
    value: new Struct(primitives).put('i8', -128).put('i16', 32767).put('i32', -2147483648).put('i64', 9223372036854775807n)
      .put('f32', Math.fround(1.1)).put('f64', 1).put('big', 1e10).put('small', 0.00001).put('bool', true)
      .put('str', 'a"b\\c\n\u0001é😀').put('bytes', Buffer.from([0, 1, 2, 255]))
  },
  {
    file: 'nested-structs.json',
    schema: outer,
    value: new Struct(outer).put('id', 1).put('inner', new Struct(inner).put('x', 2))
  },
  {
    file: 'array-of-structs.json',
    schema: SchemaBuilder.array(item).build(),
    value: [new Struct(item).put('sku', 'a').put('qty', 1), new Struct(item).put('sku', 'b').put('qty', 2)]
  },
  {
    file: 'map-struct-keys.json',
    schema: SchemaBuilder.map(key, Schema.FLOAT64_SCHEMA).build(),
    value: new Map([[new Struct(key).put('k', 1), 0.5], [new Struct(key).put('k', 2), -2]])
  },
  {
    file: 'map-string-keys.json',
    schema: SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).build(),
    value: new Map([['a', 1n], ['b', null]])
  },
  {
    file: 'defaults.json',
    schema: defaults,
    value: new Struct(defaults),
    expected: new Struct(defaults).put('s', 'dflt').put('n', 42).put('d', new BigDecimal(100n, 2))
  },
  {
    file: 'logical.json',
    schema: logical,
    value: new Struct(logical).put('date', new Date(19000 * 86400000)).put('time', new Date(14400000))
      .put('ts', new Date(4000000000)).put('dec', new BigDecimal(-100n, 2))
  },
  { file: 'non-finite.json', schema: nonFinite, value: new Struct(nonFinite).put('f', NaN).put('d', -Infinity) },
  {
    file: 'schemaless.json',
    schema: null,
    value: new Map<string, unknown>([['a', 1n], ['b', 1.5], ['c', [true, 'x']], ['d', null]])
  },
  {
    file: 'no-envelope.json',
    schema: plainStruct,
    value: new Struct(plainStruct).put('id', 7).put('name', 'x').put('tags', ['a', 'b']),
    expected: new Map<string, unknown>([['id', 7n], ['name', 'x'], ['tags', ['a', 'b']]]),
    configs: { 'schemas.enable': false }
  },
  { file: 'array-optional-items.json', schema: numbers, value: [1, null, 3] }
]

function converter (configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter()
  c.configure(configs, false)
  return c
}

for (const c of cases) {
  test(`golden ${c.file}: fromConnectData writes the exact bytes`, () => {
    const out = converter(c.configs).fromConnectData('topic', null, c.schema, c.value)
    assert.equal(out!.toString('utf8'), golden(c.file).toString('utf8'))
    assert.ok(out!.equals(golden(c.file)))
  })

  test(`golden ${c.file}: toConnectData reads the value back`, () => {
    const conv = converter(c.configs)
    for (let round = 0; round < 2; round++) { // the second read takes the known-schema path
      const sv = conv.toConnectData('topic', null, golden(c.file))
      const schemasEnabled = c.configs?.['schemas.enable'] !== false
      if (schemasEnabled && c.schema !== null) assert.ok(c.schema.equals(sv.schema), `schema of ${c.file}`)
      else assert.equal(sv.schema, null)
      assert.ok(valuesEqual(sv.value, c.expected ?? c.value), `value of ${c.file}: ${String(sv.value)}`)
    }
  })
}

test('golden: a value read back writes the same bytes again', () => {
  for (const c of cases) {
    if (c.expected !== undefined || c.schema === null) continue
    const conv = converter(c.configs)
    const sv = conv.toConnectData('topic', null, golden(c.file))
    assert.ok(conv.fromConnectData('topic', null, sv.schema, sv.value)!.equals(golden(c.file)), c.file)
  }
})
