// Shared helpers of the coordinator tests: a coordinator on a fake clock and JoinGroup/SyncGroup parameter builders.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GroupCoordinator } from '../../../src/broker/coord/group-coordinator.ts'
import type { GroupCoordinatorOptions } from '../../../src/broker/coord/group-coordinator.ts'
import { ManualScheduler } from '../../../src/broker/coord/clock.ts'
import type { GroupProtocol, JoinGroupParams, JoinGroupResult, SyncGroupParams } from '../../../src/broker/coord/types.ts'

export const SESSION = 10000
export const REBALANCE = 30000

export async function openCoord (opts: GroupCoordinatorOptions = {}): Promise<{ coord: GroupCoordinator, clock: ManualScheduler }> {
  const clock = new ManualScheduler()
  const coord = await GroupCoordinator.open({ scheduler: clock, ...opts })
  return { coord, clock }
}

export async function tempDir (t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kc-coord-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

export function protocols (...names: string[]): GroupProtocol[] {
  return names.map(name => ({ name, metadata: Buffer.from(`meta:${name}`) }))
}

export function joinParams (groupId: string, o: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols('range'),
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: false,
    ...o
  }
}

export function syncParams (groupId: string, join: JoinGroupResult, assignments: SyncGroupParams['assignments'] = []): SyncGroupParams {
  return { groupId, generationId: join.generationId, memberId: join.memberId, groupInstanceId: null, assignments }
}

/** Lets promise callbacks run (answers parked behind an in-memory "write"). */
export async function settle (): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>(resolve => setImmediate(resolve))
}

/** Tracks whether a promise has settled yet, without awaiting it. */
export function track<T> (p: Promise<T>): { done: () => boolean, value: () => T } {
  let settled = false
  let result: T
  void p.then(v => { settled = true; result = v })
  return { done: () => settled, value: () => result }
}

/**
 * Joins `n` members with distinct metadata to a new group, completes the initial rebalance and the sync
 * (assignment "a:<clientId>"), and returns the join results in join order (the first is the leader).
 */
export async function stableGroup (coord: GroupCoordinator, clock: ManualScheduler, groupId: string, n: number, o: Partial<JoinGroupParams> = {}): Promise<JoinGroupResult[]> {
  const joins = []
  for (let i = 1; i <= n; i++) {
    joins.push(coord.join(joinParams(groupId, { clientId: `c${i}`, protocols: [{ name: 'range', metadata: Buffer.from(`m${i}`) }], ...o })))
  }
  clock.advance(0)
  const results = await Promise.all(joins)
  const leader = results.find(r => r.leader === r.memberId)!
  const syncs = results.map(r => coord.sync(syncParams(groupId, r, r === leader
    ? results.map((x, i) => ({ memberId: x.memberId, assignment: Buffer.from(`a:c${i + 1}`) }))
    : [])))
  const synced = await Promise.all(syncs)
  for (const s of synced) if (s.errorCode !== 0) throw new Error(`sync failed: ${s.errorCode}`)
  return results
}
