// Records of the config topic (kafka-connect-behavior.md §4.1): their keys and JSON values, and the state a worker
// rebuilds by replaying them (reader rules 1-6: task configs apply only with their commit, target states may precede
// their connector, deletions, inconsistent connectors). Pure: the Kafka-backed store feeds records in and writes
// what these functions encode.
import type { TargetState } from '../entities.ts'

type Props = Record<string, string>

export const configKeys = {
  connector: (c: string): string => `connector-${c}`,
  task: (c: string, n: number): string => `task-${c}-${n}`,
  commit: (c: string): string => `commit-${c}`,
  targetState: (c: string): string => `target-state-${c}`,
  restart: (c: string): string => `restart-connector-${c}`,
  loggerCluster: (ns: string): string => `logger-cluster-${ns}`,
  taskCount: (c: string): string => `tasks-fencing-${c}`,
  sessionKey: 'session-key'
}

const json = (v: unknown): string => JSON.stringify(v)

export const configValues = {
  connector: (props: Props): string => json({ properties: props }),
  task: (props: Props): string => json({ properties: props }),
  commit: (tasks: number): string => json({ tasks }),
  /** STOPPED is written as PAUSED in `state` for readers that predate it. */
  targetState: (state: TargetState): string => json({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state }),
  restart: (includeTasks: boolean, onlyFailed: boolean): string => json({ 'include-tasks': includeTasks, 'only-failed': onlyFailed }),
  loggerCluster: (level: string): string => json({ level }),
  taskCount: (taskCount: number): string => json({ 'task-count': taskCount }),
  sessionKey: (keyBase64: string, algorithm: string, creationTimestamp: number): string =>
    json({ key: keyBase64, algorithm, 'creation-timestamp': creationTimestamp })
}

export interface RestartRequestRecord { connector: string, includeTasks: boolean, onlyFailed: boolean }

/** The inter-worker signing key of the `session-key` record (key = base64 of the raw key bytes). */
export interface SessionKeyRecord { key: string, algorithm: string, creationTimestamp: number }

/** What replaying the config topic yields. */
export class ConfigState {
  readonly connectors = new Map<string, Props>()
  readonly targetStates = new Map<string, TargetState>()
  readonly taskConfigs = new Map<string, Props[]>()
  readonly inconsistent = new Set<string>()
  /** N of the latest `commit-{c}` (also for inconsistent connectors). */
  readonly taskCounts = new Map<string, number>()
  /** Bumped (from 0) each time a commit applies task configs. */
  readonly taskConfigGenerations = new Map<string, number>()
  /** The connector config in force when the last consistent commit was read. */
  readonly appliedConnectorConfigs = new Map<string, Props>()
  /** Task configs committed after the latest `tasks-fencing-{c}` record (EOS zombie fencing due). */
  readonly pendingFencing = new Set<string>()
  /** `tasks-fencing-{c}` task counts. */
  readonly taskCountRecords = new Map<string, number>()
  /** Task numbers applied by the last commit read (for the task-config listener). */
  lastUpdatedTasks: number[] = []
  readonly #buffered = new Map<string, Map<number, Props>>()
  sessionKey: SessionKeyRecord | null = null
  /** Next offset to read (last applied record's offset + 1; -1 before any). */
  offset = -1n
  /** Restart requests and cluster logger levels seen (the store decides which are recent enough to act on). */
  readonly restarts: RestartRequestRecord[] = []
  readonly loggerLevels = new Map<string, string>()
  /** Problems met while replaying (unparsable values, unknown keys). */
  readonly problems: string[] = []

  /** Apply one record; returns what changed, for listeners. */
  apply (key: string, value: string | null, offset: bigint): string | null {
    this.offset = offset + 1n
    let parsed: Record<string, unknown> | null = null
    if (value !== null) {
      try {
        parsed = JSON.parse(value) as Record<string, unknown>
      } catch {
        this.problems.push(`Failed to convert config data to Kafka Connect format for key ${key}`)
        return null
      }
    }
    if (key.startsWith('connector-')) return this.#connector(key.slice('connector-'.length), parsed)
    if (key.startsWith('target-state-')) return this.#target(key.slice('target-state-'.length), parsed)
    if (key.startsWith('task-')) return this.#task(key, parsed)
    if (key.startsWith('commit-')) return this.#commit(key.slice('commit-'.length), parsed)
    if (key.startsWith('restart-connector-') && parsed !== null) {
      this.restarts.push({ connector: key.slice('restart-connector-'.length), includeTasks: parsed['include-tasks'] === true, onlyFailed: parsed['only-failed'] === true })
      return 'restart'
    }
    if (key.startsWith('logger-cluster-')) {
      const ns = key.slice('logger-cluster-'.length)
      if (typeof parsed?.level !== 'string') { this.problems.push(`Ignoring logging level for namespace ${ns} because it is not a string`); return null }
      this.loggerLevels.set(ns, parsed.level)
      return 'logger'
    }
    if (key === 'session-key') {
      const k = parsed?.key
      const algorithm = parsed?.algorithm
      const ts = parsed?.['creation-timestamp']
      if (typeof k !== 'string' || typeof algorithm !== 'string' || typeof ts !== 'number' || !Number.isInteger(ts)) {
        this.problems.push('Ignoring session key because it is null or in the wrong format')
        return null
      }
      this.sessionKey = { key: k, algorithm, creationTimestamp: ts }
      return 'session-key'
    }
    if (key.startsWith('tasks-fencing-')) {
      const c = key.slice('tasks-fencing-'.length)
      const n = parsed?.['task-count']
      if (typeof n !== 'number' || !Number.isInteger(n)) { this.problems.push(`Ignoring task count record for connector '${c}' because it is in the wrong format`); return null }
      this.taskCountRecords.set(c, n)
      this.pendingFencing.delete(c)
      return 'task-count'
    }
    this.problems.push(`Discarding config update record with invalid key: ${key}`)
    return null
  }

  #connector (c: string, v: Record<string, unknown> | null): string {
    if (v === null) {
      this.connectors.delete(c)
      this.taskConfigs.delete(c)
      this.taskCounts.delete(c)
      this.appliedConnectorConfigs.delete(c)
      this.#buffered.delete(c)
      this.inconsistent.delete(c)
      return 'connector-removed'
    }
    this.connectors.set(c, { ...(v.properties as Props) })
    if (!this.targetStates.has(c)) this.targetStates.set(c, 'STARTED')
    return 'connector-updated'
  }

  #target (c: string, v: Record<string, unknown> | null): string {
    if (v === null) {
      this.targetStates.delete(c)
      if (this.connectors.has(c)) this.targetStates.set(c, 'STARTED')
      return 'target-state'
    }
    const s = String(v['state.v2'] ?? v.state)
    if (s === 'STARTED' || s === 'PAUSED' || s === 'STOPPED') this.targetStates.set(c, s)
    else this.problems.push(`Invalid target state for connector ${c}: ${s}`)
    return 'target-state'
  }

  #task (key: string, v: Record<string, unknown> | null): string | null {
    const parts = key.split('-')
    const n = Number(parts[parts.length - 1])
    const c = parts.slice(1, -1).join('-')
    if (!Number.isInteger(n) || c === '') { this.problems.push(`Invalid task key: ${key}`); return null }
    if (v === null) return null
    let buf = this.#buffered.get(c)
    if (buf === undefined) this.#buffered.set(c, buf = new Map())
    buf.set(n, { ...(v.properties as Props) })
    return null
  }

  #commit (c: string, v: Record<string, unknown> | null): string | null {
    if (v === null || !this.connectors.has(c)) { this.#buffered.delete(c); return null }
    const count = v.tasks
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      this.problems.push(`Ignoring connector tasks configuration commit for connector '${c}' because it is in the wrong format`)
      return null
    }
    const buf = this.#buffered.get(c) ?? new Map<number, Props>()
    this.#buffered.delete(c)
    const complete = Array.from({ length: count }, (_, i) => buf.get(i))
    this.taskCounts.set(c, count)
    this.pendingFencing.add(c)
    if (complete.every(p => p !== undefined)) {
      this.taskConfigs.set(c, complete as Props[])
      this.lastUpdatedTasks = [...buf.keys()].sort((a, b) => a - b)
      if (buf.size > 0) this.taskConfigGenerations.set(c, (this.taskConfigGenerations.get(c) ?? -1) + 1)
      this.appliedConnectorConfigs.set(c, { ...this.connectors.get(c)! })
      this.inconsistent.delete(c)
      return 'tasks-committed'
    }
    this.lastUpdatedTasks = []
    this.inconsistent.add(c)
    return 'tasks-inconsistent'
  }
}

/** Status topic keys and values (§4.3). */
export const statusKeys = {
  connector: (c: string): string => `status-connector-${c}`,
  task: (c: string, n: number): string => `status-task-${c}-${n}`,
  topic: (topic: string, c: string): string => `status-topic-${topic}:connector-${c}`
}

export function statusValue (state: string, trace: string | null, workerId: string, generation: number): string {
  return json({ state, trace, worker_id: workerId, generation })
}

export function topicStatusValue (topic: string, connector: string, task: number, discoverTimestamp: number): string {
  return json({ topic: { name: topic, connector, task, discoverTimestamp } })
}

/** Connector and task of a `status-task-…` key (split on `-`, last part = task, middle = connector). */
export function parseTaskStatusKey (key: string): { connector: string, task: number } | null {
  const parts = key.split('-')
  if (parts.length < 4 || parts[0] !== 'status' || parts[1] !== 'task') return null
  const task = Number(parts[parts.length - 1])
  if (!Number.isInteger(task)) return null
  return { connector: parts.slice(2, -1).join('-'), task }
}
