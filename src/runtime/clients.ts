// The Kafka clients as the worker uses them; src/kafka implements these over @platformatic/kafka. Keeping the
// interfaces here lets the runtime's task loops stay independent of the library.
import type { ConsumerRecord, ProducerRecord, RecordMetadata, TopicPartition } from '../kafka/types.ts'

export type { ConsumerRecord, ProducerRecord, RecordMetadata, TopicPartition }

export interface ProducerClient {
  send (records: ProducerRecord[]): Promise<RecordMetadata[]>
  /** Wait up to `timeoutMs` for pending sends, then close (forcibly). */
  close (timeoutMs?: number): Promise<void>
}

export interface ConsumerClient {
  poll (timeoutMs: number, signal?: AbortSignal): Promise<ConsumerRecord[]>
  pause (partitions: readonly TopicPartition[]): void
  resume (partitions: readonly TopicPartition[]): void
  seek (partition: TopicPartition, offset: number): void
  assignment (): TopicPartition[]
  commit (offsets: ReadonlyMap<TopicPartition, number>): Promise<void>
  /** End offsets (high watermarks) keyed `topic:partition`, for the lag metric. */
  endOffsets? (partitions: readonly TopicPartition[]): Promise<Map<string, number>>
  close (): Promise<void>
}

export interface RebalanceListener {
  onAssigned (partitions: TopicPartition[]): Promise<void> | void
  onRevoked (partitions: TopicPartition[]): Promise<void> | void
}

export interface GroupOffset { topic: string, partition: number, offset: number }

export interface AdminClient {
  clusterId (): Promise<string | null>
  createTopics (topics: ReadonlyArray<{ name: string, partitions?: number, replicationFactor?: number, configs?: Readonly<Record<string, string>> }>): Promise<{ created: string[], existing: string[] }>
  listGroupOffsets (groupId: string): Promise<GroupOffset[]>
  alterGroupOffsets (groupId: string, offsets: GroupOffset[]): Promise<void>
  deleteGroupOffsets (groupId: string, partitions: TopicPartition[]): Promise<void>
  close (): Promise<void>
}

/** Makes the clients of one task from fully derived Kafka client properties. */
export interface ClientFactory {
  admin (props: Record<string, string>): Promise<AdminClient>
  producer (props: Record<string, string>): Promise<ProducerClient>
  consumer (props: Record<string, string>, subscription: { topics: string[] } | { pattern: RegExp }, listener: RebalanceListener): Promise<ConsumerClient>
}
