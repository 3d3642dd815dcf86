// The bodies the REST API returns, field for field and in Kafka Connect's order (kafka-connect-behavior.md §1.3).
import type { ConfigInfos, ConfigKeyInfo } from '../config/config-infos.ts'
import type { PluginType } from '../api/plugin.ts'

export type ConnectorType = 'source' | 'sink' | 'unknown'
export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING'
/** Target states kept with the connector config. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED'
/** `initial_state` of a create request. */
export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED'

export type ConnectorConfigMap = Record<string, string>

export interface ConnectorTaskId { connector: string, task: number }

export interface ServerInfo { version: string, commit: string, kafka_cluster_id: string | null }

export interface ConnectorInfo {
  name: string
  config: ConnectorConfigMap
  tasks: ConnectorTaskId[]
  type: ConnectorType
}

export interface AbstractState { state: ConnectorState, worker_id: string, trace?: string }
export interface TaskState extends AbstractState { id: number }

export interface ConnectorStateInfo {
  name: string
  connector: AbstractState
  tasks: TaskState[]
  type: ConnectorType
}

export interface TaskInfo { id: ConnectorTaskId, config: ConnectorConfigMap }

export interface PluginInfo { class: string, type: PluginType, version?: string }

export interface ConnectorOffset { partition: Record<string, unknown>, offset: Record<string, unknown> | null }
export interface ConnectorOffsets { offsets: ConnectorOffset[] }

export interface Message { message: string }

export interface LoggerLevel { level: string, last_modified: number | null }

export interface RestartRequest { includeTasks: boolean, onlyFailed: boolean }

export type { ConfigInfos, ConfigKeyInfo }
