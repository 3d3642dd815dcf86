// FileStreamSourceTask (after Kafka's FileStreamSourceTaskTest): lines as records, byte offsets, restore, waits.
import assert from 'node:assert/strict'
import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConnectError, Schema, type SourceMap, type SourceRecord } from '../../../src/api/index.ts'
import { FileStreamSourceTask } from '../../../src/connectors/file/index.ts'
import { offsetReader, sourceContext, tempDir } from './helpers.ts'

const T = { timeout: 15000 }

function startTask (props: Record<string, string>, stored: SourceMap | null = null): FileStreamSourceTask {
  const task = new FileStreamSourceTask()
  task.initialize(sourceContext(props, stored))
  task.start(props)
  return task
}

/** A signal that aborts after `ms`, so a poll that would wait for data returns early. */
function soon (ms = 50): AbortSignal {
  return AbortSignal.timeout(ms)
}

const values = (rs: SourceRecord[] | null): unknown[] => (rs ?? []).map(r => r.value)
const positions = (rs: SourceRecord[] | null): unknown[] => (rs ?? []).map(r => r.sourceOffset?.position)

test('reads lines ending in \\n, \\r and \\r\\n; holds a partial last line until completed', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, 'a\nb\rc\r\nd')
  const task = startTask({ file, topic: 'lines' })
  t.after(() => task.stop())

  const first = await task.poll(soon())
  assert.deepEqual(values(first), ['a', 'b', 'c'])
  assert.deepEqual(positions(first), [2, 4, 7])
  const r = first![0]!
  assert.equal(r.topic, 'lines')
  assert.deepEqual(r.sourcePartition, { filename: file })
  assert.equal(r.key, null)
  assert.equal(r.keySchema, null)
  assert.equal(r.kafkaPartition, null)
  assert.equal(r.valueSchema, Schema.STRING_SCHEMA)
  assert.ok(typeof r.timestamp === 'number' && Math.abs(r.timestamp - Date.now()) < 5000)

  assert.equal(await task.poll(soon()), null, 'the partial line "d" is held')
  await appendFile(file, 'e\nf\r')
  const second = await task.poll(soon())
  assert.deepEqual(values(second), ['de'])
  assert.deepEqual(positions(second), [10])
  assert.equal(await task.poll(soon()), null, 'a trailing \\r waits for the next char')
  await appendFile(file, '\ng\n')
  const third = await task.poll(soon())
  assert.deepEqual(values(third), ['f', 'g'])
  assert.deepEqual(positions(third), [13, 15])
})

test('lines appended while a poll waits are returned by that poll', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, '')
  const task = startTask({ file, topic: 't' })
  t.after(() => task.stop())
  assert.equal(await task.poll(soon()), null)
  const started = Date.now()
  const pending = task.poll(new AbortController().signal)
  setTimeout(() => { void appendFile(file, 'late\n') }, 100)
  const got = await pending
  assert.deepEqual(values(got), ['late'])
  assert.ok(Date.now() - started < 1000, 'woken by the append, not by the 1 s timeout')
})

test('batch.size caps the records of one poll', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, '1\n2\n3\n4\n5\n')
  const task = startTask({ file, topic: 't', 'batch.size': '2' })
  t.after(() => task.stop())
  assert.deepEqual(values(await task.poll(soon())), ['1', '2'])
  assert.deepEqual(values(await task.poll(soon())), ['3', '4'])
  const last = await task.poll(soon())
  assert.deepEqual(values(last), ['5'])
  assert.deepEqual(positions(last), [10])
})

test('restores from the committed offset (number or bigint) of partition {filename}', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, 'ab\ncd\nef\n')
  for (const position of [3, 3n]) {
    const task = new FileStreamSourceTask()
    const reader = offsetReader({ position })
    task.initialize({ configs: () => ({}), offsetStorageReader: reader })
    task.start({ file, topic: 't' })
    const rs = await task.poll(soon())
    await task.stop()
    assert.deepEqual(reader.asked, [{ filename: file }])
    assert.deepEqual(values(rs), ['cd', 'ef'])
    assert.deepEqual(positions(rs), [6, 9])
  }
  const fromNull = startTask({ file, topic: 't' }, { position: null })
  t.after(() => fromNull.stop())
  assert.deepEqual(values(await fromNull.poll(soon())), ['ab', 'cd', 'ef'])
})

test('offsets are byte positions, correct for multi-byte UTF-8', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, 'é\n😀x\nß\n', 'utf8')
  const task = startTask({ file, topic: 't' })
  const rs = await task.poll(soon())
  await task.stop()
  assert.deepEqual(values(rs), ['é', '😀x', 'ß'])
  assert.deepEqual(positions(rs), [3, 9, 12])
  const resumed = startTask({ file, topic: 't' }, { position: 3 })
  t.after(() => resumed.stop())
  assert.deepEqual(values(await resumed.poll(soon())), ['😀x', 'ß'])
})

test('a missing file: poll waits ~1 s and returns null; the file is read once it exists; stop() ends a wait', T, async t => {
  const file = join(await tempDir(t), 'later.txt')
  const task = startTask({ file, topic: 't' })
  const warn = t.mock.method(console, 'warn', () => {})
  let started = Date.now()
  assert.equal(await task.poll(new AbortController().signal), null)
  const waited = Date.now() - started
  assert.ok(waited >= 900 && waited < 3000, `waited ${waited} ms`)
  assert.equal(warn.mock.callCount(), 1)
  assert.match(String(warn.mock.calls[0]!.arguments[0]), /Couldn't find file .*later\.txt for FileStreamSourceTask/)

  started = Date.now()
  assert.equal(await task.poll(soon(50)), null, 'the poll signal aborts the wait')
  assert.ok(Date.now() - started < 500)

  started = Date.now()
  const pending = task.poll(new AbortController().signal)
  setTimeout(() => { void task.stop() }, 50)
  assert.equal(await pending, null)
  assert.ok(Date.now() - started < 500, 'stop() ends the wait promptly')
  assert.equal(await task.poll(new AbortController().signal), null, 'a stopped task returns null at once')

  await writeFile(file, 'here\n')
  const again = startTask({ file, topic: 't' })
  t.after(() => again.stop())
  assert.deepEqual(values(await again.poll(soon())), ['here'])
})

test('stop() ends a wait for new data promptly', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, 'x\n')
  const task = startTask({ file, topic: 't' })
  assert.deepEqual(values(await task.poll(soon())), ['x'])
  const started = Date.now()
  const pending = task.poll(new AbortController().signal)
  setTimeout(() => { void task.stop() }, 50)
  assert.equal(await pending, null)
  assert.ok(Date.now() - started < 500)
})

test('an offset position of the wrong type fails the poll', T, async t => {
  const file = join(await tempDir(t), 'in.txt')
  await writeFile(file, 'x\n')
  for (const position of ['3', 1.5, true, { a: 1 }]) {
    const task = startTask({ file, topic: 't' }, { position })
    await assert.rejects(task.poll(soon()), (err: unknown) =>
      err instanceof ConnectError && err.message === 'Offset position is the incorrect type')
    await task.stop()
  }
})

test('many lines go through in full batches with exact offsets', T, async t => {
  const file = join(await tempDir(t), 'big.txt')
  const line = 'x'.repeat(99)
  const n = 100_000
  await writeFile(file, `${line}\n`.repeat(n))
  const task = startTask({ file, topic: 't' })
  t.after(() => task.stop())
  let count = 0
  let last: unknown = null
  while (count < n) {
    const rs = await task.poll(soon())
    assert.ok(rs !== null && rs.length <= 2000)
    if (count + rs.length < n) assert.equal(rs.length, 2000)
    count += rs.length
    last = rs.at(-1)!.sourceOffset!.position
  }
  assert.equal(count, n)
  assert.equal(last, n * 100)
})
