// The admin client of the worker: cluster id, topic creation and description (partition count and configs, for
// the cleanup.policy=compact check of the internal topics), consumer group offsets (KIP-875 offsets endpoints of
// sink connectors) and group deletion. Offsets are numbers here, bigints only inside.
import { Admin } from '@platformatic/kafka'
import type { Logger } from 'pino'
import { toClientOptions, type ClientConfig } from './client-config.ts'
import { KafkaClientError, protocolErrorCodes, toConnectError } from './errors.ts'
import type { TopicPartition } from './types.ts'

export interface KafkaAdminOptions {
  logger?: Logger
}

export interface NewTopic {
  name: string
  /** -1 or undefined: the broker's `num.partitions`. */
  partitions?: number
  /** -1 or undefined: the broker's `default.replication.factor`. */
  replicationFactor?: number
  configs?: Readonly<Record<string, string>>
}

export interface CreateTopicsResult {
  created: string[]
  /** Topics that were there already (TOPIC_ALREADY_EXISTS is not an error). */
  existing: string[]
}

export interface TopicDescription {
  name: string
  partitions: number
  /** Every config of the topic (DescribeConfigs), defaults included. */
  configs: Record<string, string>
}

export interface GroupOffset {
  topic: string
  partition: number
  offset: number
}

const TOPIC_ALREADY_EXISTS = 36
const GROUP_ID_NOT_FOUND = 69
const UNKNOWN_TOPIC_OR_PARTITION = 3
const OFFSET_DELETE_API_KEY = 47
const TOPIC_RESOURCE = 2

export class KafkaAdmin {
  readonly #client: Admin
  readonly #logger: Logger | undefined
  #clusterId: string | null | undefined
  #offsetDeleteSupported: boolean | undefined
  readonly ignoredKeys: readonly string[]

  static async create (props: Readonly<Record<string, string>>, options: KafkaAdminOptions = {}): Promise<KafkaAdmin> {
    return new KafkaAdmin(toClientOptions(props, 'admin'), options)
  }

  constructor (config: ClientConfig, options: KafkaAdminOptions = {}) {
    this.#logger = options.logger
    this.ignoredKeys = config.ignored
    this.#client = new Admin({ ...config.base })
    if (config.ignored.length > 0) this.#logger?.debug({ clientId: config.base.clientId, ignored: config.ignored }, 'admin client ignores these keys')
  }

  /** The Kafka cluster id (Metadata v2+), null when the broker has none. */
  async clusterId (): Promise<string | null> {
    if (this.#clusterId !== undefined) return this.#clusterId
    try {
      const md = await this.#client.metadata({ topics: [], forceUpdate: true })
      this.#clusterId = md.id === '' || md.id === undefined ? null : md.id
      return this.#clusterId
    } catch (err) {
      throw toConnectError(err, 'Failed to get the Kafka cluster id')
    }
  }

  async listTopics (): Promise<string[]> {
    try {
      return (await this.#client.listTopics()).sort()
    } catch (err) {
      throw toConnectError(err, 'Failed to list topics')
    }
  }

  /** Creates the topics that do not exist yet (Kafka's TopicAdmin.createOrFindTopics). */
  async createTopics (topics: readonly NewTopic[]): Promise<CreateTopicsResult> {
    const result: CreateTopicsResult = { created: [], existing: [] }
    await Promise.all(topics.map(async t => {
      try {
        await this.#client.createTopics({
          topics: [t.name],
          partitions: t.partitions ?? -1,
          replicas: t.replicationFactor ?? -1,
          configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value }))
        })
        result.created.push(t.name)
      } catch (err) {
        if (protocolErrorCodes(err).includes(TOPIC_ALREADY_EXISTS)) result.existing.push(t.name)
        else throw toConnectError(err, `Failed to create topic ${t.name}`)
      }
    }))
    result.created.sort()
    result.existing.sort()
    return result
  }

  /** Partition counts and configs of the topics that exist; missing topics are left out of the map. */
  async describeTopics (names: readonly string[]): Promise<Map<string, TopicDescription>> {
    const out = new Map<string, TopicDescription>()
    const existing = new Set(await this.#client.listTopics().catch((err: unknown) => { throw toConnectError(err, 'Failed to list topics') }))
    const wanted = [...new Set(names)].filter(n => existing.has(n))
    if (wanted.length === 0) return out
    try {
      const [md, configs] = await Promise.all([
        this.#client.metadata({ topics: wanted, forceUpdate: true }),
        this.#client.describeConfigs({ resources: wanted.map(name => ({ resourceType: TOPIC_RESOURCE, resourceName: name })) })
      ])
      const byName = new Map(configs.map(c => [c.resourceName, c.configs]))
      for (const name of wanted) {
        const topic = md.topics.get(name)
        if (topic === undefined) continue
        const cfg: Record<string, string> = {}
        for (const c of byName.get(name) ?? []) if (c.value !== null && c.value !== undefined) cfg[c.name] = c.value
        out.set(name, { name, partitions: topic.partitionsCount, configs: cfg })
      }
    } catch (err) {
      if (protocolErrorCodes(err).includes(UNKNOWN_TOPIC_OR_PARTITION)) {
        // Deleted between the listing and the description: describe the rest one by one.
        for (const name of wanted) {
          const one = await this.describeTopics([name]).catch(() => new Map<string, TopicDescription>())
          const d = one.get(name)
          if (d !== undefined) out.set(name, d)
        }
        return out
      }
      throw toConnectError(err, `Failed to describe topics ${wanted.join(', ')}`)
    }
    return out
  }

  /** The committed offsets of a consumer group (none for an unknown group). */
  async listGroupOffsets (groupId: string): Promise<GroupOffset[]> {
    try {
      const [group] = await this.#client.listConsumerGroupOffsets({ groups: [groupId] })
      const out: GroupOffset[] = []
      for (const topic of group?.topics ?? []) {
        for (const p of topic.partitions) {
          if (p.committedOffset >= 0n) out.push({ topic: topic.name, partition: p.partitionIndex, offset: Number(p.committedOffset) })
        }
      }
      return out.sort((a, b) => a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)
    } catch (err) {
      throw toConnectError(err, `Failed to list the offsets of group ${groupId}`)
    }
  }

  /** Commits offsets for a group with no active members (the broker refuses otherwise). */
  async alterGroupOffsets (groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    if (offsets.length === 0) return
    const topics = new Map<string, Array<{ partition: number, offset: bigint }>>()
    for (const o of offsets) {
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) throw new KafkaClientError(`Invalid offset ${o.offset} for ${o.topic}-${o.partition}`)
      let list = topics.get(o.topic)
      if (list === undefined) topics.set(o.topic, list = [])
      list.push({ partition: o.partition, offset: BigInt(o.offset) })
    }
    try {
      await this.#client.alterConsumerGroupOffsets({ groupId, topics: [...topics].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) })
    } catch (err) {
      throw toConnectError(err, `Failed to alter the offsets of group ${groupId}`)
    }
  }

  /**
   * Removes committed offsets of some partitions of an empty group. OffsetDelete (API 47) when the broker has it;
   * otherwise (the embedded broker) the group's other offsets are read, the group is deleted (which the broker
   * refuses while it has members) and the other offsets are committed again. Not atomic: a failure between the
   * last two steps leaves the group without offsets, which the error says.
   */
  async deleteGroupOffsets (groupId: string, partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return
    if (await this.#supportsOffsetDelete()) {
      const topics = new Map<string, number[]>()
      for (const tp of partitions) {
        let list = topics.get(tp.topic)
        if (list === undefined) topics.set(tp.topic, list = [])
        list.push(tp.partition)
      }
      try {
        await this.#client.deleteConsumerGroupOffsets({ groupId, topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })) })
      } catch (err) {
        if (protocolErrorCodes(err).includes(GROUP_ID_NOT_FOUND)) return
        throw toConnectError(err, `Failed to delete offsets of group ${groupId}`)
      }
      return
    }
    const drop = new Set(partitions.map(tp => `${tp.topic}:${tp.partition}`))
    const current = await this.listGroupOffsets(groupId)
    if (!current.some(o => drop.has(`${o.topic}:${o.partition}`))) return
    const keep = current.filter(o => !drop.has(`${o.topic}:${o.partition}`))
    await this.deleteGroup(groupId)
    try {
      await this.alterGroupOffsets(groupId, keep)
    } catch (err) {
      throw new KafkaClientError(`Deleted group ${groupId} to remove offsets but could not commit its ${keep.length} other offsets again: ${(err as Error).message}`, { cause: err })
    }
  }

  /** Deletes a consumer group and its offsets; an unknown group is not an error. */
  async deleteGroup (groupId: string): Promise<void> {
    try {
      await this.#client.deleteGroups({ groups: [groupId] })
    } catch (err) {
      if (protocolErrorCodes(err).includes(GROUP_ID_NOT_FOUND)) return
      throw toConnectError(err, `Failed to delete group ${groupId}`)
    }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }

  async #supportsOffsetDelete (): Promise<boolean> {
    if (this.#offsetDeleteSupported === undefined) {
      try {
        const apis = await this.#client.listApis()
        this.#offsetDeleteSupported = apis.some(a => a.apiKey === OFFSET_DELETE_API_KEY)
      } catch (err) {
        throw toConnectError(err, 'Failed to get the API versions of the broker')
      }
    }
    return this.#offsetDeleteSupported
  }
}
