// LineBuffer: Kafka's extractLine rules on bytes (\n, \r, \r\n; partial lines held; a trailing \r waits).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LineBuffer } from '../../../src/connectors/file/line-buffer.ts'

function all (b: LineBuffer): string[] {
  const out: string[] = []
  for (let l = b.next(); l !== null; l = b.next()) out.push(l)
  return out
}

test('lines end at \\n, \\r or \\r\\n; terminators are dropped; consumed counts bytes', () => {
  const b = new LineBuffer(16)
  b.push(Buffer.from('a\nb\rc\r\n\nd'))
  assert.deepEqual(all(b), ['a', 'b', 'c', ''])
  assert.equal(b.consumed, 8)
  assert.equal(b.pending, 1)
  b.push(Buffer.from('e\n'))
  assert.deepEqual(all(b), ['de'])
  assert.equal(b.consumed, 11)
  assert.equal(b.pending, 0)
})

test('a \\r at the end of the data waits for the next byte', () => {
  const b = new LineBuffer(16)
  b.push(Buffer.from('x\r'))
  assert.equal(b.next(), null)
  b.push(Buffer.from('\ny\r'))
  assert.deepEqual(all(b), ['x'])
  assert.equal(b.consumed, 3)
  b.push(Buffer.from('z'))
  assert.deepEqual(all(b), ['y'])
  assert.equal(b.consumed, 5)
  assert.equal(b.pending, 1)
})

test('multi-byte UTF-8 split across chunks is decoded whole; positions are bytes', () => {
  const b = new LineBuffer(4)
  const bytes = Buffer.from('é😀\nß\n')
  for (const byte of bytes) b.push(Buffer.of(byte))
  assert.deepEqual(all(b), ['é😀', 'ß'])
  assert.equal(b.consumed, bytes.length)
})

test('a line longer than the buffer grows it; reading into space() works', () => {
  const b = new LineBuffer(8)
  const long = 'x'.repeat(100_000)
  const data = Buffer.from(`${long}\nshort\n`)
  let at = 0
  while (at < data.length) {
    const room = b.space(8)
    const n = Math.min(room.length, 1000, data.length - at)
    data.copy(room.buffer, room.offset, at, at + n)
    b.commit(n)
    at += n
  }
  assert.deepEqual(all(b), [long, 'short'])
  assert.equal(b.consumed, data.length)
})

test('malformed UTF-8 becomes U+FFFD, as Java decoders do', () => {
  const b = new LineBuffer()
  b.push(Buffer.from([0x61, 0xff, 0x62, 0x0a]))
  assert.equal(b.next(), 'a\ufffdb')
})
