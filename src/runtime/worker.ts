// The worker: owns the connector and task instances running in this process (Kafka's Worker). The herder decides
// what runs; the worker instantiates plugins, resolves `${provider:…}` references, builds converters, chains and
// Kafka clients, and reports every state change to the status listener.
import { SinkConnector, SourceConnector, type Props } from '../api/connector.ts'
import type { SinkRecord, SourceRecord } from '../api/records.ts'
import { SinkTask, SourceTask } from '../api/task.ts'
import { pluginClassName } from '../api/plugin.ts'
import { ConnectError } from '../api/errors.ts'
import { ConfigTransformer } from '../config/providers/transformer.ts'
import type { ConfigProvider } from '../config/providers/config-provider.ts'
import { parseTopicsList } from '../config/connector-config.ts'
import { deriveAdminProps, deriveSinkConsumerProps, deriveSourceProducerProps } from '../kafka/client-overrides.ts'
import { TopicCreation } from './topic-creation.ts'
import type { ClientFactory } from './clients.ts'
import { instantiateConnector } from './connector-validation.ts'
import { createConverters } from './converters.ts'
import type { ConnectorState, ConnectorTaskId, TargetState } from './entities.ts'
import type { Logger } from './logger.ts'
import type { PluginRegistry } from './plugins/registry.ts'
import type { OffsetBackingStore } from './storage/offset-store.ts'
import { ConnectorOffsetReader } from './storage/offset-storage-reader.ts'
import { TransformationChain } from './transformation-chain.ts'
import { WorkerConnector } from './worker-connector.ts'
import { WorkerSinkTask } from './worker-sink-task.ts'
import { WorkerSourceTask } from './worker-source-task.ts'
import type { WorkerTask } from './worker-task.ts'
import { javaFullMatchRegex } from '../config/java-text.ts'
import { buildErrorHandling } from './errors/build.ts'
import { healingPolicy } from './self-healing.ts'

export interface WorkerStatusListener {
  connector (name: string, state: ConnectorState, error?: unknown): void
  task (id: ConnectorTaskId, state: ConnectorState, error?: unknown): void
}

export interface WorkerOptions {
  workerId: string
  /** Worker config, provider references resolved, as strings. */
  workerProps: Readonly<Record<string, string>>
  registry: PluginRegistry
  offsetStore: OffsetBackingStore
  clients: ClientFactory
  providers: ReadonlyMap<string, ConfigProvider>
  listener: WorkerStatusListener
  log: Logger
}

const taskKey = (id: ConnectorTaskId): string => `${id.connector}-${id.task}`

function num (props: Readonly<Record<string, string>>, key: string, dflt: number): number {
  const v = props[key]
  const n = v === undefined ? NaN : Number(v)
  return Number.isFinite(n) ? n : dflt
}

export class Worker {
  readonly workerId: string
  readonly #o: WorkerOptions
  readonly #connectors = new Map<string, WorkerConnector>()
  readonly #tasks = new Map<string, WorkerTask>()
  readonly #transformer: ConfigTransformer
  readonly log: Logger

  readonly #stallTimeouts = new Map<string, number>()
  #watchdog: NodeJS.Timeout | null = null

  constructor (o: WorkerOptions) {
    this.workerId = o.workerId
    this.#o = o
    this.log = o.log
    this.#transformer = new ConfigTransformer(o.providers)
  }

  /** Every second, fail tasks whose poll()/put() has been running longer than their kconnect.stall.timeout.ms. */
  #checkStalls (): void {
    const now = Date.now()
    for (const [k, runner] of this.#tasks) {
      const limit = this.#stallTimeouts.get(k) ?? 0
      if (limit <= 0 || runner.busySince === null || now - runner.busySince < limit) continue
      const stuckMs = now - runner.busySince
      this.#tasks.delete(k)
      runner.abandon()
      const err = new ConnectError(`kconnect: task ${k} stalled: poll()/put() has not returned for ${stuckMs} ms (kconnect.stall.timeout.ms=${limit})`)
      this.log.error(err.message)
      this.#o.listener.task(runner.id, 'FAILED', err)
    }
  }

  get workerProps (): Readonly<Record<string, string>> {
    return this.#o.workerProps
  }

  /** Resolve `${provider:path:key}` references (unresolvable ones stay as written). */
  async resolve (raw: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    const { data } = await this.#transformer.transform(raw)
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(data)) if (v !== null) out[k] = v
    return out
  }

  connectorNames (): string[] {
    return [...this.#connectors.keys()]
  }

  isRunning (name: string): boolean {
    return this.#connectors.get(name)?.isRunning ?? false
  }

  connectorType (rawConfig: Readonly<Record<string, string>>): 'source' | 'sink' | 'unknown' {
    try {
      const entry = this.#o.registry.connector(rawConfig['connector.class'] ?? '')
      return entry.type === 'source' || entry.type === 'sink' ? entry.type : 'unknown'
    } catch {
      return 'unknown'
    }
  }

  /** Instantiate and move the connector to `target`. Returns false when it could not be created (status FAILED). */
  async startConnector (name: string, rawConfig: Readonly<Record<string, string>>, target: TargetState, onReconfigure: () => void): Promise<boolean> {
    if (this.#connectors.has(name)) throw new ConnectError(`Connector ${name} already running on this worker`)
    const log = this.log.child({ connector: name })
    const listener = this.#o.listener
    let wc: WorkerConnector
    try {
      const config = await this.resolve(rawConfig)
      const connector = instantiateConnector(this.#o.registry.connector(config['connector.class'] ?? ''))
      const reader = new ConnectorOffsetReader(name, this.#o.offsetStore)
      wc = new WorkerConnector(name, connector, config, reader, {
        onState: (state, error) => listener.connector(name, state, error),
        onReconfigure
      }, log)
    } catch (err) {
      log.error({ err }, `Failed to start connector ${name}`)
      listener.connector(name, 'FAILED', err)
      return false
    }
    this.#connectors.set(name, wc)
    log.info(`Starting connector ${name}`)
    await wc.transitionTo(target)
    return !wc.failed
  }

  async setConnectorTargetState (name: string, target: TargetState): Promise<void> {
    await this.#connectors.get(name)?.transitionTo(target)
    for (const [, t] of this.#tasks) if (t.id.connector === name) t.transitionTo(target)
  }

  /**
   * The task configs of a running connector: its taskConfigs(tasks.max) with `task.class` added (and, for sinks, the
   * connector's `topics`/`topics.regex`), values that are `${…}` references in the raw config put back as written.
   */
  async connectorTaskConfigs (name: string, rawConfig: Readonly<Record<string, string>>): Promise<Props[]> {
    const wc = this.#connectors.get(name)
    if (wc === undefined || !wc.isRunning) return []
    const maxTasks = Math.max(1, num(rawConfig, 'tasks.max', 1))
    const connector = wc.connector
    const generated = await connector.taskConfigs(maxTasks)
    const enforce = (rawConfig['tasks.max.enforce'] ?? 'true').toLowerCase() !== 'false'
    if (generated.length > maxTasks) {
      const msg = `The connector ${name} has generated ${generated.length} tasks, which is greater than ${maxTasks}, the maximum number of tasks it is configured to create. This behaviour should be considered a bug and is disallowed. If necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set to false; however, this option will be removed in a future release of Kafka Connect.`
      if (enforce) throw new ConnectError(msg)
      this.log.warn(msg)
    }
    const taskClass = connector instanceof SourceConnector ? connector.taskClass() : (connector as SinkConnector).taskClass()
    const className = pluginClassName(taskClass)
    const isSink = connector instanceof SinkConnector
    return generated.map(tc => {
      const out: Record<string, string> = { ...tc, 'task.class': className }
      if (isSink) {
        if (rawConfig.topics !== undefined) out.topics = rawConfig.topics
        if (rawConfig['topics.regex'] !== undefined) out['topics.regex'] = rawConfig['topics.regex']
      }
      for (const [k, raw] of Object.entries(rawConfig)) {
        if (raw.includes('${') && out[k] !== undefined) out[k] = raw
      }
      return out
    })
  }

  async stopConnector (name: string, timeoutMs = 5000): Promise<void> {
    const wc = this.#connectors.get(name)
    if (wc === undefined) return
    this.#connectors.delete(name)
    await wc.shutdown(timeoutMs)
  }

  taskIds (connector?: string): ConnectorTaskId[] {
    return [...this.#tasks.values()].map(t => t.id).filter(id => connector === undefined || id.connector === connector)
  }

  /** Start one task. Failures are reported as a FAILED status; returns false then. */
  async startTask (id: ConnectorTaskId, rawConnectorConfig: Readonly<Record<string, string>>, rawTaskConfig: Readonly<Record<string, string>>, target: TargetState): Promise<boolean> {
    const k = taskKey(id)
    if (this.#tasks.has(k)) throw new ConnectError(`Task already exists in this worker: ${k}`)
    const log = this.log.child({ connector: id.connector, task: id.task })
    const listener = { onState: (tid: ConnectorTaskId, state: ConnectorState, error?: unknown) => this.#o.listener.task(tid, state, error) }
    let runner: WorkerTask
    const holder: { runner?: WorkerTask } = {}
    try {
      const connConfig = await this.resolve(rawConnectorConfig)
      const taskConfig = await this.resolve(rawTaskConfig)
      const entry = this.#o.registry.connector(connConfig['connector.class'] ?? '')
      const connector = instantiateConnector(entry)
      const converters = createConverters(this.#o.registry, connConfig, this.#o.workerProps)
      const wp = this.#o.workerProps
      const flushInterval = num(wp, 'offset.flush.interval.ms', 60000)
      const flushTimeout = num(wp, 'offset.flush.timeout.ms', 5000)
      const input = { workerProps: wp, connectorProps: connConfig, connector: id.connector, task: id.task }
      // Retries inside the error handler stop when the task is asked to stop.
      const errors = await buildErrorHandling(id, wp, connConfig, this.#o.clients, log, () => holder.runner?.stopping ?? false)
      if (connector instanceof SourceConnector) {
        const task = new (connector.taskClass())()
        if (!(task instanceof SourceTask)) throw new ConnectError(`${pluginClassName(connector.taskClass())} is not a SourceTask`)
        const producer = await this.#o.clients.producer(deriveSourceProducerProps(input))
        runner = new WorkerSourceTask({
          id, taskConfig, initialState: target, listener, log, task, converters,
          chain: TransformationChain.fromConfig<SourceRecord>(this.#o.registry, connConfig),
          producer,
          offsetReader: new ConnectorOffsetReader(id.connector, this.#o.offsetStore),
          offsetStore: this.#o.offsetStore,
          offsetFlushIntervalMs: flushInterval,
          offsetFlushTimeoutMs: flushTimeout,
          errors,
          topicCreation: TopicCreation.of(wp, connConfig, () => this.#o.clients.admin(deriveAdminProps(input)))
        })
      } else {
        const task = new ((connector as SinkConnector).taskClass())()
        if (!(task instanceof SinkTask)) throw new ConnectError(`${pluginClassName((connector as SinkConnector).taskClass())} is not a SinkTask`)
        const consumerProps = deriveSinkConsumerProps(input)
        const regex = connConfig['topics.regex'] ?? ''
        const subscription = regex.trim() !== '' ? { pattern: javaFullMatchRegex(regex) } : { topics: parseTopicsList(connConfig) }
        runner = new WorkerSinkTask({
          id, taskConfig, initialState: target, listener, log, task, converters,
          chain: TransformationChain.fromConfig<SinkRecord>(this.#o.registry, connConfig),
          consumer: (l) => this.#o.clients.consumer(consumerProps, subscription, l),
          offsetFlushIntervalMs: flushInterval,
          offsetFlushTimeoutMs: flushTimeout,
          errors
        })
      }
    } catch (err) {
      log.error({ err }, `Failed to start task ${k}`)
      this.#o.listener.task(id, 'FAILED', err)
      return false
    }
    holder.runner = runner
    this.#tasks.set(k, runner)
    const stall = healingPolicy(this.#o.workerProps, rawConnectorConfig).stallTimeoutMs
    if (stall > 0) {
      this.#stallTimeouts.set(k, stall)
      if (this.#watchdog === null) {
        this.#watchdog = setInterval(() => this.#checkStalls(), Math.min(1000, Math.max(50, stall / 4)))
        this.#watchdog.unref()
      }
    } else {
      this.#stallTimeouts.delete(k)
    }
    log.info(`Starting task ${k}`)
    void runner.run().finally(() => {
      if (this.#tasks.get(k) === runner && runner.failed) {
        // A failed task stays registered until it is stopped or restarted, like Kafka's.
      }
    })
    return true
  }

  /** Signal every task, then wait for them with one shared budget (`task.shutdown.graceful.timeout.ms`). */
  async stopTasks (ids: readonly ConnectorTaskId[]): Promise<void> {
    const runners: WorkerTask[] = []
    for (const id of ids) {
      const r = this.#tasks.get(taskKey(id))
      if (r === undefined) continue
      this.#tasks.delete(taskKey(id))
      r.stop()
      runners.push(r)
    }
    const deadline = Date.now() + num(this.#o.workerProps, 'task.shutdown.graceful.timeout.ms', 5000)
    for (const r of runners) await r.awaitStop(deadline - Date.now())
  }

  /** Topics the connector's tasks on this worker have used. */
  activeTopics (name: string): string[] {
    const out = new Set<string>()
    for (const t of this.#tasks.values()) {
      if (t.id.connector !== name) continue
      const topics = (t as WorkerSourceTask | WorkerSinkTask).topics
      for (const topic of topics) out.add(topic)
    }
    return [...out].sort()
  }

  resetActiveTopics (name: string): void {
    for (const t of this.#tasks.values()) if (t.id.connector === name) (t as WorkerSourceTask | WorkerSinkTask).topics.clear()
  }

  task (id: ConnectorTaskId): WorkerTask | undefined {
    return this.#tasks.get(taskKey(id))
  }

  async stop (): Promise<void> {
    if (this.#watchdog !== null) clearInterval(this.#watchdog)
    await this.stopTasks(this.taskIds())
    for (const name of this.connectorNames()) await this.stopConnector(name)
  }
}
