import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FileOffsetBackingStore } from '../../src/runtime/storage/file-offset-store.ts'
import { offsetKey, parseOffsetKey } from '../../src/runtime/storage/offset-store.ts'
import { ConnectorOffsetReader } from '../../src/runtime/storage/offset-storage-reader.ts'
import { tempDir } from '../helpers/broker.ts'

test('offsets survive a restart of the store; keys use Connect\'s [connector, partition] JSON', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 'sub', 'connect.offsets')
  const store = new FileOffsetBackingStore(path)
  await store.start()
  const key = offsetKey('src', { filename: '/tmp/a.txt' })
  assert.equal(key, '["src",{"filename":"/tmp/a.txt"}]')
  await store.set(new Map([[key, '{"position":42}'], [offsetKey('other', { x: 1 }), '{"o":1}']]))
  await store.stop()

  const again = new FileOffsetBackingStore(path)
  await again.start()
  const reader = new ConnectorOffsetReader('src', again)
  assert.deepEqual(await reader.offset({ filename: '/tmp/a.txt' }), { position: 42 })
  assert.equal(await reader.offset({ filename: '/tmp/b.txt' }), null)
  await again.set(new Map([[key, null]]))
  assert.equal(await reader.offset({ filename: '/tmp/a.txt' }), null)
  const file = JSON.parse(await readFile(path, 'utf8')) as { format: string, offsets: unknown[] }
  assert.equal(file.format, 'kconnect-offsets')
  assert.equal(file.offsets.length, 1)
  assert.deepEqual(parseOffsetKey(key), { connector: 'src', partition: { filename: '/tmp/a.txt' } })
  assert.equal(parseOffsetKey('not json'), null)
})

test('a corrupt offsets file is a clear error, not a silent reset', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 'connect.offsets')
  await writeFile(path, '{"format":"kconnect-offsets","offsets":[[')
  await assert.rejects(new FileOffsetBackingStore(path).start(), /not valid JSON.*move it away/)
  await writeFile(path, '{"something":"else"}')
  await assert.rejects(new FileOffsetBackingStore(path).start(), /not a kconnect offsets file/)
})

test('concurrent flushes are serialized and the last state wins', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 'connect.offsets')
  const store = new FileOffsetBackingStore(path)
  await store.start()
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(new Map([[offsetKey('c', { p: 0 }), JSON.stringify({ o: i })]]))))
  const file = JSON.parse(await readFile(path, 'utf8')) as { offsets: Array<[string, string]> }
  assert.deepEqual(file.offsets, [['["c",{"p":0}]', '{"o":19}']])
})
