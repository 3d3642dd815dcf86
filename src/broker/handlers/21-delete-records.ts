// DeleteRecords v0-2: moves each partition's log start offset (at most to the high watermark; -1 means the high
// watermark) and answers the new low watermark.
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../protocol/types/delete-records.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'
import { toOffset } from './common.ts'

export async function handleDeleteRecords (ctx: BrokerContext, req: DeleteRecordsRequest): Promise<DeleteRecordsResponse> {
  const topics = await Promise.all(req.topics.map(async topic => ({
    name: topic.name,
    partitions: await Promise.all(topic.partitions.map(async p => {
      const log = ctx.logs.partition(topic.name, p.partitionIndex)
      if (log === undefined) return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code }
      const offset = p.offset === -1n ? log.highWatermark : toOffset(p.offset)
      const result = await log.deleteRecordsBefore(offset)
      return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(result.lowWatermark), errorCode: result.errorCode }
    }))
  })))
  return { throttleTimeMs: 0, topics }
}
