// ListOffsets v1-8. Timestamps: -2 earliest (log start offset), -1 latest (high watermark, or the last stable
// offset under read_committed, v2+), -3 the record with the largest timestamp (v7+), -4 the local log start (v8+;
// the log start here); a timestamp >= 0 gives the first offset whose timestamp is at or after it, else -1/-1.
import type { ListOffsetsRequest, ListOffsetsResponse } from '../protocol/types/list-offsets.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

type PartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number]

const EARLIEST = -2n
const LATEST = -1n
const MAX_TIMESTAMP = -3n
const EARLIEST_LOCAL = -4n

export async function handleListOffsets (ctx: BrokerContext, req: ListOffsetsRequest): Promise<ListOffsetsResponse> {
  const committed = req.isolationLevel === 1
  const topics = await Promise.all(req.topics.map(async topic => ({
    name: topic.name,
    partitions: await Promise.all(topic.partitions.map(async (p): Promise<PartitionResponse> => {
      const base = { partitionIndex: p.partitionIndex, oldStyleOffsets: [], leaderEpoch: 0 }
      const log = ctx.logs.partition(topic.name, p.partitionIndex)
      if (log === undefined) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, timestamp: -1n, offset: -1n, leaderEpoch: -1 }
      if (log.errorCode !== 0) return { ...base, errorCode: log.errorCode, timestamp: -1n, offset: -1n }
      let found: { offset: number, timestamp: number }
      if (p.timestamp === EARLIEST || p.timestamp === EARLIEST_LOCAL) found = { offset: log.logStartOffset, timestamp: -1 }
      else if (p.timestamp === LATEST) found = { offset: committed ? log.lastStableOffset : log.highWatermark, timestamp: -1 }
      else if (p.timestamp === MAX_TIMESTAMP) found = await log.maxTimestampOffset()
      else if (p.timestamp < 0n) return { ...base, errorCode: ErrorCodes.INVALID_REQUEST.code, timestamp: -1n, offset: -1n }
      else found = await log.offsetForTimestamp(Number(p.timestamp))
      return { ...base, errorCode: 0, timestamp: BigInt(found.timestamp), offset: BigInt(found.offset) }
    }))
  })))
  return { throttleTimeMs: 0, topics }
}
