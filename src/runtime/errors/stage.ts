// The stages of record processing, as Kafka's error handling names them (kafka-connect-behavior.md §11.1), and the
// context of one record's trip through them.
export type Stage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME' | 'TASK_PUT' | 'TASK_POLL'

/** Stages where any exception may be tolerated under `errors.tolerance=all`. */
export const TOLERABLE_STAGES: ReadonlySet<Stage> = new Set<Stage>(['KEY_CONVERTER', 'VALUE_CONVERTER', 'HEADER_CONVERTER', 'TRANSFORMATION', 'KAFKA_PRODUCE', 'TASK_PUT'])

/** The consumed record of a sink task (its original bytes go to the DLQ). */
export interface ConsumedRecord {
  topic: string
  partition: number
  offset: number
  timestamp: number
  timestampType: 'CreateTime' | 'LogAppendTime'
  key: Buffer | null
  value: Buffer | null
  headers: Array<[string, Buffer | null]>
}

/** What failed, where, and for which record. */
export interface ProcessingFailure {
  stage: Stage
  /** The class executing the stage (a converter's or transformation's class name). */
  className: string
  error: unknown
  consumed?: ConsumedRecord
  /** A source record, for the log reporter and the source DLQ (kconnect). */
  source?: { toString (): string, topic: string, sourcePartition: unknown, sourceOffset: unknown, key: unknown, value: unknown, timestamp: number | null }
}

export interface ErrorReporter {
  report (failure: ProcessingFailure): Promise<void>
  close? (): Promise<void>
}

/** Counters of Kafka's task-error-metrics group. */
export class ErrorMetrics {
  totalRecordFailures = 0
  totalRecordErrors = 0
  totalRecordsSkipped = 0
  totalRetries = 0
  totalErrorsLogged = 0
  dlqProduceRequests = 0
  dlqProduceFailures = 0
  lastErrorTimestamp = 0
}
