// The record and partition shapes the runtime exchanges with the Kafka clients. Keys, values and header values
// are raw bytes; null is Kafka's null (a tombstone value, a null key), never an empty buffer.

export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

/** `topic:partition`, a Map key for a partition (':' cannot occur in a topic name). */
export function tpKey (topic: string, partition: number): string {
  return `${topic}:${partition}`
}

export type Header = [key: string, value: Buffer | null]

export interface ProducerRecord {
  topic: string
  /** null/undefined: keyed records go by murmur2 of the key (as Kafka's Java client), unkeyed ones round-robin. */
  partition?: number | null
  key: Buffer | null
  value: Buffer | null
  headers: Header[]
  /** Epoch millis; null/undefined: the send time. */
  timestamp?: number | null
}

export interface RecordMetadata {
  topic: string
  partition: number
  /** -1 when acks=0 (no answer to read it from). */
  offset: number
  timestamp: number
}

export type TimestampType = 'CreateTime' | 'LogAppendTime'

export interface ConsumerRecord {
  topic: string
  partition: number
  offset: number
  timestamp: number
  timestampType: TimestampType
  key: Buffer | null
  value: Buffer | null
  headers: Header[]
}

export type OffsetResetPolicy = 'earliest' | 'latest' | 'none'
