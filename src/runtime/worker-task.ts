// What source and sink task runners share (Kafka's WorkerTask): the status transitions, the run loop with
// pause/resume, and stop with a bounded wait. Subclasses fill in start, one iteration, and cleanup.
import type { Props } from '../api/connector.ts'
import type { ConnectorTaskId, ConnectorState, TargetState } from './entities.ts'
import type { Logger } from './logger.ts'
import type { ErrorMetrics } from './errors/stage.ts'

export interface TaskStatusListener {
  onState (id: ConnectorTaskId, state: ConnectorState, error?: unknown): void
}

export interface WorkerTaskOptions {
  id: ConnectorTaskId
  taskConfig: Props
  initialState: TargetState
  listener: TaskStatusListener
  log: Logger
}

export abstract class WorkerTask {
  readonly id: ConnectorTaskId
  protected readonly log: Logger
  readonly #listener: TaskStatusListener
  readonly #abort = new AbortController()
  #target: TargetState
  #wakeup: (() => void) | null = null
  #done: Promise<void> | null = null
  #failed = false
  #cancelled = false
  /** When the current poll()/put() iteration began; null between iterations. */
  busySince: number | null = null

  constructor (o: WorkerTaskOptions) {
    this.id = o.id
    this.log = o.log
    this.#listener = o.listener
    this.#target = o.initialState
  }

  protected abstract initializeAndStart (): Promise<void>
  /** One step of work: poll and send, or consume and put. `signal` aborts when the task is stopping. */
  protected abstract iterate (signal: AbortSignal): Promise<void>
  /** Final commit, task.stop(), clients closed. Runs whether the task stopped or failed. */
  protected abstract cleanup (): Promise<void>
  protected abstract onPause (): void | Promise<void>
  protected abstract onResume (): void | Promise<void>

  /** task-error-metrics counters, for runners with error handling. */
  get errorMetrics (): ErrorMetrics | undefined {
    return undefined
  }

  get failed (): boolean {
    return this.#failed
  }

  get stopping (): boolean {
    return this.#abort.signal.aborted
  }

  #status (state: ConnectorState, error?: unknown): void {
    if (!this.#cancelled) this.#listener.onState(this.id, state, error)
  }

  /** Begin running; the returned promise settles when the task has ended. */
  run (): Promise<void> {
    this.#done ??= this.#run()
    return this.#done
  }

  async #run (): Promise<void> {
    const signal = this.#abort.signal
    try {
      await this.initializeAndStart()
      if (signal.aborted) return
      let paused = this.#target === 'PAUSED'
      if (paused) await this.onPause()
      this.#status(paused ? 'PAUSED' : 'RUNNING')
      while (!signal.aborted) {
        if (this.#target === 'PAUSED') {
          if (!paused) { paused = true; await this.onPause(); this.#status('PAUSED') }
          await new Promise<void>(resolve => { this.#wakeup = resolve })
          continue
        }
        if (paused) { paused = false; await this.onResume(); this.#status('RUNNING') }
        this.busySince = Date.now()
        await this.iterate(signal)
        this.busySince = null
      }
    } catch (err) {
      if (!signal.aborted) {
        this.#failed = true
        this.log.error({ err }, `Task ${this.id.connector}-${this.id.task} threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`)
        this.#status('FAILED', err)
      }
    } finally {
      try {
        await this.cleanup()
      } catch (err) {
        this.log.error({ err }, 'Error while cleaning up task')
      }
      if (!this.#failed) this.#status('UNASSIGNED')
    }
  }

  transitionTo (target: TargetState): void {
    this.#target = target
    const w = this.#wakeup
    this.#wakeup = null
    w?.()
  }

  /** Signal the task to stop (non-blocking). */
  stop (): void {
    this.#abort.abort()
    const w = this.#wakeup
    this.#wakeup = null
    w?.()
  }

  /**
   * Give up on a task whose poll()/put() does not return (kconnect stall detection): no more status writes from it,
   * its loop is signalled to stop, and the caller reports it FAILED.
   */
  abandon (): void {
    this.#cancelled = true
    this.stop()
    void Promise.resolve(this.onAbandon()).catch((err: unknown) => this.log.warn({ err }, 'Error releasing an abandoned task'))
  }

  /** The shared tail of cleanup: the task's stop(), then its transformation chain and error reporters closed. */
  protected async stopTaskAndChain (task: { stop (): void | Promise<void> }, chain: { close (): void }, errors: { close (): Promise<void> }): Promise<void> {
    try {
      await task.stop()
    } catch (err) {
      this.log.error({ err }, 'Error while stopping task')
    }
    chain.close()
    await errors.close()
  }

  /** Release what a stuck task holds (its Kafka clients), since its own cleanup will not run. */
  protected onAbandon (): void | Promise<void> {}

  /** Wait up to `timeoutMs` for the task to end; if it does not, abandon it (no more status writes). */
  async awaitStop (timeoutMs: number): Promise<boolean> {
    if (this.#done === null) return true
    let timer: NodeJS.Timeout | undefined
    const ok = await Promise.race([
      this.#done.then(() => true),
      new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs)) })
    ])
    clearTimeout(timer)
    if (!ok) {
      this.#cancelled = true
      this.log.error(`Graceful stop of task ${this.id.connector}-${this.id.task} failed.`)
    }
    return ok
  }
}
