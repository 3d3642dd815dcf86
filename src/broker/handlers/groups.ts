// Group membership handlers — JoinGroup v0-9 (11), Heartbeat v0-4 (12), LeaveGroup v0-5 (13), SyncGroup v0-5
// (14), DescribeGroups v0-5 (15), ListGroups v0-4 (16), DeleteGroups v0-2 (42) — mapping wire objects onto the
// protocol-agnostic coordinator in coord/ (consumers use type "consumer", Connect workers "connect").
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/types/join-group.ts'
import type { SyncGroupRequest, SyncGroupResponse } from '../protocol/types/sync-group.ts'
import type { HeartbeatRequest, HeartbeatResponse } from '../protocol/types/heartbeat.ts'
import type { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/types/leave-group.ts'
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/types/describe-groups.ts'
import type { ListGroupsRequest, ListGroupsResponse } from '../protocol/types/list-groups.ts'
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/types/delete-groups.ts'
import type { RequestHeader } from '../protocol/headers.ts'
import type { Connection } from '../connection.ts'
import type { BrokerContext } from '../context.ts'

export async function handleJoinGroup (ctx: BrokerContext, req: JoinGroupRequest, header: RequestHeader, conn: Connection): Promise<JoinGroupResponse> {
  const result = await ctx.groups.join({
    groupId: req.groupId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    protocolType: req.protocolType,
    protocols: req.protocols,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: header.apiVersion === 0 ? -1 : req.rebalanceTimeoutMs,
    clientId: header.clientId ?? '',
    clientHost: `/${conn.remote.replace(/:\d+$/, '')}`,
    requireKnownMemberId: header.apiVersion >= 4,
    supportsSkipAssignment: header.apiVersion >= 9,
    reason: req.reason ?? undefined
  })
  return { throttleTimeMs: 0, ...result, protocolName: header.apiVersion < 7 ? result.protocolName ?? '' : result.protocolName }
}

export async function handleSyncGroup (ctx: BrokerContext, req: SyncGroupRequest): Promise<SyncGroupResponse> {
  const result = await ctx.groups.sync({
    groupId: req.groupId,
    generationId: req.generationId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    protocolType: req.protocolType ?? undefined,
    protocolName: req.protocolName ?? undefined,
    assignments: req.assignments
  })
  return { throttleTimeMs: 0, ...result }
}

export function handleHeartbeat (ctx: BrokerContext, req: HeartbeatRequest): HeartbeatResponse {
  return { throttleTimeMs: 0, errorCode: ctx.groups.heartbeat(req).errorCode }
}

export function handleLeaveGroup (ctx: BrokerContext, req: LeaveGroupRequest, header: RequestHeader): LeaveGroupResponse {
  const members = header.apiVersion < 3
    ? [{ memberId: req.memberId, groupInstanceId: null }]
    : req.members.map(m => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason: m.reason ?? undefined }))
  const result = ctx.groups.leave(req.groupId, members)
  // v0-2 name one member: its own error is the response's error.
  const errorCode = header.apiVersion < 3 && result.errorCode === 0 ? result.members[0]?.errorCode ?? 0 : result.errorCode
  return { throttleTimeMs: 0, errorCode, members: result.members }
}

export function handleDescribeGroups (ctx: BrokerContext, req: DescribeGroupsRequest): DescribeGroupsResponse {
  const groups = ctx.groups.describe(req.groups).map(g => ({
    errorCode: g.errorCode,
    groupId: g.groupId,
    groupState: g.groupState,
    protocolType: g.protocolType,
    protocolData: g.protocolData,
    members: g.members.map(m => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost, memberMetadata: m.metadata, memberAssignment: m.assignment })),
    authorizedOperations: -2147483648
  }))
  return { throttleTimeMs: 0, groups }
}

export function handleListGroups (ctx: BrokerContext, req: ListGroupsRequest): ListGroupsResponse {
  const groups = ctx.groups.list(req.statesFilter.length > 0 ? req.statesFilter : null)
  return { throttleTimeMs: 0, errorCode: 0, groups: groups.map(g => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.groupState, groupType: 'classic' })) }
}

export async function handleDeleteGroups (ctx: BrokerContext, req: DeleteGroupsRequest): Promise<DeleteGroupsResponse> {
  return { throttleTimeMs: 0, results: await ctx.groups.deleteGroups(req.groupsNames) }
}
