// Config failures. ConfigException is one bad value with Kafka's exact message; ConfigError gathers every bad key
// of one parse so a user sees all problems at once.
import { javaString } from './java-text.ts'

export class ConfigException extends Error {
  readonly code: string = 'KC_CONFIG'
  /** The key concerned, when known. */
  readonly key: string | undefined

  constructor (message: string, options?: { key?: string, cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ConfigException'
    this.key = options?.key
  }

  /** Kafka's `new ConfigException(name, value, message)`: `Invalid value <v> for configuration <k>[: <reason>]`. */
  static invalid (key: string, value: unknown, reason?: string | null): ConfigException {
    const suffix = reason == null ? '' : `: ${reason}`
    return new ConfigException(`Invalid value ${javaString(value)} for configuration ${key}${suffix}`, { key })
  }

  /** `Missing required configuration "<k>" which has no default value.` */
  static missing (key: string): ConfigException {
    return new ConfigException(`Missing required configuration "${key}" which has no default value.`, { key })
  }
}

export interface ConfigProblem {
  /** The key, or null for problems of the definition itself (undefined dependents). */
  readonly key: string | null
  readonly message: string
}

/** Thrown by `ConfigDef.parse`: one entry per bad key, in definition order. */
export class ConfigError extends ConfigException {
  readonly errors: readonly ConfigProblem[]

  constructor (errors: readonly ConfigProblem[]) {
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} configuration errors:\n${errors.map(e => e.message).join('\n')}`)
    this.name = 'ConfigError'
    this.errors = errors
  }

  /** Messages by key (keys with several messages keep them all). */
  byKey (): Map<string | null, string[]> {
    const out = new Map<string | null, string[]>()
    for (const e of this.errors) {
      const list = out.get(e.key)
      if (list === undefined) out.set(e.key, [e.message])
      else list.push(e.message)
    }
    return out
  }
}
