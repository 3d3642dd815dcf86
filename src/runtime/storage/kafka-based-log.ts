// A compacted topic read as a log (Kafka's KafkaBasedLog): created if missing, refused if not compacted, read from
// the beginning to the end on start, then tailed in the background; writes go through a producer and readToEnd()
// resolves once every record up to the end offsets of the moment has been handed to the callback.
import { ConnectError } from '../../api/errors.ts'
import { KafkaAdmin } from '../../kafka/admin.ts'
import { KafkaConsumer } from '../../kafka/consumer.ts'
import { KafkaProducer } from '../../kafka/producer.ts'
import type { ConsumerRecord, TopicPartition } from '../../kafka/types.ts'
import type { Logger } from '../logger.ts'

/** What every internal-topic store is given: the topic, its creation settings and the clients' properties. */
export interface InternalTopicOptions {
  topic: string
  replicationFactor: number
  /** Extra topic configs used on creation (cleanup.policy is always compact). */
  topicConfigs?: Readonly<Record<string, string>>
  producerProps: Record<string, string>
  consumerProps: Record<string, string>
  adminProps: Record<string, string>
  log: Logger
}

export interface KafkaBasedLogOptions extends InternalTopicOptions {
  partitions: number
  /** The worker property naming the topic (for the compaction error message) and what it stores. */
  property: string
  purpose: string
  onRecord: (record: ConsumerRecord) => void
  /** The config topic must have exactly one partition. */
  requireSinglePartition?: boolean
}

export class KafkaBasedLog {
  readonly #o: KafkaBasedLogOptions
  #producer: KafkaProducer | null = null
  #consumer: KafkaConsumer | null = null
  #partitions: TopicPartition[] = []
  readonly #positions = new Map<number, number>()
  #tail: Promise<void> | null = null
  #stopping = false
  readonly #waiters: Array<{ targets: Map<number, number>, resolve: () => void }> = []

  constructor (o: KafkaBasedLogOptions) {
    this.#o = o
  }

  async start (): Promise<void> {
    const o = this.#o
    const admin = await KafkaAdmin.create(o.adminProps)
    try {
      await admin.createTopics([{ name: o.topic, partitions: o.partitions, replicationFactor: o.replicationFactor, configs: { ...o.topicConfigs, 'cleanup.policy': 'compact' } }])
      const d = (await admin.describeTopics([o.topic])).get(o.topic)
      if (d === undefined) throw new ConnectError(`Could not create or describe topic ${o.topic}`)
      const policy = d.configs['cleanup.policy']
      const policies = new Set((policy ?? '').split(',').map(s => s.trim().toLowerCase()).filter(s => s !== ''))
      // Kafka skips the check (with an info log) when the topic's cleanup policy cannot be described.
      if (policies.size === 0) {
        o.log.info(`Unable to verify the cleanup policy of topic ${o.topic}; expected 'compact'`)
      } else if (policies.size !== 1 || !policies.has('compact')) {
        throw new ConnectError(`Topic '${o.topic}' supplied via the '${o.property}' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of ${o.purpose}, but found the topic currently has 'cleanup.policy=${policy}'. Continuing would likely result in eventually losing ${o.purpose} and problems restarting this Connect cluster in the future. Change the '${o.property}' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`)
      }
      if (o.requireSinglePartition === true && d.partitions > 1) {
        throw new ConnectError(`Topic '${o.topic}' supplied via the '${o.property}' property is required to have a single partition in order to guarantee consistency of connector configurations, but found ${d.partitions} partitions.`)
      }
      this.#partitions = Array.from({ length: d.partitions }, (_, partition) => ({ topic: o.topic, partition }))
    } finally {
      await admin.close()
    }
    this.#producer = await KafkaProducer.create(o.producerProps)
    this.#consumer = await KafkaConsumer.create({ ...o.consumerProps, 'auto.offset.reset': 'earliest' })
    this.#consumer.assign(this.#partitions)
    this.#consumer.seekToBeginning(this.#partitions)
    this.#tail = this.#run()
    await this.readToEnd()
  }

  async #run (): Promise<void> {
    const consumer = this.#consumer!
    while (!this.#stopping) {
      let records: ConsumerRecord[]
      try {
        records = await consumer.poll(500)
      } catch (err) {
        if (this.#stopping) return
        this.#o.log.warn({ err }, `Error reading ${this.#o.topic}; retrying`)
        await new Promise(resolve => setTimeout(resolve, 500))
        continue
      }
      for (const r of records) {
        try {
          this.#o.onRecord(r)
        } catch (err) {
          this.#o.log.error({ err }, `Error handling a record of ${this.#o.topic} at ${r.partition}/${r.offset}`)
        }
        this.#positions.set(r.partition, r.offset + 1)
      }
      // Every record polled has been handed over: the consumer's position also counts offsets that carry no record
      // (transaction markers, aborted or compacted-away records), which the end offsets include.
      for (const tp of this.#partitions) {
        const pos = consumer.position(tp)
        if (pos !== null && pos > (this.#positions.get(tp.partition) ?? 0)) this.#positions.set(tp.partition, pos)
      }
      this.#wake()
    }
  }

  #wake (): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!
      if ([...w.targets].every(([p, end]) => (this.#positions.get(p) ?? 0) >= end)) {
        this.#waiters.splice(i, 1)
        w.resolve()
      }
    }
  }

  /** Resolves once everything up to the end offsets at call time has been read. */
  async readToEnd (timeoutMs = 30000): Promise<void> {
    const ends = await this.#consumer!.endOffsets(this.#partitions)
    const targets = new Map<number, number>()
    for (const tp of this.#partitions) targets.set(tp.partition, ends.get(`${tp.topic}:${tp.partition}`) ?? 0)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ConnectError(`Timed out reading ${this.#o.topic} to its end after ${timeoutMs} ms`)), timeoutMs)
      this.#waiters.push({ targets, resolve: () => { clearTimeout(timer); resolve() } })
      this.#wake()
    })
  }

  /** Write a record (null value = tombstone); resolves when Kafka acknowledged it. */
  async send (key: string, value: string | null, partition?: number): Promise<void> {
    await this.#producer!.send([{ topic: this.#o.topic, partition: partition ?? null, key: Buffer.from(key), value: value === null ? null : Buffer.from(value), headers: [] }])
  }

  /** Writes several records in one producer call (one batch when they fit), in this order. */
  async sendBatch (records: ReadonlyArray<readonly [key: string, value: string | null]>): Promise<void> {
    await this.#producer!.send(records.map(([key, value]) => ({ topic: this.#o.topic, partition: null, key: Buffer.from(key), value: value === null ? null : Buffer.from(value), headers: [] })))
  }

  /** Waits until every send() issued so far has been acknowledged or has failed. */
  async flush (): Promise<void> {
    await this.#producer?.flush()
  }

  get partitionCount (): number {
    return this.#partitions.length
  }

  async stop (): Promise<void> {
    this.#stopping = true
    this.#consumer?.wakeup()
    await this.#tail?.catch(() => {})
    await this.#producer?.close(5000)
    await this.#consumer?.close()
  }
}
