import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SubmittedRecords } from '../../src/runtime/submitted-records.ts'

test('committable offset stops at the first unacked record of each partition', () => {
  const s = new SubmittedRecords()
  const a1 = s.submit({ f: 'a' }, { pos: 1 })
  const a2 = s.submit({ f: 'a' }, { pos: 2 })
  const b1 = s.submit({ f: 'b' }, { pos: 10 })
  const a3 = s.submit({ f: 'a' }, { pos: 3 })
  s.ack(a2)
  s.ack(b1)
  assert.deepEqual([...s.committable().values()], [{ partition: { f: 'b' }, offset: { pos: 10 } }])
  s.ack(a1)
  assert.deepEqual([...s.committable().values()], [{ partition: { f: 'a' }, offset: { pos: 2 } }])
  assert.equal(s.pending, 1)
  s.ack(a3)
  assert.deepEqual([...s.committable().values()], [{ partition: { f: 'a' }, offset: { pos: 3 } }])
  assert.equal(s.committable().size, 0)
  assert.equal(s.pending, 0)
})

test('records without a source partition are not tracked; double acks count once', () => {
  const s = new SubmittedRecords()
  assert.equal(s.submit(null, null), null)
  const r = s.submit({ p: 1 }, { o: 1 })
  s.ack(r)
  s.ack(r)
  assert.equal(s.pending, 0)
})

test('awaitAll is bounded', async () => {
  const s = new SubmittedRecords()
  s.submit({ p: 1 }, { o: 1 })
  const started = Date.now()
  assert.equal(await s.awaitAll(50), false)
  assert.ok(Date.now() - started < 1000)
})
