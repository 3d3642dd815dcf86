// The standalone herder (Kafka's StandaloneHerder): one worker, connector configs and statuses in memory (the CLI
// re-submits the connector files at start), source offsets in the offset store. Operations run one at a time.
import { NotFoundError, AlreadyExistsError } from '../../api/errors.ts'
import { SinkConnector } from '../../api/connector.ts'
import { convertConfigKey, type ConfigKeyInfo } from '../../config/config-infos.ts'
import type { ConfigInfos } from '../../config/config-infos.ts'
import type { AdminClient } from '../clients.ts'
import { alterOffsets, sinkGroupId, sinkOffsets, sourceOffsets } from '../connector-offsets.ts'
import {
  instantiateConnector, invalidConfigMessage, validateResolvedConfig, validationErrors, type RawConfig
} from '../connector-validation.ts'
import type {
  ConnectorConfigMap, ConnectorInfo, ConnectorOffsets, ConnectorState, ConnectorStateInfo, ConnectorTaskId,
  InitialState, Message, PluginInfo, RestartRequest, ServerInfo, TargetState, TaskInfo, TaskState
} from '../entities.ts'
import { BadRequestError } from '../errors.ts'
import type { Herder, PutConnectorResult } from '../herder.ts'
import { PluginRegistry } from '../plugins/registry.ts'
import { MemoryStatusStore, traceOf, type Status } from '../status-store.ts'
import type { OffsetBackingStore } from '../storage/offset-store.ts'
import { CONNECT_API_VERSION, KCONNECT_COMMIT } from '../version.ts'
import type { Worker } from '../worker.ts'
import { SelfHealing, healingPolicy } from '../self-healing.ts'

interface ConnectorEntry {
  config: ConnectorConfigMap
  target: TargetState
  /** Raw task configs (provider references unresolved). */
  tasks: Array<Record<string, string>>
}

export interface StandaloneHerderOptions {
  worker: Worker
  registry: PluginRegistry
  offsetStore: OffsetBackingStore
  kafkaClusterId: string | null
  /** Admin client for sink offsets; created on demand. */
  admin: () => Promise<AdminClient>
  topicTracking?: { enabled: boolean, allowReset: boolean }
}

const TARGET_OF: Record<InitialState, TargetState> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' }

export class StandaloneHerder implements Herder {
  readonly #o: StandaloneHerderOptions
  readonly #worker: Worker
  readonly #connectors = new Map<string, ConnectorEntry>()
  readonly statuses = new MemoryStatusStore()
  readonly #activeTopics = new Map<string, Set<string>>()
  #queue: Promise<unknown> = Promise.resolve()
  readonly healing: SelfHealing
  #ready = false
  #generation = 0

  constructor (o: StandaloneHerderOptions) {
    this.#o = o
    this.#worker = o.worker
    this.healing = new SelfHealing(id => this.#serial(() => this.#restartTaskNow(id.connector, id.task)), o.worker.log)
  }

  /** The listener the Worker reports to (wire it when creating the worker). */
  static statusListener (get: () => StandaloneHerder): { connector: (n: string, s: ConnectorState, e?: unknown) => void, task: (id: ConnectorTaskId, s: ConnectorState, e?: unknown) => void } {
    return {
      connector: (name, state, error) => get().#putStatus(name, null, state, error),
      task: (id, state, error) => get().#putStatus(id.connector, id.task, state, error)
    }
  }

  #putStatus (connector: string, task: number | null, state: ConnectorState, error?: unknown): void {
    const entry = this.#connectors.get(connector)
    if (entry === undefined) return
    if (task !== null) this.healing.onTaskState({ connector, task }, state, healingPolicy(this.#worker.workerProps, entry.config))
    const status: Status = error === undefined
      ? { state, workerId: this.#worker.workerId, generation: this.#generation }
      : { state, workerId: this.#worker.workerId, generation: this.#generation, trace: traceOf(error) }
    if (task === null) this.statuses.putConnector(connector, status)
    else this.statuses.putTask(connector, task, status)
  }

  /** Run operations one at a time, in arrival order. */
  #serial<T> (op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op)
    this.#queue = run.catch(() => {})
    return run
  }

  markReady (): void {
    this.#ready = true
  }

  ready (): boolean {
    return this.#ready
  }

  serverInfo (): ServerInfo {
    return { version: CONNECT_API_VERSION, commit: KCONNECT_COMMIT, kafka_cluster_id: this.#o.kafkaClusterId }
  }

  connectors (): string[] {
    return [...this.#connectors.keys()].sort()
  }

  #entry (name: string, message = `Connector ${name} not found`): ConnectorEntry {
    const e = this.#connectors.get(name)
    if (e === undefined) throw new NotFoundError(message)
    return e
  }

  #info (name: string, e: ConnectorEntry): ConnectorInfo {
    return {
      name,
      config: { ...e.config },
      tasks: e.tasks.map((_, task) => ({ connector: name, task })),
      type: this.#worker.connectorType(e.config)
    }
  }

  async connectorInfo (name: string): Promise<ConnectorInfo> {
    return this.#info(name, this.#entry(name))
  }

  async connectorConfig (name: string): Promise<ConnectorConfigMap> {
    return { ...this.#entry(name).config }
  }

  async #validateOrThrow (config: RawConfig): Promise<void> {
    const infos = await this.validateConnectorConfig(config)
    const errors = validationErrors(infos)
    if (errors.length > 0) throw new BadRequestError(invalidConfigMessage(errors))
  }

  putConnectorConfig (name: string, config: ConnectorConfigMap, opts: { allowReplace: boolean, initialState?: InitialState }): Promise<PutConnectorResult> {
    return this.#serial(async () => {
      await this.#validateOrThrow(config)
      const existing = this.#connectors.get(name)
      if (existing !== undefined && !opts.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`)
      const target = opts.initialState !== undefined ? TARGET_OF[opts.initialState] : existing?.target ?? 'STARTED'
      if (existing !== undefined) await this.#stopAll(name, existing)
      const entry: ConnectorEntry = { config: { ...config }, target, tasks: [] }
      this.#connectors.set(name, entry)
      // As Kafka's herder, the answer shows the connector before its tasks are generated (tasks: []).
      const info = this.#info(name, entry)
      await this.#startConnector(name, entry)
      return { created: existing === undefined, info }
    })
  }

  async patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const current = this.#entry(name).config
    const next: ConnectorConfigMap = { ...current }
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k]
      else next[k] = v
    }
    const { info } = await this.putConnectorConfig(name, next, { allowReplace: true })
    return info
  }

  deleteConnector (name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name)
      await this.#stopAll(name, e)
      this.#connectors.delete(name)
      this.healing.forget(name)
      this.statuses.deleteConnector(name)
      this.#activeTopics.delete(name)
    })
  }

  /** Stop the connector instance and its tasks on this worker (config kept). */
  async #stopAll (name: string, e: ConnectorEntry): Promise<void> {
    await this.#worker.stopTasks(e.tasks.map((_, task) => ({ connector: name, task })))
    await this.#worker.stopConnector(name)
  }

  async #startConnector (name: string, e: ConnectorEntry): Promise<void> {
    this.#generation++
    const ok = await this.#worker.startConnector(name, e.config, e.target, () => { void this.#serial(() => this.#reconfigure(name)) })
    if (!ok || e.target !== 'STARTED') {
      if (e.target === 'STOPPED') e.tasks = []
      return
    }
    await this.#updateTasks(name, e)
  }

  async #reconfigure (name: string): Promise<void> {
    const e = this.#connectors.get(name)
    if (e === undefined || e.target !== 'STARTED' || !this.#worker.isRunning(name)) return
    await this.#updateTasks(name, e)
  }

  /** Regenerate task configs; when they changed, replace the running tasks. */
  async #updateTasks (name: string, e: ConnectorEntry): Promise<void> {
    let configs: Array<Record<string, string>>
    try {
      configs = await this.#worker.connectorTaskConfigs(name, e.config)
    } catch (err) {
      this.#putStatus(name, null, 'FAILED', err)
      return
    }
    const same = configs.length === e.tasks.length && configs.every((c, i) => JSON.stringify(c) === JSON.stringify(e.tasks[i]))
    if (same && this.#worker.taskIds(name).length === configs.length) return
    await this.#worker.stopTasks(this.#worker.taskIds(name))
    for (let t = configs.length; t < e.tasks.length; t++) this.statuses.deleteTask(name, t)
    e.tasks = configs
    for (let task = 0; task < configs.length; task++) {
      await this.#worker.startTask({ connector: name, task }, e.config, configs[task]!, e.target)
    }
  }

  connectorStatus (name: string): ConnectorStateInfo {
    const e = this.#connectors.get(name)
    const c = this.statuses.connector(name)
    if (e === undefined || c === undefined) throw new NotFoundError(`No status found for connector ${name}`)
    return {
      name,
      connector: stateOf(c),
      tasks: e.target === 'STOPPED' ? [] : this.statuses.tasks(name).map(([id, s]) => ({ id, ...stateOf(s) })),
      type: this.#worker.connectorType(e.config)
    }
  }

  taskStatus (name: string, task: number): TaskState {
    const s = this.#connectors.has(name) ? this.statuses.task(name, task) : undefined
    if (s === undefined) throw new NotFoundError(`No status found for task ${name}-${task}`)
    return { id: task, ...stateOf(s) }
  }

  async taskConfigs (name: string): Promise<TaskInfo[]> {
    const e = this.#entry(name)
    return e.tasks.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }))
  }

  restartConnector (name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name, `Unknown connector: ${name}`)
      await this.#worker.stopConnector(name)
      this.#generation++
      const ok = await this.#worker.startConnector(name, e.config, e.target, () => { void this.#serial(() => this.#reconfigure(name)) })
      if (ok && e.target === 'STARTED') await this.#updateTasks(name, e)
    })
  }

  restartConnectorAndTasks (name: string, request: RestartRequest): Promise<ConnectorStateInfo> {
    return this.#serial(async () => {
      const e = this.#entry(name, `Unknown connector: ${name}`)
      let status: ConnectorStateInfo
      try {
        status = this.connectorStatus(name)
      } catch {
        throw new NotFoundError(`Status for connector ${name} not found`)
      }
      const restartConnector = !request.onlyFailed || status.connector.state === 'FAILED'
      const tasksToRestart = request.includeTasks
        ? status.tasks.filter(t => !request.onlyFailed || t.state === 'FAILED').map(t => t.id)
        : []
      const plan: ConnectorStateInfo = {
        ...status,
        connector: restartConnector ? { state: 'RESTARTING', worker_id: status.connector.worker_id } : status.connector,
        tasks: status.tasks.map(t => tasksToRestart.includes(t.id) ? { id: t.id, state: 'RESTARTING', worker_id: t.worker_id } : t)
      }
      const ids = tasksToRestart.map(task => ({ connector: name, task }))
      await this.#worker.stopTasks(ids)
      if (restartConnector) {
        await this.#worker.stopConnector(name)
        this.#putStatus(name, null, 'RESTARTING')
      }
      for (const id of ids) this.#putStatus(name, id.task, 'RESTARTING')
      if (restartConnector) {
        this.#generation++
        await this.#worker.startConnector(name, e.config, e.target, () => { void this.#serial(() => this.#reconfigure(name)) })
      }
      for (const id of ids) {
        const cfg = e.tasks[id.task]
        if (cfg !== undefined) await this.#worker.startTask(id, e.config, cfg, e.target)
      }
      return plan
    })
  }

  restartTask (name: string, task: number): Promise<void> {
    this.healing.forget(name, task)
    return this.#serial(() => this.#restartTaskNow(name, task))
  }

  async #restartTaskNow (name: string, task: number): Promise<void> {
    const e = this.#entry(name, `Unknown connector: ${name}`)
    const cfg = e.tasks[task]
    if (cfg === undefined) throw new NotFoundError(`Unknown task: ${name}-${task}`)
    const id = { connector: name, task }
    await this.#worker.stopTasks([id])
    this.#putStatus(name, task, 'RESTARTING')
    const ok = await this.#worker.startTask(id, e.config, cfg, e.target)
    if (!ok) throw new Error(`Failed to start task: ${name}-${task}`)
  }

  pauseConnector (name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name, `Unknown connector ${name}`)
      if (e.target === 'STOPPED') {
        // A stopped connector pauses without tasks.
        e.target = 'PAUSED'
        await this.#worker.setConnectorTargetState(name, 'PAUSED')
        return
      }
      e.target = 'PAUSED'
      await this.#worker.setConnectorTargetState(name, 'PAUSED')
    })
  }

  resumeConnector (name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name, `Unknown connector ${name}`)
      const was = e.target
      e.target = 'STARTED'
      if (!this.#worker.connectorNames().includes(name)) {
        await this.#startConnector(name, e)
        return
      }
      await this.#worker.setConnectorTargetState(name, 'STARTED')
      if (was === 'STOPPED' || e.tasks.length === 0) await this.#updateTasks(name, e)
    })
  }

  stopConnector (name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name, `Unknown connector ${name}`)
      await this.#worker.stopTasks(e.tasks.map((_, task) => ({ connector: name, task })))
      for (let t = 0; t < e.tasks.length; t++) this.statuses.deleteTask(name, t)
      e.tasks = []
      e.target = 'STOPPED'
      if (this.#worker.connectorNames().includes(name)) await this.#worker.setConnectorTargetState(name, 'STOPPED')
      else this.#putStatus(name, null, 'STOPPED')
    })
  }

  topicTrackingEnabled (): boolean {
    return this.#o.topicTracking?.enabled ?? true
  }

  topicTrackingResetAllowed (): boolean {
    return this.#o.topicTracking?.allowReset ?? true
  }

  connectorActiveTopics (name: string): string[] | null {
    if (!this.topicTrackingEnabled()) return null
    let set = this.#activeTopics.get(name)
    if (set === undefined) this.#activeTopics.set(name, set = new Set())
    for (const t of this.#worker.activeTopics(name)) set.add(t)
    return [...set].sort()
  }

  resetConnectorActiveTopics (name: string): void {
    this.#activeTopics.delete(name)
    this.#worker.resetActiveTopics(name)
  }

  async connectorOffsets (name: string): Promise<ConnectorOffsets> {
    const e = this.#entry(name)
    if (this.#worker.connectorType(e.config) === 'sink') {
      const admin = await this.#o.admin()
      try {
        return await sinkOffsets(admin, sinkGroupId(name, e.config))
      } finally {
        await admin.close()
      }
    }
    return sourceOffsets(this.#o.offsetStore, name)
  }

  #alter (name: string, body: ConnectorOffsets | null): Promise<Message> {
    return this.#serial(async () => {
      const e = this.#entry(name)
      if (e.target !== 'STOPPED' || e.tasks.length > 0) {
        throw new BadRequestError(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
      }
      const config = await this.#worker.resolve(e.config)
      const connector = instantiateConnector(this.#o.registry.connector(config['connector.class'] ?? ''))
      return alterOffsets({
        name, config, connector, isSink: connector instanceof SinkConnector, store: this.#o.offsetStore, admin: this.#o.admin
      }, body)
    })
  }

  alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<Message> {
    if (offsets === null || offsets === undefined || !Array.isArray(offsets.offsets) || offsets.offsets.length === 0) {
      return Promise.reject(new BadRequestError('Partitions / offsets need to be provided for an alter offsets request'))
    }
    return this.#alter(name, offsets)
  }

  resetConnectorOffsets (name: string): Promise<Message> {
    return this.#alter(name, null)
  }

  async validateConnectorConfig (config: Record<string, string | null>): Promise<ConfigInfos> {
    const strings: Record<string, string> = {}
    for (const [k, v] of Object.entries(config)) if (v !== null) strings[k] = v
    const resolved: Record<string, string | null> = { ...config, ...(await this.#worker.resolve(strings)) }
    return validateResolvedConfig(this.#o.registry, config, resolved)
  }

  plugins (connectorsOnly: boolean): PluginInfo[] {
    return this.#o.registry.list(connectorsOnly)
  }

  pluginConfig (plugin: string): ConfigKeyInfo[] {
    const entry = this.#o.registry.find(plugin, ['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate'])
    if (entry === undefined) throw new NotFoundError(`Unknown plugin ${plugin}.`)
    const def = PluginRegistry.configDefOf(entry)
    return def === undefined ? [] : [...def.configKeys.values()].map(k => convertConfigKey(k))
  }

  /** Stop everything (worker shutdown). */
  async stop (): Promise<void> {
    this.healing.close()
    await this.#serial(async () => {
      for (const [name, e] of this.#connectors) await this.#stopAll(name, e)
    })
  }
}

function stateOf (s: Status): { state: ConnectorState, worker_id: string, trace?: string } {
  return s.trace === undefined ? { state: s.state, worker_id: s.workerId } : { state: s.state, worker_id: s.workerId, trace: s.trace }
}
