// OffsetCommit v2-8 (8) and OffsetFetch v1-8 (9) over the coordinator's committed offsets. OffsetFetch v8 takes a
// list of groups; earlier versions one group, where a null topic list (v2+) means every partition of the group.
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/types/offset-commit.ts'
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/types/offset-fetch.ts'
import type { RequestHeader } from '../protocol/headers.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

export async function handleOffsetCommit (ctx: BrokerContext, req: OffsetCommitRequest): Promise<OffsetCommitResponse> {
  const offsets = []
  const unknown = new Set<string>()
  for (const t of req.topics) {
    for (const p of t.partitions) {
      if (ctx.logs.partition(t.name, p.partitionIndex) === undefined) { unknown.add(`${t.name}:${p.partitionIndex}`); continue }
      offsets.push({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata })
    }
  }
  const results = await ctx.groups.commitOffsets({ groupId: req.groupId, generationId: req.generationIdOrMemberEpoch, memberId: req.memberId, groupInstanceId: req.groupInstanceId, offsets })
  const codes = new Map(results.map(r => [`${r.topic}:${r.partition}`, r.errorCode]))
  return {
    throttleTimeMs: 0,
    topics: req.topics.map(t => ({
      name: t.name,
      partitions: t.partitions.map(p => {
        const key = `${t.name}:${p.partitionIndex}`
        return { partitionIndex: p.partitionIndex, errorCode: unknown.has(key) ? ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code : codes.get(key) ?? 0 }
      })
    }))
  }
}

function fetchGroup (ctx: BrokerContext, groupId: string, topics: Array<{ name: string, partitionIndexes: number[] }> | null) {
  const wanted = topics === null ? null : topics.flatMap(t => t.partitionIndexes.map(partition => ({ topic: t.name, partition })))
  const result = ctx.groups.fetchOffsets(groupId, wanted)
  const byTopic = new Map<string, Array<{ partitionIndex: number, committedOffset: bigint, committedLeaderEpoch: number, metadata: string | null, errorCode: number }>>()
  for (const o of result.offsets) {
    let list = byTopic.get(o.topic)
    if (list === undefined) byTopic.set(o.topic, list = [])
    list.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: o.errorCode })
  }
  return { errorCode: result.errorCode, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) }
}

export function handleOffsetFetch (ctx: BrokerContext, req: OffsetFetchRequest, header: RequestHeader): OffsetFetchResponse {
  if (header.apiVersion >= 8) {
    return { throttleTimeMs: 0, groups: req.groups.map(g => ({ groupId: g.groupId, ...fetchGroup(ctx, g.groupId, g.topics) })) }
  }
  const one = fetchGroup(ctx, req.groupId, req.topics)
  return { throttleTimeMs: 0, topics: one.topics, errorCode: one.errorCode }
}
