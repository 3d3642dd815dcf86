// ConfigTransformer (Kafka's org.apache.kafka.common.config.ConfigTransformer): replaces `${provider:path:key}` and
// `${provider:key}` (empty path) references in a config map. Each (provider, path) is asked once for all its keys.
// A reference to an unknown provider, or to a key the provider does not return, is left as it is. The input map is
// not changed: callers keep it as the raw config (what REST shows) and use the result only to run connectors.
import type { ConfigProvider } from './config-provider.ts'

/** Kafka's DEFAULT_PATTERN: `${provider:[path:]key}`. */
export const VARIABLE_PATTERN = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g

export interface ConfigVariable {
  readonly provider: string
  readonly path: string
  readonly key: string
  /** The whole reference, `${…}`. */
  readonly text: string
}

export function findVariables (value: string): ConfigVariable[] {
  const out: ConfigVariable[] = []
  for (const m of value.matchAll(VARIABLE_PATTERN)) out.push({ provider: m[1]!, path: m[3] ?? '', key: m[4]!, text: m[0] })
  return out
}

export function hasVariables (value: string): boolean {
  return findVariables(value).length > 0
}

export interface ConfigTransformerResult {
  /** Same keys, same order, references replaced where possible. */
  readonly data: Record<string, string | null>
  /** TTL (ms) per path, for paths whose provider returned one (drives `config.action.reload=restart`). */
  readonly ttls: ReadonlyMap<string, number>
}

export class ConfigTransformer {
  readonly #providers: ReadonlyMap<string, ConfigProvider>

  constructor (providers: ReadonlyMap<string, ConfigProvider>) {
    this.#providers = providers
  }

  async transform (configs: Readonly<Record<string, string | null>>): Promise<ConfigTransformerResult> {
    const keysByProvider = new Map<string, Map<string, Set<string>>>()
    for (const value of Object.values(configs)) {
      if (value == null) continue
      for (const v of findVariables(value)) {
        let byPath = keysByProvider.get(v.provider)
        if (byPath === undefined) keysByProvider.set(v.provider, byPath = new Map())
        let keys = byPath.get(v.path)
        if (keys === undefined) byPath.set(v.path, keys = new Set())
        keys.add(v.key)
      }
    }
    const lookups = new Map<string, Map<string, Readonly<Record<string, string>>>>()
    const ttls = new Map<string, number>()
    for (const [providerName, byPath] of keysByProvider) {
      const provider = this.#providers.get(providerName)
      if (provider === undefined) continue
      const found = new Map<string, Readonly<Record<string, string>>>()
      lookups.set(providerName, found)
      for (const [path, keys] of byPath) {
        const data = await provider.get(path, new Set(keys))
        if (data.ttl !== null && data.ttl >= 0) ttls.set(path, data.ttl)
        found.set(path, data.data)
      }
    }
    const data: Record<string, string | null> = {}
    for (const [k, value] of Object.entries(configs)) {
      data[k] = value == null ? value : value.replace(VARIABLE_PATTERN, (whole: string, provider: string, _g2: string | undefined, path: string | undefined, key: string) => {
        const values = lookups.get(provider)?.get(path ?? '')
        if (values === undefined || !Object.hasOwn(values, key)) return whole
        return values[key]!
      })
    }
    return { data, ttls }
  }
}
