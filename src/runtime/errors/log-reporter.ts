// errors.log.enable: each failed record logged at ERROR with Kafka's message (kafka-connect-behavior.md §11.4); the
// record itself only with errors.log.include.messages.
import type { Logger } from '../logger.ts'
import type { ErrorMetrics, ErrorReporter, ProcessingFailure } from './stage.ts'

export class LogReporter implements ErrorReporter {
  readonly #taskId: string
  readonly #includeMessages: boolean
  readonly #log: Logger
  readonly #metrics: ErrorMetrics

  constructor (taskId: string, includeMessages: boolean, log: Logger, metrics: ErrorMetrics) {
    this.#taskId = taskId
    this.#includeMessages = includeMessages
    this.#log = log
    this.#metrics = metrics
  }

  message (f: ProcessingFailure): string {
    let msg = `Error encountered in task ${this.#taskId}. Executing stage '${f.stage}' with class '${f.className}'`
    if (this.#includeMessages && f.consumed !== undefined) {
      const c = f.consumed
      msg += `, where consumed record is {topic='${c.topic}', partition=${c.partition}, offset=${c.offset}, timestamp=${c.timestamp}, timestampType=${c.timestampType}}`
    } else if (this.#includeMessages && f.source !== undefined) {
      msg += `, where source record is = ${f.source.toString()}`
    }
    return msg + '.'
  }

  async report (f: ProcessingFailure): Promise<void> {
    this.#metrics.totalErrorsLogged++
    this.#log.error({ err: f.error }, this.message(f))
  }
}
