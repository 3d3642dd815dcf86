// File segments across restarts: clean and unclean reopen, torn tails, garbage, lost or damaged index files,
// interrupted compaction swaps, damaged older segments, and kill -9 of a process that is appending.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFile, readdir, rm, stat, truncate, writeFile, readFile, mkdir, copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { batchOf, openLog, readAll, tempDir } from './helpers.ts'

const small = { 'segment.bytes': '400', 'index.interval.bytes': '100' }

function values (n: number, prefix = 'v'): string[][] {
  // batches of 1-3 records of varying sizes
  return Array.from({ length: n }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, j) => `${prefix}${i}.${j}-${'x'.repeat((i * 7) % 40)}`))
}

test('a clean restart keeps data, offsets, log start offset and producer state', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: small })
  for (const [i, vs] of values(20).entries()) await log.append(batchOf(vs, { timestamp: 1000 + i }))
  const first = batchOf(['idem'], { producerId: 3n, producerEpoch: 0, baseSequence: 0 })
  const appended = await log.append(first)
  await log.deleteRecordsBefore(5)
  const before = await readAll(log)
  const segments = log.segmentInfo()
  assert.ok(segments.length > 3, `rolled into ${segments.length} segments`)
  await log.close()

  const files = await readdir(dir)
  for (const s of segments) {
    const name = String(s.baseOffset).padStart(20, '0')
    assert.ok(files.includes(`${name}.log`) && files.includes(`${name}.index`) && files.includes(`${name}.timeindex`), name)
  }
  const again = await openLog({ dir, configs: small, clean: true })
  t.after(() => again.close())
  assert.deepEqual(again.segmentInfo(), segments)
  assert.equal(again.logStartOffset, 5)
  assert.equal(again.highWatermark, log.highWatermark)
  assert.deepEqual(await readAll(again), before)
  assert.deepEqual(await again.offsetForTimestamp(1010), { errorCode: 0, offset: before.find(r => r.timestamp === 1010)?.offset, timestamp: 1010 })
  const retry = await again.append(first)
  assert.deepEqual([retry.errorCode, retry.baseOffset], [0, appended.baseOffset], 'the producer state survived the restart')
  assert.equal((await again.append(batchOf(['next']))).baseOffset, log.highWatermark)
})

test('an unclean restart re-checks everything and rebuilds producer state from the data', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: small })
  for (const vs of values(12)) await log.append(batchOf(vs))
  const first = batchOf(['idem'], { producerId: 3n, producerEpoch: 0, baseSequence: 0 })
  const appended = await log.append(first)
  const before = await readAll(log)
  await log.close()
  await rm(join(dir, 'producer-state.json'))
  const again = await openLog({ dir, configs: small, clean: false })
  t.after(() => again.close())
  assert.deepEqual(await readAll(again), before)
  assert.equal((await again.append(first)).baseOffset, appended.baseOffset)
})

for (let round = 0; round < 6; round++) {
  test(`torn tail (round ${round}): recovery keeps every complete batch and drops the torn one`, async t => {
    const dir = await tempDir(t)
    const log = await openLog({ dir })
    const sent = values(8, `r${round}-`)
    for (const vs of sent) await log.append(batchOf(vs))
    const lastBatch = await log.read(log.highWatermark - 1, 1 << 20, { minOneBatch: true, committed: false })
    const lastSize = (lastBatch.records as Buffer).length
    const complete = (await readAll(log)).filter(r => r.offset < log.highWatermark - sent[sent.length - 1].length)
    await log.close()
    const file = join(dir, `${'0'.repeat(20)}.log`)
    const size = (await stat(file)).size
    const cut = size - lastSize + 1 + Math.floor(Math.random() * (lastSize - 1))
    await truncate(file, cut)
    if (round % 2 === 1) await appendFile(file, Buffer.from('garbage after a torn batch'))
    const again = await openLog({ dir, clean: round % 3 === 0 })
    t.after(() => again.close())
    assert.equal(again.errorCode, 0)
    assert.deepEqual(await readAll(again), complete)
    assert.equal(again.highWatermark, complete[complete.length - 1].offset + 1)
    assert.equal((await stat(file)).size, size - lastSize, 'the file was cut at the last complete batch')
    assert.equal((await again.append(batchOf(['after']))).baseOffset, again.highWatermark - 1)
  })
}

test('garbage after complete batches is cut off; a CRC-damaged last batch too', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir })
  for (const vs of values(5)) await log.append(batchOf(vs))
  const all = await readAll(log)
  await log.close()
  const file = join(dir, `${'0'.repeat(20)}.log`)
  const size = (await stat(file)).size
  await appendFile(file, Buffer.alloc(100, 0xab))
  let again = await openLog({ dir })
  assert.deepEqual(await readAll(again), all)
  assert.equal((await stat(file)).size, size)
  await again.close()
  const data = await readFile(file)
  data[data.length - 3] ^= 0xff
  await writeFile(file, data)
  again = await openLog({ dir, clean: true })
  t.after(() => again.close())
  assert.deepEqual((await readAll(again)).map(r => r.offset), all.map(r => r.offset).filter(o => o < all[all.length - 1].offset - 1), 'the whole damaged batch (3 records) is gone')
})

test('deleted or damaged index files are rebuilt', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: small })
  for (const [i, vs] of values(30).entries()) await log.append(batchOf(vs, { timestamp: 5000 + i * 10 }))
  const before = await readAll(log)
  const segments = log.segmentInfo()
  await log.close()
  const indexes = (await readdir(dir)).filter(f => f.endsWith('.index') || f.endsWith('.timeindex'))
  const original = new Map(await Promise.all(indexes.map(async f => [f, await readFile(join(dir, f))] as const)))
  assert.ok([...original.values()].some(b => b.length > 0), 'the indexes have entries')
  await rm(join(dir, indexes[0]))
  await rm(join(dir, indexes[3]))
  await writeFile(join(dir, indexes[5]), Buffer.from('not an index'))
  const again = await openLog({ dir, configs: small, clean: true })
  t.after(() => again.close())
  assert.deepEqual(again.segmentInfo(), segments)
  assert.deepEqual(await readAll(again), before)
  for (const r of before.filter((_, i) => i % 7 === 0)) {
    assert.equal((await again.offsetForTimestamp(r.timestamp)).offset, before.find(x => x.timestamp >= r.timestamp)?.offset)
  }
  await again.close()
  for (const [f, content] of original) assert.deepEqual(await readFile(join(dir, f)), content, `${f} rewritten identically on close`)
})

test('an interrupted compaction swap is completed on start, a half-written output dropped', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: small })
  for (const vs of values(10)) await log.append(batchOf(vs))
  const before = await readAll(log)
  await log.close()
  const first = `${'0'.repeat(20)}.log`
  // a complete swap file identical to the segment (as if compaction removed nothing) and a stray .cleaned
  await copyFile(join(dir, first), join(dir, `${first}.swap`))
  await writeFile(join(dir, `${first.replace('.log', '')}.log.cleaned`.replace('00000000000000000000', String(log.segmentInfo()[1].baseOffset).padStart(20, '0'))), 'partial')
  const again = await openLog({ dir, configs: small, clean: true })
  t.after(() => again.close())
  assert.deepEqual(await readAll(again), before)
  assert.deepEqual((await readdir(dir)).filter(f => f.endsWith('.swap') || f.endsWith('.cleaned')), [])
})

test('damage inside an older segment takes the partition offline without deleting anything', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir, configs: small })
  for (const vs of values(12)) await log.append(batchOf(vs))
  await log.close()
  const file = join(dir, `${'0'.repeat(20)}.log`)
  const data = await readFile(file)
  data[70] ^= 0xff
  await writeFile(file, data)
  const again = await openLog({ dir, configs: small, clean: false })
  t.after(() => again.close())
  assert.equal(again.errorCode, 56)
  assert.match(again.errorMessage ?? '', /damaged/)
  assert.equal((await again.append(batchOf(['x']))).errorCode, 56)
  assert.equal((await again.read(0, 100, { minOneBatch: true, committed: false })).errorCode, 56)
  assert.equal((await stat(file)).size, data.length, 'nothing was truncated')
})

test('a segment that cannot be opened (a directory in its place) takes the partition offline', async t => {
  const dir = await tempDir(t)
  const log = await openLog({ dir })
  await log.append(batchOf(['a']))
  await log.close()
  const file = join(dir, `${'0'.repeat(20)}.log`)
  await rm(file)
  await mkdir(file)
  const again = await openLog({ dir })
  t.after(() => again.close())
  assert.equal(again.errorCode, 56)
  assert.match(again.errorMessage ?? '', /cannot open segment/)
  assert.equal((await again.offsetForTimestamp(0)).errorCode, 56)
  assert.equal((await again.deleteRecordsBefore(0)).errorCode, 56)
})

test('kill -9 of an appending process loses nothing that was acknowledged', async t => {
  const dir = await tempDir(t)
  const child = spawn(process.execPath, [new URL('./fixtures/append-child.ts', import.meta.url).pathname, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  let acked = -1
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', d => {
      out += String(d)
      const lines = out.split('\n').filter(l => l.startsWith('acked '))
      if (lines.length > 0) acked = Number(lines[lines.length - 1].slice(6))
      if (acked >= 300) resolve()
    })
    child.on('exit', code => reject(new Error(`child exited early with ${code}`)))
  })
  child.kill('SIGKILL')
  await once(child, 'exit').catch(() => {})
  const log = await openLog({ dir, configs: small })
  t.after(() => log.close())
  const records = await readAll(log)
  assert.ok(records.length >= acked + 1, `acknowledged ${acked + 1}, found ${records.length}`)
  records.forEach((r, i) => {
    assert.equal(r.offset, i)
    assert.equal(r.value, `value-${i}`)
  })
})
