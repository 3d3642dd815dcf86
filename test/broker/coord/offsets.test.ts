// Committed offsets (OffsetCommit/OffsetFetch semantics), DescribeGroups, ListGroups and DeleteGroups.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CoordErrors } from '../../../src/broker/coord/errors.ts'
import type { OffsetCommitParams } from '../../../src/broker/coord/types.ts'
import { joinParams, openCoord, stableGroup, syncParams } from './helpers.ts'

function commit (groupId: string, generationId: number, memberId: string, offsets: Array<[string, number, bigint, string | null]>, leaderEpoch = -1): OffsetCommitParams {
  return {
    groupId,
    generationId,
    memberId,
    groupInstanceId: null,
    offsets: offsets.map(([topic, partition, offset, metadata]) => ({ topic, partition, offset, leaderEpoch, metadata }))
  }
}

test('a member commits in its generation; fetch returns offset, leader epoch and metadata exactly', async () => {
  const { coord, clock } = await openCoord()
  const [a] = await stableGroup(coord, clock, 'g', 1)
  const meta = 'ünïcødé 😀 {"k":[1,2]}\n\t'
  const res = await coord.commitOffsets(commit('g', 1, a.memberId, [['t', 0, 42n, meta], ['t', 1, 7n, null], ['u', 3, 2n ** 40n, '']], 5))
  assert.deepEqual(res, [{ topic: 't', partition: 0, errorCode: 0 }, { topic: 't', partition: 1, errorCode: 0 }, { topic: 'u', partition: 3, errorCode: 0 }])
  const fetched = coord.fetchOffsets('g', [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }, { topic: 't', partition: 9 }, { topic: 'zz', partition: 0 }])
  assert.deepEqual(fetched, {
    errorCode: 0,
    offsets: [
      { topic: 't', partition: 0, offset: 42n, leaderEpoch: 5, metadata: meta, errorCode: 0 },
      { topic: 't', partition: 1, offset: 7n, leaderEpoch: 5, metadata: '', errorCode: 0 },
      { topic: 't', partition: 9, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: 0 },
      { topic: 'zz', partition: 0, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: 0 }
    ]
  })
  // null = every committed partition of the group, sorted
  assert.deepEqual(coord.fetchOffsets('g', null).offsets.map(o => [o.topic, o.partition, o.offset]), [['t', 0, 42n], ['t', 1, 7n], ['u', 3, 2n ** 40n]])
  assert.deepEqual(coord.fetchOffsets('unknown-group', null), { errorCode: 0, offsets: [] })
  assert.equal(coord.fetchOffsets('unknown-group', [{ topic: 't', partition: 0 }]).offsets[0].offset, -1n)
  // a later commit overwrites
  await coord.commitOffsets(commit('g', 1, a.memberId, [['t', 0, 43n, 'x']]))
  assert.equal(coord.fetchOffsets('g', [{ topic: 't', partition: 0 }]).offsets[0].offset, 43n)
  await coord.close()
})

test('metadata over 4096 UTF-8 bytes gives OFFSET_METADATA_TOO_LARGE for that partition only', async () => {
  const { coord } = await openCoord()
  const max = 'm'.repeat(4096)
  const res = await coord.commitOffsets(commit('s', -1, '', [['t', 0, 1n, max], ['t', 1, 1n, 'é'.repeat(2049)], ['t', 2, 1n, 'ok']]))
  assert.deepEqual(res.map(r => r.errorCode), [0, CoordErrors.OFFSET_METADATA_TOO_LARGE, 0])
  assert.equal(coord.fetchOffsets('s', [{ topic: 't', partition: 0 }]).offsets[0].metadata, max)
  assert.equal(coord.fetchOffsets('s', [{ topic: 't', partition: 1 }]).offsets[0].offset, -1n)
  const { coord: c2 } = await openCoord({ maxMetadataBytes: 3 })
  assert.deepEqual((await c2.commitOffsets(commit('s', -1, '', [['t', 0, 1n, 'abcd']]))).map(r => r.errorCode), [CoordErrors.OFFSET_METADATA_TOO_LARGE])
  assert.deepEqual(c2.list(), [], 'nothing committed, no group created')
  await coord.close()
  await c2.close()
})

test('simple commits (generation -1, no member id): allowed for unknown and Empty groups only', async () => {
  const { coord, clock } = await openCoord()
  // unknown group: creates a "simple" group with no protocol type
  assert.deepEqual((await coord.commitOffsets(commit('simple', -1, '', [['t', 0, 10n, 'a']]))).map(r => r.errorCode), [0])
  assert.deepEqual(coord.list(), [{ groupId: 'simple', protocolType: '', groupState: 'Empty' }])
  assert.equal(coord.describe(['simple'])[0].groupState, 'Empty')
  // empty group id is accepted for commits, like Kafka
  assert.deepEqual((await coord.commitOffsets(commit('', -1, '', [['t', 0, 1n, null]]))).map(r => r.errorCode), [0])
  // unknown group with a generation: ILLEGAL_GENERATION
  assert.deepEqual((await coord.commitOffsets(commit('nobody', 3, 'm', [['t', 0, 1n, null]]))).map(r => r.errorCode), [CoordErrors.ILLEGAL_GENERATION])
  // a group with members: simple commits are refused
  const [a] = await stableGroup(coord, clock, 'live', 1)
  assert.deepEqual((await coord.commitOffsets(commit('live', -1, '', [['t', 0, 1n, null]]))).map(r => r.errorCode), [CoordErrors.UNKNOWN_MEMBER_ID])
  // after everyone left it is Empty again and simple commits work
  coord.leave('live', [{ memberId: a.memberId, groupInstanceId: null }])
  assert.deepEqual((await coord.commitOffsets(commit('live', -1, '', [['t', 0, 5n, null]]))).map(r => r.errorCode), [0])
  // the simple group can be joined later by a consumer
  const j = coord.join(joinParams('simple'))
  clock.advance(0)
  assert.equal((await j).errorCode, 0)
  assert.equal(coord.fetchOffsets('simple', null).offsets[0].offset, 10n)
  await coord.close()
})

test('member commits are checked: unknown member 25, wrong generation 22, CompletingRebalance 27, PreparingRebalance ok', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2)
  const codes = async (gen: number, memberId: string) => (await coord.commitOffsets(commit('g', gen, memberId, [['t', 0, 1n, null], ['t', 1, 1n, null]]))).map(r => r.errorCode)
  assert.deepEqual(await codes(1, 'stranger'), [CoordErrors.UNKNOWN_MEMBER_ID, CoordErrors.UNKNOWN_MEMBER_ID])
  assert.deepEqual(await codes(0, a.memberId), [CoordErrors.ILLEGAL_GENERATION, CoordErrors.ILLEGAL_GENERATION])
  assert.deepEqual(await codes(2, a.memberId), [CoordErrors.ILLEGAL_GENERATION, CoordErrors.ILLEGAL_GENERATION])
  assert.deepEqual(await codes(1, b.memberId), [0, 0])
  // static member fencing applies to commits too
  assert.deepEqual((await coord.commitOffsets({ ...commit('g', 1, a.memberId, [['t', 0, 1n, null]]), groupInstanceId: 'inst' })).map(r => r.errorCode), [CoordErrors.UNKNOWN_MEMBER_ID])
  // PreparingRebalance: commits of the current generation are still accepted
  const ja = coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  assert.equal(coord.describe(['g'])[0].groupState, 'PreparingRebalance')
  assert.deepEqual(await codes(1, b.memberId), [0, 0])
  const jb = coord.join(joinParams('g', { memberId: b.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m2') }] }))
  const [ra] = await Promise.all([ja, jb])
  assert.equal(coord.describe(['g'])[0].groupState, 'CompletingRebalance')
  assert.deepEqual(await codes(2, b.memberId), [CoordErrors.REBALANCE_IN_PROGRESS, CoordErrors.REBALANCE_IN_PROGRESS])
  await coord.sync(syncParams('g', ra))
  assert.deepEqual(await codes(2, b.memberId), [0, 0])
  await coord.close()
})

test('deleteTopicOffsets removes the topic from every group', async () => {
  const { coord } = await openCoord()
  await coord.commitOffsets(commit('g1', -1, '', [['gone', 0, 1n, null], ['kept', 0, 2n, null]]))
  await coord.commitOffsets(commit('g2', -1, '', [['gone', 3, 1n, null]]))
  await coord.deleteTopicOffsets('gone')
  assert.deepEqual(coord.fetchOffsets('g1', null).offsets.map(o => o.topic), ['kept'])
  assert.deepEqual(coord.fetchOffsets('g2', null).offsets, [])
  await coord.deleteTopicOffsets('never-existed')
  await coord.close()
})

test('describe and list: state names, protocol, members with client id/host/instance id/metadata/assignment', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2, { clientHost: '/10.0.0.1' })
  await coord.commitOffsets(commit('simple', -1, '', [['t', 0, 1n, null]]))
  const [g, unknown] = coord.describe(['g', 'nope'])
  assert.deepEqual(unknown, { groupId: 'nope', errorCode: 0, groupState: 'Dead', protocolType: '', protocolData: '', members: [] })
  assert.equal(g.groupState, 'Stable')
  assert.equal(g.protocolType, 'consumer')
  assert.equal(g.protocolData, 'range')
  assert.deepEqual(g.members, [
    { memberId: a.memberId, groupInstanceId: null, clientId: 'c1', clientHost: '/10.0.0.1', metadata: Buffer.from('m1'), assignment: Buffer.from('a:c1') },
    { memberId: b.memberId, groupInstanceId: null, clientId: 'c2', clientHost: '/10.0.0.1', metadata: Buffer.from('m2'), assignment: Buffer.from('a:c2') }
  ])
  assert.deepEqual(coord.list().map(x => [x.groupId, x.protocolType, x.groupState]), [['g', 'consumer', 'Stable'], ['simple', '', 'Empty']])
  assert.deepEqual(coord.list(['stable']).map(x => x.groupId), ['g'])
  assert.deepEqual(coord.list(['Empty', 'Dead']).map(x => x.groupId), ['simple'])
  assert.deepEqual(coord.list([]).length, 2)
  // outside Stable, members are listed without metadata and assignment (as Kafka does)
  coord.leave('g', [{ memberId: b.memberId, groupInstanceId: null }])
  const prep = coord.describe(['g'])[0]
  assert.equal(prep.groupState, 'PreparingRebalance')
  assert.equal(prep.protocolData, '')
  assert.deepEqual(prep.members.map(m => [m.memberId, m.metadata.length, m.assignment.length]), [[a.memberId, 0, 0]])
  const j = await coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  assert.equal(j.generationId, 2)
  assert.equal(coord.describe(['g'])[0].groupState, 'CompletingRebalance')
  await coord.close()
})

test('deleteGroups: Empty groups only (68 otherwise), unknown 69; their offsets go too', async () => {
  const { coord, clock } = await openCoord()
  const [a] = await stableGroup(coord, clock, 'busy', 1)
  await coord.commitOffsets(commit('busy', 1, a.memberId, [['t', 0, 1n, null]]))
  await coord.commitOffsets(commit('idle', -1, '', [['t', 0, 9n, 'x']]))
  const res = await coord.deleteGroups(['busy', 'idle', 'ghost', 'idle'])
  assert.deepEqual(res, [
    { groupId: 'busy', errorCode: CoordErrors.NON_EMPTY_GROUP },
    { groupId: 'idle', errorCode: 0 },
    { groupId: 'ghost', errorCode: CoordErrors.GROUP_ID_NOT_FOUND },
    { groupId: 'idle', errorCode: CoordErrors.GROUP_ID_NOT_FOUND }
  ])
  assert.equal(coord.describe(['idle'])[0].groupState, 'Dead')
  assert.deepEqual(coord.fetchOffsets('idle', null).offsets, [])
  assert.deepEqual(coord.list().map(g => g.groupId), ['busy'])
  // the consumer group becomes deletable once its members are gone
  coord.leave('busy', [{ memberId: a.memberId, groupInstanceId: null }])
  assert.deepEqual(await coord.deleteGroups(['busy']), [{ groupId: 'busy', errorCode: 0 }])
  assert.deepEqual(coord.fetchOffsets('busy', null).offsets, [])
  // a group with only a MEMBER_ID_REQUIRED member is Empty and can be deleted; the pending id is then unknown
  const pend = await coord.join(joinParams('p', { requireKnownMemberId: true }))
  assert.deepEqual(await coord.deleteGroups(['p']), [{ groupId: 'p', errorCode: 0 }])
  assert.equal((await coord.join(joinParams('p', { memberId: pend.memberId, requireKnownMemberId: true }))).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  await coord.close()
})
