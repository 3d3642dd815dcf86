// The topic registry and its partition logs (in memory for now): create, delete, grow, look up by name or id,
// describe configs. Data dirs, segment files and recovery are not implemented yet (docs/broker.md).
import { randomUUID } from 'node:crypto'
import { PartitionLog } from './partition-log.ts'
import { invalidTopicConfig, topicConfigKeys } from './topic-config.ts'

export { PartitionLog }

export interface TopicInfo { readonly name: string, readonly id: string, readonly partitions: number, readonly configs: Readonly<Record<string, string>> }
export interface DescribedConfig { name: string, value: string, readOnly: boolean, source: number, sensitive: boolean, configType: number, documentation: string | null }
export interface CreateTopicResult { errorCode: number, errorMessage?: string, topic?: TopicInfo }

const DYNAMIC_TOPIC_CONFIG = 1
const STATIC_BROKER_CONFIG = 4
const DEFAULT_CONFIG = 5
const Errors = { INVALID_TOPIC: 17, TOPIC_EXISTS: 36, INVALID_PARTITIONS: 37, INVALID_CONFIG: 40, UNKNOWN_TOPIC: 3 } as const
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/

interface Topic { info: TopicInfo, logs: PartitionLog[] }

export interface LogManagerOptions { numPartitions: number, topicDefaults?: Record<string, string> }

export class LogManager {
  #topics = new Map<string, Topic>()
  #byId = new Map<string, Topic>()
  #options: LogManagerOptions

  constructor (options: LogManagerOptions) {
    this.#options = options
  }

  topics (): TopicInfo[] { return [...this.#topics.values()].map(t => t.info) }
  topic (name: string): TopicInfo | undefined { return this.#topics.get(name)?.info }
  topicById (id: string): TopicInfo | undefined { return this.#byId.get(id)?.info }
  partition (topic: string, index: number): PartitionLog | undefined { return this.#topics.get(topic)?.logs[index] }

  #config (topic: Topic | undefined, name: string): string | undefined {
    return topic?.info.configs[name] ?? this.#options.topicDefaults?.[name]
  }

  async createTopic (name: string, opts: { numPartitions: number, configs: Record<string, string>, validateOnly?: boolean }): Promise<CreateTopicResult> {
    if (name.length === 0 || name.length > 249 || name === '.' || name === '..' || !LEGAL_NAME.test(name)) {
      return { errorCode: Errors.INVALID_TOPIC, errorMessage: `Topic name "${name}" is illegal: it must be 1-249 characters of [a-zA-Z0-9._-] and not '.' or '..'` }
    }
    if (this.#topics.has(name)) return { errorCode: Errors.TOPIC_EXISTS, errorMessage: `Topic '${name}' already exists.` }
    const partitions = opts.numPartitions === -1 ? this.#options.numPartitions : opts.numPartitions
    if (!Number.isInteger(partitions) || partitions < 1) return { errorCode: Errors.INVALID_PARTITIONS, errorMessage: `Number of partitions must be larger than 0, got ${partitions}.` }
    const invalid = invalidTopicConfig(opts.configs)
    if (invalid !== undefined) return { errorCode: Errors.INVALID_CONFIG, errorMessage: invalid }
    const info: TopicInfo = { name, id: randomUUID(), partitions, configs: { ...opts.configs } }
    if (opts.validateOnly === true) return { errorCode: 0, topic: info }
    const topic: Topic = { info, logs: [] }
    this.#addLogs(topic, partitions)
    this.#topics.set(name, topic)
    this.#byId.set(info.id, topic)
    return { errorCode: 0, topic: info }
  }

  #addLogs (topic: Topic, count: number): void {
    const maxBytes = (): number => Number(this.#config(topic, 'max.message.bytes') ?? 1048588)
    for (let p = topic.logs.length; p < count; p++) topic.logs.push(new PartitionLog(topic.info.name, p, maxBytes))
  }

  async deleteTopic (name: string): Promise<number> {
    const topic = this.#topics.get(name)
    if (topic === undefined) return Errors.UNKNOWN_TOPIC
    this.#topics.delete(name)
    this.#byId.delete(topic.info.id)
    return 0
  }

  async createPartitions (name: string, count: number, validateOnly: boolean): Promise<{ errorCode: number, errorMessage?: string }> {
    const topic = this.#topics.get(name)
    if (topic === undefined) return { errorCode: Errors.UNKNOWN_TOPIC, errorMessage: `Topic '${name}' does not exist.` }
    if (count <= topic.info.partitions) return { errorCode: Errors.INVALID_PARTITIONS, errorMessage: `Topic currently has ${topic.info.partitions} partitions, which is higher than the requested ${count}.` }
    if (validateOnly) return { errorCode: 0 }
    topic.info = { ...topic.info, partitions: count }
    this.#addLogs(topic, count)
    return { errorCode: 0 }
  }

  describeTopicConfigs (name: string): DescribedConfig[] | undefined {
    const topic = this.#topics.get(name)
    if (topic === undefined) return undefined
    return topicConfigKeys.map(key => {
      const own = topic.info.configs[key.name]
      const broker = this.#options.topicDefaults?.[key.name]
      const source = own !== undefined ? DYNAMIC_TOPIC_CONFIG : broker !== undefined ? STATIC_BROKER_CONFIG : DEFAULT_CONFIG
      return { name: key.name, value: own ?? broker ?? key.defaultValue, readOnly: false, source, sensitive: false, configType: key.configType, documentation: key.doc }
    })
  }

  async close (): Promise<void> {}
}
