// The rebalance engine of classic groups (after Kafka's GroupMetadataManager): the join barrier and its timers, the
// initial rebalance delay, generation changes, assignment propagation, session expiry and the pending-sync timeout.
// Timer callbacks capture the group object; a deleted group is marked Dead so late timers do nothing.
import type { Scheduler } from './clock.ts'
import type { ClassicGroup } from './classic-group.ts'
import type { Member } from './member.ts'
import type { CoordLogger, JoinGroupResult } from './types.ts'
import { CoordErrors } from './errors.ts'

const EMPTY = Buffer.alloc(0)

export interface RebalancerOptions {
  scheduler: Scheduler
  logger: CoordLogger
  initialRebalanceDelayMs: number
  newMemberJoinTimeoutMs: number
  /** Persists the group's generation record; resolves once durable and never rejects. */
  persistGroup (group: ClassicGroup): Promise<void>
}

export function joinError (memberId: string, errorCode: number): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] }
}

export class Rebalancer {
  readonly #opts: RebalancerOptions
  readonly #log: CoordLogger

  constructor (opts: RebalancerOptions) {
    this.#opts = opts
    this.#log = opts.logger
  }

  /** Schedules `fn`; an exception in it is logged instead of escaping into the event loop. */
  #schedule (delayMs: number, fn: () => void): () => void {
    return this.#opts.scheduler.schedule(delayMs, () => {
      try {
        fn()
      } catch (err) {
        this.#log.error({ err }, 'group coordinator timer failed')
      }
    })
  }

  /** Pushes the member's session deadline (or sets the new-member join deadline). */
  rescheduleHeartbeat (group: ClassicGroup, member: Member, timeoutMs = member.sessionTimeoutMs): void {
    member.cancelSessionTimer()
    const cancel = this.#schedule(timeoutMs, () => {
      if (member.cancelHeartbeat === cancel) member.cancelHeartbeat = null
      this.#expireHeartbeat(group, member)
    })
    member.cancelHeartbeat = cancel
  }

  /** Registers a MEMBER_ID_REQUIRED member id that must rejoin within its session timeout. */
  addPendingMember (group: ClassicGroup, memberId: string, sessionTimeoutMs: number): void {
    group.addPending(memberId, this.#schedule(sessionTimeoutMs, () => {
      if (group.is('Dead') || !group.isPendingMember(memberId)) return
      this.#log.info({ groupId: group.groupId, memberId }, 'pending member expired')
      group.removePending(memberId)
      if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group)
    }))
  }

  #expireHeartbeat (group: ClassicGroup, member: Member): void {
    if (group.is('Dead') || group.member(member.memberId) !== member) return
    if (member.hasSatisfiedHeartbeat()) return
    this.#log.info({ groupId: group.groupId, memberId: member.memberId }, 'member session expired, removing it')
    this.removeMemberAndUpdate(group, member, `session of ${member.memberId} expired`)
  }

  /** Answers the member's parked requests with UNKNOWN_MEMBER_ID and removes it from the group. */
  dropMember (group: ClassicGroup, member: Member): void {
    member.completeJoin(joinError('', CoordErrors.UNKNOWN_MEMBER_ID))
    member.completeSync({ errorCode: CoordErrors.UNKNOWN_MEMBER_ID, protocolType: null, protocolName: null, assignment: EMPTY })
    group.remove(member.memberId)
  }

  removeMemberAndUpdate (group: ClassicGroup, member: Member, reason: string): void {
    this.dropMember(group, member)
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalanceOrCompleteJoin(group, reason)
    else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group)
  }

  maybePrepareRebalanceOrCompleteJoin (group: ClassicGroup, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason)
    else this.maybeCompleteJoinPhase(group)
  }

  prepareRebalance (group: ClassicGroup, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentWithError(group, CoordErrors.REBALANCE_IN_PROGRESS)
    this.#removeSyncExpiration(group)
    const initial = group.is('Empty')
    if (initial) {
      const delay = this.#opts.initialRebalanceDelayMs
      const remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0)
      this.#setJoinTimer(group, delay, () => this.#tryCompleteInitialRebalance(group, delay, remaining))
    }
    group.transitionTo('PreparingRebalance', this.#opts.scheduler.now())
    this.#log.info({ groupId: group.groupId, generationId: group.generationId, reason }, 'preparing to rebalance group')
    if (initial) return
    if (group.hasAllMembersJoined()) this.completeJoin(group)
    else this.#setJoinTimer(group, group.rebalanceTimeoutMs(), () => this.completeJoin(group))
  }

  /** Completes the join phase early once everyone rejoined (never during an initial, delayed rebalance). */
  maybeCompleteJoinPhase (group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return
    if (group.previousState === 'Empty') return
    if (!group.hasAllMembersJoined()) return
    this.completeJoin(group)
  }

  #tryCompleteInitialRebalance (group: ClassicGroup, delayMs: number, remainingMs: number): void {
    if (group.newMemberAdded && remainingMs !== 0) {
      group.newMemberAdded = false
      const newDelay = Math.min(this.#opts.initialRebalanceDelayMs, remainingMs)
      const newRemaining = Math.max(remainingMs - delayMs, 0)
      this.#setJoinTimer(group, newDelay, () => this.#tryCompleteInitialRebalance(group, newDelay, newRemaining))
    } else {
      this.completeJoin(group)
    }
  }

  /** Ends the join phase: drops dynamic members that did not rejoin, bumps the generation, answers the joins. */
  completeJoin (group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return
    this.#clearJoinTimer(group)
    const gone = group.notYetRejoinedMembers().filter(m => m.groupInstanceId === null)
    for (const m of gone) this.dropMember(group, m)
    if (gone.length > 0) this.#log.info({ groupId: group.groupId, members: gone.map(m => m.memberId) }, 'removed members that did not rejoin')

    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // only static members that did not rejoin are left: wait for their sessions to expire
      this.#log.warn({ groupId: group.groupId }, 'no member rejoined; extending the join phase')
      this.#setJoinTimer(group, group.rebalanceTimeoutMs(), () => this.completeJoin(group))
      return
    }
    group.newMemberAdded = false
    group.initNextGeneration(this.#opts.scheduler.now())
    const written = this.#opts.persistGroup(group)
    if (group.is('Empty')) {
      this.#log.info({ groupId: group.groupId, generationId: group.generationId }, 'group is now empty')
      return
    }
    this.#log.info({ groupId: group.groupId, generationId: group.generationId, protocol: group.protocolName, members: group.members.size }, 'group join phase complete')
    const leaderMembers = group.joinMembers()
    for (const member of group.members.values()) {
      const result: JoinGroupResult = {
        errorCode: CoordErrors.NONE,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        leader: group.leaderId ?? '',
        skipAssignment: false,
        memberId: member.memberId,
        members: group.isLeader(member.memberId) ? leaderMembers : []
      }
      const answer = member.awaitingJoin
      member.awaitingJoin = null
      if (answer !== null) void written.then(() => answer(result))
      this.rescheduleHeartbeat(group, member)
      member.isNew = false
      group.pendingSyncMembers.add(member.memberId)
    }
    this.#schedulePendingSync(group)
  }

  #schedulePendingSync (group: ClassicGroup): void {
    group.cancelSyncTimer?.()
    const generation = group.generationId
    group.cancelSyncTimer = this.#schedule(group.rebalanceTimeoutMs(), () => {
      group.cancelSyncTimer = null
      this.#expirePendingSync(group, generation)
    })
  }

  #expirePendingSync (group: ClassicGroup, generationId: number): void {
    if (group.generationId !== generationId) return
    if (!group.is('CompletingRebalance') && !group.is('Stable')) return
    if (group.pendingSyncMembers.size === 0) return
    const late = [...group.pendingSyncMembers]
    for (const id of late) {
      const m = group.member(id)
      if (m !== undefined) this.dropMember(group, m)
      else group.pendingSyncMembers.delete(id)
    }
    this.prepareRebalance(group, `members ${late.join(', ')} did not sync in time`)
  }

  removePendingSync (group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId)
    if ((group.is('CompletingRebalance') || group.is('Stable')) && group.pendingSyncMembers.size === 0) {
      group.cancelSyncTimer?.()
      group.cancelSyncTimer = null
    }
  }

  #removeSyncExpiration (group: ClassicGroup): void {
    group.pendingSyncMembers.clear()
    group.cancelSyncTimer?.()
    group.cancelSyncTimer = null
  }

  setAndPropagateAssignment (group: ClassicGroup, assignments: Map<string, Buffer>): void {
    for (const m of group.members.values()) m.assignment = assignments.get(m.memberId) ?? EMPTY
    this.#propagate(group, CoordErrors.NONE)
  }

  resetAndPropagateAssignmentWithError (group: ClassicGroup, errorCode: number): void {
    for (const m of group.members.values()) m.assignment = EMPTY
    this.#propagate(group, errorCode)
  }

  #propagate (group: ClassicGroup, errorCode: number): void {
    const ok = errorCode === CoordErrors.NONE
    for (const m of group.members.values()) {
      const answered = m.completeSync({
        errorCode,
        protocolType: ok ? group.protocolType : null,
        protocolName: ok ? group.protocolName : null,
        assignment: m.assignment
      })
      if (answered) this.rescheduleHeartbeat(group, m)
    }
  }

  #setJoinTimer (group: ClassicGroup, delayMs: number, fn: () => void): void {
    this.#clearJoinTimer(group)
    const cancel = this.#schedule(delayMs, () => {
      if (group.cancelJoinTimer === cancel) group.cancelJoinTimer = null
      if (!group.is('Dead')) fn()
    })
    group.cancelJoinTimer = cancel
  }

  #clearJoinTimer (group: ClassicGroup): void {
    group.cancelJoinTimer?.()
    group.cancelJoinTimer = null
  }

  /** Stops every timer of the group and answers parked joins/syncs with `errorCode` (group deletion, close). */
  shutdown (group: ClassicGroup, errorCode: number): void {
    this.#clearJoinTimer(group)
    this.#removeSyncExpiration(group)
    for (const id of [...group.pendingJoinMembers.keys()]) group.removePending(id)
    for (const m of group.members.values()) {
      m.cancelSessionTimer()
      m.completeJoin(joinError(m.memberId, errorCode))
      m.completeSync({ errorCode, protocolType: null, protocolName: null, assignment: EMPTY })
    }
  }
}
