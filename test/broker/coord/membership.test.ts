// Join/sync/heartbeat/leave of classic groups on a fake clock: barriers, leader election, timeouts, KIP-394,
// static membership, protocol selection and the validation errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CoordErrors } from '../../../src/broker/coord/errors.ts'
import { REBALANCE, SESSION, joinParams, openCoord, protocols, settle, stableGroup, syncParams, track } from './helpers.ts'

test('three members join: same generation, one leader with every member metadata, followers get an empty list', async () => {
  const { coord, clock } = await openCoord()
  const joins = [1, 2, 3].map(i => coord.join(joinParams('g', { clientId: `c${i}`, protocols: [{ name: 'range', metadata: Buffer.from(`m${i}`) }] })))
  clock.advance(0)
  const results = await Promise.all(joins)
  assert.deepEqual(results.map(r => r.errorCode), [0, 0, 0])
  assert.deepEqual(results.map(r => r.generationId), [1, 1, 1])
  const leader = results[0]
  for (const r of results) {
    assert.equal(r.leader, leader.memberId)
    assert.equal(r.protocolType, 'consumer')
    assert.equal(r.protocolName, 'range')
    assert.match(r.memberId, /^c\d-[0-9a-f-]{36}$/)
  }
  assert.deepEqual(leader.members.map(m => [m.memberId, m.metadata.toString()]), results.map((r, i) => [r.memberId, `m${i + 1}`]))
  assert.deepEqual(results[1].members, [])
  assert.deepEqual(results[2].members, [])
  assert.equal(coord.describe(['g'])[0].groupState, 'CompletingRebalance')
  await coord.close()
})

test('sync: followers wait for the leader; each member gets exactly its bytes, left-out members get empty bytes', async () => {
  const { coord, clock } = await openCoord()
  const joins = [1, 2, 3].map(i => coord.join(joinParams('g', { clientId: `c${i}` })))
  clock.advance(0)
  const [l, f1, f2] = await Promise.all(joins)
  const s1 = track(coord.sync(syncParams('g', f1)))
  const s2 = track(coord.sync(syncParams('g', f2)))
  await settle()
  assert.equal(s1.done() || s2.done(), false, 'followers are parked until the leader syncs')
  const sl = await coord.sync(syncParams('g', l, [
    { memberId: l.memberId, assignment: Buffer.from([1, 2, 3]) },
    { memberId: f1.memberId, assignment: Buffer.from('follower-1') }
  ]))
  await settle()
  assert.equal(sl.errorCode, 0)
  assert.deepEqual(sl.assignment, Buffer.from([1, 2, 3]))
  assert.equal(sl.protocolType, 'consumer')
  assert.equal(sl.protocolName, 'range')
  assert.deepEqual(s1.value(), { errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('follower-1') })
  assert.equal(s2.value().errorCode, 0)
  assert.equal(s2.value().assignment.length, 0)
  const d = coord.describe(['g'])[0]
  assert.equal(d.groupState, 'Stable')
  assert.equal(d.protocolData, 'range')
  assert.deepEqual(d.members.find(m => m.memberId === f1.memberId)?.assignment, Buffer.from('follower-1'))
  // a late sync while Stable returns the stored assignment
  assert.deepEqual((await coord.sync(syncParams('g', f1))).assignment, Buffer.from('follower-1'))
  await coord.close()
})

test('sync validation: unknown member, wrong generation, protocol mismatch, rebalance in progress', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2)
  assert.equal((await coord.sync({ ...syncParams('g', a), memberId: 'nobody' })).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  assert.equal((await coord.sync({ ...syncParams('g', a), groupId: 'other' })).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  assert.equal((await coord.sync({ ...syncParams('g', a), generationId: 7 })).errorCode, CoordErrors.ILLEGAL_GENERATION)
  assert.equal((await coord.sync({ ...syncParams('g', a), protocolType: 'connect' })).errorCode, CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal((await coord.sync({ ...syncParams('g', a), protocolName: 'roundrobin' })).errorCode, CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal((await coord.sync({ ...syncParams('g', a), protocolType: 'consumer', protocolName: 'range' })).errorCode, 0)
  coord.leave('g', [{ memberId: b.memberId, groupInstanceId: null }])
  assert.equal((await coord.sync(syncParams('g', a))).errorCode, CoordErrors.REBALANCE_IN_PROGRESS)
  await coord.close()
})

test('a member leaves: the others see REBALANCE_IN_PROGRESS on heartbeat, rejoin, and get generation + 1', async () => {
  const { coord, clock } = await openCoord()
  const [a, b, c] = await stableGroup(coord, clock, 'g', 3)
  const hb = (r: typeof a) => coord.heartbeat({ groupId: 'g', generationId: r.generationId, memberId: r.memberId, groupInstanceId: null }).errorCode
  assert.equal(hb(a), 0)
  const left = coord.leave('g', [{ memberId: c.memberId, groupInstanceId: null }, { memberId: 'ghost', groupInstanceId: null }])
  assert.deepEqual(left, {
    errorCode: 0,
    members: [
      { memberId: c.memberId, groupInstanceId: null, errorCode: 0 },
      { memberId: 'ghost', groupInstanceId: null, errorCode: CoordErrors.UNKNOWN_MEMBER_ID }
    ]
  })
  assert.equal(hb(a), CoordErrors.REBALANCE_IN_PROGRESS)
  assert.equal(hb(b), CoordErrors.REBALANCE_IN_PROGRESS)
  assert.equal(hb(c), CoordErrors.UNKNOWN_MEMBER_ID)
  const ja = coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  const jb = coord.join(joinParams('g', { memberId: b.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m2') }] }))
  const [ra, rb] = await Promise.all([ja, jb])
  assert.equal(ra.generationId, 2)
  assert.equal(rb.generationId, 2)
  assert.equal(ra.leader, a.memberId, 'the leader that rejoined stays leader')
  assert.deepEqual(ra.members.map(m => m.memberId), [a.memberId, b.memberId])
  assert.equal(hb(a), CoordErrors.ILLEGAL_GENERATION, 'old generation')
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 2, memberId: a.memberId, groupInstanceId: null }).errorCode, 0)
  // the last members leave: the group becomes Empty (generation bumps once more)
  coord.leave('g', [{ memberId: a.memberId, groupInstanceId: null }, { memberId: b.memberId, groupInstanceId: null }])
  const d = coord.describe(['g'])[0]
  assert.equal(d.groupState, 'Empty')
  assert.deepEqual(d.members, [])
  assert.deepEqual(coord.leave('nope', [{ memberId: 'x', groupInstanceId: null }]), { errorCode: CoordErrors.UNKNOWN_MEMBER_ID, members: [] })
  await coord.close()
})

test('session expiry (fake clock): the silent member is removed and a rebalance starts; last one gone -> Empty', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2)
  const hbA = () => coord.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId, groupInstanceId: null }).errorCode
  for (let t = 0; t < SESSION - 1000; t += 3000) {
    clock.advance(3000)
    assert.equal(hbA(), 0)
  }
  clock.advance(1000) // b's session (10 s since its sync) has run out now
  assert.equal(coord.describe(['g'])[0].members.length, 1)
  assert.equal(hbA(), CoordErrors.REBALANCE_IN_PROGRESS)
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 1, memberId: b.memberId, groupInstanceId: null }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  const r = await coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  assert.equal(r.generationId, 2)
  assert.deepEqual(r.members.map(m => m.memberId), [a.memberId])
  // a never syncs nor heartbeats: its session ends too, and the group is Empty
  clock.advance(SESSION)
  assert.equal(coord.describe(['g'])[0].groupState, 'Empty')
  await coord.close()
})

test('the join phase ends at the rebalance timeout; members that did not rejoin are dropped', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2)
  const newcomer = track(coord.join(joinParams('g', { clientId: 'c3' })))
  const ja = track(coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] })))
  // b keeps heartbeating but never rejoins
  for (let t = 0; t < REBALANCE - 5000; t += 5000) {
    clock.advance(5000)
    assert.equal(coord.heartbeat({ groupId: 'g', generationId: 1, memberId: b.memberId, groupInstanceId: null }).errorCode, CoordErrors.REBALANCE_IN_PROGRESS)
  }
  await settle()
  assert.equal(ja.done(), false)
  clock.advance(5000)
  await settle()
  assert.equal(ja.value().generationId, 2)
  assert.equal(newcomer.value().generationId, 2)
  assert.deepEqual(ja.value().members.map(m => m.memberId).sort(), [a.memberId, newcomer.value().memberId].sort())
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 2, memberId: b.memberId, groupInstanceId: null }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  await coord.close()
})

test('a leader that never syncs: its session ends, waiting followers get REBALANCE_IN_PROGRESS and rebalance', async () => {
  const { coord, clock } = await openCoord()
  const joins = [1, 2].map(i => coord.join(joinParams('g', { clientId: `c${i}` })))
  clock.advance(0)
  const [leader, follower] = await Promise.all(joins)
  const s = track(coord.sync(syncParams('g', follower)))
  clock.advance(SESSION)
  await settle()
  assert.equal(s.value().errorCode, CoordErrors.REBALANCE_IN_PROGRESS)
  assert.equal(coord.describe(['g'])[0].members.length, 1)
  const r = await coord.join(joinParams('g', { memberId: follower.memberId }))
  assert.equal(r.generationId, 2)
  assert.equal(r.leader, follower.memberId)
  assert.notEqual(leader.memberId, follower.memberId)
  await coord.close()
})

test('a leader that heartbeats but never syncs is dropped at the rebalance timeout (pending sync)', async () => {
  const { coord, clock } = await openCoord()
  const joins = [1, 2].map(i => coord.join(joinParams('g', { clientId: `c${i}` })))
  clock.advance(0)
  const [leader, follower] = await Promise.all(joins)
  const s = track(coord.sync(syncParams('g', follower)))
  for (let t = 0; t < REBALANCE; t += 5000) {
    assert.equal(coord.heartbeat({ groupId: 'g', generationId: 1, memberId: leader.memberId, groupInstanceId: null }).errorCode, 0)
    clock.advance(5000)
  }
  await settle()
  assert.equal(s.value().errorCode, CoordErrors.REBALANCE_IN_PROGRESS)
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 1, memberId: leader.memberId, groupInstanceId: null }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  await coord.close()
})

test('a Stable group: the leader rejoining forces a rebalance; a follower with the same metadata does not', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2)
  const sameB = joinParams('g', { memberId: b.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m2') }] })
  const rb = await coord.join(sameB)
  assert.deepEqual({ ...rb, members: rb.members.length }, {
    errorCode: 0, generationId: 1, protocolType: 'consumer', protocolName: 'range', leader: a.memberId, skipAssignment: false, memberId: b.memberId, members: 0
  })
  assert.equal(coord.describe(['g'])[0].groupState, 'Stable')
  // a follower with new metadata triggers one
  const changed = track(coord.join({ ...sameB, protocols: [{ name: 'range', metadata: Buffer.from('m2-new') }] }))
  assert.equal(coord.describe(['g'])[0].groupState, 'PreparingRebalance')
  const ra = await coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  await settle()
  assert.equal(ra.generationId, 2)
  assert.equal(changed.value().generationId, 2)
  assert.deepEqual(ra.members.find(m => m.memberId === b.memberId)?.metadata, Buffer.from('m2-new'))
  await coord.sync(syncParams('g', ra, []))
  await coord.sync(syncParams('g', changed.value()))
  assert.equal(coord.describe(['g'])[0].groupState, 'Stable')
  // now the leader rejoins with unchanged metadata: rebalance
  const lead = track(coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] })))
  assert.equal(coord.describe(['g'])[0].groupState, 'PreparingRebalance')
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 2, memberId: b.memberId, groupInstanceId: null }).errorCode, CoordErrors.REBALANCE_IN_PROGRESS)
  await coord.join(joinParams('g', { memberId: b.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m2-new') }] }))
  await settle()
  assert.equal(lead.value().generationId, 3)
  await coord.close()
})

test('KIP-394: an unknown member gets MEMBER_ID_REQUIRED and an id, and must rejoin with it within the session timeout', async () => {
  const { coord, clock } = await openCoord()
  const first = await coord.join(joinParams('g', { clientId: 'app', requireKnownMemberId: true }))
  assert.equal(first.errorCode, CoordErrors.MEMBER_ID_REQUIRED)
  assert.match(first.memberId, /^app-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.equal(first.generationId, -1)
  const again = coord.join(joinParams('g', { clientId: 'app', memberId: first.memberId, requireKnownMemberId: true }))
  clock.advance(0)
  const joined = await again
  assert.equal(joined.errorCode, 0)
  assert.equal(joined.memberId, first.memberId)
  assert.equal(joined.leader, first.memberId)
  // a second member gets an id but never comes back: it is forgotten after its session timeout
  const stray = await coord.join(joinParams('g', { clientId: 'late', requireKnownMemberId: true }))
  assert.equal(stray.errorCode, CoordErrors.MEMBER_ID_REQUIRED)
  clock.advance(SESSION + 1)
  const late = await coord.join(joinParams('g', { clientId: 'late', memberId: stray.memberId, requireKnownMemberId: true }))
  assert.equal(late.errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  // without the flag (JoinGroup v0-3) a new member joins straight away
  const { coord: c2, clock: k2 } = await openCoord()
  const direct = c2.join(joinParams('h', { requireKnownMemberId: false }))
  k2.advance(0)
  assert.equal((await direct).errorCode, 0)
  await coord.close()
  await c2.close()
})

test('a pending (MEMBER_ID_REQUIRED) member holds the join barrier until it rejoins', async () => {
  const { coord, clock } = await openCoord()
  const [a] = await stableGroup(coord, clock, 'g', 1)
  const pending = await coord.join(joinParams('g', { clientId: 'b', requireKnownMemberId: true }))
  assert.equal(coord.describe(['g'])[0].groupState, 'Stable', 'a pending member does not start a rebalance')
  const ja = track(coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] })))
  await settle()
  assert.equal(ja.done(), false, 'waits for the pending member')
  const jb = await coord.join(joinParams('g', { clientId: 'b', memberId: pending.memberId, requireKnownMemberId: true }))
  await settle()
  assert.equal(jb.generationId, 2)
  assert.equal(ja.value().generationId, 2)
  assert.equal(ja.value().members.length, 2)
  await coord.close()
})

test('static membership: rejoin with a known instance id replaces the member id; the stale id is fenced', async () => {
  const { coord, clock } = await openCoord()
  const [a, b] = await stableGroup(coord, clock, 'g', 2, { groupInstanceId: null })
  // convert to a group with a static member: s1 joins
  const s1 = track(coord.join(joinParams('g', { clientId: 'sc', groupInstanceId: 'inst-1' })))
  const ra = coord.join(joinParams('g', { memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m1') }] }))
  const rb = coord.join(joinParams('g', { memberId: b.memberId, protocols: [{ name: 'range', metadata: Buffer.from('m2') }] }))
  const [ja, jb] = await Promise.all([ra, rb])
  await settle()
  const js = s1.value()
  assert.match(js.memberId, /^inst-1-/)
  assert.deepEqual(ja.members.find(m => m.memberId === js.memberId)?.groupInstanceId, 'inst-1')
  await Promise.all([
    coord.sync(syncParams('g', jb)),
    coord.sync({ ...syncParams('g', js), groupInstanceId: 'inst-1' }),
    coord.sync(syncParams('g', ja, [{ memberId: js.memberId, assignment: Buffer.from('static-bytes') }]))
  ])
  // the static member restarts: unknown member id + known instance id, no rebalance, same assignment
  const again = await coord.join(joinParams('g', { clientId: 'sc', groupInstanceId: 'inst-1' }))
  assert.equal(again.errorCode, 0)
  assert.notEqual(again.memberId, js.memberId)
  assert.equal(again.generationId, 2)
  assert.equal(coord.describe(['g'])[0].groupState, 'Stable')
  const sync = await coord.sync({ ...syncParams('g', again), groupInstanceId: 'inst-1' })
  assert.deepEqual(sync.assignment, Buffer.from('static-bytes'))
  const hb = (memberId: string) => coord.heartbeat({ groupId: 'g', generationId: 2, memberId, groupInstanceId: 'inst-1' }).errorCode
  assert.equal(hb(js.memberId), CoordErrors.FENCED_INSTANCE_ID)
  assert.equal(hb(again.memberId), 0)
  assert.equal((await coord.sync({ ...syncParams('g', js), groupInstanceId: 'inst-1' })).errorCode, CoordErrors.FENCED_INSTANCE_ID)
  assert.equal((await coord.join(joinParams('g', { memberId: js.memberId, groupInstanceId: 'inst-1' }))).errorCode, CoordErrors.FENCED_INSTANCE_ID)
  assert.equal(coord.heartbeat({ groupId: 'g', generationId: 2, memberId: 'x', groupInstanceId: 'inst-unknown' }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  // removal by instance id (admin API style)
  const left = coord.leave('g', [{ memberId: '', groupInstanceId: 'inst-1' }, { memberId: '', groupInstanceId: 'nope' }])
  assert.deepEqual(left.members.map(m => m.errorCode), [0, CoordErrors.UNKNOWN_MEMBER_ID])
  assert.equal(coord.describe(['g'])[0].groupState, 'PreparingRebalance')
  await coord.close()
})

test('protocol type connect: sessioned/compatible/default chosen by vote among common protocols', async () => {
  const { coord, clock } = await openCoord()
  const worker = (i: number, names: string[]) => coord.join(joinParams('connect-cluster', {
    clientId: `worker-${i}`,
    protocolType: 'connect',
    protocols: names.map(name => ({ name, metadata: Buffer.from(`${name}@w${i}`) }))
  }))
  const all = ['sessioned', 'compatible', 'default']
  const joins = [worker(1, all), worker(2, all), worker(3, all)]
  clock.advance(0)
  const gen1 = await Promise.all(joins)
  assert.deepEqual(gen1.map(r => [r.protocolType, r.protocolName]), Array(3).fill(['connect', 'sessioned']))
  assert.deepEqual(gen1[0].members.map(m => m.metadata.toString()), ['sessioned@w1', 'sessioned@w2', 'sessioned@w3'])
  // an older worker that only knows compatible/default joins: sessioned is no longer common
  const old = coord.join(joinParams('connect-cluster', {
    clientId: 'worker-4', protocolType: 'connect', protocols: ['compatible', 'default'].map(name => ({ name, metadata: Buffer.from(`${name}@w4`) }))
  }))
  const rejoins = gen1.map((r, i) => coord.join(joinParams('connect-cluster', {
    memberId: r.memberId, protocolType: 'connect', protocols: all.map(name => ({ name, metadata: Buffer.from(`${name}@w${i + 1}`) }))
  })))
  const gen2 = await Promise.all([...rejoins, old])
  assert.deepEqual(gen2.map(r => r.generationId), [2, 2, 2, 2])
  assert.deepEqual(gen2.map(r => r.protocolName), Array(4).fill('compatible'))
  const leader = gen2.find(r => r.members.length > 0)!
  assert.deepEqual(leader.members.map(m => m.metadata.toString()).sort(), ['compatible@w1', 'compatible@w2', 'compatible@w3', 'compatible@w4'])
  // majority vote: two members prefer "b", one prefers "a", all support both
  const { coord: c2, clock: k2 } = await openCoord()
  const votes = [['a', 'b'], ['b', 'a'], ['b', 'a']].map((names, i) => c2.join(joinParams('v', { clientId: `v${i}`, protocolType: 'connect', protocols: protocols(...names) })))
  k2.advance(0)
  assert.deepEqual((await Promise.all(votes)).map(r => r.protocolName), ['b', 'b', 'b'])
  await coord.close()
  await c2.close()
})

test('validation: inconsistent protocol (23), invalid group id (24), session timeout bounds (26), unknown member (25)', async () => {
  const { coord, clock } = await openCoord()
  await stableGroup(coord, clock, 'g', 1)
  const code = async (o: Parameters<typeof joinParams>[1], groupId = 'g') => (await coord.join(joinParams(groupId, o))).errorCode
  assert.equal(await code({ protocolType: 'connect' }), CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal(await code({ protocols: protocols('roundrobin', 'sticky') }), CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal(await code({ protocolType: '' }, 'fresh'), CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal(await code({ protocols: [] }, 'fresh'), CoordErrors.INCONSISTENT_GROUP_PROTOCOL)
  assert.equal(coord.describe(['fresh'])[0].groupState, 'Dead', 'a refused join does not create the group')
  assert.equal(await code({}, ''), CoordErrors.INVALID_GROUP_ID)
  assert.equal(await code({ sessionTimeoutMs: 5999 }), CoordErrors.INVALID_SESSION_TIMEOUT)
  assert.equal(await code({ sessionTimeoutMs: 1800001 }), CoordErrors.INVALID_SESSION_TIMEOUT)
  assert.equal(await code({ memberId: 'made-up' }), CoordErrors.UNKNOWN_MEMBER_ID)
  assert.equal(await code({ memberId: 'made-up' }, 'no-such-group'), CoordErrors.UNKNOWN_MEMBER_ID)
  assert.equal(coord.heartbeat({ groupId: '', generationId: 1, memberId: 'x', groupInstanceId: null }).errorCode, CoordErrors.INVALID_GROUP_ID)
  assert.equal(coord.heartbeat({ groupId: 'nope', generationId: 1, memberId: 'x', groupInstanceId: null }).errorCode, CoordErrors.UNKNOWN_MEMBER_ID)
  // the bounds are configurable; both ends are inclusive
  const { coord: c2, clock: k2 } = await openCoord({ minSessionTimeoutMs: 1000, maxSessionTimeoutMs: 2000 })
  const ok = [c2.join(joinParams('h', { sessionTimeoutMs: 1000 })), c2.join(joinParams('h', { sessionTimeoutMs: 2000 }))]
  k2.advance(0)
  assert.deepEqual((await Promise.all(ok)).map(r => r.errorCode), [0, 0])
  assert.equal((await c2.join(joinParams('h', { sessionTimeoutMs: 2001 }))).errorCode, CoordErrors.INVALID_SESSION_TIMEOUT)
  await coord.close()
  await c2.close()
})

test('initial rebalance delay: the first rebalance of an empty group waits and is extended while members arrive', async () => {
  const { coord, clock } = await openCoord({ initialRebalanceDelayMs: 3000 })
  const a = track(coord.join(joinParams('g', { clientId: 'a' })))
  clock.advance(1000)
  const b = track(coord.join(joinParams('g', { clientId: 'b' })))
  clock.advance(2000)
  await settle()
  assert.equal(a.done(), false, 'extended because b arrived during the delay')
  clock.advance(3000)
  await settle()
  assert.equal(a.value().generationId, 1)
  assert.equal(b.value().generationId, 1)
  assert.equal(a.value().members.length, 2)
  await coord.close()
})

test('close() answers parked joins and syncs with COORDINATOR_NOT_AVAILABLE and stops every timer', async () => {
  const { coord, clock } = await openCoord({ initialRebalanceDelayMs: 3000 })
  const joins = [1, 2].map(i => coord.join(joinParams('h', { clientId: `c${i}` })))
  clock.advance(6000)
  const [, follower] = await Promise.all(joins)
  const parked = coord.join(joinParams('g'))
  const parkedSync = coord.sync(syncParams('h', follower))
  const parkedJoin2 = coord.join(joinParams('g', { clientId: 'x' }))
  await coord.close()
  assert.equal((await parked).errorCode, CoordErrors.COORDINATOR_NOT_AVAILABLE)
  assert.equal((await parkedJoin2).errorCode, CoordErrors.COORDINATOR_NOT_AVAILABLE)
  assert.equal((await parkedSync).errorCode, CoordErrors.COORDINATOR_NOT_AVAILABLE)
  assert.equal(clock.pending, 0)
  assert.equal((await coord.join(joinParams('g'))).errorCode, CoordErrors.COORDINATOR_NOT_AVAILABLE)
  assert.equal(coord.heartbeat({ groupId: 'h', generationId: 1, memberId: follower.memberId, groupInstanceId: null }).errorCode, CoordErrors.COORDINATOR_NOT_AVAILABLE)
})
