// Version-independent request/result shapes of the group coordinator. Network handlers map Kafka request and
// response objects onto these; see group-coordinator.ts for the semantics.

/** pino-compatible logger (only what the coordinator uses). */
export interface CoordLogger {
  info (obj: unknown, msg?: string): void
  warn (obj: unknown, msg?: string): void
  error (obj: unknown, msg?: string): void
  debug (obj: unknown, msg?: string): void
  child (bindings: Record<string, unknown>): CoordLogger
}

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead'

export interface GroupProtocol {
  name: string
  metadata: Buffer
}

export interface JoinGroupParams {
  groupId: string
  /** '' for a member joining for the first time. */
  memberId: string
  groupInstanceId: string | null
  protocolType: string
  /** In the member's order of preference. */
  protocols: GroupProtocol[]
  sessionTimeoutMs: number
  /** JoinGroup v0 has none: pass -1 (or leave out) and the session timeout is used. */
  rebalanceTimeoutMs?: number
  clientId: string
  clientHost: string
  /** JoinGroup v4+ (KIP-394): a new dynamic member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean
  /** JoinGroup v9+ (KIP-814): a static leader rejoining a Stable group gets the members and skipAssignment=true. */
  supportsSkipAssignment?: boolean
  reason?: string | null
}

export interface JoinGroupMember {
  memberId: string
  groupInstanceId: string | null
  metadata: Buffer
}

export interface JoinGroupResult {
  errorCode: number
  generationId: number
  protocolType: string | null
  protocolName: string | null
  leader: string
  skipAssignment: boolean
  memberId: string
  /** All members with their metadata for the chosen protocol for the leader; empty for followers. */
  members: JoinGroupMember[]
}

export interface SyncGroupParams {
  groupId: string
  generationId: number
  memberId: string
  groupInstanceId: string | null
  /** SyncGroup v5+: checked against the group's when not null. */
  protocolType?: string | null
  protocolName?: string | null
  /** Only the leader's are used. */
  assignments: Array<{ memberId: string, assignment: Buffer }>
}

export interface SyncGroupResult {
  errorCode: number
  protocolType: string | null
  protocolName: string | null
  assignment: Buffer
}

export interface HeartbeatParams {
  groupId: string
  generationId: number
  memberId: string
  groupInstanceId: string | null
}

export interface LeaveMember {
  memberId: string
  groupInstanceId: string | null
  reason?: string | null
}

export interface LeaveGroupResult {
  errorCode: number
  members: Array<{ memberId: string, groupInstanceId: string | null, errorCode: number }>
}

export interface DescribedMember {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  metadata: Buffer
  assignment: Buffer
}

export interface DescribedGroup {
  groupId: string
  errorCode: number
  groupState: GroupStateName
  protocolType: string
  /** The chosen protocol while Stable, else ''. */
  protocolData: string
  members: DescribedMember[]
}

export interface ListedGroup {
  groupId: string
  protocolType: string
  groupState: GroupStateName
}

export interface OffsetCommitEntry {
  topic: string
  partition: number
  offset: bigint
  /** -1 when unknown (OffsetCommit < v6). */
  leaderEpoch: number
  metadata: string | null
}

export interface OffsetCommitParams {
  groupId: string
  /** -1 with an empty member id: a "simple" commit (allowed while the group is Empty or unknown). */
  generationId: number
  memberId: string
  groupInstanceId: string | null
  offsets: OffsetCommitEntry[]
}

export interface OffsetCommitResult {
  topic: string
  partition: number
  errorCode: number
}

export interface TopicPartition {
  topic: string
  partition: number
}

export interface FetchedOffset {
  topic: string
  partition: number
  /** -1n when nothing is committed. */
  offset: bigint
  leaderEpoch: number
  metadata: string
  errorCode: number
}

export interface OffsetFetchResult {
  errorCode: number
  offsets: FetchedOffset[]
}

export interface DeleteGroupResult {
  groupId: string
  errorCode: number
}
