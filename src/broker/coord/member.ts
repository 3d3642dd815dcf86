// One member of a classic group: its identity, timeouts, supported protocols (opaque metadata), assignment, and the
// pending JoinGroup/SyncGroup answers it is waiting for.
import type { CancelTimer } from './clock.ts'
import type { GroupProtocol, JoinGroupResult, SyncGroupResult } from './types.ts'

export type JoinCallback = (result: JoinGroupResult) => void
export type SyncCallback = (result: SyncGroupResult) => void

const EMPTY = Buffer.alloc(0)

export interface MemberInit {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  protocolType: string
  protocols: GroupProtocol[]
  assignment?: Buffer
}

export class Member {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly clientId: string
  readonly clientHost: string
  readonly protocolType: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  protocols: GroupProtocol[]
  assignment: Buffer
  /** Joined in the current rebalance and never got a JoinGroup answer yet (subject to the new-member timeout). */
  isNew = false
  awaitingJoin: JoinCallback | null = null
  awaitingSync: SyncCallback | null = null
  /** The session (heartbeat) expiry timer. */
  cancelHeartbeat: CancelTimer | null = null

  constructor (init: MemberInit) {
    this.memberId = init.memberId
    this.groupInstanceId = init.groupInstanceId
    this.clientId = init.clientId
    this.clientHost = init.clientHost
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs
    this.sessionTimeoutMs = init.sessionTimeoutMs
    this.protocolType = init.protocolType
    this.protocols = init.protocols
    this.assignment = init.assignment ?? EMPTY
  }

  get isAwaitingJoin (): boolean {
    return this.awaitingJoin !== null
  }

  get isAwaitingSync (): boolean {
    return this.awaitingSync !== null
  }

  /** Whether an expired session timer may be ignored: members parked in a join or sync barrier count as alive. */
  hasSatisfiedHeartbeat (): boolean {
    if (this.isNew) return false
    return this.isAwaitingJoin || this.isAwaitingSync
  }

  /** Same protocols, in the same order, with byte-identical metadata. */
  matches (protocols: GroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false
    return protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata))
  }

  /** The member's first preference among the candidates. */
  vote (candidates: Set<string>): string {
    const choice = this.protocols.find(p => candidates.has(p.name))
    if (choice === undefined) throw new Error(`member ${this.memberId} supports none of the candidate protocols`)
    return choice.name
  }

  metadataFor (protocolName: string | null): Buffer {
    return this.protocols.find(p => p.name === protocolName)?.metadata ?? EMPTY
  }

  cancelSessionTimer (): void {
    this.cancelHeartbeat?.()
    this.cancelHeartbeat = null
  }

  completeJoin (result: JoinGroupResult): boolean {
    const cb = this.awaitingJoin
    if (cb === null) return false
    this.awaitingJoin = null
    cb(result)
    return true
  }

  completeSync (result: SyncGroupResult): boolean {
    const cb = this.awaitingSync
    if (cb === null) return false
    this.awaitingSync = null
    cb(result)
    return true
  }
}
