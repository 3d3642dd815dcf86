// Response bodies rebuilt field by field in Kafka Connect's (Jackson's) order, whatever order the herder built them
// in; optional fields are left out as Jackson leaves them out.
import type {
  AbstractState, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, Message, PluginInfo, ServerInfo, TaskInfo, TaskState
} from '../runtime/entities.ts'

export function serverInfo (s: ServerInfo): ServerInfo {
  return { version: s.version, commit: s.commit, kafka_cluster_id: s.kafka_cluster_id ?? null }
}

export function connectorInfo (c: ConnectorInfo): ConnectorInfo {
  return {
    name: c.name,
    config: c.config,
    tasks: c.tasks.map(t => ({ connector: t.connector, task: t.task })),
    type: c.type
  }
}

function abstractState (s: AbstractState): AbstractState {
  const out: AbstractState = { state: s.state, worker_id: s.worker_id }
  if (s.trace !== undefined && s.trace !== null && s.trace !== '') out.trace = s.trace
  return out
}

export function taskState (t: TaskState): TaskState {
  return { id: t.id, ...abstractState(t) }
}

export function connectorStateInfo (s: ConnectorStateInfo): ConnectorStateInfo {
  return { name: s.name, connector: abstractState(s.connector), tasks: s.tasks.map(taskState), type: s.type }
}

export function taskInfo (t: TaskInfo): TaskInfo {
  return { id: { connector: t.id.connector, task: t.id.task }, config: t.config }
}

export function pluginInfo (p: PluginInfo): PluginInfo {
  const out: PluginInfo = { class: p.class, type: p.type }
  if (p.version !== undefined && p.version !== null) out.version = p.version
  return out
}

export function connectorOffsets (o: ConnectorOffsets): ConnectorOffsets {
  return { offsets: o.offsets.map(e => ({ partition: e.partition, offset: e.offset ?? null })) }
}

export function message (m: Message): Message {
  return { message: m.message }
}
