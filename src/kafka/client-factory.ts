// Creates the worker's Kafka clients from fully derived Kafka properties (see client-overrides.ts): the one place
// the runtime gets producers, consumers and admin clients from, so tests can swap it for fakes.
import type { Logger } from 'pino'
import { KafkaAdmin } from './admin.ts'
import { KafkaConsumer, type RebalanceListener, type Subscription } from './consumer.ts'
import { KafkaProducer } from './producer.ts'

export interface KafkaClientFactoryOptions {
  logger?: Logger
}

export class KafkaClientFactory {
  readonly #logger: Logger | undefined

  constructor (options: KafkaClientFactoryOptions = {}) {
    this.#logger = options.logger
  }

  async admin (props: Readonly<Record<string, string>>): Promise<KafkaAdmin> {
    return await KafkaAdmin.create(props, this.#options())
  }

  async producer (props: Readonly<Record<string, string>>): Promise<KafkaProducer> {
    return await KafkaProducer.create(props, this.#options())
  }

  /** A consumer subscribed (group membership starts in the background; callbacks run inside poll()). */
  async consumer (props: Readonly<Record<string, string>>, subscription: Subscription, listener: RebalanceListener = {}): Promise<KafkaConsumer> {
    const consumer = await KafkaConsumer.create(props, this.#options())
    consumer.subscribe(subscription, listener)
    return consumer
  }

  #options (): { logger?: Logger } {
    return this.#logger === undefined ? {} : { logger: this.#logger }
  }
}
