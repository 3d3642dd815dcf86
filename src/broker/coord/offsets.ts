// OffsetCommit validation against the group (after Kafka's ClassicGroup.validateOffsetCommit) and the record/result
// shapes of committed offsets.
import type { ClassicGroup } from './classic-group.ts'
import { validateMember } from './membership.ts'
import { CoordErrors } from './errors.ts'
import type { FetchedOffset, OffsetCommitParams } from './types.ts'
import type { StoredOffset } from './offset-store.ts'
import type { OffsetRecord } from './coord-store.ts'

/** 0 when the commit may proceed, else the error every partition gets. */
export function validateOffsetCommit (group: ClassicGroup, p: OffsetCommitParams): number {
  if (group.is('Dead')) return CoordErrors.COORDINATOR_NOT_AVAILABLE
  // generation -1 from the admin client or a consumer using assign(): fine while nobody uses the group
  if (p.generationId < 0 && group.is('Empty')) return CoordErrors.NONE
  if (p.generationId >= 0 || p.memberId !== '' || p.groupInstanceId !== null) {
    const error = validateMember(group, p.memberId, p.groupInstanceId)
    if (error !== CoordErrors.NONE) return error
    if (p.generationId !== group.generationId) return CoordErrors.ILLEGAL_GENERATION
  } else if (!group.is('Empty')) {
    return CoordErrors.UNKNOWN_MEMBER_ID
  }
  // the member got its JoinGroup answer but the group has no assignment yet
  if (group.is('CompletingRebalance')) return CoordErrors.REBALANCE_IN_PROGRESS
  return CoordErrors.NONE
}

export function toFetched (o: StoredOffset): FetchedOffset {
  return { topic: o.topic, partition: o.partition, offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: CoordErrors.NONE }
}

export function noOffset (topic: string, partition: number): FetchedOffset {
  return { topic, partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: CoordErrors.NONE }
}

export function offsetRecord (groupId: string, o: StoredOffset): OffsetRecord {
  return {
    type: 'offset',
    groupId,
    topic: o.topic,
    partition: o.partition,
    offset: o.offset.toString(),
    leaderEpoch: o.leaderEpoch,
    metadata: o.metadata,
    commitTimestamp: o.commitTimestamp
  }
}
