// Kafka's RetryWithToleranceOperator (kafka-connect-behavior.md §11.2): run a stage of record processing; retry
// RetriableErrors with exponential backoff (300 ms << attempt, capped by errors.retry.delay.max.ms, bounded by
// errors.retry.timeout); under errors.tolerance=all skip the record after reporting it, under none fail the task.
// The happy path is synchronous: only a failure goes async.
import { ConnectError, RetriableError } from '../../api/errors.ts'
import { ErrorMetrics, TOLERABLE_STAGES, type ErrorReporter, type ProcessingFailure, type Stage } from './stage.ts'

export const SKIPPED: unique symbol = Symbol('kconnect.record.skipped')
export type Skipped = typeof SKIPPED

export interface ToleranceConfig {
  /** errors.retry.timeout: 0 = no retries, -1 = retry forever. */
  retryTimeoutMs: number
  retryDelayMaxMs: number
  tolerance: 'none' | 'all'
}

export function toleranceConfig (config: Readonly<Record<string, string>>): ToleranceConfig {
  const num = (k: string, d: number): number => {
    const n = Number(config[k])
    return config[k] === undefined || !Number.isFinite(n) ? d : n
  }
  return {
    retryTimeoutMs: num('errors.retry.timeout', 0),
    retryDelayMaxMs: num('errors.retry.delay.max.ms', 60000),
    tolerance: (config['errors.tolerance'] ?? 'none').trim().toLowerCase() === 'all' ? 'all' : 'none'
  }
}

export class RetryWithToleranceOperator {
  readonly #config: ToleranceConfig
  readonly #reporters: ErrorReporter[]
  readonly metrics: ErrorMetrics
  readonly #stopped: () => boolean

  constructor (config: ToleranceConfig, reporters: ErrorReporter[], metrics = new ErrorMetrics(), stopped: () => boolean = () => false) {
    this.#config = config
    this.#reporters = reporters
    this.metrics = metrics
    this.#stopped = stopped
  }

  get tolerance (): 'none' | 'all' {
    return this.#config.tolerance
  }

  get hasReporters (): boolean {
    return this.#reporters.length > 0
  }

  /** Run `fn` for one record. Returns its value, SKIPPED (tolerated failure), or a promise when it failed once. */
  run<T> (stage: Stage, className: string, fn: () => T, context: Omit<ProcessingFailure, 'stage' | 'className' | 'error'> = {}): T | Skipped | Promise<T | Skipped> {
    try {
      return fn()
    } catch (err) {
      return this.#failed(stage, className, fn, err, context)
    }
  }

  /** Same as run() for an async operation. */
  async runAsync<T> (stage: Stage, className: string, fn: () => Promise<T>, context: Omit<ProcessingFailure, 'stage' | 'className' | 'error'> = {}): Promise<T | Skipped> {
    try {
      return await fn()
    } catch (err) {
      return await this.#failed(stage, className, fn, err, context)
    }
  }

  async #failed<T> (stage: Stage, className: string, fn: () => T | Promise<T>, first: unknown, context: Omit<ProcessingFailure, 'stage' | 'className' | 'error'>): Promise<T | Skipped> {
    const start = Date.now()
    const deadline = this.#config.retryTimeoutMs < 0 ? Infinity : start + this.#config.retryTimeoutMs
    let err = first
    let attempt = 0
    while (err instanceof RetriableError && !this.#stopped()) {
      this.metrics.totalRecordFailures++
      attempt++
      const now = Date.now()
      if (now >= deadline) break
      let delay = 300 * 2 ** (attempt - 1)
      if (delay > this.#config.retryDelayMaxMs) delay = Math.floor(Math.random() * this.#config.retryDelayMaxMs)
      delay = Math.min(delay, deadline - now)
      await new Promise(resolve => setTimeout(resolve, delay))
      this.metrics.totalRetries++
      try {
        return await fn()
      } catch (again) {
        err = again
      }
    }
    if (!(err instanceof RetriableError)) this.metrics.totalRecordFailures++
    const failure: ProcessingFailure = { stage, className, error: err, ...context }
    if (!TOLERABLE_STAGES.has(stage) && !(err instanceof RetriableError)) {
      throw new ConnectError('Unhandled exception in error handler', { cause: err })
    }
    this.metrics.totalRecordErrors++
    this.metrics.lastErrorTimestamp = Date.now()
    await this.report(failure)
    if (this.#config.tolerance === 'none') throw new ConnectError('Tolerance exceeded in error handler', { cause: err })
    this.metrics.totalRecordsSkipped++
    return SKIPPED
  }

  /** Hand a failure to every reporter (log, DLQ); reporter failures are contained. */
  async report (failure: ProcessingFailure): Promise<void> {
    for (const r of this.#reporters) {
      try {
        await r.report(failure)
      } catch {
        // a reporter logs its own failures
      }
    }
  }

  async close (): Promise<void> {
    for (const r of this.#reporters) await r.close?.().catch(() => {})
  }
}
