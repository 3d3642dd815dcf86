// Group-side requests of a KafkaConsumer that the library's Consumer does not offer in the needed form: an
// OffsetCommit that fails (instead of rejoining and retrying) when the group has moved to another generation, and
// the resolution of a subscription to the topics that exist now.
import type { Admin, Consumer } from '@platformatic/kafka'
import { CommitFailedError, KafkaClientError, protocolErrorCodes, toConnectError } from './errors.ts'
import { getApi } from './consumer-fetcher.ts'
import type { TopicPartition } from './types.ts'

/** OffsetCommit errors meaning the group moved on without this member's generation. */
const REBALANCE_CODES = new Set([22, 25, 27])
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state'])

export interface CommitMember {
  groupId: string
  /** -1 (with memberId '') for a consumer that reads by assignment. */
  generation: number
  memberId: string
  groupInstanceId: string | null
}

/**
 * Commits offsets at the group coordinator with the member's generation. The library's own commit rejoins the
 * group and retries when the generation is stale, which would commit offsets of partitions this member may have
 * lost; here that is a CommitFailedError, as in Kafka's Java consumer.
 */
export async function commitOffsets (client: Consumer, member: CommitMember, offsets: Iterable<readonly [TopicPartition, number]>): Promise<void> {
  const topics = new Map<string, Array<{ partitionIndex: number, committedOffset: bigint, committedLeaderEpoch: number, committedMetadata: null }>>()
  for (const [tp, offset] of offsets) {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new KafkaClientError(`Invalid offset ${offset} for ${tp.topic}-${tp.partition}`)
    let list = topics.get(tp.topic)
    if (list === undefined) topics.set(tp.topic, list = [])
    list.push({ partitionIndex: tp.partition, committedOffset: BigInt(offset), committedLeaderEpoch: -1, committedMetadata: null })
  }
  if (topics.size === 0) return
  const body = [...topics].map(([name, partitions]) => ({ name, partitions }))
  try {
    const coordinator = await client.findGroupCoordinator()
    const metadata = client.currentMetadata ?? await client.metadata({ topics: [] })
    const broker = metadata.brokers.get(coordinator)
    if (broker === undefined) throw new KafkaClientError(`Group coordinator ${coordinator} is not in the cluster metadata`)
    const connection = await client.connections.get(broker)
    const api = await getApi(client, 'OffsetCommit')
    await new Promise<void>((resolve, reject) => {
      api(connection, member.groupId, member.generation, member.memberId, member.groupInstanceId, body, (err: Error | null) => err ? reject(err) : resolve())
    })
  } catch (err) {
    if (protocolErrorCodes(err).some(c => REBALANCE_CODES.has(c))) {
      throw new CommitFailedError('Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member', { cause: err })
    }
    throw toConnectError(err, `Failed to commit offsets of group ${member.groupId}`)
  }
}

/**
 * The existing topics a subscription covers, sorted: for a pattern, every non-internal topic it matches (the
 * admin client lists them); for a list, those whose metadata the broker gives (auto-creating them if allowed).
 */
export async function resolveSubscription (client: Consumer, admin: () => Admin, subscription: { topics: readonly string[] } | { pattern: RegExp }, autocreateTopics: boolean): Promise<string[]> {
  if ('pattern' in subscription) {
    const all = await admin().listTopics()
    return all.filter(t => !INTERNAL_TOPICS.has(t) && subscription.pattern.test(t)).sort()
  }
  const found = await Promise.all([...new Set(subscription.topics)].map(async t => {
    try {
      // No retries: an unknown topic is an answer here, and the next refresh asks again.
      await client.metadata({ topics: [t], autocreateTopics, retries: 0 })
      return t
    } catch (err) {
      if (/Unknown topic/.test((err as Error).message)) return null
      throw err
    }
  }))
  return found.filter((t): t is string => t !== null).sort()
}
