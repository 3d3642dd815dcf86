// `PUT /connector-plugins/{p}/config/validate` and the validation that guards create/update (Kafka's
// AbstractHerder.validateConnectorConfig): framework keys (source or sink) enriched with the `transforms.<alias>.*` and
// `predicates.<alias>.*` keys of the referenced plugins, sink cross-field rules, the connector's own keys and
// validate(), and the converter sections named at connector level.
import type { ConfigDef } from '../config/config-def.ts'
import { defineConfig } from '../config/config-def.ts'
import type { ConfigValue } from '../config/config-value.ts'
import { mergeConfigInfos, prefixedConfigInfos, toConfigInfos, type ConfigInfos } from '../config/config-infos.ts'
import {
  negateWithoutPredicateError, sinkConnectorConfigDef, sourceConnectorConfigDef, transformationImplicitConfigDef, validateSinkConnectorConfig
} from '../config/connector-config.ts'
import { parseList } from '../config/parse-type.ts'
import { lambda } from '../config/validators.ts'
import { Connector, SinkConnector } from '../api/connector.ts'
import type { PluginType } from '../api/plugin.ts'
import { BadRequestError } from './errors.ts'
import { PluginRegistry, type PluginEntry } from './plugins/registry.ts'

export type RawConfig = Readonly<Record<string, string | null>>

/** Java's AbstractMap.toString: `{k=v, k2=v2}`. */
export function javaMapString (map: RawConfig): string {
  return `{${Object.entries(map).map(([k, v]) => `${k}=${v}`).join(', ')}}`
}

export function connectorClassOf (config: RawConfig): string {
  const cls = config['connector.class']
  if (cls === undefined || cls === null) throw new BadRequestError(`Connector config ${javaMapString(config)} contains no connector type`)
  return cls
}

function pluginTypeDef (registry: PluginRegistry, kind: 'transformation' | 'predicate', alias: string, className: string | null): ConfigDef {
  const label = kind === 'transformation' ? 'transformation' : 'predicate'
  const typeDef = defineConfig({
    type: {
      type: 'CLASS', importance: 'HIGH', doc: `Class for the '${alias}' ${label}.`,
      validator: lambda((_name, value) => {
        if (value != null && registry.find(String(value), [kind]) === undefined) return `Class ${String(value)} could not be found.`
      })
    }
  })
  let def: ConfigDef = typeDef
  const entry = className === null ? undefined : registry.find(className, [kind])
  if (entry !== undefined) {
    const own = PluginRegistry.configDefOf(entry)
    if (own !== undefined) def = def.merge(own)
  }
  if (kind === 'transformation') def = def.merge(transformationImplicitConfigDef)
  return def
}

/** The framework definition with every transform and predicate alias of `config` embedded. */
export function enrichedFrameworkDef (registry: PluginRegistry, isSink: boolean, config: RawConfig): ConfigDef {
  let def: ConfigDef = isSink ? sinkConnectorConfigDef : sourceConnectorConfigDef
  for (const [kind, listKey, group] of [['transformation', 'transforms', 'Transforms'], ['predicate', 'predicates', 'Predicates']] as const) {
    const aliases = [...new Set(parseList(config[listKey] ?? ''))]
    for (const alias of aliases) {
      const prefix = `${listKey}.${alias}.`
      const child = pluginTypeDef(registry, kind, alias, config[`${prefix}type`] ?? null)
      def = def.embed(prefix, `${group}: ${alias}`, 0, child)
    }
  }
  return def
}

function converterSection (registry: PluginRegistry, config: RawConfig, key: 'key.converter' | 'value.converter' | 'header.converter'): ConfigInfos | null {
  const cls = config[key]
  if (cls == null) return null
  const types: PluginType[] = key === 'header.converter' ? ['header_converter'] : ['converter']
  const entry = registry.find(cls, types)
  if (entry === undefined) return null
  const def = PluginRegistry.configDefOf(entry)
  if (def === undefined) return null
  const prefix = `${key}.`
  const sub: Record<string, string | null> = { 'converter.type': key.split('.')[0]! }
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) sub[k.slice(prefix.length)] = v
  const values = def.validate(sub).filter(v => v.name !== 'converter.type')
  const keys = new Map([...def.configKeys].filter(([k]) => k !== 'converter.type'))
  return prefixedConfigInfos(keys, values, prefix)
}

export function instantiateConnector (entry: PluginEntry): Connector {
  const c = new entry.cls()
  if (!(c instanceof Connector)) throw new Error(`${entry.className} is not a Connector`)
  return c
}

/**
 * Validate a connector config whose `${provider:…}` references are already resolved (`resolved`); `raw` is what the
 * user sent (its `connector.class` names the response).
 */
export function validateResolvedConfig (registry: PluginRegistry, raw: RawConfig, resolved: RawConfig): ConfigInfos {
  const connClass = connectorClassOf(raw)
  const entry = registry.connector(connClass)
  const connector = instantiateConnector(entry)
  const isSink = connector instanceof SinkConnector
  const frameworkDef = enrichedFrameworkDef(registry, isSink, resolved)
  const ownDef = connector.config()
  const stringProps: Record<string, string> = {}
  for (const [k, v] of Object.entries(resolved)) if (v !== null) stringProps[k] = v
  let custom: ConfigValue[] = []
  const infos = toConfigInfos(connClass, [frameworkDef, ownDef], resolved, {
    postValidate: (values) => {
      if (isSink) validateSinkConnectorConfig(resolved, values)
      for (const alias of new Set(parseList(resolved.transforms ?? ''))) {
        const err = negateWithoutPredicateError(resolved, alias)
        if (err !== null) values.get(`transforms.${alias}.negate`)?.addErrorMessage(err)
      }
      try {
        custom = connector.validate(stringProps)
      } catch (err) {
        custom = []
        values.get('connector.class')?.addErrorMessage((err as Error).message)
      }
      for (const cv of custom) {
        const mine = values.get(cv.name)
        if (mine === undefined) { values.set(cv.name, cv); continue }
        for (const m of cv.errorMessages) if (!mine.errorMessages.includes(m)) mine.addErrorMessage(m)
      }
    }
  })
  return mergeConfigInfos(connClass, infos,
    converterSection(registry, resolved, 'key.converter'),
    converterSection(registry, resolved, 'value.converter'),
    converterSection(registry, resolved, 'header.converter'))
}

/** Every error message of a validate result, for the 400 of create/update. */
export function validationErrors (infos: ConfigInfos): string[] {
  const out: string[] = []
  for (const c of infos.configs) for (const e of c.value?.errors ?? []) out.push(e)
  return out
}

export function invalidConfigMessage (errors: readonly string[]): string {
  return `Connector configuration is invalid and contains the following ${errors.length} error(s):\n${errors.join('\n')}\n` +
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`'
}
