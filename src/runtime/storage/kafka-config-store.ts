// The config topic store (kafka-connect-behavior.md §4.1): one partition, replayed into a ConfigState; writes in
// Kafka Connect's record formats, each followed by a read to the end (as the leader does before replying).
import type { TargetState } from '../entities.ts'
import { ConfigState, configKeys, configValues } from '../distributed/config-records.ts'
import { KafkaBasedLog, type InternalTopicOptions } from './kafka-based-log.ts'

export interface KafkaConfigStoreOptions extends InternalTopicOptions {
  /** Called after each applied record with what changed (connector-updated, tasks-committed, target-state, …). */
  onChange?: (change: string, key: string) => void
}

export class KafkaConfigBackingStore {
  readonly state = new ConfigState()
  readonly #log: KafkaBasedLog

  constructor (o: KafkaConfigStoreOptions) {
    this.#log = new KafkaBasedLog({
      ...o,
      partitions: 1,
      requireSinglePartition: true,
      property: 'config.storage.topic',
      purpose: 'connector configurations',
      onRecord: r => {
        if (r.key === null) return
        const key = r.key.toString('utf8')
        const change = this.state.apply(key, r.value === null ? null : r.value.toString('utf8'), BigInt(r.offset))
        for (const p of this.state.problems.splice(0)) o.log.error(p)
        if (change !== null) o.onChange?.(change, key)
      }
    })
  }

  start (): Promise<void> { return this.#log.start() }
  stop (): Promise<void> { return this.#log.stop() }
  readToEnd (): Promise<void> { return this.#log.readToEnd() }

  /** Create or update a connector (target state first when given), then read to the end. */
  async putConnectorConfig (name: string, props: Record<string, string>, target?: TargetState): Promise<void> {
    if (target !== undefined) await this.#log.send(configKeys.targetState(name), configValues.targetState(target))
    await this.#log.send(configKeys.connector(name), configValues.connector(props))
    await this.#log.readToEnd()
  }

  async removeConnectorConfig (name: string): Promise<void> {
    await this.#log.send(configKeys.connector(name), null)
    await this.#log.send(configKeys.targetState(name), null)
    await this.#log.readToEnd()
  }

  /** Kafka's order: read to end, every task record, read to end, the commit, read to end. */
  async putTaskConfigs (name: string, configs: Array<Record<string, string>>): Promise<void> {
    await this.#log.readToEnd()
    for (let i = 0; i < configs.length; i++) await this.#log.send(configKeys.task(name, i), configValues.task(configs[i]!))
    await this.#log.readToEnd()
    await this.#log.send(configKeys.commit(name), configValues.commit(configs.length))
    await this.#log.readToEnd()
  }

  async putTargetState (name: string, state: TargetState): Promise<void> {
    await this.#log.send(configKeys.targetState(name), configValues.targetState(state))
    await this.#log.readToEnd()
  }

  async putRestartRequest (name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    await this.#log.send(configKeys.restart(name), configValues.restart(includeTasks, onlyFailed))
    await this.#log.readToEnd()
  }
}
