import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CONFIG_MISMATCH, NO_ERROR, decodeAssignment, encodeAssignment, type Assignment, type WorkerMetadata } from '../../../src/runtime/distributed/connect-protocol.ts'
import { ConnectorsAndTasks } from '../../../src/runtime/distributed/connectors-and-tasks.ts'
import { IncrementalCooperativeAssignor, loadBalancingRevocations, type IncrementalAssignorOptions } from '../../../src/runtime/distributed/incremental-assignor.ts'

/**
 * A little cluster of workers that behave as the member side of §5.4 does: report what they run, stop what is
 * revoked, start what is assigned. Every round is one generation with the same leader (unless told otherwise).
 */
class Cluster {
  readonly clock = { now: 1_000_000 }
  readonly assignor: IncrementalCooperativeAssignor
  readonly running = new Map<string, ConnectorsAndTasks>()
  connectors = new Map<string, number>()
  generation = 0
  last = new Map<string, Assignment>()

  constructor (options: IncrementalAssignorOptions = {}) {
    this.assignor = new IncrementalCooperativeAssignor({ time: () => this.clock.now, ...options })
  }

  join (...workers: string[]): void {
    for (const w of workers) this.running.set(w, new ConnectorsAndTasks())
  }

  /** The worker's process is gone (its session expired): it is no longer a member. */
  lose (worker: string): void {
    this.running.delete(worker)
  }

  round (options: { lastCompleted?: number } = {}): Map<string, Assignment> {
    const members = new Map<string, WorkerMetadata>()
    for (const [w, run] of this.running) {
      const allocation: Assignment | null = run.isEmpty()
        ? null
        : { version: 1, error: 0, leader: 'x', leaderUrl: 'x', configOffset: 5n, assigned: run.toAssignments(), revoked: new Map(), delay: 0 }
      members.set(w, { version: 1, url: `http://${w}/`, configOffset: 5n, allocation })
    }
    const leader = [...members.keys()].sort()[0]!
    const out = this.assignor.assign({
      leaderId: leader,
      leaderUrl: `http://${leader}/`,
      leaderConfigOffset: 5n,
      members,
      connectors: this.connectors,
      protocolVersion: 2,
      generationId: ++this.generation,
      lastCompletedGenerationId: options.lastCompleted ?? this.generation - 1
    })
    for (const [w, a] of out) {
      // Every assignment survives the wire.
      const wire = decodeAssignment(encodeAssignment(a))
      assert.deepEqual(wire, a)
      const run = this.running.get(w)!
      run.removeAll(ConnectorsAndTasks.fromAssignments(a.revoked)).addAll(ConnectorsAndTasks.fromAssignments(a.assigned))
    }
    this.last = out
    return out
  }

  /** Rounds until no member has anything revoked (members rejoin after a revocation), at most `max`. */
  settle (max = 5): number {
    for (let i = 1; i <= max; i++) {
      const out = this.round()
      if ([...out.values()].every(a => a.revoked.size === 0)) return i
    }
    throw new Error('did not settle')
  }

  tasks (w: string): number { return this.running.get(w)!.taskCount }
  view (): Record<string, string[]> {
    return Object.fromEntries([...this.running].sort(([a], [b]) => a < b ? -1 : 1).map(([w, r]) => [w, r.toStrings()]))
  }

  all (): string[] {
    return [...this.running.values()].flatMap(r => r.toStrings()).sort()
  }
}

const strings = (a: Map<string, number[]>): string[] => ConnectorsAndTasks.fromAssignments(a).toStrings()
const expected = (connectors: Record<string, number>): string[] =>
  Object.entries(connectors).flatMap(([c, n]) => [c, ...Array.from({ length: n }, (_, i) => `${c}-${i}`)]).sort()

test('3 workers × tasks.max=6: one connector, tasks 2/2/2, in a single round', () => {
  const c = new Cluster()
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  const out = c.round()
  assert.deepEqual(c.view(), { w1: ['c', 'c-0', 'c-3'], w2: ['c-1', 'c-4'], w3: ['c-2', 'c-5'] })
  for (const a of out.values()) {
    assert.equal(a.error, NO_ERROR)
    assert.equal(a.version, 2)
    assert.equal(a.leader, 'w1')
    assert.equal(a.leaderUrl, 'http://w1/')
    assert.equal(a.configOffset, 5n)
    assert.equal(a.delay, 0)
    assert.equal(a.revoked.size, 0)
  }
  // A further round with nothing changed moves nothing.
  const again = c.round()
  for (const a of again.values()) assert.deepEqual([a.assigned.size, a.revoked.size, a.delay], [0, 0, 0])
})

test('a fourth worker joins: one task revoked, then given to it; nothing else moves', () => {
  const c = new Cluster()
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  c.round()
  c.join('w4')
  const first = c.round()
  // Only w3 gives up one task (the first of its list); nobody gets anything in the revoking round.
  assert.deepEqual(strings(first.get('w3')!.revoked), ['c-2'])
  for (const w of ['w1', 'w2', 'w4']) assert.equal(first.get(w)!.revoked.size, 0)
  for (const a of first.values()) assert.equal(a.assigned.size, 0)
  const second = c.round()
  assert.deepEqual(strings(second.get('w4')!.assigned), ['c-2'])
  for (const a of second.values()) assert.equal(a.revoked.size, 0)
  assert.deepEqual(c.view(), { w1: ['c', 'c-0', 'c-3'], w2: ['c-1', 'c-4'], w3: ['c-5'], w4: ['c-2'] })
  assert.deepEqual([...c.running.keys()].map(w => c.tasks(w)).sort(), [1, 1, 2, 2])
  assert.deepEqual(c.all(), expected({ c: 6 }))
})

test('a balanced cluster stays put and new connectors go to the least loaded workers', () => {
  const c = new Cluster()
  c.connectors = new Map([['a', 2], ['b', 2]])
  c.join('w1', 'w2')
  c.round()
  c.connectors.set('c', 3)
  const out = c.round()
  for (const a of out.values()) assert.equal(a.revoked.size, 0)
  assert.deepEqual(c.all(), expected({ a: 2, b: 2, c: 3 }))
  const counts = [c.running.get('w1')!, c.running.get('w2')!]
  assert.ok(Math.abs(counts[0].taskCount - counts[1].taskCount) <= 1)
  assert.ok(Math.abs(counts[0].connectors.size - counts[1].connectors.size) <= 1)
})

test('a deleted connector is revoked from whoever runs it and never reassigned', () => {
  const c = new Cluster()
  c.connectors = new Map([['a', 2], ['b', 2]])
  c.join('w1', 'w2')
  c.round()
  c.connectors.delete('b')
  const out = c.round()
  const revoked = [...out.values()].flatMap(a => strings(a.revoked)).sort()
  assert.deepEqual(revoked, ['b', 'b-0', 'b-1'])
  c.settle()
  assert.deepEqual(c.all(), expected({ a: 2 }))
})

test('a task reported by two workers is revoked from both, then assigned once', () => {
  const c = new Cluster()
  c.connectors = new Map([['a', 2]])
  c.join('w1', 'w2')
  c.round()
  const holder = c.running.get('w1')!.hasTask({ connector: 'a', task: 0 }) ? 'w2' : 'w1'
  c.running.get(holder)!.addTask({ connector: 'a', task: 0 })
  const out = c.round()
  assert.deepEqual(strings(out.get('w1')!.revoked).filter(s => s === 'a-0'), ['a-0'])
  assert.deepEqual(strings(out.get('w2')!.revoked).filter(s => s === 'a-0'), ['a-0'])
  c.settle()
  assert.deepEqual(c.all(), expected({ a: 2 }))
})

test('a lost worker: its work waits scheduled.rebalance.max.delay.ms, then goes to the others', () => {
  const c = new Cluster({ maxDelayMs: 60000 })
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  c.round()
  const lostWork = c.running.get('w3')!.toStrings()
  c.lose('w3')
  const first = c.round()
  for (const a of first.values()) {
    assert.equal(a.delay, 60000)
    assert.equal(a.assigned.size, 0)
    assert.equal(a.revoked.size, 0)
  }
  assert.equal(c.assignor.scheduledRebalance, c.clock.now + 60000)
  // A rebalance in the meantime (members rejoin for another reason) hands out the remaining time only.
  c.clock.now += 20000
  const middle = c.round()
  for (const a of middle.values()) assert.deepEqual([a.delay, a.assigned.size], [40000, 0])
  // At expiry (the members rejoin after `delay`), the lost tasks are handed out.
  c.clock.now += 40000
  const last = c.round()
  const given = [...last.values()].flatMap(a => strings(a.assigned)).sort()
  assert.deepEqual(given, lostWork.sort())
  for (const a of last.values()) assert.equal(a.delay, 0)
  assert.deepEqual([c.tasks('w1'), c.tasks('w2')], [3, 3])
  assert.deepEqual(c.all(), expected({ c: 6 }))
  assert.equal(c.assignor.scheduledRebalance, 0)
})

test('a worker that comes back (new member id, empty) within the delay gets the lost work back at expiry', () => {
  const c = new Cluster({ maxDelayMs: 30000 })
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  c.round()
  const lostWork = c.running.get('w3')!.toStrings()
  c.lose('w3')
  c.round()
  c.clock.now += 10000
  c.join('w3b')
  const back = c.round()
  // Still delayed: nothing moves, no load-balancing revocations while the delay runs.
  for (const a of back.values()) assert.deepEqual([a.delay, a.assigned.size, a.revoked.size], [20000, 0, 0])
  c.clock.now += 20000
  const expiry = c.round()
  assert.deepEqual(strings(expiry.get('w3b')!.assigned).sort(), lostWork.sort())
  assert.equal(expiry.get('w1')!.assigned.size, 0)
  assert.equal(expiry.get('w2')!.assigned.size, 0)
  assert.equal(c.settle(), 1)
  assert.deepEqual([c.tasks('w1'), c.tasks('w2'), c.tasks('w3b')], [2, 2, 2])
})

test('a worker that comes back still running its work cancels the delay; nothing moves', () => {
  const c = new Cluster({ maxDelayMs: 30000 })
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  c.round()
  const kept = c.running.get('w3')!
  c.lose('w3')
  c.round()
  c.clock.now += 5000
  c.running.set('w3', kept)
  const out = c.round()
  for (const a of out.values()) assert.deepEqual([a.delay, a.assigned.size, a.revoked.size], [0, 0, 0])
  assert.equal(c.assignor.scheduledRebalance, 0)
  assert.deepEqual(c.view(), { w1: ['c', 'c-0', 'c-3'], w2: ['c-1', 'c-4'], w3: ['c-2', 'c-5'] })
})

test('fast failover: a lost worker\'s connector and tasks are reassigned at the next rebalance, no delay', () => {
  const c = new Cluster({ maxDelayMs: 300000, fastFailover: true })
  c.connectors = new Map([['c', 6]])
  c.join('w1', 'w2', 'w3')
  c.round()
  c.lose('w1') // w1 ran the connector instance too
  const out = c.round()
  for (const a of out.values()) {
    assert.equal(a.delay, 0)
    assert.equal(a.revoked.size, 0)
  }
  assert.deepEqual([...out.values()].flatMap(a => strings(a.assigned)).sort(), ['c', 'c-0', 'c-3'])
  assert.deepEqual(c.all(), expected({ c: 6 }))
  assert.deepEqual([c.tasks('w2'), c.tasks('w3')], [3, 3])
  // The same with scheduled.rebalance.max.delay.ms = 0 (Kafka's own delay-0 semantics).
  const z = new Cluster({ maxDelayMs: 0 })
  z.connectors = new Map([['c', 6]])
  z.join('w1', 'w2', 'w3')
  z.round()
  z.lose('w2')
  const zout = z.round()
  assert.deepEqual([...zout.values()].map(a => a.delay), [0, 0])
  assert.deepEqual(z.all(), expected({ c: 6 }))
})

test('successive revoking rebalances back off (40 ms, 1600 ms, …) and hold revocations meanwhile', () => {
  const c = new Cluster({ maxDelayMs: 300000 })
  c.connectors = new Map([['c', 8]])
  c.join('w1')
  c.round()
  c.join('w2')
  const r1 = c.round() // revoking round: w1 gives up 4 tasks
  assert.equal(ConnectorsAndTasks.fromAssignments(r1.get('w1')!.revoked).taskCount, 4)
  c.join('w3') // joins before the follow-up round: balancing needs another revocation
  const r2 = c.round()
  for (const a of r2.values()) {
    assert.equal(a.delay, 40)
    assert.equal(a.revoked.size, 0)
  }
  // The revoked tasks were still handed out in that round (they are new), evenly.
  assert.deepEqual(c.all(), expected({ c: 8 }))
  c.clock.now += 40
  const r3 = c.round()
  assert.ok([...r3.values()].some(a => a.revoked.size > 0), 'revokes once the backoff expired')
  c.settle()
  const counts = ['w1', 'w2', 'w3'].map(w => c.tasks(w)).sort()
  assert.deepEqual(counts, [2, 3, 3])
  assert.deepEqual(c.all(), expected({ c: 8 }))
})

test('a leader that did not complete the previous generation forgets its previous assignment', () => {
  const c = new Cluster({ maxDelayMs: 60000 })
  c.connectors = new Map([['c', 4]])
  c.join('w1', 'w2')
  c.round()
  c.lose('w2')
  // As if another worker led the last generation: no memory of w2's work, so nothing counts as lost; the work
  // w2 ran is simply unassigned and handed out as new.
  const out = c.round({ lastCompleted: 99 })
  assert.equal(out.get('w1')!.delay, 0)
  assert.deepEqual(c.all(), expected({ c: 4 }))
})

test('config mismatch: leader behind a member → error 1 for all, the max offset, nothing else', () => {
  const assignor = new IncrementalCooperativeAssignor()
  const member = (offset: bigint): WorkerMetadata => ({ version: 2, url: 'u', configOffset: offset, allocation: null })
  const out = assignor.assign({
    leaderId: 'a', leaderUrl: 'http://a/', leaderConfigOffset: 3n, members: new Map([['a', member(3n)], ['b', member(9n)]]),
    connectors: new Map([['c', 1]]), protocolVersion: 1, generationId: 1, lastCompletedGenerationId: -1
  })
  for (const a of out.values()) {
    assert.deepEqual(a, { version: 1, leader: 'a', leaderUrl: 'http://a/', error: CONFIG_MISMATCH, configOffset: 9n, assigned: new Map(), revoked: new Map(), delay: 0 })
  }
})

test('load-balancing revocations: exactly `extra` workers may keep min+1, excess comes from the front', () => {
  const configured = ConnectorsAndTasks.configured(new Map([['c', 7]]))
  const t = (...ids: number[]): ConnectorsAndTasks => ConnectorsAndTasks.of([], ids.map(task => ({ connector: 'c', task })))
  // min 2, extra 1 over 3 workers: 5/2/0 → w1 keeps 3 (the one extra), revokes 2 from the front.
  const r = loadBalancingRevocations(configured, [{ worker: 'w1', load: t(0, 1, 2, 3, 4) }, { worker: 'w2', load: t(5, 6) }, { worker: 'w3', load: t() }])
  assert.deepEqual([...r.keys()], ['w1'])
  assert.deepEqual(r.get('w1')!.toStrings(), ['c-0', 'c-1'])
  // Balanced: 3/2/2.
  assert.equal(loadBalancingRevocations(configured, [{ worker: 'w1', load: t(0, 1, 2) }, { worker: 'w2', load: t(3, 4) }, { worker: 'w3', load: t(5, 6) }]).size, 0)
  // All empty: nothing to revoke.
  assert.equal(loadBalancingRevocations(configured, [{ worker: 'w1', load: t() }]).size, 0)
})

test('the assignor rejects a negative scheduled.rebalance.max.delay.ms', () => {
  assert.throws(() => new IncrementalCooperativeAssignor({ maxDelayMs: -1 }), /scheduled.rebalance.max.delay.ms/)
})
