// The ConfigProvider contract (Kafka's org.apache.kafka.common.config.provider.ConfigProvider): a named source of
// values that `${provider:path:key}` references in configs are resolved against. Providers never log values.

/** Values found at one path, and optionally how long (ms) they stay valid. */
export interface ConfigData {
  readonly data: Readonly<Record<string, string>>
  /** Milliseconds until the values may change; null when they do not expire. */
  readonly ttl: number | null
}

export interface ConfigProvider {
  /** Receives the `config.providers.<name>.param.*` keys, prefix stripped. */
  configure? (params: Readonly<Record<string, string>>): void | Promise<void>
  /** All values at `path`, or only `keys` when given; absent keys are simply missing from `data`. */
  get (path: string, keys?: ReadonlySet<string>): ConfigData | Promise<ConfigData>
  close? (): void | Promise<void>
}

/** Where providers report what Kafka logs as warnings (path refused, not a directory). Messages never hold values. */
export interface ProviderLogger {
  warn (message: string): void
}

export function configData (entries: Iterable<readonly [string, string]>, ttl: number | null = null): ConfigData {
  return { data: Object.fromEntries(entries), ttl }
}
