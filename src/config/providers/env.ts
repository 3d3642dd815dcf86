// EnvVarConfigProvider (org.apache.kafka.common.config.provider.EnvVarConfigProvider): `${env:VAR}` (no path).
// The environment is captured when the provider is created; `allowlist.pattern` (a regex matched against the whole
// variable name, default `.*`) limits which variables can be read.
import { ConfigException } from '../errors.ts'
import { javaFullMatchRegex } from '../java-text.ts'
import { configData, type ConfigData, type ConfigProvider } from './config-provider.ts'

export const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern'

export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: ReadonlyMap<string, string>
  #filtered: ReadonlyMap<string, string> | null = null

  constructor (env: Readonly<Record<string, string | undefined>> = process.env) {
    const m = new Map<string, string>()
    for (const [k, v] of Object.entries(env)) if (v !== undefined) m.set(k, v)
    this.#env = m
  }

  configure (params: Readonly<Record<string, string>>): void {
    const pattern = params[ALLOWLIST_PATTERN_CONFIG] ?? '.*'
    let re: RegExp
    try {
      re = javaFullMatchRegex(pattern)
    } catch (err) {
      throw ConfigException.invalid(ALLOWLIST_PATTERN_CONFIG, pattern, `Invalid regex: ${(err as Error).message}`)
    }
    this.#filtered = new Map([...this.#env].filter(([k]) => re.test(k)))
  }

  get (path: string, keys?: ReadonlySet<string>): ConfigData {
    if (path !== '') throw new ConfigException(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`)
    if (this.#filtered === null) this.configure({})
    const env = this.#filtered!
    if (keys === undefined) return configData(env)
    return configData([...keys].flatMap(k => env.has(k) ? [[k, env.get(k)!] as const] : []))
  }
}
