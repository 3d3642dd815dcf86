// Named loggers with levels changeable at runtime (`/admin/loggers`, Kafka's Loggers over log4j), on pino. Names
// follow Kafka Connect's (`org.apache.kafka.connect.runtime.Worker`) or ours (`kconnect.worker`). As in log4j, a
// logger without a level of its own takes the level of its nearest dotted ancestor that has one, else root's.
// Levels are log4j's words (reported back as set, so `ALL` stays `ALL`), mapped onto pino's.
import pino, { type Logger } from 'pino'

export type Log4jLevel = 'OFF' | 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' | 'ALL'

const TO_PINO: Record<Log4jLevel, pino.LevelWithSilent> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace'
}
const FROM_PINO: Record<string, Log4jLevel> = {
  silent: 'OFF', fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE'
}

export const LOG4J_LEVELS = Object.keys(TO_PINO) as Log4jLevel[]
export const ROOT_LOGGER_NAME = 'root'

/** `GET /admin/loggers/{logger}`: the level and when it was last changed through the registry (null: never). */
export interface LoggerLevelInfo { level: string, last_modified: number | null }

export interface LoggerRegistryOptions {
  /** Root level: a log4j word (`INFO`) or a pino one (`info`, `silent`); default INFO. */
  level?: string
  /** Levels set at start-up (as log4j's `log4j.logger.<name>=<level>`); they do not count as modified. */
  levels?: Readonly<Record<string, string>>
  /** Destination (default stdout); tests pass a stream. */
  destination?: pino.DestinationStream
  /** Clock for `last_modified` (tests). */
  now?: () => number
}

interface Entry { logger: Logger, explicit: Log4jLevel | null, lastModified: number | null }

/** The log4j level for a log4j or pino level word, or undefined. */
export function toLog4jLevel (level: string): Log4jLevel | undefined {
  const upper = level.toUpperCase()
  if (Object.hasOwn(TO_PINO, upper)) return upper as Log4jLevel
  return FROM_PINO[level.toLowerCase()]
}

export class LoggerRegistry {
  readonly root: Logger
  readonly #loggers = new Map<string, Entry>()
  readonly #now: () => number
  readonly #log: Logger
  #rootLevel: Log4jLevel
  #rootModified: number | null = null

  constructor (o: LoggerRegistryOptions = {}) {
    const level = toLog4jLevel(o.level ?? 'INFO')
    if (level === undefined) throw new Error(`invalid log level '${o.level}'.`)
    this.#rootLevel = level
    this.#now = o.now ?? Date.now
    this.root = pino({
      level: TO_PINO[level],
      // Secrets never reach the logs: redact the usual config keys wherever they appear in a logged object.
      redact: { paths: ['*.password', '*["connection.password"]', '*["sasl.jaas.config"]', '*["ssl.key.password"]'], censor: '[hidden]' }
    }, o.destination)
    for (const [name, l] of Object.entries(o.levels ?? {})) {
      const lvl = toLog4jLevel(l)
      if (lvl === undefined) throw new Error(`invalid log level '${l}' for logger ${name}.`)
      if (name.toLowerCase() === ROOT_LOGGER_NAME) this.#rootLevel = lvl
      else this.#entry(name).explicit = lvl
    }
    this.root.level = TO_PINO[this.#rootLevel]
    this.#refresh()
    this.#log = this.logger('org.apache.kafka.connect.runtime.Loggers')
  }

  /** The logger of this name (created on first use, at its inherited level). */
  logger (name: string): Logger {
    return this.#entry(name).logger
  }

  #entry (name: string): Entry {
    let e = this.#loggers.get(name)
    if (e === undefined) {
      e = { logger: this.root.child({ logger: name }), explicit: null, lastModified: null }
      this.#loggers.set(name, e)
      e.logger.level = TO_PINO[this.#effective(name)]
    }
    return e
  }

  /** log4j's effective level: own level, else the nearest dotted ancestor's, else root's. */
  #effective (name: string): Log4jLevel {
    for (let n: string = name; ; ) {
      const own = this.#loggers.get(n)?.explicit
      if (own !== null && own !== undefined) return own
      const dot = n.lastIndexOf('.')
      if (dot < 0) return this.#rootLevel
      n = n.slice(0, dot)
    }
  }

  /** Re-derive the pino level of every logger without a level of its own. */
  #refresh (): void {
    for (const [name, e] of this.#loggers) {
      const pinoLevel = TO_PINO[this.#effective(name)]
      if (e.logger.level !== pinoLevel) e.logger.level = pinoLevel
    }
  }

  /** GET /admin/loggers: loggers with a level of their own, plus root, sorted by name. */
  levels (): Record<string, LoggerLevelInfo> {
    const names = [...this.#loggers].filter(([, e]) => e.explicit !== null).map(([n]) => n)
    const out: Record<string, LoggerLevelInfo> = {}
    for (const n of [...names, ROOT_LOGGER_NAME].sort()) out[n] = this.level(n)!
    return out
  }

  /** One existing logger's (effective) level, or null when no logger of that name exists. `root` in any case. */
  level (name: string): LoggerLevelInfo | null {
    if (name.toLowerCase() === ROOT_LOGGER_NAME) return { level: this.#rootLevel, last_modified: this.#rootModified }
    const e = this.#loggers.get(name)
    if (e === undefined) return null
    return { level: e.explicit ?? this.#effective(name), last_modified: e.lastModified }
  }

  static isLevel (level: string): boolean {
    return Object.hasOwn(TO_PINO, level.toUpperCase())
  }

  /**
   * Set `namespace` and every existing logger whose name starts with it (`root`, any case: all loggers and root) to
   * `level`, creating the namespace logger if needed. Returns the names of all those loggers, sorted; loggers already
   * at that level are left alone (their `last_modified` does not change).
   */
  setLevel (namespace: string, level: string): string[] {
    const target = LoggerRegistry.isLevel(level) ? level.toUpperCase() as Log4jLevel : undefined
    if (target === undefined) throw new Error(`invalid log level '${level}'.`)
    this.#log.info(`Setting level of namespace ${namespace} and children to ${target}`)
    const now = this.#now()
    const isRoot = namespace.toLowerCase() === ROOT_LOGGER_NAME
    if (!isRoot) this.#entry(namespace)
    // Decide on the current effective levels first, then apply (a parent's change must not hide a child's).
    const affected: string[] = []
    const changes: Entry[] = []
    for (const [name, e] of this.#loggers) {
      if (!isRoot && !name.startsWith(namespace)) continue
      affected.push(name)
      if ((e.explicit ?? this.#effective(name)) !== target) changes.push(e)
    }
    for (const e of changes) { e.explicit = target; e.lastModified = now }
    if (isRoot) {
      affected.push(ROOT_LOGGER_NAME)
      if (this.#rootLevel !== target) {
        this.#rootLevel = target
        this.#rootModified = now
        this.root.level = TO_PINO[target]
      }
    }
    this.#refresh()
    return affected.sort()
  }
}
