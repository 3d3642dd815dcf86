// Cast$Key / Cast$Value (cases after Kafka's CastTest and the SMT's documentation).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Time, Timestamp
} from '../../src/api/index.ts'
import { Cast$Key, Cast$Value } from '../../src/transforms/cast.ts'

function castValue (props: Record<string, unknown>): Cast$Value {
  const t = new Cast$Value()
  t.configure(props)
  return t
}

function castKey (props: Record<string, unknown>): Cast$Key {
  const t = new Cast$Key()
  t.configure(props)
  return t
}

function valueRecord (valueSchema: Schema | null, value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'topic', kafkaPartition: 0, valueSchema, value, timestamp: 123 })
}

function keyRecord (keySchema: Schema | null, key: unknown): SinkRecord {
  return new SinkRecord({ topic: 'topic', kafkaPartition: 0, kafkaOffset: 7, keySchema, key, value: 'v' })
}

test('class names', () => {
  assert.equal(Cast$Key.className, 'org.apache.kafka.connect.transforms.Cast$Key')
  assert.equal(Cast$Value.className, 'org.apache.kafka.connect.transforms.Cast$Value')
})

test('config errors', () => {
  assert.throws(() => castValue({}), { message: 'Missing required configuration "spec" which has no default value.' })
  assert.throws(() => castValue({ spec: '' }), { message: 'Must specify at least one field to cast.' })
  assert.throws(() => castValue({ spec: 'foo:faketype' }), { message: 'Invalid type found in casting spec: faketype' })
  assert.throws(() => castValue({ spec: 'int' }), { message: 'Invalid type found in casting spec: int' })
  assert.throws(() => castValue({ spec: 'foo:bytes' }), {
    message: 'Cast transformation does not support casting to BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]'
  })
  assert.throws(() => castValue({ spec: 'a:b:c' }), { message: 'Invalid value [a:b:c] for configuration renames: Invalid rename mapping: a:b:c' })
  assert.throws(() => castValue({ spec: 'int8,foo:int16' }), {
    message: 'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec'
  })
  assert.throws(() => castValue({ spec: 'a:int8', 'replace.null.with.default': 'maybe' }), /replace.null.with.default/)
  // type names are case-insensitive and trimmed; a list value works too
  castValue({ spec: 'a: INT8 , b:Float64' })
  castValue({ spec: ['a:int8', 'b:string'] })
})

test('documentation example: narrow a whole int64 key to int32 (schema and schemaless)', () => {
  const t = castKey({ spec: 'int32' })
  const withSchema = t.apply(keyRecord(Schema.INT64_SCHEMA, 42n))
  assert.equal(withSchema.keySchema!.type(), 'INT32')
  assert.equal(withSchema.key, 42)
  assert.equal(withSchema.value, 'v')
  assert.equal(withSchema.kafkaOffset, 7)
  const schemaless = t.apply(keyRecord(null, 42n))
  assert.equal(schemaless.keySchema, null)
  assert.equal(schemaless.key, 42)
})

test('whole value casts to each type with a schema', () => {
  const cases: Array<[string, Schema, unknown, string, unknown]> = [
    ['int8', Schema.INT32_SCHEMA, 42, 'INT8', 42],
    ['int16', Schema.INT32_SCHEMA, 42, 'INT16', 42],
    ['int32', Schema.INT32_SCHEMA, 42, 'INT32', 42],
    ['int64', Schema.INT32_SCHEMA, 42, 'INT64', 42n],
    ['float32', Schema.INT32_SCHEMA, 42, 'FLOAT32', 42],
    ['float64', Schema.INT32_SCHEMA, 42, 'FLOAT64', 42],
    ['boolean', Schema.INT32_SCHEMA, 42, 'BOOLEAN', true],
    ['boolean', Schema.INT32_SCHEMA, 0, 'BOOLEAN', false],
    ['string', Schema.INT32_SCHEMA, 42, 'STRING', '42'],
    ['int32', Schema.BOOLEAN_SCHEMA, true, 'INT32', 1],
    ['int64', Schema.BOOLEAN_SCHEMA, false, 'INT64', 0n],
    ['float32', Schema.BOOLEAN_SCHEMA, true, 'FLOAT32', 1],
    ['string', Schema.BOOLEAN_SCHEMA, true, 'STRING', 'true'],
    ['int32', Schema.STRING_SCHEMA, '42', 'INT32', 42],
    ['int64', Schema.STRING_SCHEMA, '-9223372036854775808', 'INT64', -9223372036854775808n],
    ['float64', Schema.STRING_SCHEMA, '42.5', 'FLOAT64', 42.5],
    ['boolean', Schema.STRING_SCHEMA, 'TRUE', 'BOOLEAN', true],
    ['boolean', Schema.STRING_SCHEMA, 'yes', 'BOOLEAN', false],
    ['string', Schema.FLOAT64_SCHEMA, 1, 'STRING', '1.0'],
    ['string', Schema.FLOAT32_SCHEMA, Math.fround(1.1), 'STRING', '1.1'],
    ['string', Schema.INT64_SCHEMA, 9007199254740993n, 'STRING', '9007199254740993'],
    ['float64', Schema.INT64_SCHEMA, 9007199254740993n, 'FLOAT64', 9007199254740992]
  ]
  for (const [spec, schema, value, type, expected] of cases) {
    const out = castValue({ spec }).apply(valueRecord(schema, value))
    assert.equal(out.valueSchema!.type(), type, `${spec} from ${schema.type()}`)
    assert.equal(out.value, expected, `${spec} from ${schema.type()} ${String(value)}`)
    assert.equal(out.topic, 'topic')
    assert.equal(out.timestamp, 123)
  }
})

test('Java narrowing: wrap for integers, saturation for floating point', () => {
  assert.equal(castValue({ spec: 'int32' }).apply(valueRecord(null, (1n << 40n) + 5n)).value, 5)
  assert.equal(castValue({ spec: 'int8' }).apply(valueRecord(null, 300)).value, 44)
  assert.equal(castValue({ spec: 'int16' }).apply(valueRecord(null, 70000)).value, 4464)
  assert.equal(castValue({ spec: 'int32' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, 1e10)).value, 2147483647)
  assert.equal(castValue({ spec: 'int8' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, 1e10)).value, -1)
  assert.equal(castValue({ spec: 'int8' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, -1.9)).value, -1)
  assert.equal(castValue({ spec: 'int64' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, NaN)).value, 0n)
  assert.equal(castValue({ spec: 'int64' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, 1e300)).value, 9223372036854775807n)
  assert.equal(castValue({ spec: 'boolean' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, 0.5)).value, false)
  assert.equal(castValue({ spec: 'float32' }).apply(valueRecord(Schema.FLOAT64_SCHEMA, 1.1)).value, Math.fround(1.1))
})

test('string parse failures', () => {
  assert.throws(() => castValue({ spec: 'int32' }).apply(valueRecord(Schema.STRING_SCHEMA, 'abc')), {
    name: 'DataError', message: 'Value (abc) was out of range for requested data type'
  })
  assert.throws(() => castValue({ spec: 'int8' }).apply(valueRecord(Schema.STRING_SCHEMA, '300')), {
    message: 'Value (300) was out of range for requested data type'
  })
  assert.throws(() => castValue({ spec: 'int32' }).apply(valueRecord(Schema.STRING_SCHEMA, ' 1')), {
    message: 'Value ( 1) was out of range for requested data type'
  })
  assert.throws(() => castValue({ spec: 'float64' }).apply(valueRecord(Schema.STRING_SCHEMA, '1.2.3')), {
    message: 'Value (1.2.3) was out of range for requested data type'
  })
  assert.equal(castValue({ spec: 'float64' }).apply(valueRecord(Schema.STRING_SCHEMA, ' 1e3d ')).value, 1000)
  assert.ok(Number.isNaN(castValue({ spec: 'float64' }).apply(valueRecord(Schema.STRING_SCHEMA, 'NaN')).value))
})

test('bytes cast only to string (base64)', () => {
  const bytes = Buffer.from([1, 2, 3, 250])
  assert.equal(castValue({ spec: 'string' }).apply(valueRecord(Schema.BYTES_SCHEMA, bytes)).value, 'AQID+g==')
  assert.equal(castValue({ spec: 'string' }).apply(valueRecord(null, new Uint8Array([104, 105]))).value, 'aGk=')
  assert.throws(() => castValue({ spec: 'int8' }).apply(valueRecord(Schema.BYTES_SCHEMA, bytes)), {
    name: 'DataError', message: 'Unexpected type in Cast transformation: class [B'
  })
})

test('unsupported input types', () => {
  const struct = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  assert.throws(() => castValue({ spec: 'int8' }).apply(valueRecord(null, new Map([['a', 1]]))), {
    message: 'Cast transformation does not support casting from MAP; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]'
  })
  assert.throws(() => castValue({ spec: 'string' }).apply(valueRecord(struct, new Struct(struct).put('a', 1))), {
    message: /does not support casting from STRUCT/
  })
  assert.throws(() => castValue({ spec: 'string' }).apply(valueRecord(null, new Date(0))), {
    message: "Cast transformation was passed a value of type class java.util.Date which is not supported by Connect's data API"
  })
  assert.throws(() => castValue({ spec: 'a:int8' }).apply(valueRecord(null, new Map([['a', [1]]]))), { message: /casting from ARRAY/ })
})

test('null values and tombstones are passed through', () => {
  const tombstone = valueRecord(null, null)
  assert.equal(castValue({ spec: 'int8' }).apply(tombstone), tombstone)
  const withSchema = valueRecord(Schema.OPTIONAL_INT32_SCHEMA, null)
  assert.equal(castValue({ spec: 'a:int8' }).apply(withSchema), withSchema)
  const nullKey = keyRecord(Schema.OPTIONAL_INT64_SCHEMA, null)
  assert.equal(castKey({ spec: 'int32' }).apply(nullKey), nullKey)
})

test('struct fields with a schema (Kafka castFieldsWithSchema)', () => {
  const schema = SchemaBuilder.struct().name('rec').version(2).doc('d')
    .field('int8', Schema.INT8_SCHEMA)
    .field('int16', Schema.OPTIONAL_INT16_SCHEMA)
    .field('int32', SchemaBuilder.int32().defaultValue(2).build())
    .field('int64', Schema.INT64_SCHEMA)
    .field('float32', Schema.FLOAT32_SCHEMA)
    .field('float64', Schema.FLOAT64_SCHEMA)
    .field('boolean', Schema.BOOLEAN_SCHEMA)
    .field('string', Schema.STRING_SCHEMA)
    .field('bigdecimal', Decimal.schema(2))
    .field('date', ConnectDate.SCHEMA)
    .field('time', Time.SCHEMA)
    .field('timestamp', Timestamp.SCHEMA)
    .field('timestampToString', Timestamp.SCHEMA)
    .field('optional', Schema.OPTIONAL_FLOAT32_SCHEMA)
    .field('untouched', Schema.STRING_SCHEMA)
    .build()
  const value = new Struct(schema)
    .put('int8', 8).put('int16', 16).put('int32', 32).put('int64', 64n).put('float32', 32.5).put('float64', -64.25)
    .put('boolean', true).put('string', '42').put('bigdecimal', new BigDecimal(12345n, 2))
    .put('date', new Date(86400000 * 3)).put('time', new Date(3723004)).put('timestamp', new Date(1700000000123))
    .put('timestampToString', new Date(1700000000123)).put('untouched', 'keep')
  const t = castValue({
    spec: 'int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32,' +
      'bigdecimal:float64,date:int32,time:int64,timestamp:int64,timestampToString:string,optional:int32'
  })
  const out: SourceRecord = t.apply(valueRecord(schema, value))
  const s = out.valueSchema!
  assert.equal(s.name(), 'rec')
  assert.equal(s.version(), 2)
  assert.equal(s.doc(), 'd')
  assert.deepEqual(s.fields().map(f => `${f.name()}:${f.schema().type()}${f.schema().isOptional() ? '?' : ''}`), [
    'int8:INT16', 'int16:INT32?', 'int32:INT64', 'int64:BOOLEAN', 'float32:FLOAT64', 'float64:BOOLEAN', 'boolean:INT8',
    'string:INT32', 'bigdecimal:FLOAT64', 'date:INT32', 'time:INT64', 'timestamp:INT64', 'timestampToString:STRING',
    'optional:INT32?', 'untouched:STRING'
  ])
  assert.equal(s.field('int32')!.schema().defaultValue(), 2n, 'defaults are cast too')
  assert.equal(s.field('date')!.schema().name(), null, 'casted fields lose the logical name')
  assert.equal(s.field('untouched')!.schema(), Schema.STRING_SCHEMA)
  const v = out.value as Struct
  assert.equal(v.get('int8'), 8)
  assert.equal(v.get('int16'), 16)
  assert.equal(v.get('int32'), 32n)
  assert.equal(v.get('int64'), true)
  assert.equal(v.get('float32'), 32.5)
  assert.equal(v.get('float64'), true)
  assert.equal(v.get('boolean'), 1)
  assert.equal(v.get('string'), 42)
  assert.equal(v.get('bigdecimal'), 123.45)
  assert.equal(v.get('date'), 3)
  assert.equal(v.get('time'), 3723004n)
  assert.equal(v.get('timestamp'), 1700000000123n)
  assert.equal(v.get('timestampToString'), '2023-11-14T22:13:20.123Z')
  assert.equal(v.get('optional'), null)
  assert.equal(v.get('untouched'), 'keep')
  v.validate()
  // the derived schema is cached per input schema
  assert.equal(t.apply(valueRecord(schema, value)).valueSchema, s)
})

test('logical values cast to string use the Values ISO formats', () => {
  const schema = SchemaBuilder.struct().field('d', ConnectDate.SCHEMA).field('t', Time.SCHEMA).field('dec', Decimal.schema(3)).build()
  const out = castValue({ spec: 'd:string,t:string,dec:string' }).apply(valueRecord(schema,
    new Struct(schema).put('d', new Date(Date.UTC(2024, 1, 29))).put('t', new Date(45296789)).put('dec', new BigDecimal(-5n, 3))))
  const v = out.value as Struct
  assert.equal(v.get('d'), '2024-02-29')
  assert.equal(v.get('t'), '12:34:56.789Z')
  assert.equal(v.get('dec'), '-0.005')
})

test('replace.null.with.default', () => {
  const schema = SchemaBuilder.struct().field('a', SchemaBuilder.int32().optional().defaultValue(7).build()).build()
  const value = new Struct(schema)
  const withDefault = castValue({ spec: 'a:string' }).apply(valueRecord(schema, value)).value as Struct
  assert.equal(withDefault.getWithoutDefault('a'), '7')
  const raw = castValue({ spec: 'a:string', 'replace.null.with.default': 'false' }).apply(valueRecord(schema, value)).value as Struct
  assert.equal(raw.getWithoutDefault('a'), null)
  assert.equal(raw.schema().field('a')!.schema().defaultValue(), '7')
})

test('schemaless maps', () => {
  const value = new Map<string, unknown>([['int', 42], ['long', 9223372036854775807n], ['str', '12'], ['float', 1.5], ['other', 'x']])
  const out = castValue({ spec: 'int:string,long:string,str:int64,float:int32,missing:int8' }).apply(valueRecord(null, value))
  assert.equal(out.valueSchema, null)
  const m = out.value as Map<string, unknown>
  assert.equal(m.get('int'), '42')
  assert.equal(m.get('long'), '9223372036854775807')
  assert.equal(m.get('str'), 12n)
  assert.equal(m.get('float'), 1)
  assert.equal(m.get('other'), 'x')
  assert.ok(m.has('missing'), 'Kafka puts every spec field, missing ones as null')
  assert.equal(m.get('missing'), null)
  assert.equal(value.get('int'), 42, 'the input map is not changed')
  // a plain object is read as a map
  assert.equal((castValue({ spec: 'a:string' }).apply(valueRecord(null, { a: 1.25 })).value as Map<string, unknown>).get('a'), '1.25')
})

test('required struct / map', () => {
  const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  assert.throws(() => castValue({ spec: 'a:int8' }).apply(valueRecord(null, 'text')), {
    name: 'DataError', message: 'Only Map objects supported in absence of schema for [cast types], found: java.lang.String'
  })
  assert.throws(() => castValue({ spec: 'a:int8' }).apply(valueRecord(Schema.STRING_SCHEMA, 'text')), /Cannot list fields on non-struct type/)
  assert.throws(() => castValue({ spec: 'a:int8' }).apply(valueRecord(schema, 5)), {
    name: 'DataError', message: 'Only Struct objects supported for [cast types], found: java.lang.Integer'
  })
})

test('$Key works on the key and leaves the value alone', () => {
  const schema = SchemaBuilder.struct().field('id', Schema.STRING_SCHEMA).build()
  const r = new SourceRecord({ sourcePartition: { p: 1 }, sourceOffset: { o: 2 }, topic: 't', keySchema: schema, key: new Struct(schema).put('id', '5'), value: 'v', valueSchema: Schema.STRING_SCHEMA })
  const out = castKey({ spec: 'id:int64' }).apply(r)
  assert.equal((out.key as Struct).get('id'), 5n)
  assert.equal(out.value, 'v')
  assert.equal(out.valueSchema, Schema.STRING_SCHEMA)
  assert.deepEqual(out.sourceOffset, { o: 2 })
})

test('whole-value cast keeps optionality and casts the default', () => {
  const schema = SchemaBuilder.int64().optional().defaultValue(5n).build()
  const out = castValue({ spec: 'string' }).apply(valueRecord(schema, 10n))
  assert.equal(out.valueSchema!.type(), 'STRING')
  assert.equal(out.valueSchema!.isOptional(), true)
  assert.equal(out.valueSchema!.defaultValue(), '5')
  assert.equal(out.value, '10')
})

test('whole logical values (Kafka castWholeDateRecordValueWithSchemaString / castWholeBigDecimalRecordValueWithSchemaString)', () => {
  const timestamp = new Date(86400000 + 1)
  const out = castValue({ spec: 'string' }).apply(valueRecord(Timestamp.SCHEMA, timestamp))
  assert.equal(out.valueSchema!.type(), 'STRING')
  assert.equal(out.value, '1970-01-02T00:00:00.001Z')
  const dec = castValue({ spec: 'string' }).apply(valueRecord(Decimal.schema(0), new BigDecimal(42n)))
  assert.equal(dec.valueSchema!.type(), 'STRING')
  assert.equal(dec.value, '42')
})

test('logical values to numbers (Kafka castLogicalToPrimitive)', () => {
  const schema = SchemaBuilder.struct()
    .field('date_to_int32', ConnectDate.SCHEMA)
    .field('timestamp_to_int64', Timestamp.SCHEMA)
    .field('time_to_int64', Time.SCHEMA)
    .field('decimal_to_int32', Decimal.schema(0))
    .field('timestamp_to_float64', Timestamp.SCHEMA)
    .field('null_timestamp_to_int32', Timestamp.builder().optional().build())
    .build()
  const value = new Struct(schema).put('date_to_int32', new Date(86400000)).put('timestamp_to_int64', new Date(0))
    .put('time_to_int64', new Date(1)).put('decimal_to_int32', new BigDecimal(2147483648n)).put('timestamp_to_float64', new Date(8640000000000000))
  const out = castValue({
    spec: 'date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,decimal_to_int32:int32,timestamp_to_float64:float64,null_timestamp_to_int32:int32'
  }).apply(valueRecord(schema, value))
  const v = out.value as Struct
  assert.equal(v.get('date_to_int32'), 1)
  assert.equal(v.get('timestamp_to_int64'), 0n)
  assert.equal(v.get('time_to_int64'), 1n)
  assert.equal(v.get('decimal_to_int32'), -2147483648)
  assert.equal(v.get('timestamp_to_float64'), 8640000000000000)
  assert.equal(v.get('null_timestamp_to_int32'), null)
  assert.equal(v.schema().field('null_timestamp_to_int32')!.schema().type(), 'INT32')
})
