// Log compaction: latest value per key survives with its original offset, tombstones go only after
// delete.retention.ms, the active segment and young segments are untouched, codecs are kept, undecodable
// batches are kept verbatim, and cleaned segments survive a restart.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { readdir } from 'node:fs/promises'
import { PartitionLog } from '../../../src/broker/log/partition-log.ts'
import { resolveTopicConfig, type TopicConfig } from '../../../src/broker/log/topic-config.ts'
import { buildBatch } from '../../../src/broker/records/builder.ts'
import { Codec } from '../../../src/broker/records/compression.ts'
import { codecOf, readBatchHeader, writeCrc, hasDeleteHorizon } from '../../../src/broker/records/batch.ts'
import { splitBatches } from '../../../src/broker/records/records.ts'
import { FakeClock, readAll, tempDir, type ReadRecord } from './helpers.ts'

const DAY = 86_400_000

interface Harness { log: PartitionLog, clock: FakeClock, dir?: string, setConfig: (c: Record<string, string>) => void, reopen: () => Promise<PartitionLog> }

async function harness (t: TestContext, storage: 'memory' | 'file', configs: Record<string, string> = {}): Promise<Harness> {
  const clock = new FakeClock()
  const dir = storage === 'file' ? await tempDir(t) : undefined
  let config: TopicConfig = resolveTopicConfig({ 'cleanup.policy': 'compact', 'segment.bytes': '600', 'index.interval.bytes': '200', ...configs })
  const open = (clean: boolean): Promise<PartitionLog> => PartitionLog.open({ topic: 'c', partition: 0, dir, config: () => config, now: clock.now, cleanShutdown: clean })
  const h: Harness = {
    log: await open(false),
    clock,
    dir,
    setConfig: c => { config = resolveTopicConfig({ 'cleanup.policy': 'compact', 'segment.bytes': '600', 'index.interval.bytes': '200', ...configs, ...c }) },
    reopen: async () => {
      await h.log.close()
      h.log = await open(true)
      return h.log
    }
  }
  t.after(() => h.log.close())
  return h
}

/** The key -> value map a reader rebuilds from the whole log (null values delete). */
function rebuild (records: ReadRecord[]): Map<string, string | null> {
  const map = new Map<string, string | null>()
  for (const r of records) map.set(r.key as string, r.value)
  return map
}

const live = (map: Map<string, string | null>): Map<string, string> => new Map([...map].filter((e): e is [string, string] => e[1] !== null))

async function writeHistory (h: Harness, codec: number = Codec.NONE): Promise<ReadRecord[]> {
  // 10 keys, each updated 6 times; k3 and k7 end with a tombstone; k5 gets a tombstone then a new value
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 10; k++) {
      let value: string | null = `k${k}-v${round}`
      if (round === 5 && (k === 3 || k === 7)) value = null
      if (round === 4 && k === 5) value = null
      const keys = [`k${k}`]
      await h.log.append(buildBatch([{ key: keys[0], value, timestamp: h.clock.now() }], { codec }))
      h.clock.advance(10)
    }
  }
  // a few more records so the history above is in closed segments
  for (let i = 0; i < 12; i++) await h.log.append(buildBatch([{ key: `tail${i}`, value: 'x'.repeat(40), timestamp: h.clock.now() }]))
  return readAll(h.log)
}

for (const storage of ['memory', 'file'] as const) {
  test(`${storage}: compaction keeps the latest value per key at its original offset; tombstones wait for delete.retention.ms`, async t => {
    const h = await harness(t, storage)
    const before = await writeHistory(h)
    const expected = rebuild(before)
    const latestOffsets = new Map(before.map(r => [r.key, r.offset]))
    const hw = h.log.highWatermark
    assert.ok(h.log.needsCompaction(), 'dirty ratio 1 > 0.5')
    const result = await h.log.compact()
    assert.ok(result !== undefined && result.recordsRemoved > 0 && result.segmentsRewritten > 0)
    assert.equal(h.log.needsCompaction(), false, 'clean now')

    const after = await readAll(h.log)
    assert.deepEqual(rebuild(after), expected, 'same key -> value map, tombstones still there')
    for (const r of after) assert.equal(r.offset, latestOffsets.get(r.key), `${r.key} keeps its offset`)
    assert.ok(after.some(r => r.value === null), 'tombstones are kept before the horizon')
    assert.equal(h.log.highWatermark, hw)
    assert.equal(h.log.logStartOffset, 0)
    const first = await h.log.read(0, 1 << 20, { minOneBatch: true, committed: false })
    assert.equal(readBatchHeader(first.records as Buffer).baseOffset, after[0].offset, 'reading a removed offset starts at the next batch kept')
    const tombstoneBatch = [...splitBatches((await h.log.read(latestOffsets.get('k3') as number, 1 << 20, { minOneBatch: true, committed: false })).records as Buffer)][0]
    assert.ok(hasDeleteHorizon(tombstoneBatch.attributes), 'the delete horizon is recorded in the batch')
    assert.equal(tombstoneBatch.baseTimestamp, h.clock.now() + DAY)

    h.clock.advance(DAY - 1000)
    await h.log.compact(true)
    assert.ok((await readAll(h.log)).some(r => r.value === null), 'still there just before the horizon')
    h.clock.advance(1000)
    assert.ok(h.log.needsCompaction(), 'a passed horizon makes the log cleanable')
    await h.log.compact()
    const final = await readAll(h.log)
    assert.ok(final.every(r => r.value !== null), 'tombstones removed after delete.retention.ms')
    assert.deepEqual(rebuild(final), live(expected))
    for (const r of final) assert.equal(r.offset, latestOffsets.get(r.key))
    assert.equal((await h.log.append(buildBatch([{ key: 'new', value: 'n', timestamp: h.clock.now() }]))).baseOffset, hw, 'offsets continue after the old end')
    final.push({ offset: hw, key: 'new', value: 'n', timestamp: h.clock.now() })

    if (storage === 'file') {
      const again = await h.reopen()
      assert.deepEqual(await readAll(again), final, 'the cleaned segments survive a restart')
      assert.deepEqual((await readdir(h.dir as string)).filter(f => /\.(cleaned|swap)$/.test(f)), [])
    }
  })

  test(`${storage}: the active segment and segments younger than min.compaction.lag.ms are not compacted`, async t => {
    const h = await harness(t, storage, { 'segment.bytes': '100000', 'min.compaction.lag.ms': '1000' })
    for (let i = 0; i < 20; i++) await h.log.append(buildBatch([{ key: 'same', value: `v${i}`, timestamp: h.clock.now() }]))
    await h.log.compact(true)
    assert.equal((await readAll(h.log)).length, 20, 'everything is in the active segment')
    h.setConfig({ 'segment.bytes': '300', 'min.compaction.lag.ms': '1000' })
    for (let i = 20; i < 30; i++) await h.log.append(buildBatch([{ key: 'same', value: `v${i}`, timestamp: h.clock.now() }]))
    await h.log.compact(true)
    assert.equal((await readAll(h.log)).length, 30, 'closed segments are too young')
    h.clock.advance(1000)
    await h.log.compact(true)
    const left = await readAll(h.log)
    assert.ok(left.length < 30)
    assert.equal(left[left.length - 1].value, 'v29')
  })

  test(`${storage}: compressed batches are rewritten with their codec; undecodable ones are kept verbatim`, async t => {
    const h = await harness(t, storage, { 'cleanup.policy': 'delete' })
    for (const codec of [Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD]) {
      await h.log.append(buildBatch([{ key: 'a', value: `a${codec}` }, { key: `only${codec}`, value: 'x' }, { key: 'b', value: `b${codec}` }], { codec, baseTimestamp: h.clock.now() }))
    }
    // a gzip batch whose compressed bytes are damaged (but whose CRC is right) cannot be read
    const broken = buildBatch([{ key: 'a', value: 'lost' }], { codec: Codec.GZIP, baseTimestamp: h.clock.now() })
    broken[broken.length - 6] ^= 0xff
    writeCrc(broken)
    const brokenAt = (await h.log.append(broken)).baseOffset
    for (let i = 0; i < 10; i++) await h.log.append(buildBatch([{ key: `t${i}`, value: 'y'.repeat(60), timestamp: h.clock.now() }]))
    h.setConfig({ 'cleanup.policy': 'compact' })
    await h.log.compact(true)
    const read = (await h.log.read(0, 1 << 20, { minOneBatch: true, committed: false })).records as Buffer
    const batches = [...splitBatches(read)]
    assert.deepEqual(batches.slice(0, 4).map(b => codecOf(b.attributes)), [Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD])
    assert.deepEqual(batches.slice(0, 3).map(b => b.recordCount), [1, 1, 1], 'a and b are superseded by the last batch')
    assert.deepEqual(batches.slice(0, 4).map(b => b.lastOffsetDelta), [2, 2, 2, 2], 'offset spans are kept')
    const kept = batches.find(b => b.baseOffset === brokenAt)
    assert.ok(kept !== undefined, 'the undecodable batch is still there')
    assert.deepEqual(read.subarray(kept.position, kept.position + kept.size).subarray(16), broken.subarray(16), 'byte for byte (after base offset and epoch)')
    assert.equal(readBatchHeader(read, batches[3].position).recordCount, 3, 'the zstd batch holds the latest a and b')
  })
}

test('compaction runs beside appends and reads', async t => {
  const h = await harness(t, 'file')
  await writeHistory(h)
  const running = h.log.compact(true)
  const appended = []
  for (let i = 0; i < 30; i++) appended.push(await h.log.append(buildBatch([{ key: `k${i % 10}`, value: `late${i}`, timestamp: h.clock.now() }])))
  const midway = await readAll(h.log)
  await running
  assert.ok(appended.every(r => r.errorCode === 0))
  const after = await readAll(h.log)
  assert.deepEqual(rebuild(after), rebuild(midway))
  for (let k = 0; k < 10; k++) assert.equal(rebuild(after).get(`k${k}`), `late${20 + k}`)
  await h.log.compact(true)
  assert.deepEqual(rebuild(await readAll(h.log)), rebuild(midway))
})
