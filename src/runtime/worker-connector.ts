// One connector instance on this worker (Kafka's WorkerConnector): initialize, then start/stop as its target state
// moves between STARTED, PAUSED and STOPPED. A failure (in start, stop or raised by the connector) makes it FAILED,
// after which only a restart, reconfiguration, STOPPED or deletion changes it.
import type { Connector, ConnectorContext, Props } from '../api/connector.ts'
import type { OffsetStorageReader } from '../api/task.ts'
import type { ConnectorState, TargetState } from './entities.ts'
import type { Logger } from './logger.ts'

export interface ConnectorStatusListener {
  onState (state: ConnectorState, error?: unknown): void
  /** The connector asked for its task configs to be regenerated. */
  onReconfigure (): void
}

export class WorkerConnector {
  readonly name: string
  readonly connector: Connector
  readonly #props: Props
  readonly #listener: ConnectorStatusListener
  readonly #log: Logger
  #started = false
  #failed = false
  #target: TargetState = 'STOPPED'
  #stopping = false
  // Serializes transitions: each waits for the one before.
  #queue: Promise<void> = Promise.resolve()

  constructor (name: string, connector: Connector, props: Props, offsetReader: OffsetStorageReader, listener: ConnectorStatusListener, log: Logger) {
    this.name = name
    this.connector = connector
    this.#props = props
    this.#listener = listener
    this.#log = log
    const context: ConnectorContext & { offsetStorageReader: OffsetStorageReader } = {
      requestTaskReconfiguration: () => {
        if (this.#started && !this.#stopping) listener.onReconfigure()
      },
      raiseError: (error: Error) => {
        this.#log.error({ err: error }, `Connector ${name} raised an error`)
        this.#fail(error)
      },
      offsetStorageReader: offsetReader
    }
    connector.initialize(context)
  }

  get isRunning (): boolean {
    return this.#started && !this.#failed
  }

  get failed (): boolean {
    return this.#failed
  }

  #fail (error: unknown): void {
    this.#failed = true
    this.#listener.onState('FAILED', error)
  }

  /** Apply a target state; resolves once the connector got there (or failed). */
  transitionTo (target: TargetState): Promise<void> {
    const run = this.#queue.then(() => this.#transition(target))
    this.#queue = run.catch(() => {})
    return run
  }

  async #transition (target: TargetState): Promise<void> {
    if (this.#failed && target !== 'STOPPED') {
      this.#log.warn(`Cannot transition connector ${this.name} to ${target} since it has failed`)
      return
    }
    this.#target = target
    if (target === 'STARTED') {
      if (!this.#started) {
        try {
          await this.connector.start(this.#props)
          this.#started = true
        } catch (err) {
          this.#log.error({ err }, `Failed to start connector ${this.name}`)
          this.#fail(err)
          return
        }
      }
      this.#listener.onState('RUNNING')
      return
    }
    await this.#stopInstance()
    if (this.#failed) return
    this.#listener.onState(target === 'PAUSED' ? 'PAUSED' : 'STOPPED')
  }

  async #stopInstance (): Promise<void> {
    if (!this.#started) return
    this.#started = false
    try {
      await this.connector.stop()
    } catch (err) {
      this.#log.error({ err }, `Error while stopping connector ${this.name}`)
      this.#fail(err)
    }
  }

  get targetState (): TargetState {
    return this.#target
  }

  /** Stop for good (deletion, restart, worker shutdown), bounded by `timeoutMs`; false if it did not finish. */
  async shutdown (timeoutMs: number): Promise<boolean> {
    this.#stopping = true
    const done = this.#queue.then(() => this.#stopInstance())
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<false>(resolve => { timer = setTimeout(() => resolve(false), timeoutMs) })
    const ok = await Promise.race([done.then(() => true as const), timedOut])
    clearTimeout(timer)
    if (!ok) this.#log.error(`Graceful stop of connector ${this.name} failed.`)
    return ok
  }
}
