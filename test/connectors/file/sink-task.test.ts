// FileStreamSinkTask (after Kafka's FileStreamSinkTaskTest): one line per record value, Java's String.valueOf.
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  BigDecimal, ConnectError, Schema, SchemaBuilder, SinkRecord, Struct
} from '../../../src/api/index.ts'
import { FileStreamSinkTask } from '../../../src/connectors/file/index.ts'
import { javaString } from '../../../src/connectors/file/java-string.ts'
import { tempDir } from './helpers.ts'

let nextOffset = 0
function rec (value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: nextOffset++, value, valueSchema })
}

test('writes one line per record, values formatted as Java prints them', async t => {
  const file = join(await tempDir(t), 'out.txt')
  const task = new FileStreamSinkTask()
  await task.start({ file })
  const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.OPTIONAL_STRING_SCHEMA)
    .field('score', Schema.FLOAT64_SCHEMA).build()
  const struct = new Struct(schema).put('id', 7).put('name', 'ann').put('score', 2)
  await task.put([rec('line1'), rec(null), rec(struct, schema)])
  await task.put([])
  await task.put([
    rec(42), rec(1.5), rec(1, Schema.FLOAT64_SCHEMA), rec(0.1, Schema.FLOAT32_SCHEMA), rec(3000000000n, Schema.INT64_SCHEMA),
    rec(true), rec(new Map<string, unknown>([['a', 1], ['b', null]])), rec([1, 'x', null]), rec('é😀')
  ])
  await task.flush(new Map())
  assert.equal(await readFile(file, 'utf8'), [
    'line1', 'null', 'Struct{id=7,name=ann,score=2.0}',
    '42', '1.5', '1.0', '0.1', '3000000000', 'true', '{a=1, b=null}', '[1, x, null]', 'é😀', ''
  ].join('\n'))
  await task.stop()
})

test('appends to an existing file and creates a missing one', async t => {
  const dir = await tempDir(t)
  const file = join(dir, 'existing.txt')
  await writeFile(file, 'before\n')
  const task = new FileStreamSinkTask()
  await task.start({ file })
  await task.put([rec('after')])
  await task.stop()
  const again = new FileStreamSinkTask()
  await again.start({ file })
  await again.put([rec('more')])
  await again.flush(new Map())
  await again.stop()
  assert.equal(await readFile(file, 'utf8'), 'before\nafter\nmore\n')

  const fresh = join(dir, 'fresh.txt')
  const created = new FileStreamSinkTask()
  await created.start({ file: fresh })
  await created.stop()
  assert.equal(await readFile(fresh, 'utf8'), '')
})

test('a file that cannot be created fails start with Kafka\'s message', async t => {
  const file = join(await tempDir(t), 'no-such-dir', 'out.txt')
  const task = new FileStreamSinkTask()
  await assert.rejects(task.start({ file }), (err: unknown) =>
    err instanceof ConnectError && err.message === `Couldn't find or create file '${file}' for FileStreamSinkTask`)
})

test('many records: one write per put, all lines present', async t => {
  const file = join(await tempDir(t), 'big.txt')
  const task = new FileStreamSinkTask()
  await task.start({ file })
  const value = 'y'.repeat(99)
  for (let b = 0; b < 50; b++) await task.put(Array.from({ length: 2000 }, () => rec(value)))
  await task.flush(new Map())
  await task.stop()
  const text = await readFile(file, 'utf8')
  assert.equal(text.length, 100_000 * 100)
  assert.equal(text, `${value}\n`.repeat(100_000))
})

test('puts larger than the write buffer, with multi-byte text, are written whole', async t => {
  const file = join(await tempDir(t), 'large.txt')
  const task = new FileStreamSinkTask()
  await task.start({ file })
  const wide = 'é😀'.repeat(150_000)
  const huge = 'h'.repeat(6_000_000)
  await task.put([rec('a'), rec(wide), rec('b')])
  await task.put([rec(huge)])
  await task.put([rec('c')])
  await task.stop()
  assert.equal(await readFile(file, 'utf8'), `a\n${wide}\nb\n${huge}\nc\n`)
})

test('javaString: String.valueOf for Connect values', () => {
  assert.equal(javaString(null), 'null')
  assert.equal(javaString(undefined), 'null')
  assert.equal(javaString(-5), '-5')
  assert.equal(javaString(3000000000), '3.0E9')
  assert.equal(javaString(3000000000, Schema.INT64_SCHEMA), '3000000000')
  assert.equal(javaString(1e-7), '1.0E-7')
  assert.equal(javaString(NaN), 'NaN')
  assert.equal(javaString(BigDecimal.valueOf(1.25)), '1.25')
  assert.equal(javaString({ k: 'v', n: 2 }), '{k=v, n=2}')
  assert.equal(javaString(new Map([[1, [true]]])), '{1=[true]}')
  assert.match(javaString(Buffer.from('ab')), /^\[B@[0-9a-f]+$/)
  assert.equal(javaString(new Date(0)), '1970-01-01T00:00:00.000Z')
  const inner = SchemaBuilder.struct().field('f', Schema.FLOAT32_SCHEMA).build()
  const outer = SchemaBuilder.struct().field('a', Schema.OPTIONAL_STRING_SCHEMA).field('in', inner)
    .field('xs', SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build()).build()
  const v = new Struct(outer).put('in', new Struct(inner).put('f', 3)).put('xs', [1, 2.5])
  assert.equal(javaString(v, outer), 'Struct{in=Struct{f=3.0},xs=[1.0, 2.5]}', 'null fields are left out')
})
