import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { startBroker } from '../helpers/broker.ts'
import { waitFor } from '../helpers/wait.ts'
import { PROTOCOL_VERSION, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, offeredProtocols, type Assignment, type ConnectProtocol } from '../../src/runtime/distributed/connect-protocol.ts'
import { ConnectorsAndTasks } from '../../src/runtime/distributed/connectors-and-tasks.ts'
import { eagerAssign } from '../../src/runtime/distributed/eager-assignor.ts'
import { IncrementalCooperativeAssignor, type IncrementalAssignorOptions } from '../../src/runtime/distributed/incremental-assignor.ts'
import { ConnectGroupMember } from '../../src/kafka/group-member.ts'
import { protocolErrorCodes } from '../../src/kafka/errors.ts'

const fastGroups = { groupMinSessionTimeoutMs: 1000, groupInitialRebalanceDelayMs: 0 } as const
const CONNECTORS = new Map([['c', 6]])

interface Round { generationId: number, leaderId: string, protocol: string, assignment: Assignment, bytes: Buffer }

/** What the leader sent, per generation and member: each member must receive exactly these bytes. */
type Sent = Map<number, Map<string, Buffer>>

/** A minimal worker around a group member: the member side of §5.4 (and §5.3 for `default`). */
class TestWorker {
  readonly name: string
  readonly member: ConnectGroupMember
  readonly assignor: IncrementalCooperativeAssignor
  running = new ConnectorsAndTasks()
  allocation: Assignment | null = null
  readonly rounds: Round[] = []
  readonly leaderSawMembers: number[] = []
  errors: Error[] = []

  constructor (name: string, bootstrapServers: string, groupId: string, sent: Sent, options: { mode?: 'eager' | 'compatible' | 'sessioned', assignor?: IncrementalAssignorOptions } = {}) {
    this.name = name
    const url = `http://${name}:8083/`
    this.assignor = new IncrementalCooperativeAssignor(options.assignor)
    const mode = options.mode ?? 'sessioned'
    this.member = new ConnectGroupMember({
      bootstrapServers,
      groupId,
      clientId: `connect-${name}`,
      sessionTimeoutMs: 2000,
      rebalanceTimeoutMs: 5000,
      heartbeatIntervalMs: 200,
      metadata: () => offeredProtocols(mode).map(p => ({
        name: p,
        metadata: encodeMetadata({ version: PROTOCOL_VERSION[p], url, configOffset: 3n, allocation: this.allocation === null ? null : { ...this.allocation, version: PROTOCOL_VERSION[p] } })
      })),
      onJoinPrepare: () => {
        // Eager: everything stops before every rejoin.
        if (this.member.protocol === 'default') { this.running = new ConnectorsAndTasks(); this.allocation = null }
      },
      assign: ctx => {
        const members = new Map(ctx.members.map(m => [m.memberId, decodeMetadata(m.metadata)]))
        this.leaderSawMembers.push(members.size)
        const leaderUrl = members.get(ctx.leaderId)!.url
        const out = ctx.protocol === 'default'
          ? eagerAssign({ leaderId: ctx.leaderId, leaderUrl, leaderConfigOffset: 3n, members: new Map([...members].map(([id, m]) => [id, m.configOffset])), connectors: CONNECTORS })
          : this.assignor.assign({
            leaderId: ctx.leaderId,
            leaderUrl,
            leaderConfigOffset: 3n,
            members,
            connectors: CONNECTORS,
            protocolVersion: PROTOCOL_VERSION[ctx.protocol as ConnectProtocol],
            generationId: ctx.generationId,
            lastCompletedGenerationId: ctx.lastCompletedGenerationId
          })
        const bytes = new Map([...out].map(([id, a]) => [id, encodeAssignment(a)]))
        sent.set(ctx.generationId, bytes)
        return bytes
      },
      onAssign: a => {
        const assignment = decodeAssignment(a.assignment)
        this.rounds.push({ generationId: a.generationId, leaderId: a.leaderId, protocol: a.protocol, assignment, bytes: a.assignment })
        if (a.protocol === 'default') {
          this.running = ConnectorsAndTasks.fromAssignments(assignment.assigned)
        } else {
          this.running.removeAll(ConnectorsAndTasks.fromAssignments(assignment.revoked)).addAll(ConnectorsAndTasks.fromAssignments(assignment.assigned))
        }
        this.allocation = { ...assignment, assigned: this.running.toAssignments(), revoked: new Map() }
        if (assignment.revoked.size > 0) this.member.requestRejoin('revoked connectors or tasks')
        if (assignment.delay > 0) setTimeout(() => this.member.requestRejoin('scheduled rebalance'), assignment.delay).unref()
      },
      onError: err => { this.errors.push(err) }
    })
  }

  get last (): Round | undefined { return this.rounds.at(-1) }
}

interface Group { workers: TestWorker[], sent: Sent, add: (name: string, options?: ConstructorParameters<typeof TestWorker>[4]) => TestWorker }

async function group (t: TestContext, groupId: string): Promise<Group> {
  const workers: TestWorker[] = []
  // Registered before the broker's own after-hook: node:test runs them first-in-first-out, the broker closes last.
  t.after(async () => { await Promise.all(workers.map(w => w.member.stop({ timeoutMs: 2000 }))) })
  const broker = await startBroker(t, fastGroups)
  const sent: Sent = new Map()
  return {
    workers,
    sent,
    add: (name, options) => {
      const w = new TestWorker(name, broker.bootstrapServers, groupId, sent, options)
      workers.push(w)
      w.member.start()
      return w
    }
  }
}

/** All the given workers are stable in one generation, run everything between them, and nothing is pending. */
function converged (workers: TestWorker[]): number | false {
  const gens = new Set(workers.map(w => w.member.state === 'stable' ? w.last?.generationId : undefined))
  if (gens.size !== 1 || gens.has(undefined)) return false
  const gen = [...gens][0]!
  if (workers.some(w => w.member.generationId !== gen)) return false
  if (workers.some(w => w.last!.assignment.revoked.size > 0 || w.last!.assignment.delay > 0)) return false
  const all = workers.flatMap(w => w.running.toStrings()).sort()
  const expected = ['c', ...Array.from({ length: 6 }, (_, i) => `c-${i}`)].sort()
  return JSON.stringify(all) === JSON.stringify(expected) ? gen : false
}

const counts = (workers: TestWorker[]): number[] => workers.map(w => w.running.taskCount).sort()

test('three members join one group: one leader, every member gets the bytes the leader computed for it', async t => {
  const g = await group(t, 'connect-cluster-a')
  const [a, b, c] = [g.add('w1'), g.add('w2'), g.add('w3')]
  const gen = await waitFor('three members converged', () => converged([a, b, c]), 20000)
  assert.deepEqual(counts([a, b, c]), [2, 2, 2])
  const ids = [a, b, c].map(w => w.member.memberId)
  assert.equal(new Set(ids).size, 3)
  for (const id of ids) assert.match(id, /^connect-w\d-/, 'member ids come from the coordinator (KIP-394) and start with the client id')
  const leaders = new Set([a, b, c].map(w => w.last!.leaderId))
  assert.equal(leaders.size, 1)
  const leader = [a, b, c].find(w => w.member.isLeader)!
  assert.equal(leader.member.memberId, [...leaders][0])
  for (const w of [a, b, c]) {
    assert.equal(w.last!.protocol, 'sessioned')
    assert.equal(w.last!.assignment.version, 2)
    assert.equal(w.last!.assignment.leader, leader.member.memberId)
    assert.equal(w.last!.assignment.leaderUrl, `http://${leader.name}:8083/`)
    // Every round this member completed carried exactly the bytes the leader of that generation sent it.
    for (const r of w.rounds) assert.deepEqual(r.bytes, g.sent.get(r.generationId)!.get(w.member.memberId))
  }
  assert.equal(leader.leaderSawMembers.at(-1), 3)
  assert.ok(gen >= 1)
  // Generations only go up, as each member saw them.
  for (const w of [a, b, c]) {
    const seen = w.rounds.map(r => r.generationId)
    assert.deepEqual(seen, [...seen].sort((x, y) => x - y))
    assert.equal(new Set(seen).size, seen.length)
  }
  for (const w of [a, b, c]) assert.deepEqual(w.errors, [])
})

test('a member that stops leaves the group: the others rebalance at once, in a higher generation', async t => {
  const g = await group(t, 'connect-cluster-b')
  const [a, b, c] = ['w1', 'w2', 'w3'].map(n => g.add(n, { assignor: { fastFailover: true } }))
  const gen1 = await waitFor('three members converged', () => converged([a, b, c]), 20000)
  const started = Date.now()
  await c.member.stop()
  assert.equal(c.member.state, 'stopped')
  const gen2 = await waitFor('two members converged', () => { const g2 = converged([a, b]); return g2 !== false && g2 > gen1 ? g2 : false }, 20000)
  assert.ok(gen2 > gen1)
  // LeaveGroup, not the session timeout (2 s), triggered the rebalance.
  assert.ok(Date.now() - started < 2000, `rebalanced after ${Date.now() - started} ms`)
  const leader = [a, b].find(w => w.member.isLeader)!
  assert.equal(leader.leaderSawMembers.at(-1), 2)
  assert.deepEqual(counts([a, b]), [3, 3])
})

test('an abandoned member (no heartbeats, no LeaveGroup) is dropped after its session timeout', async t => {
  const g = await group(t, 'connect-cluster-c')
  const [a, b, c] = ['w1', 'w2', 'w3'].map(n => g.add(n, { assignor: { fastFailover: true } }))
  const gen1 = await waitFor('three members converged', () => converged([a, b, c]), 20000)
  const started = Date.now()
  await c.member.stop({ leaveGroup: false })
  const gen2 = await waitFor('two members converged', () => { const g2 = converged([a, b]); return g2 !== false && g2 > gen1 ? g2 : false }, 20000)
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 1500, `the coordinator waited for the session timeout (2 s), not ${elapsed} ms`)
  assert.ok(gen2 > gen1)
  assert.equal([a, b].find(w => w.member.isLeader)!.leaderSawMembers.at(-1), 2)
  assert.deepEqual(counts([a, b]), [3, 3])
})

test('an eager worker downgrades the group to the `default` protocol; requestRejoin starts a new generation', async t => {
  const g = await group(t, 'connect-cluster-d')
  const a = g.add('w1')
  const b = g.add('w2', { mode: 'eager' })
  const gen1 = await waitFor('two members converged', () => converged([a, b]), 20000)
  for (const w of [a, b]) {
    assert.equal(w.last!.protocol, 'default')
    assert.equal(w.last!.assignment.version, 0)
  }
  // connector c + 6 tasks round-robin over two members: 4 and 3 items, tasks 3/3.
  assert.deepEqual(counts([a, b]), [3, 3])
  a.member.requestRejoin()
  const gen2 = await waitFor('a new generation', () => { const g2 = converged([a, b]); return g2 !== false && g2 > gen1 ? g2 : false }, 20000)
  assert.equal(gen2, gen1 + 1)
})

test('a member whose protocols the group does not share fails with INCONSISTENT_GROUP_PROTOCOL (onError, no retries)', async t => {
  const members: ConnectGroupMember[] = []
  t.after(async () => { await Promise.all(members.map(m => m.stop({ timeoutMs: 2000 }))) })
  const broker = await startBroker(t, fastGroups)
  const assigned: string[] = []
  const errors: Error[] = []
  const make = (name: string, protocol: string): ConnectGroupMember => {
    const m = new ConnectGroupMember({
      bootstrapServers: broker.bootstrapServers,
      groupId: 'connect-cluster-e',
      clientId: name,
      sessionTimeoutMs: 2000,
      rebalanceTimeoutMs: 5000,
      heartbeatIntervalMs: 200,
      metadata: () => [{ name: protocol, metadata: Buffer.from(name) }],
      assign: ctx => new Map(ctx.members.map(x => [x.memberId, Buffer.from(`for ${x.metadata}`)])),
      onAssign: a => { assigned.push(`${name}: ${a.assignment}`) },
      onError: err => { errors.push(err) }
    })
    members.push(m)
    m.start()
    return m
  }
  const a = make('a', 'sessioned')
  await waitFor('a stable', () => a.state === 'stable')
  const b = make('b', 'something-else')
  await waitFor('b failed', () => errors.length > 0)
  assert.match(errors[0].message, /Group membership of connect-cluster-e failed/)
  assert.ok(protocolErrorCodes(errors[0]).includes(23), 'INCONSISTENT_GROUP_PROTOCOL')
  assert.equal(b.state, 'stopped')
  assert.equal(a.state, 'stable')
  assert.deepEqual(assigned, ['a: for a'])
})
