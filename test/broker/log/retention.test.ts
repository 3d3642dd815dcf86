// Segment roll and retention: by size, by time (fake clock), below the log start offset, exemptions for
// compact-only topics, and the segment.ms roll of an idle active segment.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { readdir } from 'node:fs/promises'
import { batchOf, FakeClock, openLog, readAll, tempDir } from './helpers.ts'
import type { PartitionLog } from '../../../src/broker/log/partition-log.ts'

async function fill (log: PartitionLog, n: number, clock?: FakeClock, step = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    await log.append(batchOf([`value-${i}-${'p'.repeat(40)}`], { timestamp: clock?.now() ?? Date.now() }))
    clock?.advance(step)
  }
}

async function logFiles (dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(f => f.endsWith('.log')).sort()
}

async function open (t: TestContext, storage: 'memory' | 'file', configs: Record<string, string>, clock?: FakeClock): Promise<{ log: PartitionLog, dir?: string }> {
  const dir = storage === 'file' ? await tempDir(t) : undefined
  const log = await openLog({ dir, configs, clock })
  t.after(() => log.close())
  return { log, dir }
}

for (const storage of ['memory', 'file'] as const) {
  test(`${storage}: segments roll at segment.bytes and reads cross segment boundaries`, async t => {
    const { log, dir } = await open(t, storage, { 'segment.bytes': '500' })
    await fill(log, 40)
    const segments = log.segmentInfo()
    assert.ok(segments.length >= 5, `${segments.length} segments`)
    for (let i = 0; i < segments.length - 1; i++) {
      assert.equal(segments[i].nextOffset, segments[i + 1].baseOffset, 'contiguous')
      assert.ok(segments[i].size <= 500 || i === 0)
    }
    if (dir !== undefined) assert.deepEqual(await logFiles(dir), segments.map(s => `${String(s.baseOffset).padStart(20, '0')}.log`))
    assert.deepEqual((await readAll(log)).map(r => r.offset), Array.from({ length: 40 }, (_, i) => i))
    const span = await log.read(segments[1].baseOffset - 1, 1 << 20, { minOneBatch: true, committed: false })
    assert.ok((span.records?.length ?? 0) > segments[0].size / 2, 'one read spans segments')
  })

  test(`${storage}: retention.bytes deletes the oldest closed segments`, async t => {
    const { log, dir } = await open(t, storage, { 'segment.bytes': '500', 'retention.bytes': '1200' })
    await fill(log, 60)
    const before = log.segmentInfo()
    const { deletedSegments } = await log.runRetention()
    const after = log.segmentInfo()
    assert.ok(deletedSegments > 0)
    assert.equal(after.length, before.length - deletedSegments)
    assert.equal(log.logStartOffset, after[0].baseOffset)
    assert.ok(log.size >= 1200 - after[0].size && log.size - after[0].size < 1200, `kept ${log.size} bytes`)
    assert.equal((await log.read(0, 100, { minOneBatch: true, committed: false })).errorCode, 1)
    assert.equal((await readAll(log))[0].offset, log.logStartOffset)
    if (dir !== undefined) assert.equal((await logFiles(dir)).length, after.length, 'files deleted')
  })

  test(`${storage}: retention.ms deletes closed segments whose newest record is too old (fake clock)`, async t => {
    const clock = new FakeClock()
    const { log } = await open(t, storage, { 'segment.bytes': '500', 'retention.ms': '60000' }, clock)
    await fill(log, 20, clock, 1000)
    clock.advance(30000)
    assert.equal((await log.runRetention()).deletedSegments, 0, 'nothing is old enough yet')
    clock.advance(15000)
    const { deletedSegments } = await log.runRetention()
    assert.ok(deletedSegments > 0)
    const cutoff = clock.now() - 60000
    const kept = await readAll(log)
    assert.equal(kept[0].offset, log.logStartOffset)
    const firstSegmentEnd = log.segmentInfo()[0].nextOffset
    assert.ok(kept.some(r => r.offset < firstSegmentEnd && r.timestamp >= cutoff), 'the oldest kept segment has a record inside retention')
    assert.ok(kept[0].timestamp < cutoff, 'whole segments go: older records in a kept segment stay')
    clock.advance(1_000_000)
    await log.runRetention()
    assert.equal(log.segmentInfo().length, 1, 'the active segment stays')
  })

  test(`${storage}: an idle active segment rolls after segment.ms so its data can expire`, async t => {
    const clock = new FakeClock()
    const { log } = await open(t, storage, { 'segment.ms': '10000', 'retention.ms': '20000' }, clock)
    await fill(log, 5, clock)
    clock.advance(25000)
    await log.runRetention()
    assert.equal(log.logStartOffset, 5)
    assert.equal(log.highWatermark, 5)
    assert.deepEqual(await readAll(log), [])
    assert.equal((await log.read(5, 100, { minOneBatch: true, committed: false })).errorCode, 0)
    assert.equal((await log.append(batchOf(['new'], { timestamp: clock.now() }))).baseOffset, 5)
  })

  test(`${storage}: segment.ms also rolls on append`, async t => {
    const clock = new FakeClock()
    const { log } = await open(t, storage, { 'segment.ms': '10000' }, clock)
    await fill(log, 3, clock)
    clock.advance(10000)
    await fill(log, 1, clock)
    assert.deepEqual(log.segmentInfo().map(s => s.baseOffset), [0, 3])
  })

  test(`${storage}: compact-only topics are exempt from time and size retention; compact,delete is not`, async t => {
    const clock = new FakeClock()
    const configs = { 'segment.bytes': '500', 'retention.ms': '1000', 'retention.bytes': '100' }
    const compactOnly = (await open(t, storage, { ...configs, 'cleanup.policy': 'compact' }, clock)).log
    const both = (await open(t, storage, { ...configs, 'cleanup.policy': 'compact,delete' }, clock)).log
    for (const log of [compactOnly, both]) {
      for (let i = 0; i < 20; i++) await log.append(batchOf([`v${i}-${'p'.repeat(40)}`], { keys: [`k${i}`], timestamp: clock.now() }))
    }
    clock.advance(5000)
    assert.equal((await compactOnly.runRetention()).deletedSegments, 0)
    assert.ok((await both.runRetention()).deletedSegments > 0)
  })

  test(`${storage}: DeleteRecords drops whole segments below the new log start`, async t => {
    const { log, dir } = await open(t, storage, { 'segment.bytes': '500' })
    await fill(log, 40)
    const segments = log.segmentInfo()
    const target = segments[3].baseOffset + 1
    assert.deepEqual(await log.deleteRecordsBefore(target), { errorCode: 0, lowWatermark: target })
    assert.equal(log.segmentInfo()[0].baseOffset, segments[3].baseOffset, 'the segment holding the new start stays')
    if (dir !== undefined) assert.equal((await logFiles(dir)).length, segments.length - 3)
    assert.equal((await readAll(log))[0].offset, target)
    assert.deepEqual(await log.deleteRecordsBefore(log.highWatermark), { errorCode: 0, lowWatermark: 40 })
    assert.equal(log.segmentInfo().length, 1)
    assert.equal(log.size, 0)
    assert.equal((await log.append(batchOf(['again']))).baseOffset, 40)
  })
}

test('the log start offset and segments survive a restart after retention', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: { 'segment.bytes': '500', 'retention.bytes': '1200' } })
  await fill(log, 60)
  await log.runRetention()
  await log.deleteRecordsBefore(log.logStartOffset + 1)
  const start = log.logStartOffset
  const records = await readAll(log)
  await log.close()
  const again = await openLog({ dir, configs: { 'segment.bytes': '500', 'retention.bytes': '1200' }, clean: true })
  t.after(() => again.close())
  assert.equal(again.logStartOffset, start)
  assert.deepEqual(await readAll(again), records)
})
