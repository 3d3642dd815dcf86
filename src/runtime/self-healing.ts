// Automatic restart of failed and stalled tasks (kconnect; Kafka Connect never restarts a task by itself). Off by
// default, which is Kafka's behaviour. Keys, set on the worker as defaults and overridable per connector:
//   kconnect.restart.on.failure=true        restart a FAILED task (and a stalled one)
//   kconnect.restart.max.attempts=10        give up after this many restarts in a row (a RUNNING stretch of
//                                           kconnect.restart.backoff.max.ms resets the count)
//   kconnect.restart.backoff.initial.ms=1000, kconnect.restart.backoff.max.ms=60000   doubling delay between restarts
//   kconnect.stall.timeout.ms=0             > 0: a task whose poll()/put() has not returned for this long is FAILED
//                                           with a "stalled" trace (and restarted when restarts are on)
import type { ConnectorState, ConnectorTaskId } from './entities.ts'
import type { Logger } from './logger.ts'

export interface HealingPolicy {
  restartOnFailure: boolean
  maxAttempts: number
  backoffInitialMs: number
  backoffMaxMs: number
  stallTimeoutMs: number
}

export function healingPolicy (worker: Readonly<Record<string, string>>, connector: Readonly<Record<string, string>>): HealingPolicy {
  const get = (k: string): string | undefined => connector[k] ?? worker[k]
  const num = (k: string, d: number): number => {
    const v = get(k)
    const n = v === undefined ? NaN : Number(v)
    return Number.isFinite(n) && n >= 0 ? n : d
  }
  return {
    restartOnFailure: (get('kconnect.restart.on.failure') ?? 'false').trim().toLowerCase() === 'true',
    maxAttempts: num('kconnect.restart.max.attempts', 10),
    backoffInitialMs: num('kconnect.restart.backoff.initial.ms', 1000),
    backoffMaxMs: num('kconnect.restart.backoff.max.ms', 60000),
    stallTimeoutMs: num('kconnect.stall.timeout.ms', 0)
  }
}

interface TaskRecord { id: ConnectorTaskId, attempts: number, restarts: number, runningSince: number | null, timer: NodeJS.Timeout | null }

export class SelfHealing {
  readonly #tasks = new Map<string, TaskRecord>()
  readonly #restart: (id: ConnectorTaskId) => Promise<void>
  readonly #log: Logger

  constructor (restart: (id: ConnectorTaskId) => Promise<void>, log: Logger) {
    this.#restart = restart
    this.#log = log
  }

  #record (id: ConnectorTaskId): TaskRecord {
    const k = JSON.stringify([id.connector, id.task])
    let r = this.#tasks.get(k)
    if (r === undefined) this.#tasks.set(k, r = { id, attempts: 0, restarts: 0, runningSince: null, timer: null })
    return r
  }

  /** Feed every task status change; schedules a restart when the policy says so. */
  onTaskState (id: ConnectorTaskId, state: ConnectorState, policy: HealingPolicy): void {
    const r = this.#record(id)
    const now = Date.now()
    if (state === 'RUNNING') {
      r.runningSince = now
      return
    }
    if (state !== 'FAILED' || !policy.restartOnFailure) return
    if (r.runningSince !== null && now - r.runningSince >= policy.backoffMaxMs) r.attempts = 0
    r.runningSince = null
    if (r.timer !== null) return
    if (r.attempts >= policy.maxAttempts) {
      this.#log.error(`Task ${id.connector}-${id.task} failed again after ${r.attempts} automatic restarts; leaving it FAILED`)
      return
    }
    const delay = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** r.attempts)
    r.attempts++
    this.#log.warn(`Task ${id.connector}-${id.task} FAILED; automatic restart ${r.attempts}/${policy.maxAttempts} in ${delay} ms`)
    r.timer = setTimeout(() => {
      r.timer = null
      r.restarts++
      this.#restart(id).catch((err: unknown) => this.#log.error({ err }, `Automatic restart of task ${id.connector}-${id.task} failed`))
    }, delay)
    r.timer.unref()
  }

  /** A manual restart, reconfiguration or deletion resets the count and cancels a pending restart. */
  forget (connector: string, task?: number): void {
    for (const [k, r] of this.#tasks) {
      if (r.id.connector === connector && (task === undefined || r.id.task === task)) {
        if (r.timer !== null) clearTimeout(r.timer)
        this.#tasks.delete(k)
      }
    }
  }

  /** Restarts done so far, per task (for the metrics). */
  restarts (): Array<{ connector: string, task: number, count: number }> {
    const out: Array<{ connector: string, task: number, count: number }> = []
    for (const r of this.#tasks.values()) out.push({ connector: r.id.connector, task: r.id.task, count: r.restarts })
    return out
  }

  close (): void {
    for (const r of this.#tasks.values()) if (r.timer !== null) clearTimeout(r.timer)
  }
}
