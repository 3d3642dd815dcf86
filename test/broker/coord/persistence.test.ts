// coord.log: offsets, group generations and producer-id blocks survive a restart (also kill -9), a torn or corrupt
// tail is ignored, and the log is compacted into a snapshot when it grows.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { appendFile, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GroupCoordinator } from '../../../src/broker/coord/group-coordinator.ts'
import { encodeFrame } from '../../../src/broker/coord/coord-log.ts'
import { CoordErrors } from '../../../src/broker/coord/errors.ts'
import type { OffsetCommitParams } from '../../../src/broker/coord/types.ts'
import { joinParams, openCoord, stableGroup, tempDir } from './helpers.ts'

function simpleCommit (groupId: string, topic: string, partition: number, offset: bigint, metadata: string | null = null): OffsetCommitParams {
  return { groupId, generationId: -1, memberId: '', groupInstanceId: null, offsets: [{ topic, partition, offset, leaderEpoch: 3, metadata }] }
}

test('restart keeps committed offsets, groups (Empty, generation kept) and producer-id monotonicity', async (t) => {
  const dir = await tempDir(t)
  const { coord, clock } = await openCoord({ dataDir: dir, producerIdBlockSize: 10 })
  const [a, b] = await stableGroup(coord, clock, 'consumers', 2)
  await coord.commitOffsets({ groupId: 'consumers', generationId: 1, memberId: a.memberId, groupInstanceId: null, offsets: [{ topic: 't', partition: 0, offset: 100n, leaderEpoch: 2, metadata: 'meta ü' }] })
  await coord.commitOffsets(simpleCommit('tool', 'u', 4, 9n))
  const before: bigint[] = []
  for (let i = 0; i < 25; i++) before.push(await coord.allocateProducerId())
  assert.deepEqual(before.slice(0, 3), [0n, 1n, 2n])
  assert.equal(new Set(before).size, 25)
  await coord.close()

  const { coord: again, clock: clock2 } = await openCoord({ dataDir: dir, producerIdBlockSize: 10 })
  assert.deepEqual(again.fetchOffsets('consumers', null).offsets, [{ topic: 't', partition: 0, offset: 100n, leaderEpoch: 2, metadata: 'meta ü', errorCode: 0 }])
  assert.deepEqual(again.fetchOffsets('tool', null).offsets.map(o => o.offset), [9n])
  const d = again.describe(['consumers'])[0]
  assert.deepEqual([d.groupState, d.protocolType, d.members.length], ['Empty', 'consumer', 0])
  // membership did not survive: old members are unknown and must rejoin; the generation continues
  assert.equal(again.heartbeat({ groupId: 'consumers', generationId: 1, memberId: b.memberId, groupInstanceId: null }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  assert.equal((await again.join(joinParams('consumers', { memberId: a.memberId }))).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  const j = again.join(joinParams('consumers'))
  clock2.advance(0)
  assert.equal((await j).generationId, 2)
  const after = await again.allocateProducerId()
  assert.ok(after > before[before.length - 1], `${after} must exceed ${before[before.length - 1]}`)
  assert.equal(after, 30n, 'continues after the last reserved block')
  await again.close()
  const third = await GroupCoordinator.open({ dataDir: dir, producerIdBlockSize: 10 })
  assert.equal(await third.allocateProducerId(), 40n)
  assert.equal(third.describe(['consumers'])[0].groupState, 'Empty')
  await third.close()
})

test('a group deletion and a topic deletion are persisted', async (t) => {
  const dir = await tempDir(t)
  const coord = await GroupCoordinator.open({ dataDir: dir })
  await coord.commitOffsets(simpleCommit('g1', 'a', 0, 1n))
  await coord.commitOffsets(simpleCommit('g1', 'b', 0, 2n))
  await coord.commitOffsets(simpleCommit('g2', 'a', 0, 3n))
  assert.deepEqual(await coord.deleteGroups(['g2']), [{ groupId: 'g2', errorCode: 0 }])
  await coord.deleteTopicOffsets('a')
  await coord.close()
  const again = await GroupCoordinator.open({ dataDir: dir })
  assert.deepEqual(again.list().map(g => g.groupId), ['g1'])
  assert.deepEqual(again.fetchOffsets('g1', null).offsets.map(o => [o.topic, o.offset]), [['b', 2n]])
  await again.close()
})

test('a torn or corrupt last entry of coord.log is ignored and cut off; later appends survive', async (t) => {
  const dir = await tempDir(t)
  const coord = await GroupCoordinator.open({ dataDir: dir })
  await coord.commitOffsets(simpleCommit('g', 't', 0, 1n, 'one'))
  await coord.commitOffsets(simpleCommit('g', 't', 1, 2n, 'two'))
  await coord.close()
  const path = join(dir, 'coord.log')
  const good = (await stat(path)).size
  // a frame cut short by a crash: header says 300 bytes, only some arrived
  const torn = encodeFrame([{ type: 'offset', groupId: 'g', topic: 't', partition: 0, offset: '999', leaderEpoch: -1, metadata: '', commitTimestamp: 0 }])
  await appendFile(path, torn.subarray(0, torn.length - 5))
  let again = await GroupCoordinator.open({ dataDir: dir })
  assert.deepEqual(again.fetchOffsets('g', null).offsets.map(o => [o.partition, o.offset, o.metadata]), [[0, 1n, 'one'], [1, 2n, 'two']])
  assert.equal((await stat(path)).size, good, 'the torn tail was truncated')
  await again.commitOffsets(simpleCommit('g', 't', 2, 3n, 'three'))
  await again.close()
  // a complete frame with a bad CRC, and a few stray header bytes
  const corrupt = encodeFrame([{ type: 'offset', groupId: 'g', topic: 't', partition: 0, offset: '555', leaderEpoch: -1, metadata: '', commitTimestamp: 0 }])
  corrupt[corrupt.length - 2] ^= 0xff
  await appendFile(path, corrupt)
  again = await GroupCoordinator.open({ dataDir: dir })
  assert.deepEqual(again.fetchOffsets('g', null).offsets.map(o => [o.partition, o.offset]), [[0, 1n], [1, 2n], [2, 3n]])
  await again.close()
  await appendFile(path, Buffer.from([0, 0, 0]))
  again = await GroupCoordinator.open({ dataDir: dir })
  assert.equal(again.fetchOffsets('g', null).offsets.length, 3)
  await again.close()
  // an empty file is an empty coordinator
  await writeFile(path, Buffer.alloc(0))
  again = await GroupCoordinator.open({ dataDir: dir })
  assert.deepEqual(again.list(), [])
  await again.close()
})

test('coord.log is compacted into a snapshot when it grows; state and producer ids are unchanged by it', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 'coord.log')
  const coord = await GroupCoordinator.open({ dataDir: dir, compactMinBytes: 4096, producerIdBlockSize: 5 })
  const pids: bigint[] = []
  for (let i = 0; i < 400; i++) {
    await coord.commitOffsets(simpleCommit('g', 't', i % 4, BigInt(i), `m${i}`))
    if (i % 50 === 0) pids.push(await coord.allocateProducerId())
  }
  const size = (await stat(path)).size
  assert.ok(size < 3 * 4096, `coord.log stays small (${size} bytes)`)
  assert.deepEqual((await readdir(dir)).sort(), ['coord.log'], 'no temp file left behind')
  await coord.compact()
  await coord.close()
  const again = await GroupCoordinator.open({ dataDir: dir, producerIdBlockSize: 5 })
  assert.deepEqual(again.fetchOffsets('g', null).offsets.map(o => [o.partition, o.offset, o.metadata]), [[0, 396n, 'm396'], [1, 397n, 'm397'], [2, 398n, 'm398'], [3, 399n, 'm399']])
  const next = await again.allocateProducerId()
  assert.ok(next > pids[pids.length - 1])
  await again.close()
})

test('syncWrites (fsync before acknowledging) works the same way', async (t) => {
  const dir = await tempDir(t)
  const coord = await GroupCoordinator.open({ dataDir: dir, syncWrites: true })
  await Promise.all([0, 1, 2, 3].map(p => coord.commitOffsets(simpleCommit('g', 't', p, BigInt(p * 10)))))
  await coord.close()
  const again = await GroupCoordinator.open({ dataDir: dir })
  assert.deepEqual(again.fetchOffsets('g', null).offsets.map(o => o.offset), [0n, 10n, 20n, 30n])
  await again.close()
})

test('kill -9: every acknowledged commit and producer id survives a killed process', async (t) => {
  const dir = await tempDir(t)
  const script = join(dir, 'child.ts')
  const modulePath = new URL('../../../src/broker/coord/group-coordinator.ts', import.meta.url).pathname
  await writeFile(script, `
    import { GroupCoordinator } from ${JSON.stringify(modulePath)}
    const coord = await GroupCoordinator.open({ dataDir: ${JSON.stringify(join(dir, 'data'))}, producerIdBlockSize: 3 })
    for (let i = 0; ; i++) {
      const [r] = await coord.commitOffsets({ groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null,
        offsets: [{ topic: 't', partition: 0, offset: BigInt(i), leaderEpoch: -1, metadata: 'n' + i }] })
      if (r.errorCode !== 0) throw new Error('commit failed ' + r.errorCode)
      const pid = await coord.allocateProducerId()
      process.stdout.write(i + ' ' + pid + '\\n')
    }
  `)
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let lastAcked = -1
  let lastPid = -1n
  await new Promise<void>((resolve, reject) => {
    let buf = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const line of lines) {
        const [i, pid] = line.split(' ')
        lastAcked = Number(i)
        lastPid = BigInt(pid)
      }
      if (lastAcked >= 200 && child.exitCode === null) {
        child.kill('SIGKILL')
      }
    })
    child.on('exit', (code, signal) => signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}`)))
  })
  const coord = await GroupCoordinator.open({ dataDir: join(dir, 'data'), producerIdBlockSize: 3 })
  const [o] = coord.fetchOffsets('g', [{ topic: 't', partition: 0 }]).offsets
  assert.ok(o.offset >= BigInt(lastAcked), `committed ${o.offset} >= last acknowledged ${lastAcked}`)
  assert.equal(o.metadata, `n${o.offset}`)
  assert.ok(await coord.allocateProducerId() > lastPid)
  await coord.close()
  assert.ok((await readFile(join(dir, 'data', 'coord.log'))).length > 0)
})

test('concurrent commits and producer-id allocations interleaved with compactions lose nothing', async (t) => {
  const dir = await tempDir(t)
  let compactions = 0
  const noop = (): void => {}
  const logger = { debug: noop, warn: noop, error: noop, info: (_o: unknown, msg?: string) => { if (msg === 'coord.log compacted') compactions++ }, child: () => logger }
  const coord = await GroupCoordinator.open({ dataDir: dir, compactMinBytes: 2048, producerIdBlockSize: 7, logger })
  const commits = []
  const pids: Array<Promise<bigint>> = []
  for (let i = 0; i < 600; i++) {
    commits.push(coord.commitOffsets(simpleCommit(`g${i % 3}`, 't', i % 10, BigInt(i), `v${i}`)))
    if (i % 4 === 0) pids.push(coord.allocateProducerId())
    if (i % 150 === 0) await new Promise(resolve => setImmediate(resolve))
  }
  const results = await Promise.all(commits)
  assert.ok(results.every(r => r[0].errorCode === 0))
  const ids = await Promise.all(pids)
  assert.equal(new Set(ids).size, ids.length, 'no producer id handed out twice')
  assert.ok(compactions >= 2, `compacted ${compactions} times`)
  const expected = (g: number) => coord.fetchOffsets(`g${g}`, null).offsets.map(o => [o.partition, o.offset, o.metadata])
  const before = [0, 1, 2].map(expected)
  await coord.close()
  const again = await GroupCoordinator.open({ dataDir: dir, producerIdBlockSize: 7 })
  assert.deepEqual([0, 1, 2].map(g => again.fetchOffsets(`g${g}`, null).offsets.map(o => [o.partition, o.offset, o.metadata])), before)
  // the last commit per (group, partition) wins: i = 570..599
  assert.deepEqual(before.flat().map(x => Number(x[1])).sort((a, b) => a - b), Array.from({ length: 30 }, (_, k) => 570 + k))
  const max = ids.reduce((a, b) => a > b ? a : b)
  assert.ok(await again.allocateProducerId() > max)
  await again.close()
})
