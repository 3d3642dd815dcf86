// The state of one classic group: members, static-member map, pending (MEMBER_ID_REQUIRED) members, protocol votes,
// generation and the state machine. Pure bookkeeping; the rebalance rules that drive it live in rebalancer.ts.
import type { CancelTimer } from './clock.ts'
import type { GroupProtocol, GroupStateName, JoinGroupMember } from './types.ts'
import { Member } from './member.ts'
import type { JoinCallback } from './member.ts'

const validPrevious: Record<GroupStateName, GroupStateName[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead']
}

export class ClassicGroup {
  readonly groupId: string
  state: GroupStateName = 'Empty'
  previousState: GroupStateName | null = null
  generationId = 0
  /** null for a "simple" group that only holds committed offsets. */
  protocolType: string | null = null
  protocolName: string | null = null
  leaderId: string | null = null
  /** Members added during an initial (delayed) rebalance, so the delay may be extended. */
  newMemberAdded = false
  readonly members = new Map<string, Member>()
  /** group.instance.id -> member id */
  readonly staticMembers = new Map<string, string>()
  /** Member ids handed out with MEMBER_ID_REQUIRED, with their expiry timers. */
  readonly pendingJoinMembers = new Map<string, CancelTimer>()
  /** Members that got their JoinGroup answer but have not sent SyncGroup yet. */
  readonly pendingSyncMembers = new Set<string>()
  cancelJoinTimer: CancelTimer | null = null
  cancelSyncTimer: CancelTimer | null = null
  /** Time of the last state change. */
  stateTimestamp: number
  readonly #protocolCounts = new Map<string, number>()

  constructor (groupId: string, now: number) {
    this.groupId = groupId
    this.stateTimestamp = now
  }

  is (state: GroupStateName): boolean {
    return this.state === state
  }

  transitionTo (state: GroupStateName, now: number): void {
    if (!validPrevious[state].includes(this.state)) {
      throw new Error(`group ${this.groupId}: invalid transition ${this.state} -> ${state}`)
    }
    this.previousState = this.state
    this.state = state
    this.stateTimestamp = now
  }

  canRebalance (): boolean {
    return validPrevious.PreparingRebalance.includes(this.state)
  }

  member (memberId: string): Member | undefined {
    return this.members.get(memberId)
  }

  isLeader (memberId: string): boolean {
    return this.leaderId === memberId
  }

  staticMemberId (groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId)
  }

  isPendingMember (memberId: string): boolean {
    return this.pendingJoinMembers.has(memberId)
  }

  add (member: Member, onJoin: JoinCallback | null): void {
    if (member.groupInstanceId !== null) {
      if (this.staticMembers.has(member.groupInstanceId)) throw new Error(`static member ${member.groupInstanceId} already in group ${this.groupId}`)
      this.staticMembers.set(member.groupInstanceId, member.memberId)
    }
    if (this.members.size === 0) this.protocolType = member.protocolType
    if (this.leaderId === null) this.leaderId = member.memberId
    this.members.set(member.memberId, member)
    this.#count(member.protocols, 1)
    member.awaitingJoin = onJoin
    this.removePending(member.memberId)
  }

  /** Removes a member or pending member; a removed leader is replaced by the first remaining member. */
  remove (memberId: string): Member | undefined {
    const member = this.members.get(memberId)
    if (member !== undefined) {
      this.members.delete(memberId)
      this.#count(member.protocols, -1)
      member.cancelSessionTimer()
      if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
        this.staticMembers.delete(member.groupInstanceId)
      }
    }
    if (this.isLeader(memberId)) {
      const next = this.members.keys().next()
      this.leaderId = next.done === true ? null : next.value
    }
    this.removePending(memberId)
    this.pendingSyncMembers.delete(memberId)
    return member
  }

  addPending (memberId: string, cancel: CancelTimer): void {
    this.pendingJoinMembers.set(memberId, cancel)
  }

  removePending (memberId: string): boolean {
    const cancel = this.pendingJoinMembers.get(memberId)
    if (cancel === undefined) return false
    cancel()
    this.pendingJoinMembers.delete(memberId)
    return true
  }

  updateMember (member: Member, protocols: GroupProtocol[], rebalanceTimeoutMs: number, sessionTimeoutMs: number, onJoin: JoinCallback | null): void {
    this.#count(member.protocols, -1)
    member.protocols = protocols
    this.#count(protocols, 1)
    member.rebalanceTimeoutMs = rebalanceTimeoutMs
    member.sessionTimeoutMs = sessionTimeoutMs
    member.awaitingJoin = onJoin
  }

  /** Gives a static member a new member id, keeping everything else; returns the replacement member. */
  replaceStaticMember (groupInstanceId: string, oldMemberId: string, newMemberId: string): { oldMember: Member, newMember: Member } {
    const oldMember = this.members.get(oldMemberId)
    if (oldMember === undefined) throw new Error(`cannot replace unknown member ${oldMemberId}`)
    this.members.delete(oldMemberId)
    oldMember.cancelSessionTimer()
    const newMember = new Member({
      memberId: newMemberId,
      groupInstanceId,
      clientId: oldMember.clientId,
      clientHost: oldMember.clientHost,
      rebalanceTimeoutMs: oldMember.rebalanceTimeoutMs,
      sessionTimeoutMs: oldMember.sessionTimeoutMs,
      protocolType: oldMember.protocolType,
      protocols: oldMember.protocols,
      assignment: oldMember.assignment
    })
    this.members.set(newMemberId, newMember)
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId
    this.staticMembers.set(groupInstanceId, newMemberId)
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId)
    return { oldMember, newMember }
  }

  /** Every member is parked in the join barrier and no MEMBER_ID_REQUIRED member is outstanding. */
  hasAllMembersJoined (): boolean {
    if (this.pendingJoinMembers.size > 0) return false
    for (const m of this.members.values()) if (!m.isAwaitingJoin) return false
    return true
  }

  notYetRejoinedMembers (): Member[] {
    return [...this.members.values()].filter(m => !m.isAwaitingJoin)
  }

  /** Keeps the leader if it rejoined, else picks the first member that did. False if nobody rejoined. */
  maybeElectNewJoinedLeader (): boolean {
    if (this.leaderId === null) return false
    const leader = this.members.get(this.leaderId)
    if (leader?.isAwaitingJoin === true) return true
    for (const m of this.members.values()) {
      if (m.isAwaitingJoin) {
        this.leaderId = m.memberId
        return true
      }
    }
    return false
  }

  /** The largest rebalance timeout among members (the join barrier's deadline). */
  rebalanceTimeoutMs (): number {
    let max = 0
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs)
    return max
  }

  /** Can a member with this type and these protocols join? (Any non-empty type/protocols while Empty.) */
  supportsProtocols (protocolType: string, protocolNames: string[]): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocolNames.length > 0
    if (this.protocolType !== protocolType) return false
    return protocolNames.some(name => this.#protocolCounts.get(name) === this.members.size)
  }

  /** Protocols every member supports; each member votes for its first preference among them; most votes wins. */
  selectProtocol (): string {
    if (this.members.size === 0) throw new Error(`cannot select a protocol for empty group ${this.groupId}`)
    const candidates = new Set<string>()
    for (const [name, count] of this.#protocolCounts) if (count === this.members.size) candidates.add(name)
    const votes = new Map<string, number>()
    for (const m of this.members.values()) {
      const choice = m.vote(candidates)
      votes.set(choice, (votes.get(choice) ?? 0) + 1)
    }
    let best = ''
    let bestVotes = -1
    // ties go to the protocol voted for first (Map keeps insertion order)
    for (const [name, count] of votes) {
      if (count > bestVotes) {
        best = name
        bestVotes = count
      }
    }
    return best
  }

  /** Next generation: CompletingRebalance with the voted protocol, or Empty when no members are left. */
  initNextGeneration (now: number): void {
    this.generationId++
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol()
      this.transitionTo('CompletingRebalance', now)
    } else {
      this.protocolName = null
      this.transitionTo('Empty', now)
    }
    this.pendingSyncMembers.clear()
  }

  /** Members as the leader's JoinGroup answer lists them. */
  joinMembers (): JoinGroupMember[] {
    return [...this.members.values()].map(m => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(this.protocolName)
    }))
  }

  #count (protocols: GroupProtocol[], delta: number): void {
    for (const p of protocols) {
      const n = (this.#protocolCounts.get(p.name) ?? 0) + delta
      if (n === 0) this.#protocolCounts.delete(p.name)
      else this.#protocolCounts.set(p.name, n)
    }
  }
}
