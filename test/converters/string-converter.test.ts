// StringConverter (after Kafka's StringConverterTest): any value's string form, in the configured charset.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StringConverter } from '../../src/converters/string-converter.ts'
import { Schema, SchemaBuilder, Struct } from '../../src/data/index.ts'

function conv (configs: Record<string, unknown> = {}, isKey = false): StringConverter {
  const c = new StringConverter()
  c.configure(configs, isKey)
  return c
}

test('strings and other values become UTF-8 text', () => {
  const c = conv()
  assert.deepEqual(c.fromConnectData('t', null, Schema.STRING_SCHEMA, 'test-string'), Buffer.from('test-string'))
  assert.deepEqual(c.fromConnectData('t', null, null, 'é😀'), Buffer.from('é😀', 'utf8'))
  assert.equal(c.fromConnectData('t', null, Schema.INT32_SCHEMA, 12)!.toString(), '12')
  assert.equal(c.fromConnectData('t', null, Schema.FLOAT64_SCHEMA, 1)!.toString(), '1.0')
  assert.equal(c.fromConnectData('t', null, Schema.INT64_SCHEMA, 12n)!.toString(), '12')
  const s = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
  assert.equal(c.fromConnectData('t', null, s, new Struct(s).put('a', 1))!.toString(), 'Struct{a=1}')
  assert.equal(c.fromConnectData('t', null, null, null), null)
  assert.equal(c.fromConnectData('t', null, null, 'a\ud800b')!.toString(), 'a?b') // Java encodes a lone surrogate as '?'
})

test('bytes read back as OPTIONAL_STRING', () => {
  const sv = conv().toConnectData('t', null, Buffer.from('test-string'))
  assert.equal(sv.schema, Schema.OPTIONAL_STRING_SCHEMA)
  assert.equal(sv.value, 'test-string')
  const nul = conv().toConnectData('t', null, null)
  assert.equal(nul.schema, Schema.OPTIONAL_STRING_SCHEMA)
  assert.equal(nul.value, null)
})

test('converter.encoding, and key/value-specific serializer encodings', () => {
  const utf16 = conv({ 'converter.encoding': 'UTF-16' })
  assert.deepEqual([...utf16.fromConnectData('t', null, null, 'a')!], [0xfe, 0xff, 0, 0x61])
  assert.equal(utf16.toConnectData('t', null, Buffer.from([0xfe, 0xff, 0, 0x61])).value, 'a')
  const latin1 = conv({ 'converter.encoding': 'ISO-8859-1' })
  assert.deepEqual([...latin1.fromConnectData('t', null, null, 'é€')!], [0xe9, 0x3f])
  assert.equal(latin1.toConnectData('t', null, Buffer.from([0xe9])).value, 'é')
  const ascii = conv({ 'converter.encoding': 'us-ascii' })
  assert.deepEqual([...ascii.fromConnectData('t', null, null, 'aé')!], [0x61, 0x3f])
  // converter.encoding replaces serializer.encoding; value.serializer.encoding still wins for values
  const mixed = conv({ 'converter.encoding': 'UTF-8', 'serializer.encoding': 'UTF-16', 'value.serializer.encoding': 'UTF-16LE' })
  assert.deepEqual([...mixed.fromConnectData('t', null, null, 'a')!], [0x61, 0])
  assert.deepEqual([...mixed.toConnectData('t', null, Buffer.from('a')).value as string].length, 1)
  const key = conv({ 'value.serializer.encoding': 'UTF-16LE' }, true)
  assert.deepEqual([...key.fromConnectData('t', null, null, 'a')!], [0x61])
  assert.throws(() => conv({ 'converter.encoding': 'EBCDIC-X' }), /Unsupported encoding EBCDIC-X/)
  assert.deepEqual(new StringConverter().config().names(), ['converter.type', 'converter.encoding'])
})

test('header conversion delegates', () => {
  const c = new StringConverter()
  c.configure({ 'converter.type': 'header' })
  assert.equal(c.fromConnectHeader('t', 'h', Schema.STRING_SCHEMA, 'v')!.toString(), 'v')
  assert.equal(c.toConnectHeader('t', 'h', Buffer.from('v')).value, 'v')
})
