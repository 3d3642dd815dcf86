// The plugins a worker knows: built-ins, npm packages and `plugin.path` directories. Lookup follows Kafka Connect's
// alias rules (kafka-connect-behavior.md §1.8): connectors by full class name, simple name, or simple name without
// `Connector`; other plugins by full name, simple name, or simple name without their kind's suffix. An alias that
// names more than one class is dropped.
import type { ConfigDef } from '../../config/config-def.ts'
import type { PluginDescriptor, PluginType } from '../../api/plugin.ts'
import { pluginClassName } from '../../api/plugin.ts'
import type { PluginInfo } from '../entities.ts'
import { ConnectRestError } from '../errors.ts'
import { CONNECT_API_VERSION } from '../version.ts'

export interface PluginEntry {
  readonly type: PluginType
  readonly className: string
  readonly version: string | undefined
  /** The constructor. */
  readonly cls: new () => unknown
  /** Where it came from: `builtin`, an npm package name or a directory. */
  readonly origin: string
}

const SUFFIX: Record<PluginType, string> = {
  source: 'Connector',
  sink: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate'
}

// GET /connector-plugins?connectorsOnly=false order.
const LIST_ORDER: PluginType[] = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter']

function simpleName (className: string): string {
  const dot = className.lastIndexOf('.')
  const dollar = className.lastIndexOf('$')
  return className.slice(Math.max(dot, dollar) + 1)
}

/** Aliases a class answers to besides its full name. */
export function aliasesOf (className: string, type: PluginType): string[] {
  const simple = simpleName(className)
  const out = [simple]
  const suffix = SUFFIX[type]
  if (simple.endsWith(suffix) && simple.length > suffix.length) out.push(simple.slice(0, -suffix.length))
  return out
}

function versionOf (d: PluginDescriptor, cls: new () => unknown, origin: string): string | undefined {
  if (d.version !== undefined) return d.version
  try {
    const v = (new cls() as { version?: () => string }).version?.()
    if (typeof v === 'string') return v
  } catch {
    // a plugin whose constructor throws still lists, without a version
  }
  return origin === 'builtin' ? CONNECT_API_VERSION : undefined
}

export class PluginRegistry {
  readonly #entries = new Map<string, PluginEntry>()

  register (descriptors: Iterable<PluginDescriptor>, origin = 'builtin'): void {
    for (const d of descriptors) {
      const cls = d.class as unknown as (new () => unknown) & { name: string, className?: string }
      const className = pluginClassName(cls)
      const key = `${d.type}:${className}`
      if (this.#entries.has(key)) continue
      this.#entries.set(key, { type: d.type, className, version: versionOf(d, cls, origin), cls, origin })
    }
  }

  entries (types?: readonly PluginType[]): PluginEntry[] {
    const all = [...this.#entries.values()]
    return types === undefined ? all : all.filter(e => types.includes(e.type))
  }

  /** Every class of these types that `name` designates (full name first, then aliases). */
  #matches (name: string, types: readonly PluginType[]): PluginEntry[] {
    const candidates = this.entries(types)
    const exact = candidates.filter(e => e.className === name)
    if (exact.length > 0) return exact
    return candidates.filter(e => aliasesOf(e.className, e.type).includes(name))
  }

  /** The connector named by `connector.class`, or a 500 error with Kafka's messages. */
  connector (name: string): PluginEntry {
    const found = this.#matches(name, ['source', 'sink'])
    if (found.length === 1) return found[0]!
    if (found.length > 1) {
      throw new ConnectRestError(500, `More than one connector matches alias ${name}. Please use full package and class name instead. Classes found: ${found.map(e => e.className).join(', ')}`)
    }
    const available = this.entries(['source', 'sink']).map(e => e.className).sort().join(', ')
    throw new ConnectRestError(500, `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${available}`)
  }

  /** A plugin of one of these types by name or unambiguous alias, or undefined. */
  find (name: string, types: readonly PluginType[]): PluginEntry | undefined {
    const found = this.#matches(name, types)
    return found.length === 1 ? found[0] : undefined
  }

  /** `GET /connector-plugins`. */
  list (connectorsOnly: boolean): PluginInfo[] {
    const types = connectorsOnly ? LIST_ORDER.slice(0, 2) : LIST_ORDER
    const out: PluginInfo[] = []
    for (const type of types) {
      const ofType = this.entries([type]).sort((a, b) => a.className < b.className ? -1 : a.className > b.className ? 1 : 0)
      for (const e of ofType) out.push(e.version === undefined ? { class: e.className, type } : { class: e.className, type, version: e.version })
    }
    return out
  }

  /** The config definition of a plugin (for `GET /connector-plugins/{p}/config`), or undefined when it has none. */
  static configDefOf (entry: PluginEntry): ConfigDef | undefined {
    const instance = new entry.cls() as { config?: () => ConfigDef }
    return instance.config?.()
  }
}
