// JoinGroup, SyncGroup, Heartbeat and LeaveGroup for classic groups of any protocol type (after Kafka's
// GroupMetadataManager.classicGroup*). Validation order and error codes follow Kafka; the rebalance machinery is in
// rebalancer.ts.
import { randomUUID } from 'node:crypto'
import { ClassicGroup } from './classic-group.ts'
import { Member } from './member.ts'
import type { JoinCallback } from './member.ts'
import { joinError } from './rebalancer.ts'
import type { Rebalancer } from './rebalancer.ts'
import { CoordErrors } from './errors.ts'
import type { Scheduler } from './clock.ts'
import type {
  CoordLogger, GroupProtocol, HeartbeatParams, JoinGroupParams, JoinGroupResult, LeaveGroupResult, LeaveMember,
  SyncGroupParams, SyncGroupResult
} from './types.ts'

const EMPTY = Buffer.alloc(0)

export interface MembershipOptions {
  groups: Map<string, ClassicGroup>
  rebalancer: Rebalancer
  scheduler: Scheduler
  logger: CoordLogger
  minSessionTimeoutMs: number
  maxSessionTimeoutMs: number
  newMemberJoinTimeoutMs: number
  persistGroup (group: ClassicGroup): Promise<void>
}

function syncError (errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY }
}

/** Drops repeated protocol names (the first one wins), as Kafka's keyed protocol collection does. */
function dedupe (protocols: GroupProtocol[]): GroupProtocol[] {
  const seen = new Set<string>()
  const out: GroupProtocol[] = []
  for (const p of protocols) {
    if (seen.has(p.name)) continue
    seen.add(p.name)
    out.push(p)
  }
  return out
}

/** UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID checks shared by every request naming a member; 0 when valid. */
export function validateMember (group: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
  if (groupInstanceId !== null) {
    const existing = group.staticMemberId(groupInstanceId)
    if (existing === undefined) return CoordErrors.UNKNOWN_MEMBER_ID
    if (existing !== memberId) return CoordErrors.FENCED_INSTANCE_ID
  }
  return group.members.has(memberId) ? CoordErrors.NONE : CoordErrors.UNKNOWN_MEMBER_ID
}

export class Membership {
  readonly #o: MembershipOptions
  readonly #rb: Rebalancer
  readonly #log: CoordLogger

  constructor (opts: MembershipOptions) {
    this.#o = opts
    this.#rb = opts.rebalancer
    this.#log = opts.logger
  }

  join (params: JoinGroupParams): Promise<JoinGroupResult> {
    const p = { ...params, protocols: dedupe(params.protocols) }
    if (p.groupId === '') return Promise.resolve(joinError(p.memberId, CoordErrors.INVALID_GROUP_ID))
    if (p.sessionTimeoutMs < this.#o.minSessionTimeoutMs || p.sessionTimeoutMs > this.#o.maxSessionTimeoutMs) {
      return Promise.resolve(joinError(p.memberId, CoordErrors.INVALID_SESSION_TIMEOUT))
    }
    let group = this.#o.groups.get(p.groupId)
    let created = false
    if (group === undefined) {
      if (p.memberId !== '') return Promise.resolve(joinError(p.memberId, CoordErrors.UNKNOWN_MEMBER_ID))
      group = new ClassicGroup(p.groupId, this.#o.scheduler.now())
      this.#o.groups.set(p.groupId, group)
      created = true
    }
    const g = group
    return new Promise<JoinGroupResult>(resolve => {
      if (p.memberId === '') this.#joinNewMember(g, p, resolve)
      else this.#joinExistingMember(g, p, resolve)
      // a group created by a join that was refused is not kept
      if (created && g.is('Empty') && g.members.size === 0 && g.pendingJoinMembers.size === 0) this.#o.groups.delete(g.groupId)
    })
  }

  #rebalanceTimeout (p: JoinGroupParams): number {
    return p.rebalanceTimeoutMs === undefined || p.rebalanceTimeoutMs < 0 ? p.sessionTimeoutMs : p.rebalanceTimeoutMs
  }

  #joinNewMember (group: ClassicGroup, p: JoinGroupParams, answer: JoinCallback): void {
    if (group.is('Dead')) return answer(joinError('', CoordErrors.COORDINATOR_NOT_AVAILABLE))
    if (!group.supportsProtocols(p.protocolType, p.protocols.map(x => x.name))) {
      return answer(joinError('', CoordErrors.INCONSISTENT_GROUP_PROTOCOL))
    }
    const newMemberId = `${p.groupInstanceId ?? p.clientId}-${randomUUID()}`
    if (p.groupInstanceId !== null) {
      const existing = group.staticMemberId(p.groupInstanceId)
      if (existing !== undefined) return this.#updateStaticMember(group, p, existing, newMemberId, answer)
      return this.#addMember(group, p, newMemberId, answer)
    }
    if (p.requireKnownMemberId) {
      this.#log.debug({ groupId: group.groupId, memberId: newMemberId }, 'new member must rejoin with its member id')
      this.#rb.addPendingMember(group, newMemberId, p.sessionTimeoutMs)
      return answer(joinError(newMemberId, CoordErrors.MEMBER_ID_REQUIRED))
    }
    this.#addMember(group, p, newMemberId, answer)
  }

  #joinExistingMember (group: ClassicGroup, p: JoinGroupParams, answer: JoinCallback): void {
    const memberId = p.memberId
    if (group.is('Dead')) return answer(joinError(memberId, CoordErrors.COORDINATOR_NOT_AVAILABLE))
    if (!group.supportsProtocols(p.protocolType, p.protocols.map(x => x.name))) {
      return answer(joinError(memberId, CoordErrors.INCONSISTENT_GROUP_PROTOCOL))
    }
    // a MEMBER_ID_REQUIRED member coming back (pending members are always dynamic)
    if (p.groupInstanceId === null && group.isPendingMember(memberId)) return this.#addMember(group, p, memberId, answer)
    const error = validateMember(group, memberId, p.groupInstanceId)
    if (error !== CoordErrors.NONE) return answer(joinError(memberId, error))
    const member = group.member(memberId)!
    const current = (withMembers: boolean): JoinGroupResult => ({
      errorCode: CoordErrors.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId,
      members: withMembers ? group.joinMembers() : []
    })
    if (group.is('PreparingRebalance')) {
      return this.#updateMember(group, member, p, answer, `member ${memberId} joins during PreparingRebalance`)
    }
    if (group.is('CompletingRebalance')) {
      // the member may have missed its JoinGroup answer: same metadata gets the current generation again
      if (member.matches(p.protocols)) {
        this.#rb.rescheduleHeartbeat(group, member)
        return answer(current(group.isLeader(memberId)))
      }
      return this.#updateMember(group, member, p, answer, `member ${memberId} changed its metadata`)
    }
    if (group.is('Stable')) {
      // the leader rejoining forces a rebalance (it may have seen a change that affects the assignment)
      if (group.isLeader(memberId)) return this.#updateMember(group, member, p, answer, `leader ${memberId} rejoins`)
      if (!member.matches(p.protocols)) return this.#updateMember(group, member, p, answer, `member ${memberId} changed its metadata`)
      this.#rb.rescheduleHeartbeat(group, member)
      return answer(current(false))
    }
    answer(joinError(memberId, CoordErrors.UNKNOWN_MEMBER_ID))
  }

  #addMember (group: ClassicGroup, p: JoinGroupParams, memberId: string, answer: JoinCallback): void {
    const member = new Member({
      memberId,
      groupInstanceId: p.groupInstanceId,
      clientId: p.clientId,
      clientHost: p.clientHost,
      rebalanceTimeoutMs: this.#rebalanceTimeout(p),
      sessionTimeoutMs: p.sessionTimeoutMs,
      protocolType: p.protocolType,
      protocols: p.protocols
    })
    member.isNew = true
    if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true
    group.add(member, answer)
    // a new member cannot heartbeat while parked in JoinGroup: bound its wait by the new-member join timeout
    this.#rb.rescheduleHeartbeat(group, member, this.#o.newMemberJoinTimeoutMs)
    this.#log.debug({ groupId: group.groupId, memberId, instanceId: p.groupInstanceId }, 'member added')
    this.#rb.maybePrepareRebalanceOrCompleteJoin(group, `new member ${memberId} joins (client reason: ${p.reason ?? 'none'})`)
  }

  #updateMember (group: ClassicGroup, member: Member, p: JoinGroupParams, answer: JoinCallback, reason: string): void {
    // a duplicate JoinGroup replaces the parked one; answer the old request so it does not hang
    member.completeJoin(joinError(member.memberId, CoordErrors.REBALANCE_IN_PROGRESS))
    group.updateMember(member, p.protocols, this.#rebalanceTimeout(p), p.sessionTimeoutMs, answer)
    this.#rb.maybePrepareRebalanceOrCompleteJoin(group, `${reason} (client reason: ${p.reason ?? 'none'})`)
  }

  #updateStaticMember (group: ClassicGroup, p: JoinGroupParams, oldMemberId: string, newMemberId: string, answer: JoinCallback): void {
    const instanceId = p.groupInstanceId!
    const previousLeader = group.leaderId ?? ''
    const { oldMember, newMember } = group.replaceStaticMember(instanceId, oldMemberId, newMemberId)
    // fence whoever still waits under the old member id
    oldMember.completeJoin(joinError(oldMemberId, CoordErrors.FENCED_INSTANCE_ID))
    oldMember.completeSync(syncError(CoordErrors.FENCED_INSTANCE_ID))
    this.#log.info({ groupId: group.groupId, instanceId, oldMemberId, newMemberId }, 'static member rejoined with a new member id')
    this.#rb.rescheduleHeartbeat(group, newMember)
    group.updateMember(newMember, p.protocols, this.#rebalanceTimeout(p), p.sessionTimeoutMs, answer)

    if (group.is('Stable')) {
      if (group.protocolName === group.selectProtocol()) {
        // nothing that affects the assignment changed: no rebalance, the member keeps its assignment
        newMember.awaitingJoin = null
        const isLeader = group.isLeader(newMemberId)
        const skip = p.supportsSkipAssignment === true && isLeader
        const result: JoinGroupResult = {
          errorCode: CoordErrors.NONE,
          generationId: group.generationId,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          leader: skip ? (group.leaderId ?? '') : previousLeader,
          skipAssignment: skip,
          memberId: newMemberId,
          members: skip ? group.joinMembers() : []
        }
        void this.#o.persistGroup(group).then(() => answer(result))
        return
      }
      return this.#rb.maybePrepareRebalanceOrCompleteJoin(group, `static member ${instanceId} changes the selected protocol`)
    }
    if (group.is('CompletingRebalance')) {
      // the leader may already be assigning to the old member id: rebalance so the new id gets an assignment
      return this.#rb.prepareRebalance(group, `static member ${instanceId} rejoined during CompletingRebalance`)
    }
    this.#rb.maybeCompleteJoinPhase(group)
  }

  sync (p: SyncGroupParams): Promise<SyncGroupResult> {
    if (p.groupId === '') return Promise.resolve(syncError(CoordErrors.INVALID_GROUP_ID))
    const group = this.#o.groups.get(p.groupId)
    if (group === undefined || group.is('Empty')) return Promise.resolve(syncError(CoordErrors.UNKNOWN_MEMBER_ID))
    if (group.is('Dead')) return Promise.resolve(syncError(CoordErrors.COORDINATOR_NOT_AVAILABLE))
    const error = validateMember(group, p.memberId, p.groupInstanceId)
    if (error !== CoordErrors.NONE) return Promise.resolve(syncError(error))
    if (p.generationId !== group.generationId) return Promise.resolve(syncError(CoordErrors.ILLEGAL_GENERATION))
    const inconsistent = (given: string | null | undefined, actual: string | null): boolean =>
      given != null && actual !== null && given !== actual
    if (inconsistent(p.protocolType, group.protocolType) || inconsistent(p.protocolName, group.protocolName)) {
      return Promise.resolve(syncError(CoordErrors.INCONSISTENT_GROUP_PROTOCOL))
    }
    if (group.is('PreparingRebalance')) return Promise.resolve(syncError(CoordErrors.REBALANCE_IN_PROGRESS))
    const member = group.member(p.memberId)!
    if (group.is('Stable')) {
      this.#rb.removePendingSync(group, p.memberId)
      this.#rb.rescheduleHeartbeat(group, member)
      return Promise.resolve({ errorCode: CoordErrors.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment })
    }
    // CompletingRebalance: park until the leader's assignment arrives
    return new Promise<SyncGroupResult>(resolve => {
      member.completeSync(syncError(CoordErrors.REBALANCE_IN_PROGRESS))
      member.awaitingSync = resolve
      this.#rb.removePendingSync(group, p.memberId)
      if (group.isLeader(p.memberId)) {
        const assignments = new Map<string, Buffer>()
        for (const a of p.assignments) assignments.set(a.memberId, a.assignment)
        const missing = [...group.members.keys()].filter(id => !assignments.has(id))
        if (missing.length > 0) this.#log.warn({ groupId: group.groupId, missing }, 'leader left members without an assignment')
        this.#log.info({ groupId: group.groupId, generationId: group.generationId }, 'assignment received from the leader')
        this.#rb.setAndPropagateAssignment(group, assignments)
        group.transitionTo('Stable', this.#o.scheduler.now())
      }
    })
  }

  heartbeat (p: HeartbeatParams): number {
    if (p.groupId === '') return CoordErrors.INVALID_GROUP_ID
    const group = this.#o.groups.get(p.groupId)
    if (group === undefined) return CoordErrors.UNKNOWN_MEMBER_ID
    if (group.is('Dead')) return CoordErrors.COORDINATOR_NOT_AVAILABLE
    const error = validateMember(group, p.memberId, p.groupInstanceId)
    if (error !== CoordErrors.NONE) return error
    if (p.generationId !== group.generationId) return CoordErrors.ILLEGAL_GENERATION
    const member = group.member(p.memberId)!
    switch (group.state) {
      case 'PreparingRebalance':
        this.#rb.rescheduleHeartbeat(group, member)
        return CoordErrors.REBALANCE_IN_PROGRESS
      case 'CompletingRebalance':
      case 'Stable':
        this.#rb.rescheduleHeartbeat(group, member)
        return CoordErrors.NONE
      default:
        return CoordErrors.UNKNOWN_MEMBER_ID
    }
  }

  leave (groupId: string, members: LeaveMember[]): LeaveGroupResult {
    if (groupId === '') return { errorCode: CoordErrors.INVALID_GROUP_ID, members: [] }
    const group = this.#o.groups.get(groupId)
    if (group === undefined) return { errorCode: CoordErrors.UNKNOWN_MEMBER_ID, members: [] }
    if (group.is('Dead')) return { errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE, members: [] }
    const results: LeaveGroupResult['members'] = []
    let left = 0
    for (const m of members) {
      const res = (errorCode: number): void => { results.push({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode }) }
      if (m.memberId === '') {
        // administrative removal by group instance id
        const id = m.groupInstanceId === null ? undefined : group.staticMemberId(m.groupInstanceId)
        if (id === undefined) { res(CoordErrors.UNKNOWN_MEMBER_ID); continue }
        this.#rb.dropMember(group, group.member(id)!)
      } else if (group.isPendingMember(m.memberId)) {
        group.removePending(m.memberId)
      } else {
        const error = validateMember(group, m.memberId, m.groupInstanceId)
        if (error !== CoordErrors.NONE) { res(error); continue }
        this.#rb.dropMember(group, group.member(m.memberId)!)
      }
      this.#log.info({ groupId, memberId: m.memberId, instanceId: m.groupInstanceId, reason: m.reason ?? null }, 'member left the group')
      left++
      res(CoordErrors.NONE)
    }
    if (left > 0) {
      if (group.is('Stable') || group.is('CompletingRebalance')) this.#rb.maybePrepareRebalanceOrCompleteJoin(group, 'members left')
      else if (group.is('PreparingRebalance')) this.#rb.maybeCompleteJoinPhase(group)
    }
    return { errorCode: CoordErrors.NONE, members: results }
  }
}
