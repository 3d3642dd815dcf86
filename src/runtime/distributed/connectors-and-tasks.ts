// Sets of connectors and tasks for the incremental cooperative assignor (Kafka's ConnectorsAndTasks and
// WorkerLoad): insertion-ordered, so "the front of a worker's list" is the order the worker reported its work in,
// and conversions to and from the wire form of connect-protocol.ts (connector → task ids, CONNECTOR_TASK first).
import type { ConnectorTaskId } from '../entities.ts'
import { CONNECTOR_TASK, type ConnectorAssignments } from './connect-protocol.ts'

/** A task's identity as a map key; unambiguous because the task part is always an integer. */
export const taskKey = (t: ConnectorTaskId): string => `${t.connector}/${t.task}`

export const compareTasks = (a: ConnectorTaskId, b: ConnectorTaskId): number =>
  a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : a.task - b.task

export class ConnectorsAndTasks {
  readonly connectors = new Set<string>()
  readonly #tasks = new Map<string, ConnectorTaskId>()

  static of (connectors: Iterable<string> = [], tasks: Iterable<ConnectorTaskId> = []): ConnectorsAndTasks {
    const out = new ConnectorsAndTasks()
    for (const c of connectors) out.connectors.add(c)
    for (const t of tasks) out.addTask(t)
    return out
  }

  /** Every configured connector and its tasks 0..n-1, sorted by connector name. */
  static configured (connectors: ReadonlyMap<string, number>): ConnectorsAndTasks {
    const out = new ConnectorsAndTasks()
    for (const c of [...connectors.keys()].sort()) {
      out.connectors.add(c)
      for (let t = 0; t < connectors.get(c)!; t++) out.addTask({ connector: c, task: t })
    }
    return out
  }

  /** The wire form (connector → task ids with CONNECTOR_TASK for the connector instance). */
  static fromAssignments (a: ConnectorAssignments | null | undefined): ConnectorsAndTasks {
    const out = new ConnectorsAndTasks()
    if (a === null || a === undefined) return out
    for (const [connector, ids] of a) {
      for (const id of ids) {
        if (id === CONNECTOR_TASK) out.connectors.add(connector)
        else out.addTask({ connector, task: id })
      }
    }
    return out
  }

  get tasks (): ConnectorTaskId[] {
    return [...this.#tasks.values()]
  }

  get taskCount (): number {
    return this.#tasks.size
  }

  get size (): number {
    return this.connectors.size + this.#tasks.size
  }

  isEmpty (): boolean {
    return this.size === 0
  }

  hasTask (t: ConnectorTaskId): boolean {
    return this.#tasks.has(taskKey(t))
  }

  addTask (t: ConnectorTaskId): this {
    const k = taskKey(t)
    if (!this.#tasks.has(k)) this.#tasks.set(k, { connector: t.connector, task: t.task })
    return this
  }

  deleteTask (t: ConnectorTaskId): boolean {
    return this.#tasks.delete(taskKey(t))
  }

  addAll (other: ConnectorsAndTasks): this {
    for (const c of other.connectors) this.connectors.add(c)
    for (const t of other.#tasks.values()) this.addTask(t)
    return this
  }

  removeAll (other: ConnectorsAndTasks): this {
    for (const c of other.connectors) this.connectors.delete(c)
    for (const k of other.#tasks.keys()) this.#tasks.delete(k)
    return this
  }

  copy (): ConnectorsAndTasks {
    return new ConnectorsAndTasks().addAll(this)
  }

  /** A copy without anything in the others. */
  minus (...others: ConnectorsAndTasks[]): ConnectorsAndTasks {
    const out = this.copy()
    for (const o of others) out.removeAll(o)
    return out
  }

  /** What both hold, in this one's order. */
  intersection (other: ConnectorsAndTasks): ConnectorsAndTasks {
    return ConnectorsAndTasks.of([...this.connectors].filter(c => other.connectors.has(c)), this.tasks.filter(t => other.hasTask(t)))
  }

  intersects (other: ConnectorsAndTasks): boolean {
    for (const c of this.connectors) if (other.connectors.has(c)) return true
    for (const k of this.#tasks.keys()) if (other.#tasks.has(k)) return true
    return false
  }

  /** The wire form: per connector, CONNECTOR_TASK first (if the connector is included), then its task ids in order. */
  toAssignments (): ConnectorAssignments {
    const out: ConnectorAssignments = new Map()
    for (const c of this.connectors) out.set(c, [CONNECTOR_TASK])
    for (const t of this.#tasks.values()) {
      let ids = out.get(t.connector)
      if (ids === undefined) out.set(t.connector, ids = [])
      ids.push(t.task)
    }
    return out
  }

  /** For tests and logs: `['c', 'c-0', 'c-1']`. */
  toStrings (): string[] {
    return [...this.connectors, ...this.tasks.map(t => `${t.connector}-${t.task}`)]
  }
}

/** One worker's connectors and tasks (Kafka's WorkerLoad). */
export interface WorkerLoad {
  readonly worker: string
  readonly load: ConnectorsAndTasks
}
