// Named loggers with levels changeable at runtime (`/admin/loggers`), over pino. Names follow Kafka Connect's
// (`org.apache.kafka.connect.runtime.Worker`) so the REST endpoints behave as users expect; setting a namespace sets
// every logger below it. Levels are log4j's words, mapped onto pino's.
import pino, { type Logger } from 'pino'

const TO_PINO: Record<string, pino.LevelWithSilent> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace'
}
const FROM_PINO: Record<string, string> = { silent: 'OFF', fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE' }

export const LOG4J_LEVELS = Object.keys(TO_PINO)

export interface LoggerRegistryOptions {
  level?: string
  /** Destination (default stdout); tests pass a stream. */
  destination?: pino.DestinationStream
}

interface Entry { logger: Logger, explicit: boolean, lastModified: number | null }

export class LoggerRegistry {
  readonly root: Logger
  readonly #loggers = new Map<string, Entry>()
  #rootModified: number | null = null

  constructor (o: LoggerRegistryOptions = {}) {
    const level = o.level ?? 'info'
    this.root = pino({
      level,
      // Secrets never reach the logs: redact the usual config keys wherever they appear in a logged object.
      redact: { paths: ['*.password', '*["connection.password"]', '*["sasl.jaas.config"]', '*["ssl.key.password"]'], censor: '[hidden]' }
    }, o.destination)
  }

  /** The logger of this name (created on first use, at the root level). */
  logger (name: string): Logger {
    let e = this.#loggers.get(name)
    if (e === undefined) {
      e = { logger: this.root.child({ logger: name }), explicit: false, lastModified: null }
      this.#loggers.set(name, e)
    }
    return e.logger
  }

  /** GET /admin/loggers: loggers with an explicitly set level, plus root, sorted. */
  levels (): Record<string, { level: string, last_modified: number | null }> {
    const out: Record<string, { level: string, last_modified: number | null }> = {}
    const names = [...this.#loggers].filter(([, e]) => e.explicit).map(([n]) => n)
    for (const n of [...names, 'root'].sort()) out[n] = this.level(n)!
    return out
  }

  /** One logger's level, or null when no logger of that name exists. */
  level (name: string): { level: string, last_modified: number | null } | null {
    if (name === 'root') return { level: FROM_PINO[this.root.level] ?? 'INFO', last_modified: this.#rootModified }
    const e = this.#loggers.get(name)
    if (e === undefined) return null
    return { level: FROM_PINO[e.logger.level] ?? 'INFO', last_modified: e.lastModified }
  }

  static isLevel (level: string): boolean {
    return Object.hasOwn(TO_PINO, level.toUpperCase())
  }

  /**
   * Set `namespace` and every logger below it (`root`: all) to `level`; returns the names whose level changed,
   * sorted. Loggers already at that level keep their last-modified time.
   */
  setLevel (namespace: string, level: string): string[] {
    const pinoLevel = TO_PINO[level.toUpperCase()]
    if (pinoLevel === undefined) throw new Error(`invalid log level '${level}'.`)
    const now = Date.now()
    const affected: string[] = []
    if (namespace === 'root') {
      if (this.root.level !== pinoLevel) { this.root.level = pinoLevel; this.#rootModified = now }
      affected.push('root')
    } else if (!this.#loggers.has(namespace)) {
      this.logger(namespace)
    }
    for (const [name, e] of this.#loggers) {
      if (namespace !== 'root' && name !== namespace && !name.startsWith(`${namespace}.`)) continue
      affected.push(name)
      e.explicit = true
      if (e.logger.level === pinoLevel) continue
      e.logger.level = pinoLevel
      e.lastModified = now
    }
    return [...new Set(affected)].sort()
  }
}
