// Connector and task statuses (Kafka's StatusBackingStore). Standalone keeps them in memory; the distributed herder
// will back them with the status topic. `trace` is the failure's stack text.
import type { ConnectorState } from './entities.ts'

export interface Status {
  readonly state: ConnectorState
  readonly workerId: string
  readonly trace?: string
  readonly generation: number
}

export class MemoryStatusStore {
  readonly #connectors = new Map<string, Status>()
  readonly #tasks = new Map<string, Map<number, Status>>()

  putConnector (name: string, status: Status): void {
    this.#connectors.set(name, status)
  }

  putTask (connector: string, task: number, status: Status): void {
    let m = this.#tasks.get(connector)
    if (m === undefined) this.#tasks.set(connector, m = new Map())
    m.set(task, status)
  }

  connector (name: string): Status | undefined {
    return this.#connectors.get(name)
  }

  task (connector: string, task: number): Status | undefined {
    return this.#tasks.get(connector)?.get(task)
  }

  tasks (connector: string): Array<[number, Status]> {
    return [...(this.#tasks.get(connector) ?? new Map<number, Status>())].sort((a, b) => a[0] - b[0])
  }

  deleteTask (connector: string, task: number): void {
    this.#tasks.get(connector)?.delete(task)
  }

  deleteConnector (name: string): void {
    this.#connectors.delete(name)
    this.#tasks.delete(name)
  }
}

/** Java-style failure text for `trace`: the error's stack (name: message, then frames), causes appended. */
export function traceOf (err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  let out = err.stack ?? `${err.name}: ${err.message}`
  let cause = err.cause
  let depth = 0
  while (cause instanceof Error && depth++ < 5) {
    out += `\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`
    cause = cause.cause
  }
  return out
}
