// The records connectors exchange with the runtime (Kafka: ConnectRecord, SourceRecord, SinkRecord). Fields are
// readonly properties; `newRecord(...)` makes a modified copy, which is how transformations change a record.
import { ConnectHeaders, type Header } from '../data/headers.ts'
import { javaToString } from '../data/java-class.ts'
import { schemaEquals, type Schema } from '../data/schema.ts'
import { valuesEqual } from '../data/values-equal.ts'

/** How a consumed record's timestamp was set (Kafka's TimestampType; values are Kafka's names). */
export const TimestampType = {
  NO_TIMESTAMP_TYPE: 'NoTimestampType',
  CREATE_TIME: 'CreateTime',
  LOG_APPEND_TIME: 'LogAppendTime'
} as const
export type TimestampType = typeof TimestampType[keyof typeof TimestampType]

/** A source partition or offset: a small map of plain JSON-able values, as Kafka Connect stores them. */
export type SourceMap = Readonly<Record<string, unknown>>

/** The fields every record has. */
export interface ConnectRecordInit {
  topic: string
  /** Partition, or null to let the producer choose. */
  kafkaPartition?: number | null
  keySchema?: Schema | null
  key?: unknown
  valueSchema?: Schema | null
  value?: unknown
  /** Milliseconds since the epoch, or null. */
  timestamp?: number | null
  /** Headers; a ConnectHeaders is used as is, other iterables are copied. */
  headers?: Iterable<Header> | null
}

function toHeaders (h: Iterable<Header> | null | undefined): ConnectHeaders {
  if (h instanceof ConnectHeaders) return h
  return new ConnectHeaders(h ?? null)
}

/** A record with topic, partition, key and value (each with a schema), timestamp and headers. */
export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string
  readonly kafkaPartition: number | null
  readonly keySchema: Schema | null
  readonly key: unknown
  readonly valueSchema: Schema | null
  readonly value: unknown
  readonly timestamp: number | null
  readonly headers: ConnectHeaders

  constructor (init: ConnectRecordInit) {
    this.topic = init.topic
    this.kafkaPartition = init.kafkaPartition ?? null
    this.keySchema = init.keySchema ?? null
    this.key = init.key ?? null
    this.valueSchema = init.valueSchema ?? null
    this.value = init.value ?? null
    this.timestamp = init.timestamp ?? null
    this.headers = toHeaders(init.headers)
  }

  /**
   * A copy with these fields replaced and everything else (source partition/offset, Kafka offset...) kept. Without
   * `headers` the copy gets a duplicate of this record's headers.
   */
  abstract newRecord (topic: string, kafkaPartition: number | null, keySchema: Schema | null, key: unknown,
    valueSchema: Schema | null, value: unknown, timestamp: number | null, headers?: Iterable<Header> | null): R

  equals (o: unknown): boolean {
    if (this === o) return true
    if (!(o instanceof ConnectRecord) || o.constructor !== this.constructor) return false
    return this.kafkaPartition === o.kafkaPartition &&
      this.topic === o.topic &&
      schemaEquals(this.keySchema, o.keySchema) &&
      valuesEqual(this.key, o.key) &&
      schemaEquals(this.valueSchema, o.valueSchema) &&
      valuesEqual(this.value, o.value) &&
      this.timestamp === o.timestamp &&
      this.headers.equals(o.headers)
  }

  toString (): string {
    return `ConnectRecord{topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${javaToString(this.key)}, ` +
      `keySchema=${String(this.keySchema)}, value=${javaToString(this.value)}, valueSchema=${String(this.valueSchema)}, ` +
      `timestamp=${this.timestamp}, headers=${String(this.headers)}}`
  }
}

export interface SourceRecordInit extends ConnectRecordInit {
  /** Where the record comes from (a file name, a table...); null when the connector tracks no offsets. */
  sourcePartition: SourceMap | null
  /** The position within the source partition, committed once the record is written. */
  sourceOffset: SourceMap | null
}

/** A record produced by a SourceTask, with the source partition and offset the runtime commits for it. */
export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: SourceMap | null
  readonly sourceOffset: SourceMap | null

  constructor (init: SourceRecordInit) {
    super(init)
    this.sourcePartition = init.sourcePartition ?? null
    this.sourceOffset = init.sourceOffset ?? null
  }

  newRecord (topic: string, kafkaPartition: number | null, keySchema: Schema | null, key: unknown,
    valueSchema: Schema | null, value: unknown, timestamp: number | null, headers?: Iterable<Header> | null): SourceRecord {
    return new SourceRecord({
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
      topic,
      kafkaPartition,
      keySchema,
      key,
      valueSchema,
      value,
      timestamp,
      headers: headers === undefined ? this.headers.duplicate() : headers
    })
  }

  override equals (o: unknown): boolean {
    return super.equals(o) && o instanceof SourceRecord &&
      valuesEqual(this.sourcePartition, o.sourcePartition) && valuesEqual(this.sourceOffset, o.sourceOffset)
  }

  override toString (): string {
    return `SourceRecord{sourcePartition=${javaToString(this.sourcePartition)}, sourceOffset=${javaToString(this.sourceOffset)}} ${super.toString()}`
  }
}

export interface SinkRecordInit extends ConnectRecordInit {
  kafkaPartition: number
  /** Offset in the topic partition (a JS number: exact up to 2^53). */
  kafkaOffset: number
  timestampType?: TimestampType
  /** Topic, partition and offset before any transformation changed them (KIP-793); default: the current ones. */
  originalTopic?: string
  originalKafkaPartition?: number
  originalKafkaOffset?: number
}

/** A record consumed from Kafka and handed to a SinkTask. */
export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly kafkaOffset: number
  readonly timestampType: TimestampType
  readonly originalTopic: string
  readonly originalKafkaPartition: number
  readonly originalKafkaOffset: number

  constructor (init: SinkRecordInit) {
    super(init)
    this.kafkaOffset = init.kafkaOffset
    this.timestampType = init.timestampType ?? TimestampType.NO_TIMESTAMP_TYPE
    this.originalTopic = init.originalTopic ?? init.topic
    this.originalKafkaPartition = init.originalKafkaPartition ?? init.kafkaPartition
    this.originalKafkaOffset = init.originalKafkaOffset ?? init.kafkaOffset
  }

  newRecord (topic: string, kafkaPartition: number | null, keySchema: Schema | null, key: unknown,
    valueSchema: Schema | null, value: unknown, timestamp: number | null, headers?: Iterable<Header> | null): SinkRecord {
    return new SinkRecord({
      topic,
      kafkaPartition: kafkaPartition ?? this.kafkaPartition!,
      keySchema,
      key,
      valueSchema,
      value,
      kafkaOffset: this.kafkaOffset,
      timestamp,
      timestampType: this.timestampType,
      headers: headers === undefined ? this.headers.duplicate() : headers,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset
    })
  }

  override equals (o: unknown): boolean {
    return super.equals(o) && o instanceof SinkRecord &&
      this.kafkaOffset === o.kafkaOffset &&
      this.timestampType === o.timestampType &&
      this.originalTopic === o.originalTopic &&
      this.originalKafkaPartition === o.originalKafkaPartition &&
      this.originalKafkaOffset === o.originalKafkaOffset
  }

  override toString (): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, originalTopic=${this.originalTopic}, ` +
      `originalKafkaPartition=${this.originalKafkaPartition}, originalKafkaOffset=${this.originalKafkaOffset}} ${super.toString()}`
  }
}
