// Worker config from environment variables, in the convention of Confluent's cp-kafka-connect image (dub/ub
// `env_to_props('CONNECT_', '')`): strip the prefix, lowercase, turn each single `_` between two other characters
// into `.`, then `___` into `-`, then `__` into `_`. So CONNECT_BOOTSTRAP_SERVERS → bootstrap.servers,
// CONNECT_CONFIG_PROVIDERS_FILE_PARAM_ALLOWED__PATHS → config.providers.file.param.allowed_paths,
// CONNECT_FOO___BAR → foo-bar. Values are taken verbatim.

export const ENV_PREFIX = 'CONNECT_'

const SINGLE_UNDERSCORE = /(?<=[^_])_(?=[^_])/g

/** The property name for an environment variable name with the prefix already removed. */
export function envNameToProperty (name: string): string {
  return name.toLowerCase().replace(SINGLE_UNDERSCORE, '.').split('___').join('-').split('__').join('_')
}

/** The reverse, for docs and tests: `bootstrap.servers` → `CONNECT_BOOTSTRAP_SERVERS`. */
export function propertyToEnvName (property: string, prefix = ENV_PREFIX): string {
  return prefix + property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()
}

export interface EnvConfigOptions {
  /** Default `CONNECT_`. */
  prefix?: string
  /** Variable names to ignore (the Confluent image ignores e.g. CONNECT_METRIC_REPORTERS in some versions). */
  exclude?: readonly string[]
}

/** Worker properties from the environment; variables are visited in sorted order so the result is stable. */
export function workerConfigFromEnv (env: Readonly<Record<string, string | undefined>> = process.env, opts: EnvConfigOptions = {}): Record<string, string> {
  const prefix = opts.prefix ?? ENV_PREFIX
  const exclude = new Set(opts.exclude ?? [])
  const out: Record<string, string> = {}
  for (const name of Object.keys(env).sort()) {
    const value = env[name]
    if (value === undefined || exclude.has(name) || !name.startsWith(prefix) || name.length === prefix.length) continue
    out[envNameToProperty(name.slice(prefix.length))] = value
  }
  return out
}
