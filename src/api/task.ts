// Tasks: the units that move data (Kafka: SourceTask, SinkTask and their contexts). One task instance runs one task
// config; the runtime drives it from a single async loop, so a task never sees two of its own calls at once.
import type { Props } from './connector.ts'
import type { SinkRecord, SourceMap, SourceRecord } from './records.ts'

/** A partition of a Kafka topic. */
export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

/** A committed consumer position (the offset of the next record to read). */
export interface OffsetAndMetadata {
  readonly offset: number
  readonly metadata?: string
}

/** Key a TopicPartition for maps: `topic-partition`, as Kafka prints it. */
export function topicPartitionKey (tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`
}

/** Where a source record landed in Kafka, handed to SourceTask.commitRecord. */
export interface RecordMetadata {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly timestamp: number
}

/** Reads the source offsets committed for the connector (Kafka's OffsetStorageReader). */
export interface OffsetStorageReader {
  /** The committed offset for one source partition, or null. */
  offset (partition: SourceMap): Promise<SourceMap | null>
  /** Committed offsets for several partitions; partitions without one are absent. */
  offsets (partitions: readonly SourceMap[]): Promise<Map<SourceMap, SourceMap>>
}

export interface SourceTaskContext {
  /** The task's config as the runtime started it. */
  configs (): Props
  readonly offsetStorageReader: OffsetStorageReader
}

/** Reports a record the sink task could not handle to the error handler (DLQ, log) instead of failing. */
export type ErrantRecordReporter = (record: SinkRecord, error: Error) => Promise<void>

export interface SinkTaskContext {
  configs (): Props
  /** Rewind (or skip) partitions: the next records delivered start at these offsets. */
  offset (offsets: ReadonlyMap<TopicPartition, number> | TopicPartition, offset?: number): void
  /** Bound the next wait for records (ms); used once. */
  timeout (ms: number): void
  /** The partitions currently assigned to this task. */
  assignment (): TopicPartition[]
  pause (...partitions: TopicPartition[]): void
  resume (...partitions: TopicPartition[]): void
  /** Ask for an offset commit as soon as possible. */
  requestCommit (): void
  /** The reporter for errant records, or null when the connector has no error handling configured. */
  errantRecordReporter (): ErrantRecordReporter | null
}

abstract class Task {
  abstract version (): string
  abstract start (props: Props): void | Promise<void>
  abstract stop (): void | Promise<void>
}

export abstract class SourceTask extends Task {
  protected context!: SourceTaskContext

  initialize (context: SourceTaskContext): void {
    this.context = context
  }

  /**
   * Return the next records, or null/[] when there are none yet. Wait briefly for data (≤ about a second) and honour
   * `signal`, which aborts when the task is stopping.
   */
  abstract poll (signal: AbortSignal): Promise<SourceRecord[] | null>

  /** Called after the framework committed offsets (Kafka's commit()). */
  commit (): void | Promise<void> {}

  /** Called once a record was acknowledged by Kafka (metadata) or dropped by a transformation/error policy (null). */
  commitRecord (_record: SourceRecord, _metadata: RecordMetadata | null): void | Promise<void> {}
}

export abstract class SinkTask extends Task {
  protected context!: SinkTaskContext

  initialize (context: SinkTaskContext): void {
    this.context = context
  }

  /** Write these records (may be empty). Throw a RetriableError to get the same batch again later. */
  abstract put (records: SinkRecord[]): void | Promise<void>

  /** Make everything put so far durable. */
  flush (_offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): void | Promise<void> {}

  /** Decide what to commit: the default flushes and commits the offsets consumed so far. */
  async preCommit (offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<ReadonlyMap<TopicPartition, OffsetAndMetadata>> {
    await this.flush(offsets)
    return offsets
  }

  /** Partitions newly assigned to this task. */
  open (_partitions: TopicPartition[]): void | Promise<void> {}

  /** Partitions taken away (after their offsets were committed). */
  close (_partitions: TopicPartition[]): void | Promise<void> {}
}

/** Task constructors as connectors return them from taskClass(); `className` names them in task configs. */
export interface SourceTaskClass {
  new (): SourceTask
  readonly className?: string
}
export interface SinkTaskClass {
  new (): SinkTask
  readonly className?: string
}
