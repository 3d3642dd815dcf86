// Source offsets in the offsets topic (kafka-connect-behavior.md §4.2): keys and values as the standalone file keeps
// them, partitioned by the producer's murmur2 of the key, the latest value per key kept in memory.
import type { ConsumerRecord } from '../../kafka/types.ts'
import { KafkaBasedLog, type InternalTopicOptions } from './kafka-based-log.ts'
import { MemoryOffsetBackingStore } from './file-offset-store.ts'

export interface KafkaOffsetStoreOptions extends InternalTopicOptions {
  /** offset.storage.partitions (Kafka's default 25). */
  partitions?: number
}

export class KafkaOffsetBackingStore extends MemoryOffsetBackingStore {
  readonly #log: KafkaBasedLog

  constructor (o: KafkaOffsetStoreOptions) {
    super()
    this.#log = new KafkaBasedLog({
      ...o,
      partitions: o.partitions ?? 25,
      property: 'offset.storage.topic',
      purpose: 'source connector offsets',
      onRecord: (r: ConsumerRecord) => {
        if (r.key === null) return
        const k = r.key.toString('utf8')
        if (r.value === null) this.data.delete(k)
        else this.data.set(k, r.value.toString('utf8'))
      }
    })
  }

  override async start (): Promise<void> {
    await this.#log.start()
  }

  override async stop (): Promise<void> {
    await this.#log.stop()
  }

  override async get (keys: readonly string[]): Promise<Map<string, string>> {
    await this.#log.readToEnd()
    return await super.get(keys)
  }

  override async set (entries: ReadonlyMap<string, string | null>): Promise<void> {
    await Promise.all([...entries].map(([k, v]) => this.#log.send(k, v)))
    await super.set(entries)
  }
}
