// DeleteTopics v1-6: by name, or (v6) by name or id. Deleting a topic removes its data and the committed offsets
// of every group for it.
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/types/delete-topics.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'
import { ZERO_UUID } from './common.ts'

export async function handleDeleteTopics (ctx: BrokerContext, req: DeleteTopicsRequest): Promise<DeleteTopicsResponse> {
  const wanted = req.topics.length > 0 ? req.topics : req.topicNames.map(name => ({ name, topicId: ZERO_UUID }))
  const responses = []
  for (const w of wanted) {
    const topic = w.name !== null && w.name !== '' ? ctx.logs.topic(w.name) : ctx.logs.topicById(w.topicId)
    if (topic === undefined) {
      const byId = w.name === null || w.name === ''
      responses.push({ name: w.name, topicId: w.topicId, errorCode: byId ? ErrorCodes.UNKNOWN_TOPIC_ID.code : ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: null })
      continue
    }
    const errorCode = await ctx.logs.deleteTopic(topic.name)
    if (errorCode === 0) await ctx.groups.deleteTopicOffsets(topic.name)
    responses.push({ name: topic.name, topicId: topic.id, errorCode, errorMessage: null })
  }
  return { throttleTimeMs: 0, responses }
}
