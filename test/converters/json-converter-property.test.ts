// Property-based round trips through JsonConverter: random schemas (nested structs, arrays, maps with any key type,
// logical types, optional fields, metadata) with random matching values; writing, reading and writing again gives
// the same schema, the same value and the same bytes. Also schemaless JSON and the lone-surrogate escapes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { JsonConverter } from '../../src/converters/json-converter.ts'
import {
  BigDecimal, ConnectDate, Decimal, SchemaBuilder, Struct, Time, Timestamp, valuesEqual, type Schema
} from '../../src/data/index.ts'

const text = fc.string({ unit: 'binary', maxLength: 12 })
const name = fc.option(fc.stringMatching(/^[a-z][a-zA-Z0-9_.]{0,15}$/), { nil: undefined })

const primitive: fc.Arbitrary<Schema> = fc.constantFrom(
  SchemaBuilder.int8(), SchemaBuilder.int16(), SchemaBuilder.int32(), SchemaBuilder.int64(), SchemaBuilder.float32(),
  SchemaBuilder.float64(), SchemaBuilder.bool(), SchemaBuilder.string(), SchemaBuilder.bytes()
).map(b => SchemaBuilder.type(b.type()) as Schema)

const logical: fc.Arbitrary<Schema> = fc.oneof(
  fc.integer({ min: -5, max: 12 }).map(scale => Decimal.schema(scale)),
  fc.constant(ConnectDate.SCHEMA), fc.constant(Time.SCHEMA), fc.constant(Timestamp.SCHEMA)
)

function decorate (base: fc.Arbitrary<Schema>): fc.Arbitrary<Schema> {
  return fc.record({ base, optional: fc.boolean(), doc: fc.option(text, { nil: undefined }), version: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }) })
    .map(({ base, optional, doc, version }) => {
      if (base.name() !== null) return optional ? copyOptional(base) : base
      const b = rebuild(base)
      if (optional) b.optional()
      if (doc !== undefined) b.doc(doc)
      if (version !== undefined) b.version(version)
      return b.build()
    })
}

function rebuild (s: Schema): SchemaBuilder {
  switch (s.type()) {
    case 'ARRAY': return SchemaBuilder.array(s.valueSchema()!)
    case 'MAP': return SchemaBuilder.map(s.keySchema()!, s.valueSchema()!)
    case 'STRUCT': {
      const b = SchemaBuilder.struct()
      if (s.name() !== null) b.name(s.name())
      for (const f of s.fields()) b.field(f.name(), f.schema())
      return b
    }
    default: return SchemaBuilder.type(s.type())
  }
}

function copyOptional (s: Schema): Schema {
  const b = SchemaBuilder.type(s.type()).name(s.name()).version(s.version()).optional()
  for (const [k, v] of s.parameters() ?? []) b.parameter(k, v)
  return b.build()
}

const schemaArb: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema }>(tie => ({
  schema: fc.oneof({ maxDepth: 3, depthIdentifier: 'schema' },
    decorate(primitive),
    decorate(logical),
    decorate(tie('schema').map(v => SchemaBuilder.array(v).build())),
    decorate(fc.tuple(tie('schema'), tie('schema')).map(([k, v]) => SchemaBuilder.map(k, v).build())),
    decorate(fc.tuple(name, fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_ é😀]{0,10}$/u), tie('schema')), { maxLength: 5, selector: f => f[0] }))
      .map(([n, fields]) => {
        const b = SchemaBuilder.struct()
        if (n !== undefined) b.name(n)
        for (const [fname, fs] of fields) b.field(fname, fs)
        return b.build()
      }))
  )
})).schema

const notNegZero = (x: number): boolean => !Object.is(x, -0)

function valueArb (schema: Schema): fc.Arbitrary<unknown> {
  const v = required(schema)
  return schema.isOptional() ? fc.option(v, { nil: null }) : v
}

function required (schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.name()) {
    case Decimal.LOGICAL_NAME: {
      const scale = Decimal.scale(schema)
      return fc.bigInt(-(10n ** 30n), 10n ** 30n).map(u => new BigDecimal(u, scale))
    }
    case ConnectDate.LOGICAL_NAME: return fc.integer({ min: -100000, max: 100000 }).map(d => new Date(d * 86400000))
    case Time.LOGICAL_NAME: return fc.integer({ min: 0, max: 86400000 }).map(ms => new Date(ms))
    case Timestamp.LOGICAL_NAME: return fc.integer({ min: -8.64e15, max: 8.64e15 }).map(ms => new Date(ms))
  }
  switch (schema.type()) {
    case 'INT8': return fc.integer({ min: -128, max: 127 })
    case 'INT16': return fc.integer({ min: -32768, max: 32767 })
    case 'INT32': return fc.integer({ min: -2147483648, max: 2147483647 })
    case 'INT64': return fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n)
    case 'FLOAT32': return fc.float().filter(notNegZero)
    case 'FLOAT64': return fc.double().filter(notNegZero)
    case 'BOOLEAN': return fc.boolean()
    case 'STRING': return text
    case 'BYTES': return fc.uint8Array({ maxLength: 20 }).map(b => Buffer.from(b))
    case 'ARRAY': return fc.array(valueArb(schema.valueSchema()!), { maxLength: 4 })
    case 'MAP': {
      const keySchema = schema.keySchema()!
      return fc.array(fc.tuple(valueArb(keySchema), valueArb(schema.valueSchema()!)), { maxLength: 4 })
        .map(entries => new Map(entries))
    }
    case 'STRUCT': {
      const fields = schema.fields()
      return fc.tuple(...fields.map(f => valueArb(f.schema()))).map(values => {
        const s = new Struct(schema)
        fields.forEach((f, i) => s.put(f, values[i]))
        return s
      })
    }
  }
  throw new Error(`no arbitrary for ${String(schema)}`)
}

/** Maps whose keys are strings but whose key schema is optional may hold a null key, written as "null". */
function hasNullStringKey (schema: Schema, value: unknown): boolean {
  if (value == null) return false
  switch (schema.type()) {
    case 'MAP': {
      const m = value as Map<unknown, unknown>
      if (schema.keySchema()!.type() === 'STRING' && m.has(null)) return true
      return [...m].some(([k, v]) => hasNullStringKey(schema.keySchema()!, k) || hasNullStringKey(schema.valueSchema()!, v))
    }
    case 'ARRAY': return (value as unknown[]).some(e => hasNullStringKey(schema.valueSchema()!, e))
    case 'STRUCT': return schema.fields().some(f => hasNullStringKey(f.schema(), (value as Struct).getWithoutDefault(f)))
  }
  return false
}

const converter = new JsonConverter()
converter.configure({}, false)
const numeric = new JsonConverter()
numeric.configure({ 'decimal.format': 'NUMERIC' }, false)

test('property: schema + value round-trip through the envelope, bytes are stable', () => {
  fc.assert(fc.property(schemaArb.chain(s => fc.tuple(fc.constant(s), valueArb(s))), ([schema, value]) => {
    fc.pre(!hasNullStringKey(schema, value))
    for (const c of [converter, numeric]) {
      const bytes = c.fromConnectData('t', null, schema, value)!
      assert.ok(bytes !== null)
      const sv = c.toConnectData('t', null, bytes)
      assert.ok(schema.equals(sv.schema), `schema ${bytes.toString()}`)
      assert.ok(valuesEqual(sv.value, value), `value ${bytes.toString()}`)
      assert.ok(c.fromConnectData('t', null, sv.schema, sv.value)!.equals(bytes))
    }
  }), { numRuns: 300 })
})

const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>(tie => ({
  v: fc.oneof({ maxDepth: 3, depthIdentifier: 'json' },
    fc.constant(null), fc.boolean(), text, fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter(d => !Number.isInteger(d)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(text, tie('v')), { maxLength: 4 }).map(e => new Map(e)))
})).v

test('property: schemaless JSON round-trips (integers as INT64 bigint, other numbers as doubles)', () => {
  const plain = new JsonConverter()
  plain.configure({ 'schemas.enable': false }, false)
  fc.assert(fc.property(jsonValue, value => {
    fc.pre(value !== null)
    for (const c of [converter, plain]) {
      const bytes = c.fromConnectData('t', null, null, value)!
      const sv = c.toConnectData('t', null, bytes)
      assert.equal(sv.schema, null)
      assert.ok(valuesEqual(sv.value, value), bytes.toString())
    }
  }), { numRuns: 300 })
})

test('property: JSON.parse reads what JsonConverter writes (valid JSON), numbers aside', () => {
  fc.assert(fc.property(schemaArb.chain(s => fc.tuple(fc.constant(s), valueArb(s))), ([schema, value]) => {
    const bytes = converter.fromConnectData('t', null, schema, value)!
    JSON.parse(bytes.toString('utf8'))
  }), { numRuns: 200 })
})

test('surrogates are written as upper-case \\u escapes, as Jackson does, and read back', () => {
  const s = SchemaBuilder.string().build()
  for (const str of ['😀', '\ud800', 'a\udc00b', '\u007f\u0080\u07ff\u0800\uffff']) {
    const bytes = converter.fromConnectData('t', null, s, str)!
    assert.equal(converter.toConnectData('t', null, bytes).value, str)
  }
  assert.equal(converter.fromConnectData('t', null, s, 'x😀\ud800')!.toString(), '{"schema":{"type":"string","optional":false},"payload":"x\\uD83D\\uDE00\\uD800"}')
  assert.equal(converter.fromConnectData('t', null, s, '\u0000\u001f\u0008\u000c/')!.toString(), '{"schema":{"type":"string","optional":false},"payload":"\\u0000\\u001F\\b\\f/"}')
})
