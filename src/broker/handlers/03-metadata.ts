// Metadata v0-12. One broker (this node) leads every partition; replicas = isr = [node]. Topic list semantics:
// v0 empty = all topics; v1+ null = all, empty = none; v10+ topics may be named by id. Auto-creation: on v0-3
// always (kafka-python's v1 lookups rely on it), on v4+ only when allow_auto_topic_creation is set, and only when
// the broker enables it. New topics are returned at once with leader = self (Kafka first answers
// LEADER_NOT_AVAILABLE; clients accept either).
import type { MetadataRequest, MetadataResponse, MetadataResponseTopic } from '../protocol/types/metadata.ts'
import type { RequestHeader } from '../protocol/headers.ts'
import type { BrokerContext } from '../context.ts'
import type { TopicInfo } from '../log/log-manager.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'
import { ZERO_UUID } from './common.ts'

const NO_OPERATIONS = -2147483648

function describeTopic (ctx: BrokerContext, topic: TopicInfo): MetadataResponseTopic {
  const node = [ctx.nodeId]
  const partitions = []
  for (let p = 0; p < topic.partitions; p++) {
    const error = ctx.logs.partition(topic.name, p)?.errorCode ?? 0
    partitions.push({ errorCode: error, partitionIndex: p, leaderId: ctx.nodeId, leaderEpoch: 0, replicaNodes: node, isrNodes: node, offlineReplicas: error === 0 ? [] : node })
  }
  return { errorCode: 0, name: topic.name, topicId: topic.id, isInternal: false, partitions, topicAuthorizedOperations: NO_OPERATIONS }
}

function unknownTopic (name: string | null, topicId: string, errorCode: number): MetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: NO_OPERATIONS }
}

export async function handleMetadata (ctx: BrokerContext, req: MetadataRequest, header: RequestHeader): Promise<MetadataResponse> {
  const all = req.topics === null || (header.apiVersion === 0 && req.topics.length === 0)
  const autoCreate = ctx.autoCreateTopics && (header.apiVersion < 4 || req.allowAutoTopicCreation)
  const topics: MetadataResponseTopic[] = []
  if (all) {
    for (const topic of ctx.logs.topics()) topics.push(describeTopic(ctx, topic))
  } else {
    for (const wanted of req.topics ?? []) {
      if (wanted.name === null || wanted.name === '') {
        const byId = wanted.topicId === ZERO_UUID ? undefined : ctx.logs.topicById(wanted.topicId)
        topics.push(byId === undefined ? unknownTopic(null, wanted.topicId, ErrorCodes.UNKNOWN_TOPIC_ID.code) : describeTopic(ctx, byId))
        continue
      }
      let topic = ctx.logs.topic(wanted.name)
      if (topic === undefined && autoCreate) {
        const created = await ctx.logs.createTopic(wanted.name, { numPartitions: -1, configs: {} })
        if (created.errorCode !== 0 && created.errorCode !== ErrorCodes.TOPIC_ALREADY_EXISTS.code) {
          topics.push(unknownTopic(wanted.name, ZERO_UUID, created.errorCode))
          continue
        }
        topic = ctx.logs.topic(wanted.name)
      }
      topics.push(topic === undefined ? unknownTopic(wanted.name, ZERO_UUID, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code) : describeTopic(ctx, topic))
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId: ctx.nodeId, host: ctx.advertised.host, port: ctx.advertised.port, rack: null }],
    clusterId: ctx.clusterId,
    controllerId: ctx.nodeId,
    topics,
    clusterAuthorizedOperations: NO_OPERATIONS
  }
}
