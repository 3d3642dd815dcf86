// What the REST API asks of a worker (Kafka's Herder). The standalone herder implements it directly; the distributed
// herder adds forwarding to the leader. Methods throw ConnectRestError (or NotFoundError / AlreadyExistsError, which
// map to 404 / 409); anything else becomes a 500 with the error's message.
import type {
  ConfigInfos, ConfigKeyInfo, ConnectorConfigMap, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, InitialState,
  Message, PluginInfo, RestartRequest, ServerInfo, TaskInfo, TaskState
} from './entities.ts'

export interface PutConnectorResult { created: boolean, info: ConnectorInfo }

export interface Herder {
  serverInfo (): ServerInfo
  /** Resolves once the worker can serve requests (GET /health). */
  ready (): boolean

  connectors (): string[]
  connectorInfo (name: string): Promise<ConnectorInfo>
  connectorConfig (name: string): Promise<ConnectorConfigMap>
  /** Create or replace. `allowReplace=false` (POST) → AlreadyExistsError when it exists. */
  putConnectorConfig (name: string, config: ConnectorConfigMap, opts: { allowReplace: boolean, initialState?: InitialState }): Promise<PutConnectorResult>
  /** Apply a patch (null removes the key) to an existing connector's config. */
  patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo>
  deleteConnector (name: string): Promise<void>

  connectorStatus (name: string): ConnectorStateInfo
  taskStatus (name: string, task: number): TaskState
  taskConfigs (name: string): Promise<TaskInfo[]>

  restartConnector (name: string): Promise<void>
  /** The `includeTasks`/`onlyFailed` restart: returns the planned states (RESTARTING for what restarts). */
  restartConnectorAndTasks (name: string, request: RestartRequest): Promise<ConnectorStateInfo>
  restartTask (name: string, task: number): Promise<void>
  pauseConnector (name: string): Promise<void>
  resumeConnector (name: string): Promise<void>
  stopConnector (name: string): Promise<void>

  /** Topics the connector used since its last reset (null = topic tracking disabled). */
  connectorActiveTopics (name: string): string[] | null
  resetConnectorActiveTopics (name: string): void
  topicTrackingEnabled (): boolean
  topicTrackingResetAllowed (): boolean

  connectorOffsets (name: string): Promise<ConnectorOffsets>
  alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<Message>
  resetConnectorOffsets (name: string): Promise<Message>

  validateConnectorConfig (config: Record<string, string | null>): Promise<ConfigInfos>
  plugins (connectorsOnly: boolean): PluginInfo[]
  /** Config keys of any plugin (connector, converter, transformation, predicate) by class name or alias. */
  pluginConfig (plugin: string): ConfigKeyInfo[]
}
