// Config providers configured by worker keys, as Connect's Worker does: `config.providers=file,env`,
// `config.providers.<name>.class=<class or alias>`, `config.providers.<name>.param.<k>=<v>`. Class names are the
// Java ones (org.apache.kafka.common.config.provider.FileConfigProvider), their simple names (FileConfigProvider) or
// the simple names without the `ConfigProvider` suffix (File). A name without a `.class` key is skipped, as in Kafka.
import { getProp } from '../config-def.ts'
import { ConfigException } from '../errors.ts'
import { parseList } from '../parse-type.ts'
import type { ConfigProps } from '../types.ts'
import type { ConfigProvider, ProviderLogger } from './config-provider.ts'
import { DirectoryConfigProvider } from './directory.ts'
import { EnvVarConfigProvider } from './env.ts'
import { FileConfigProvider } from './file.ts'
import { ConfigTransformer } from './transformer.ts'

export const CONFIG_PROVIDERS_CONFIG = 'config.providers'

export interface ProviderContext {
  logger?: ProviderLogger
  /** Environment for the env provider (default process.env). */
  env?: Readonly<Record<string, string | undefined>>
}

export type ConfigProviderFactory = (ctx: ProviderContext) => ConfigProvider

const PACKAGE = 'org.apache.kafka.common.config.provider.'

/** Built-in providers by Java class name. */
export const builtinConfigProviders: ReadonlyMap<string, ConfigProviderFactory> = new Map<string, ConfigProviderFactory>([
  [`${PACKAGE}FileConfigProvider`, ctx => new FileConfigProvider({ logger: ctx.logger })],
  [`${PACKAGE}DirectoryConfigProvider`, ctx => new DirectoryConfigProvider({ logger: ctx.logger })],
  [`${PACKAGE}EnvVarConfigProvider`, ctx => new EnvVarConfigProvider(ctx.env)]
])

/** Finds a factory by class name or alias (ambiguous aliases are dropped, as Connect's plugin aliases are). */
export function findConfigProvider (nameOrAlias: string, registry: ReadonlyMap<string, ConfigProviderFactory> = builtinConfigProviders): ConfigProviderFactory | undefined {
  const exact = registry.get(nameOrAlias)
  if (exact !== undefined) return exact
  const matches = [...registry].filter(([cls]) => {
    const simple = cls.slice(cls.lastIndexOf('.') + 1)
    return simple === nameOrAlias || (simple.endsWith('ConfigProvider') && simple.slice(0, -'ConfigProvider'.length) === nameOrAlias)
  })
  return matches.length === 1 ? matches[0]![1] : undefined
}

function str (props: ConfigProps, key: string): string | undefined {
  const { present, value } = getProp(props, key)
  return present && value !== null ? String(value) : undefined
}

/** `config.providers.<name>.param.*` with the prefix stripped. */
export function providerParams (props: ConfigProps, name: string): Record<string, string> {
  const prefix = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`
  const entries = props instanceof Map ? [...props] : Object.entries(props)
  const out: Record<string, string> = {}
  for (const [k, v] of entries) if (k.startsWith(prefix) && k.length > prefix.length && v != null) out[k.slice(prefix.length)] = String(v)
  return out
}

/** Instantiates and configures the providers a worker config names. */
export async function createConfigProviders (props: ConfigProps, opts: ProviderContext & { registry?: ReadonlyMap<string, ConfigProviderFactory> } = {}): Promise<Map<string, ConfigProvider>> {
  const registry = opts.registry ?? builtinConfigProviders
  const providers = new Map<string, ConfigProvider>()
  for (const name of parseList(str(props, CONFIG_PROVIDERS_CONFIG) ?? '')) {
    const classKey = `${CONFIG_PROVIDERS_CONFIG}.${name}.class`
    const cls = str(props, classKey)
    if (cls === undefined) continue
    const factory = findConfigProvider(cls.trim(), registry)
    if (factory === undefined) {
      throw new ConfigException(`Failed to find any class that implements ConfigProvider and which name matches ${cls}, available ConfigProviders are: ${[...registry.keys()].join(', ')}`, { key: classKey })
    }
    const provider = factory(opts)
    await provider.configure?.(providerParams(props, name))
    providers.set(name, provider)
  }
  return providers
}

export async function closeConfigProviders (providers: ReadonlyMap<string, ConfigProvider>): Promise<void> {
  for (const p of providers.values()) {
    try {
      await p.close?.()
    } catch { /* closed quietly, as Utils.closeQuietly */ }
  }
}

/**
 * Resolves references in a config map with the given providers; non-string values are kept. `plugin.path` is never
 * resolved (Kafka reads it before providers exist) and `config.providers*` keys are left raw.
 */
export async function resolveConfigVariables (props: Readonly<Record<string, unknown>>, providers: ReadonlyMap<string, ConfigProvider>): Promise<Record<string, unknown>> {
  const strings: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' && k !== 'plugin.path' && !k.startsWith(CONFIG_PROVIDERS_CONFIG)) strings[k] = v
  }
  const { data } = await new ConfigTransformer(providers).transform(strings)
  return { ...props, ...data }
}

/**
 * What a worker does with its own config (AbstractConfig with provider props): builds the providers it names and
 * resolves references in its other values. The providers stay open for connector configs; close them on shutdown.
 */
export async function resolveWorkerConfig (props: Readonly<Record<string, unknown>>, opts: ProviderContext & { registry?: ReadonlyMap<string, ConfigProviderFactory> } = {}): Promise<{ resolved: Record<string, unknown>, providers: Map<string, ConfigProvider> }> {
  const providers = await createConfigProviders(props, opts)
  const resolved = providers.size === 0 ? { ...props } : await resolveConfigVariables(props, providers)
  return { resolved, providers }
}
