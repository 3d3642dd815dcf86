// The incremental cooperative assignor of the `compatible` and `sessioned` protocols (KIP-415,
// kafka-connect-behavior.md §5.4). Each round the leader compares what is configured, what the members say they
// run and what it handed out last round; it revokes only what must move (deleted, duplicated, and the excess of
// overloaded workers), hands out only what is new or lost, and waits `scheduled.rebalance.max.delay.ms` before
// giving a departed worker's connectors and tasks to others (a worker back within the delay gets them again).
//
// `fastFailover` (a kconnect option, off by default) keeps everything else but gives a lost worker's connectors
// and tasks away at the first rebalance without it, that is as soon as the coordinator expired its session:
// the lost-work half of `scheduled.rebalance.max.delay.ms = 0`, while the delay still paces successive revoking
// rebalances. Setting the delay to 0 instead gives Kafka's exact delay-0 behaviour (no backoff at all).
//
// The state kept between rounds lives in the instance; only the group's leader calls assign(). Pure apart from
// the injectable clock. Where Kafka iterates hash sets, members are taken in member-id order and connectors and
// tasks sorted, so a round is deterministic.
import type { ConnectorTaskId } from '../entities.ts'
import type { Logger } from '../logger.ts'
import { CONFIG_MISMATCH, NO_ERROR, type Assignment, type WorkerMetadata } from './connect-protocol.ts'
import { ConnectorsAndTasks, compareTasks, type WorkerLoad } from './connectors-and-tasks.ts'

export interface IncrementalAssignorOptions {
  /** `scheduled.rebalance.max.delay.ms`; Kafka's default 300000 (5 minutes). */
  maxDelayMs?: number
  /** Reassign a lost worker's work at the next rebalance instead of waiting for its return (see above). */
  fastFailover?: boolean
  /** Clock in ms (Date.now by default). */
  time?: () => number
  logger?: Logger
}

export interface IncrementalInput {
  leaderId: string
  leaderUrl: string
  /** The leader's config snapshot offset (after trying to catch up to the members' maximum). */
  leaderConfigOffset: bigint
  /** member id → its decoded JoinGroup metadata (url, config offset, the allocation it runs now). */
  members: ReadonlyMap<string, WorkerMetadata>
  /** connector name → its number of committed task configs. */
  connectors: ReadonlyMap<string, number>
  /** Version written in the assignments: 1 (`compatible`) or 2 (`sessioned`). */
  protocolVersion: number
  /** The generation this round completes. */
  generationId: number
  /** The last generation this worker completed as a member (from its previous SyncGroup), -1 if none. */
  lastCompletedGenerationId: number
}

const REVOKING_BACKOFF_MULTIPLIER = 40

export class IncrementalCooperativeAssignor {
  readonly maxDelayMs: number
  readonly fastFailover: boolean
  readonly #time: () => number
  readonly #logger: Logger | undefined

  #previousAssignment = new ConnectorsAndTasks()
  #previousRevocation = new ConnectorsAndTasks()
  #previousGenerationId = -1
  #previousMembers = new Set<string>()
  /** When the delayed reassignment of lost work is due; 0 = none scheduled. */
  #scheduledRebalance = 0
  #delay = 0
  #candidateWorkers = new Set<string>()
  #revokedInPrevious = false
  #successiveRevokingRebalances = 0

  constructor (options: IncrementalAssignorOptions = {}) {
    const maxDelay = options.maxDelayMs ?? 300000
    if (!Number.isInteger(maxDelay) || maxDelay < 0 || maxDelay > 2147483647) throw new RangeError(`scheduled.rebalance.max.delay.ms must be in 0..2147483647, got ${maxDelay}`)
    this.maxDelayMs = maxDelay
    this.fastFailover = options.fastFailover ?? false
    this.#time = options.time ?? Date.now
    this.#logger = options.logger
  }

  /** The delay handed out in the last round (ms until members must rejoin; 0 = none). */
  get delay (): number { return this.#delay }
  /** When the scheduled rebalance is due (clock ms), 0 when none. */
  get scheduledRebalance (): number { return this.#scheduledRebalance }
  /** What the leader believes is assigned across the cluster (including lost work not yet handed out). */
  get previousAssignment (): ConnectorsAndTasks { return this.#previousAssignment.copy() }

  assign (input: IncrementalInput): Map<string, Assignment> {
    const memberIds = [...input.members.keys()].sort()
    let maxOffset = input.leaderConfigOffset
    for (const m of input.members.values()) if (m.configOffset > maxOffset) maxOffset = m.configOffset
    const base = { version: input.protocolVersion, leader: input.leaderId, leaderUrl: input.leaderUrl }
    const out = new Map<string, Assignment>()
    if (input.leaderConfigOffset < maxOffset) {
      for (const m of memberIds) out.set(m, { ...base, error: CONFIG_MISMATCH, configOffset: maxOffset, assigned: new Map(), revoked: new Map(), delay: 0 })
      return out
    }
    const now = this.#time()

    if (this.#previousGenerationId !== input.lastCompletedGenerationId) {
      this.#logger?.debug({ previousGenerationId: this.#previousGenerationId, lastCompletedGenerationId: input.lastCompletedGenerationId },
        'Clearing the view of previous assignments due to generation mismatch')
      this.#previousAssignment = new ConnectorsAndTasks()
    }

    const configured = ConnectorsAndTasks.configured(input.connectors)
    const current = new Map<string, ConnectorsAndTasks>(memberIds.map(m => [m, ConnectorsAndTasks.fromAssignments(input.members.get(m)!.allocation?.assigned)]))
    const active = new ConnectorsAndTasks()
    for (const a of current.values()) active.addAll(a)

    // A revocation of the last round that did not take effect: start over from what members really run.
    if (!this.#previousRevocation.isEmpty()) {
      if (this.#previousRevocation.intersects(active)) this.#previousAssignment = active.copy()
      this.#previousRevocation = new ConnectorsAndTasks()
    }

    const deleted = this.#previousAssignment.minus(configured)
    const duplicated = duplicatedAssignments(memberIds.map(m => current.get(m)!))
    const lost = this.#previousAssignment.minus(active, deleted)
    const created = configured.minus(this.#previousAssignment, active)

    const toRevoke = new Map<string, ConnectorsAndTasks>(memberIds.map(m => [m, current.get(m)!.intersection(deleted).addAll(current.get(m)!.intersection(duplicated))]))
    const next: WorkerLoad[] = memberIds.map(m => ({ worker: m, load: current.get(m)!.minus(toRevoke.get(m)!) }))

    const lostToReassign = this.#handleLostAssignments(lost, next, now)
    const toAssign = ConnectorsAndTasks.of([...created.connectors, ...lostToReassign.connectors].sort(), [...created.tasks, ...lostToReassign.tasks].sort(compareTasks))

    if (this.#delay === 0) {
      const balancing = loadBalancingRevocations(configured, next)
      if (balancing.size > 0 && this.#revokedInPrevious) {
        this.#successiveRevokingRebalances++
        this.#delay = this.#revokingBackoff(this.#successiveRevokingRebalances)
        if (this.#delay !== 0) {
          this.#scheduledRebalance = now + this.#delay
          this.#logger?.debug({ delay: this.#delay }, 'Consecutive revoking rebalances: skipping revocations in this round')
        } else {
          this.#applyRevocations(balancing, current, toRevoke, next, toAssign)
        }
      } else if (balancing.size > 0) {
        this.#applyRevocations(balancing, current, toRevoke, next, toAssign)
        this.#revokedInPrevious = true
      } else if (this.#revokedInPrevious) {
        // Revocations last round, none now: the cluster has probably converged; reset the backoff.
        this.#revokedInPrevious = false
        this.#successiveRevokingRebalances = 0
      }
    } else {
      this.#revokedInPrevious = false
    }

    assignConnectors(next, [...toAssign.connectors])
    assignTasks(next, toAssign.tasks)

    const revokedAll = new ConnectorsAndTasks()
    const nextAll = new ConnectorsAndTasks()
    for (const { worker, load } of next) {
      const revoked = toRevoke.get(worker)!
      revokedAll.addAll(revoked)
      nextAll.addAll(load)
      out.set(worker, {
        ...base,
        error: NO_ERROR,
        configOffset: input.leaderConfigOffset,
        assigned: load.minus(current.get(worker)!).toAssignments(),
        revoked: revoked.toAssignments(),
        delay: this.#delay
      })
    }
    this.#previousAssignment = nextAll.minus(revokedAll).addAll(lost)
    this.#previousRevocation = revokedAll
    this.#previousGenerationId = input.generationId
    this.#previousMembers = new Set(memberIds)
    this.#logger?.debug({ created: created.toStrings(), lost: lost.toStrings(), deleted: deleted.toStrings(), revoked: revokedAll.toStrings(), delay: this.#delay },
      'Incremental cooperative assignment computed')
    return out
  }

  /** Returns the lost work to hand out now as if new; may also give it straight to candidate workers in `next`. */
  #handleLostAssignments (lost: ConnectorsAndTasks, next: WorkerLoad[], now: number): ConnectorsAndTasks {
    if (lost.isEmpty() && !this.#revokedInPrevious) {
      this.#resetDelay()
      return new ConnectorsAndTasks()
    }
    const present = new Set(next.map(w => w.worker))
    if (this.#scheduledRebalance <= 0 && [...this.#previousMembers].every(m => present.has(m))) {
      // Nobody left: the missing work probably never reached its worker last round; hand it out as new.
      return lost
    }
    if (this.maxDelayMs === 0) return lost
    if (this.fastFailover && !lost.isEmpty()) {
      // A revoking-backoff delay may be running: it keeps pacing revocations, the lost work goes now.
      if (this.#scheduledRebalance > 0 && now >= this.#scheduledRebalance) {
        this.#resetDelay()
        this.#revokedInPrevious = false
      } else if (this.#scheduledRebalance > 0) {
        this.#delay = Math.min(this.#scheduledRebalance - now, this.maxDelayMs)
      }
      return lost
    }
    if (this.#scheduledRebalance > 0 && now >= this.#scheduledRebalance) {
      const candidates = next.filter(w => this.#candidateWorkers.has(w.worker))
      let reassign = new ConnectorsAndTasks()
      if (candidates.length > 0) {
        this.#logger?.debug({ candidates: candidates.map(w => w.worker), lost: lost.toStrings() }, 'Delayed rebalance expired: assigning lost work to candidate workers')
        let i = 0
        for (const c of [...lost.connectors].sort()) candidates[i++ % candidates.length].load.connectors.add(c)
        i = 0
        for (const t of lost.tasks.sort(compareTasks)) candidates[i++ % candidates.length].load.addTask(t)
      } else {
        reassign = lost
      }
      this.#resetDelay()
      this.#revokedInPrevious = false
      return reassign
    }
    for (const w of next) if (w.load.isEmpty()) this.#candidateWorkers.add(w.worker)
    if (now < this.#scheduledRebalance) {
      this.#delay = Math.min(this.#scheduledRebalance - now, this.maxDelayMs)
    } else {
      this.#delay = this.maxDelayMs
    }
    this.#scheduledRebalance = now + this.#delay
    this.#logger?.debug({ delay: this.#delay, lost: lost.toStrings() }, 'Lost connectors and tasks: reassignment delayed')
    return new ConnectorsAndTasks()
  }

  #resetDelay (): void {
    this.#candidateWorkers.clear()
    this.#scheduledRebalance = 0
    this.#delay = 0
  }

  /** Initial 1 ms (0 when the max delay is 0), ×40 per successive revoking round, capped at the max delay. */
  #revokingBackoff (attempt: number): number {
    if (this.maxDelayMs === 0) return 0
    return Math.min(REVOKING_BACKOFF_MULTIPLIER ** attempt, this.maxDelayMs)
  }

  /**
   * Takes the balancing revocations out of `next`. What a worker runs now is revoked; what it was only about to get
   * this round (lost work just given to a candidate) goes back to the pool instead, as nothing needs stopping.
   */
  #applyRevocations (balancing: Map<string, ConnectorsAndTasks>, current: Map<string, ConnectorsAndTasks>, toRevoke: Map<string, ConnectorsAndTasks>, next: WorkerLoad[], toAssign: ConnectorsAndTasks): void {
    for (const { worker, load } of next) {
      const revoke = balancing.get(worker)
      if (revoke === undefined) continue
      const running = revoke.intersection(current.get(worker)!)
      toRevoke.get(worker)!.addAll(running)
      toAssign.addAll(revoke.minus(running))
      load.removeAll(revoke)
    }
  }
}

/** Items that more than one member reports running. */
function duplicatedAssignments (loads: ConnectorsAndTasks[]): ConnectorsAndTasks {
  const seen = new ConnectorsAndTasks()
  const dup = new ConnectorsAndTasks()
  for (const l of loads) {
    for (const c of l.connectors) {
      if (seen.connectors.has(c)) dup.connectors.add(c)
      else seen.connectors.add(c)
    }
    for (const t of l.tasks) {
      if (seen.hasTask(t)) dup.addTask(t)
      else seen.addTask(t)
    }
  }
  return dup
}

/** Per worker, what to revoke so that connectors and tasks are each spread evenly (empty map when balanced). */
export function loadBalancingRevocations (configured: ConnectorsAndTasks, workers: readonly WorkerLoad[]): Map<string, ConnectorsAndTasks> {
  const result = new Map<string, ConnectorsAndTasks>()
  if (workers.length === 0 || workers.every(w => w.load.isEmpty()) || configured.isEmpty()) return result
  const connectors = excess(configured.connectors.size, workers.map(w => [...w.load.connectors]))
  const tasks = excess(configured.taskCount, workers.map(w => w.load.tasks))
  workers.forEach((w, i) => {
    if (connectors[i].length === 0 && tasks[i].length === 0) return
    result.set(w.worker, ConnectorsAndTasks.of(connectors[i], tasks[i]))
  })
  return result
}

/** For one kind of item: what each worker (by index) must give up, taken from the front of its list. */
function excess<T> (total: number, allocations: T[][]): T[][] {
  const workers = allocations.length
  const min = Math.floor(total / workers)
  const extras = total % workers
  const none = allocations.map((): T[] => [])
  const atMin = allocations.filter(a => a.length === min).length
  const atMinPlusOne = allocations.filter(a => a.length === min + 1).length
  if (atMinPlusOne === extras && atMin + atMinPlusOne === workers) return none
  let allocatedExtras = 0
  return allocations.map(a => {
    if (a.length <= min) return []
    let target = min
    if (allocatedExtras < extras) {
      allocatedExtras++
      if (a.length === min + 1) return []
      target = min + 1
    }
    return a.slice(0, a.length - target)
  })
}

/** Water-filling: workers sorted by (connector count, member id); each one at the lowest level gets one in turn. */
export function assignConnectors (workers: WorkerLoad[], connectors: readonly string[]): void {
  fill(workers, connectors, w => w.load.connectors.size, (w, c) => { w.load.connectors.add(c) })
}

/** The same for tasks, by (task count, member id). */
export function assignTasks (workers: WorkerLoad[], tasks: readonly ConnectorTaskId[]): void {
  fill(workers, tasks, w => w.load.taskCount, (w, t) => { w.load.addTask(t) })
}

function fill<T> (workers: WorkerLoad[], items: readonly T[], size: (w: WorkerLoad) => number, give: (w: WorkerLoad, item: T) => void): void {
  if (workers.length === 0 || items.length === 0) return
  const sorted = [...workers].sort((a, b) => size(a) - size(b) || (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0))
  let i = 0
  while (i < items.length) {
    const lowest = size(sorted[0])
    let upTo = sorted.findIndex(w => size(w) > lowest)
    if (upTo < 0) upTo = sorted.length
    for (let k = 0; k < upTo && i < items.length; k++) give(sorted[k], items[i++])
  }
}
