// JsonConverter throughput against plain JSON.stringify/JSON.parse of the same envelope, in one run:
// `npm run bench:convert`. The record is a 10-field struct (int32, int64, strings, boolean, float64, optional
// fields, Decimal, Timestamp); the baseline encodes/decodes the equivalent {"schema","payload"} object to/from a
// Buffer. Prints msgs/s for each and the ratio (goal: >= 0.5). A second pair of rows does the same with
// schemas.enable=false (payload only, read back as a schemaless Map).
import { JsonConverter } from '../src/converters/json-converter.ts'
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct, Timestamp } from '../src/data/index.ts'
import { fmtInt, table } from './lib/format.ts'

const schema = SchemaBuilder.struct().name('com.example.Order').version(1)
  .field('id', Schema.INT32_SCHEMA)
  .field('customer_id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('email', Schema.OPTIONAL_STRING_SCHEMA)
  .field('active', Schema.BOOLEAN_SCHEMA)
  .field('score', Schema.FLOAT64_SCHEMA)
  .field('note', Schema.OPTIONAL_STRING_SCHEMA)
  .field('quantity', SchemaBuilder.int32().optional().build())
  .field('amount', Decimal.schema(2))
  .field('created_at', Timestamp.SCHEMA)
  .build()

function record (i: number): Struct {
  return new Struct(schema)
    .put('id', i)
    .put('customer_id', 1234567890123n + BigInt(i))
    .put('name', `Customer number ${i}`)
    .put('email', `customer${i}@example.com`)
    .put('active', i % 2 === 0)
    .put('score', 1234.5678 + i)
    .put('note', null)
    .put('quantity', i % 100)
    .put('amount', new BigDecimal(BigInt(19999 + i), 2))
    .put('created_at', new Date(1700000000000 + i))
}

const converter = new JsonConverter()
converter.configure({}, false)
const schemaless = new JsonConverter()
schemaless.configure({ 'schemas.enable': false }, false)

const N = 1000
const records = Array.from({ length: N }, (_, i) => record(i))
const encoded = records.map(r => converter.fromConnectData('orders', null, schema, r)!)
const plain = encoded.map(b => JSON.parse(b.toString('utf8')) as unknown)
const plainEncoded = plain.map(o => Buffer.from(JSON.stringify(o), 'utf8'))
const bare = records.map(r => schemaless.fromConnectData('orders', null, schema, r)!)
const barePlain = bare.map(b => JSON.parse(b.toString('utf8')) as unknown)
const bareMaps = bare.map(b => schemaless.toConnectData('orders', null, b).value)

function measure (fn: (i: number) => unknown): number {
  let sink: unknown
  for (let i = 0; i < 20_000; i++) sink = fn(i % N) // warm up
  const rounds: number[] = []
  for (let r = 0; r < 5; r++) {
    let count = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < 400) {
      for (let i = 0; i < N; i++) sink = fn(i)
      count += N
      elapsed = performance.now() - start
    }
    rounds.push(count / (elapsed / 1000))
  }
  if (sink === Symbol.for('never')) console.log(sink)
  rounds.sort((a, b) => a - b)
  return rounds[2]! // median of 5
}

const results = [
  {
    direction: 'fromConnectData (envelope)',
    ours: measure(i => converter.fromConnectData('orders', null, schema, records[i])),
    base: measure(i => Buffer.from(JSON.stringify(plain[i]), 'utf8'))
  },
  {
    direction: 'toConnectData (envelope)',
    ours: measure(i => converter.toConnectData('orders', null, encoded[i]!)),
    base: measure(i => JSON.parse(plainEncoded[i]!.toString('utf8')))
  },
  {
    direction: 'fromConnectData (schemaless)',
    ours: measure(i => schemaless.fromConnectData('orders', null, null, bareMaps[i])),
    base: measure(i => Buffer.from(JSON.stringify(barePlain[i]), 'utf8'))
  },
  {
    direction: 'toConnectData (schemaless)',
    ours: measure(i => schemaless.toConnectData('orders', null, bare[i]!)),
    base: measure(i => JSON.parse(bare[i]!.toString('utf8')))
  }
]

console.log(`JsonConverter vs JSON.stringify/JSON.parse of the same JSON, 10-field struct (envelope ${encoded[0]!.length} bytes, ` +
  `payload ${bare[0]!.length} bytes), node ${process.version}`)
console.log(table(['direction', 'kconnect msgs/s', 'JSON.* msgs/s', 'ratio'],
  results.map(r => [r.direction, fmtInt(r.ours), fmtInt(r.base), (r.ours / r.base).toFixed(2)])))
