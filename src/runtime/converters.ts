// Converter instances for a connector: its own `key.converter`/`value.converter`/`header.converter` when set (with
// its `key.converter.*` keys), else the worker's (with the worker's prefixed keys). Converters are told
// `converter.type` as Kafka does.
import type { Converter, HeaderConverter } from '../api/converter.ts'
import { ConnectError } from '../api/errors.ts'
import type { PluginRegistry } from './plugins/registry.ts'

export interface ConnectorConverters {
  readonly key: Converter
  readonly value: Converter
  readonly header: HeaderConverter
  /** Class names as configured plugins report them (for error contexts). */
  readonly names: { readonly key: string, readonly value: string, readonly header: string }
}

const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'

function prefixed (config: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}

function pick (connector: Readonly<Record<string, string>>, worker: Readonly<Record<string, string>>, key: string): { cls: string, props: Record<string, string> } | null {
  const own = connector[key]
  if (own !== undefined && own !== '') return { cls: own, props: prefixed(connector, `${key}.`) }
  const w = worker[key]
  if (w !== undefined && w !== '') return { cls: w, props: prefixed(worker, `${key}.`) }
  return null
}

export function createConverters (registry: PluginRegistry, connector: Readonly<Record<string, string>>, worker: Readonly<Record<string, string>>): ConnectorConverters {
  const names = { key: '', value: '', header: '' }
  const make = (key: 'key.converter' | 'value.converter'): Converter => {
    const chosen = pick(connector, worker, key)
    if (chosen === null) throw new ConnectError(`Missing required configuration "${key}" which has no default value.`)
    const entry = registry.find(chosen.cls, ['converter'])
    if (entry === undefined) throw new ConnectError(`Invalid value ${chosen.cls} for configuration ${key}: Class ${chosen.cls} could not be found.`)
    const c = new entry.cls() as Converter
    const isKey = key === 'key.converter'
    names[isKey ? 'key' : 'value'] = entry.className
    c.configure({ ...chosen.props, 'converter.type': isKey ? 'key' : 'value' }, isKey)
    return c
  }
  const h = pick(connector, worker, 'header.converter') ?? { cls: DEFAULT_HEADER_CONVERTER, props: {} }
  const hEntry = registry.find(h.cls, ['header_converter'])
  if (hEntry === undefined) throw new ConnectError(`Invalid value ${h.cls} for configuration header.converter: Class ${h.cls} could not be found.`)
  const header = new hEntry.cls() as HeaderConverter
  header.configure({ ...h.props, 'converter.type': 'header' })
  names.header = hEntry.className
  return { key: make('key.converter'), value: make('value.converter'), header, names }
}
