// CreateTopics v2-7. -1 partitions or replication factor means the broker default (v4+); a replication factor
// above 1 or manual replica assignments for other brokers fail; validate_only checks without creating. v5+
// returns the partition count, replication factor and the topic's configs; v7 the topic id.
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/types/create-topics.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'
import { ZERO_UUID } from './common.ts'

type TopicResult = CreateTopicsResponse['topics'][number]

export async function handleCreateTopics (ctx: BrokerContext, req: CreateTopicsRequest): Promise<CreateTopicsResponse> {
  const topics: TopicResult[] = []
  for (const t of req.topics) {
    const fail = (errorCode: number, errorMessage: string): void => {
      topics.push({ name: t.name, topicId: ZERO_UUID, errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: null })
    }
    if (t.replicationFactor > 1) { fail(ErrorCodes.INVALID_REPLICATION_FACTOR.code, `Replication factor ${t.replicationFactor} is larger than the number of brokers (1).`); continue }
    if (t.assignments.some(a => a.brokerIds.some(id => id !== ctx.nodeId))) { fail(ErrorCodes.INVALID_REPLICA_ASSIGNMENT.code, `Only broker ${ctx.nodeId} exists.`); continue }
    const numPartitions = t.assignments.length > 0 ? t.assignments.length : t.numPartitions
    const configs: Record<string, string> = {}
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value
    const created = await ctx.logs.createTopic(t.name, { numPartitions, configs, validateOnly: req.validateOnly })
    if (created.errorCode !== 0 || created.topic === undefined) { fail(created.errorCode, created.errorMessage ?? ''); continue }
    const described = ctx.logs.describeTopicConfigs(t.name) ?? []
    topics.push({
      name: t.name,
      topicId: req.validateOnly ? ZERO_UUID : created.topic.id,
      errorCode: 0,
      errorMessage: null,
      numPartitions: created.topic.partitions,
      replicationFactor: 1,
      configs: described.map(c => ({ name: c.name, value: c.sensitive ? null : c.value, readOnly: c.readOnly, configSource: c.source, isSensitive: c.sensitive }))
    })
  }
  return { throttleTimeMs: 0, topics }
}
