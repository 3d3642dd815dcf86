// An in-memory Herder for REST tests: connectors are config maps with a target state and tasks.max tasks; statuses
// follow the target state; errors carry Kafka's messages (NotFoundError / AlreadyExistsError / BadRequestError /
// plain errors for 500s). Two plugins are known: MemorySource (source) and MemorySink (sink), matched as Kafka matches
// connector classes (full name, simple name, simple name without `Connector`).
import { AlreadyExistsError, NotFoundError } from '../../src/api/errors.ts'
import { javaMapString } from '../../src/runtime/connector-validation.ts'
import type {
  ConfigInfos, ConfigKeyInfo, ConnectorConfigMap, ConnectorInfo, ConnectorOffset, ConnectorOffsets, ConnectorStateInfo,
  ConnectorType, InitialState, Message, PluginInfo, RestartRequest, ServerInfo, TaskInfo, TaskState, TargetState
} from '../../src/runtime/entities.ts'
import { BadRequestError } from '../../src/runtime/errors.ts'
import type { Herder, PutConnectorResult } from '../../src/runtime/herder.ts'

export const SOURCE_CLASS = 'org.example.MemorySourceConnector'
export const SINK_CLASS = 'org.example.MemorySinkConnector'
export const WORKER_ID = '127.0.0.1:8083'

const PLUGINS: PluginInfo[] = [
  { class: SINK_CLASS, type: 'sink', version: '1.0' },
  { class: SOURCE_CLASS, type: 'source', version: '1.0' },
  { class: 'org.example.Upper', type: 'transformation' },
  { class: 'org.example.StringConverter', type: 'converter', version: '1.0' }
]

function key (name: string, group: string | null, order: number): ConfigKeyInfo {
  return {
    name, type: 'STRING', required: false, default_value: null, importance: 'HIGH', documentation: null,
    group, width: 'NONE', display_name: name, dependents: [], order
  }
}

interface Entry {
  config: ConnectorConfigMap
  target: TargetState
  tasks: ConnectorConfigMap[]
  failed: Set<number>
  topics: string[]
  offsets: ConnectorOffset[]
}

export interface MemoryHerderOptions {
  topicTracking?: boolean
  topicTrackingReset?: boolean
  ready?: boolean
}

export class MemoryHerder implements Herder {
  readonly #connectors = new Map<string, Entry>()
  readonly calls: string[] = []
  isReady: boolean
  trackTopics: boolean
  allowTopicReset: boolean

  constructor (o: MemoryHerderOptions = {}) {
    this.isReady = o.ready ?? true
    this.trackTopics = o.topicTracking ?? true
    this.allowTopicReset = o.topicTrackingReset ?? true
  }

  serverInfo (): ServerInfo {
    return { version: '4.0.0-SNAPSHOT', commit: '1eb7644349cb0713', kafka_cluster_id: 'q1Sh-9_ISia_zwGINzRvyQ' }
  }

  ready (): boolean {
    return this.isReady
  }

  connectors (): string[] {
    return [...this.#connectors.keys()].sort()
  }

  #get (name: string, message: string): Entry {
    const e = this.#connectors.get(name)
    if (e === undefined) throw new NotFoundError(message)
    return e
  }

  #type (config: ConnectorConfigMap): ConnectorType {
    const cls = this.#connectorClass(config['connector.class'])
    return cls === SOURCE_CLASS ? 'source' : cls === SINK_CLASS ? 'sink' : 'unknown'
  }

  #connectorClass (value: string | null | undefined): string | undefined {
    if (value === undefined || value === null) return undefined
    return [SOURCE_CLASS, SINK_CLASS].find(c => {
      const simple = c.slice(c.lastIndexOf('.') + 1)
      return value === c || value === simple || `${value}Connector` === simple
    })
  }

  #info (name: string, e: Entry): ConnectorInfo {
    return { name, config: { ...e.config }, tasks: e.tasks.map((_c, task) => ({ connector: name, task })), type: this.#type(e.config) }
  }

  #validate (config: Record<string, string | null>): string {
    const cls = config['connector.class']
    if (cls === undefined || cls === null) throw new BadRequestError(`Connector config ${javaMapString(config)} contains no connector type`)
    const found = this.#connectorClass(cls)
    if (found === undefined) {
      throw new Error(`Failed to find any class that implements Connector and which name matches ${cls}, available connectors are: ${SINK_CLASS}, ${SOURCE_CLASS}`)
    }
    return found
  }

  #generateTasks (name: string, e: Entry): void {
    if (e.target === 'STOPPED') { e.tasks = []; return }
    const n = Number(e.config['tasks.max'] ?? '1')
    e.tasks = Array.from({ length: n }, (_v, i) => ({ ...e.config, 'task.class': 'org.example.MemoryTask', 'task.id': `${name}-${i}` }))
  }

  async connectorInfo (name: string): Promise<ConnectorInfo> {
    return this.#info(name, this.#get(name, `Connector ${name} not found`))
  }

  async connectorConfig (name: string): Promise<ConnectorConfigMap> {
    return { ...this.#get(name, `Connector ${name} not found`).config }
  }

  async putConnectorConfig (name: string, config: ConnectorConfigMap, opts: { allowReplace: boolean, initialState?: InitialState }): Promise<PutConnectorResult> {
    this.calls.push(`put ${name} ${JSON.stringify(opts)}`)
    if (name === '') throw new BadRequestError('Connector configuration is invalid and contains the following 1 error(s):\nInvalid value  for configuration name: String may not be empty\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`')
    this.#validate(config)
    const existing = this.#connectors.get(name)
    if (existing !== undefined && !opts.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`)
    const target: TargetState = opts.initialState === undefined || opts.initialState === 'RUNNING' ? 'STARTED' : opts.initialState
    const e: Entry = existing ?? { config, target, tasks: [], failed: new Set(), topics: [], offsets: [] }
    e.config = { ...config }
    const info = this.#info(name, e) // the state right after the write: no tasks yet when created
    if (existing === undefined) info.tasks = []
    this.#connectors.set(name, e)
    this.#generateTasks(name, e)
    return { created: existing === undefined, info }
  }

  async patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const e = this.#get(name, `Connector ${name} not found`)
    const config: Record<string, string> = { ...e.config }
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete config[k]
      else config[k] = v
    }
    return (await this.putConnectorConfig(name, config, { allowReplace: true })).info
  }

  async deleteConnector (name: string): Promise<void> {
    this.#get(name, `Connector ${name} not found`)
    this.#connectors.delete(name)
  }

  #state (e: Entry): 'RUNNING' | 'PAUSED' | 'STOPPED' {
    return e.target === 'STARTED' ? 'RUNNING' : e.target
  }

  connectorStatus (name: string): ConnectorStateInfo {
    const e = this.#get(name, `No status found for connector ${name}`)
    return {
      name,
      connector: { state: this.#state(e), worker_id: WORKER_ID },
      tasks: e.tasks.map((_c, id) => this.taskStatus(name, id)),
      type: this.#type(e.config)
    }
  }

  taskStatus (name: string, task: number): TaskState {
    const e = this.#connectors.get(name)
    if (e === undefined || task < 0 || task >= e.tasks.length) throw new NotFoundError(`No status found for task ${name}-${task}`)
    if (e.failed.has(task)) return { id: task, state: 'FAILED', worker_id: WORKER_ID, trace: 'org.example.Boom: failed\n\tat task' }
    return { id: task, state: this.#state(e), worker_id: WORKER_ID }
  }

  /** Test hook: mark a task failed. */
  failTask (name: string, task: number): void {
    this.#get(name, `Unknown connector: ${name}`).failed.add(task)
  }

  async taskConfigs (name: string): Promise<TaskInfo[]> {
    const e = this.#get(name, `Connector ${name} not found`)
    return e.tasks.map((config, task) => ({ id: { connector: name, task }, config }))
  }

  async restartConnector (name: string): Promise<void> {
    this.#get(name, `Unknown connector: ${name}`)
    this.calls.push(`restart ${name}`)
  }

  async restartConnectorAndTasks (name: string, request: RestartRequest): Promise<ConnectorStateInfo> {
    this.#get(name, `Unknown connector: ${name}`)
    const status = this.connectorStatus(name)
    const restartConnector = !request.onlyFailed || status.connector.state === 'FAILED'
    return {
      ...status,
      connector: restartConnector ? { ...status.connector, state: 'RESTARTING' } : status.connector,
      tasks: status.tasks.map(t => request.includeTasks && (!request.onlyFailed || t.state === 'FAILED')
        ? { id: t.id, state: 'RESTARTING', worker_id: t.worker_id }
        : t)
    }
  }

  async restartTask (name: string, task: number): Promise<void> {
    const e = this.#get(name, `Unknown connector: ${name}`)
    if (task < 0 || task >= e.tasks.length) throw new NotFoundError(`Unknown task: ${name}-${task}`)
    e.failed.delete(task)
  }

  async pauseConnector (name: string): Promise<void> {
    this.#get(name, `Unknown connector ${name}`).target = 'PAUSED'
  }

  async resumeConnector (name: string): Promise<void> {
    const e = this.#get(name, `Unknown connector ${name}`)
    const wasStopped = e.target === 'STOPPED'
    e.target = 'STARTED'
    if (wasStopped) this.#generateTasks(name, e)
  }

  async stopConnector (name: string): Promise<void> {
    const e = this.#connectors.get(name)
    if (e === undefined) throw new Error(`No connector \`${name}\` configured`)
    e.target = 'STOPPED'
    e.tasks = []
  }

  connectorActiveTopics (name: string): string[] | null {
    if (!this.trackTopics) return null
    return [...(this.#connectors.get(name)?.topics ?? [])]
  }

  /** Test hook: record a topic as used by the connector. */
  useTopic (name: string, topic: string): void {
    this.#get(name, `Connector ${name} not found`).topics.push(topic)
  }

  resetConnectorActiveTopics (name: string): void {
    const e = this.#connectors.get(name)
    if (e !== undefined) e.topics = []
  }

  topicTrackingEnabled (): boolean {
    return this.trackTopics
  }

  topicTrackingResetAllowed (): boolean {
    return this.allowTopicReset
  }

  async connectorOffsets (name: string): Promise<ConnectorOffsets> {
    return { offsets: this.#get(name, `Connector ${name} not found`).offsets.map(o => ({ ...o })) }
  }

  #stopped (name: string): Entry {
    const e = this.#get(name, `Connector ${name} not found`)
    if (e.target !== 'STOPPED' || e.tasks.length > 0) {
      throw new BadRequestError(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
    }
    return e
  }

  async alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<Message> {
    const e = this.#stopped(name)
    for (const o of offsets.offsets) {
      if (o.partition === null) throw new BadRequestError('The partition for a source connector offset cannot be null or missing')
      const key = JSON.stringify(o.partition)
      e.offsets = e.offsets.filter(x => JSON.stringify(x.partition) !== key)
      if (o.offset !== null) e.offsets.push({ partition: o.partition, offset: o.offset })
    }
    return { message: 'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.' }
  }

  async resetConnectorOffsets (name: string): Promise<Message> {
    this.#stopped(name).offsets = []
    return { message: 'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.' }
  }

  async validateConnectorConfig (config: Record<string, string | null>): Promise<ConfigInfos> {
    const cls = config['connector.class']!
    this.#validate(config)
    const keys = [key('name', 'Common', 1), key('connector.class', 'Common', 2), key('tasks.max', 'Common', 3)]
    const configs = keys.map(k => {
      const v = config[k.name]
      const errors = v === null ? ['Null value can not be supplied as the configuration value.'] : v === undefined && k.name === 'name' ? ['Missing required configuration "name" which has no default value.'] : []
      return { definition: k, value: { name: k.name, value: v ?? null, recommended_values: [], errors, visible: true } }
    })
    const errorCount = configs.reduce((n, c) => n + c.value.errors.length, 0)
    return { name: cls, error_count: errorCount, groups: ['Common'], configs }
  }

  plugins (connectorsOnly: boolean): PluginInfo[] {
    return PLUGINS.filter(p => !connectorsOnly || p.type === 'source' || p.type === 'sink').map(p => ({ ...p }))
  }

  pluginConfig (plugin: string): ConfigKeyInfo[] {
    if (!PLUGINS.some(p => p.class === plugin || p.class.endsWith(`.${plugin}`))) throw new NotFoundError(`Unknown plugin ${plugin}.`)
    return [key('topic', null, -1)]
  }
}
