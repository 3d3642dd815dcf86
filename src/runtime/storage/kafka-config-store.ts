// The config topic store (kafka-connect-behavior.md §4.1): one partition, replayed into a ConfigState; writes in
// Kafka Connect's record formats, each followed by a read to the end (as the leader does before replying).
// As in Kafka, listeners are told about records read after start() completed, never about the replay (so restart
// requests and cluster logger levels written before this worker started are not acted on).
import type { ConnectorTaskId, TargetState } from '../entities.ts'
import { ConfigState, configKeys, configValues, type RestartRequestRecord, type SessionKeyRecord } from '../distributed/config-records.ts'
import { KafkaBasedLog, type InternalTopicOptions } from './kafka-based-log.ts'

type Props = Record<string, string>

/** Kafka's ConfigBackingStore.UpdateListener; every callback is optional. */
export interface ConfigUpdateListener {
  onConnectorConfigUpdate?: (connector: string) => void
  onConnectorConfigRemove?: (connector: string) => void
  /** The tasks whose configs a commit applied (empty for an inconsistent commit). */
  onTaskConfigUpdate?: (tasks: ConnectorTaskId[]) => void
  /** Only for an existing connector whose target state really changed (not for removals). */
  onConnectorTargetStateChange?: (connector: string) => void
  onSessionKeyUpdate?: (key: SessionKeyRecord) => void
  onRestartRequest?: (request: RestartRequestRecord) => void
  onLoggingLevelUpdate?: (namespace: string, level: string) => void
}

/** An immutable copy of what the topic says (Kafka's ClusterConfigState). */
export interface ClusterConfigSnapshot {
  /** Offset of the next record to read (-1 before any). */
  readonly offset: bigint
  readonly sessionKey: SessionKeyRecord | null
  readonly connectorConfigs: ReadonlyMap<string, Readonly<Props>>
  readonly targetStates: ReadonlyMap<string, TargetState>
  /** N of each connector's latest commit. */
  readonly taskCounts: ReadonlyMap<string, number>
  /** Committed task configs 0..N-1 per connector; empty for an inconsistent connector. */
  readonly taskConfigs: ReadonlyMap<string, ReadonlyArray<Readonly<Props>>>
  /** Connectors whose latest commit had missing task configs: the leader must regenerate them. */
  readonly inconsistent: ReadonlySet<string>
  readonly taskConfigGenerations: ReadonlyMap<string, number>
  readonly appliedConnectorConfigs: ReadonlyMap<string, Readonly<Props>>
  readonly pendingFencing: ReadonlySet<string>
  readonly taskCountRecords: ReadonlyMap<string, number>
}

export interface KafkaConfigStoreOptions extends InternalTopicOptions {
  /** Called after each record read after start() with what changed (connector-updated, tasks-committed, …). */
  onChange?: (change: string, key: string) => void
  listener?: ConfigUpdateListener
}

export class KafkaConfigBackingStore {
  /** The live state (changes as records are read); snapshot() gives a stable copy. */
  readonly state = new ConfigState()
  readonly #log: KafkaBasedLog
  readonly #o: KafkaConfigStoreOptions
  readonly #listeners = new Set<ConfigUpdateListener>()
  #started = false

  constructor (o: KafkaConfigStoreOptions) {
    this.#o = o
    if (o.listener !== undefined) this.#listeners.add(o.listener)
    this.#log = new KafkaBasedLog({
      ...o,
      partitions: 1,
      requireSinglePartition: true,
      property: 'config.storage.topic',
      purpose: 'connector configurations',
      onRecord: r => {
        if (r.key === null) return
        const key = r.key.toString('utf8')
        const target = key.startsWith('target-state-') ? key.slice('target-state-'.length) : null
        const before = target === null ? undefined : this.state.targetStates.get(target)
        const change = this.state.apply(key, r.value === null ? null : r.value.toString('utf8'), BigInt(r.offset))
        for (const p of this.state.problems.splice(0)) o.log.error(p)
        if (change === null || !this.#started) return
        o.onChange?.(change, key)
        this.#notify(change, key, target !== null && r.value !== null && before !== this.state.targetStates.get(target))
      }
    })
  }

  /** Creates the topic if missing, refuses a non-compacted or multi-partition one, reads it to the end, then tails. */
  async start (): Promise<void> {
    await this.#log.start()
    this.#started = true
  }

  async stop (): Promise<void> {
    this.#started = false
    await this.#log.stop()
  }

  readToEnd (timeoutMs?: number): Promise<void> { return this.#log.readToEnd(timeoutMs) }

  addListener (listener: ConfigUpdateListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  snapshot (): ClusterConfigSnapshot {
    const s = this.state
    const copy = <V>(m: ReadonlyMap<string, V>, f: (v: V) => V = v => v): Map<string, V> => new Map([...m].map(([k, v]) => [k, f(v)]))
    const taskConfigs = new Map<string, Props[]>()
    for (const [c, tasks] of s.taskConfigs) taskConfigs.set(c, s.inconsistent.has(c) ? [] : tasks.map(t => ({ ...t })))
    for (const c of s.inconsistent) taskConfigs.set(c, [])
    return {
      offset: s.offset,
      sessionKey: s.sessionKey === null ? null : { ...s.sessionKey },
      connectorConfigs: copy(s.connectors, p => ({ ...p })),
      targetStates: copy(s.targetStates),
      taskCounts: copy(s.taskCounts),
      taskConfigs,
      inconsistent: new Set(s.inconsistent),
      taskConfigGenerations: copy(s.taskConfigGenerations),
      appliedConnectorConfigs: copy(s.appliedConnectorConfigs, p => ({ ...p })),
      pendingFencing: new Set(s.pendingFencing),
      taskCountRecords: copy(s.taskCountRecords)
    }
  }

  /** Create or update a connector (its target state first, in the same batch, when given), then read to the end. */
  async putConnectorConfig (name: string, props: Record<string, string>, target?: TargetState): Promise<void> {
    const records: Array<[string, string | null]> = []
    if (target !== undefined) records.push([configKeys.targetState(name), configValues.targetState(target)])
    records.push([configKeys.connector(name), configValues.connector(props)])
    await this.#log.sendBatch(records)
    await this.#log.readToEnd()
  }

  /** Tombstones for the connector config and its target state, in one batch. */
  async removeConnectorConfig (name: string): Promise<void> {
    await this.#log.sendBatch([[configKeys.connector(name), null], [configKeys.targetState(name), null]])
    await this.#log.readToEnd()
  }

  /** Kafka's order: read to end, every task record, read to end, the commit, read to end. */
  async putTaskConfigs (name: string, configs: Array<Record<string, string>>): Promise<void> {
    await this.#log.readToEnd()
    if (configs.length > 0) await this.#log.sendBatch(configs.map((c, i) => [configKeys.task(name, i), configValues.task(c)] as const))
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

  /** The leader's new inter-worker key (§5.7); key = base64 of the raw key bytes. */
  async putSessionKey (key: SessionKeyRecord): Promise<void> {
    await this.#log.send(configKeys.sessionKey, configValues.sessionKey(key.key, key.algorithm, key.creationTimestamp))
    await this.#log.readToEnd()
  }

  /** Cluster-scope log level (PUT /admin/loggers/{ns}?scope=cluster); every worker applies it when read. */
  async putLoggerLevel (namespace: string, level: string): Promise<void> {
    await this.#log.send(configKeys.loggerCluster(namespace), configValues.loggerCluster(level))
    await this.#log.readToEnd()
  }

  /** EOS task-count record written after zombie fencing (KIP-618). */
  async putTaskCountRecord (name: string, taskCount: number): Promise<void> {
    await this.#log.send(configKeys.taskCount(name), configValues.taskCount(taskCount))
    await this.#log.readToEnd()
  }

  #notify (change: string, key: string, targetStateChanged: boolean): void {
    const s = this.state
    const each = (f: (l: ConfigUpdateListener) => void): void => {
      for (const l of this.#listeners) {
        try {
          f(l)
        } catch (err) {
          this.#o.log.error({ err, key }, 'A config update listener failed')
        }
      }
    }
    switch (change) {
      case 'connector-updated': each(l => l.onConnectorConfigUpdate?.(key.slice('connector-'.length))); break
      case 'connector-removed': each(l => l.onConnectorConfigRemove?.(key.slice('connector-'.length))); break
      case 'tasks-committed':
      case 'tasks-inconsistent': {
        const connector = key.slice('commit-'.length)
        const tasks = change === 'tasks-committed' ? s.lastUpdatedTasks.map(task => ({ connector, task })) : []
        each(l => l.onTaskConfigUpdate?.(tasks))
        break
      }
      case 'target-state': {
        const connector = key.slice('target-state-'.length)
        if (targetStateChanged && s.connectors.has(connector)) each(l => l.onConnectorTargetStateChange?.(connector))
        break
      }
      case 'session-key': each(l => l.onSessionKeyUpdate?.({ ...s.sessionKey! })); break
      case 'restart': {
        const r = s.restarts.at(-1)!
        each(l => l.onRestartRequest?.({ ...r }))
        break
      }
      case 'logger': {
        const ns = key.slice('logger-cluster-'.length)
        each(l => l.onLoggingLevelUpdate?.(ns, s.loggerLevels.get(ns)!))
        break
      }
    }
  }
}
