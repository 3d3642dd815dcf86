// The body of `PUT /connector-plugins/{type}/config/validate` (Kafka's ConfigInfos and AbstractHerder's
// generateResult / prefixedConfigInfos / mergeConfigInfos / convertConfigKey / convertConfigValue). Field order is
// Jackson's: ConfigKeyInfo ends with `order` (Java's orderInGroup). Values are shown as ConfigDef.convertToString
// prints them (lists joined by ",", doubles as Java prints them); PASSWORD defaults and values are `[hidden]`.
import type { ConfigDef } from './config-def.ts'
import { ConfigValue } from './config-value.ts'
import { convertToString } from './parse-type.ts'
import { NO_DEFAULT_VALUE, type ConfigKey, type ConfigProps, type ConfigType, type ParseOptions } from './types.ts'

export interface ConfigKeyInfo {
  name: string
  type: ConfigType
  required: boolean
  default_value: string | null
  importance: string
  documentation: string | null
  group: string | null
  width: string
  display_name: string
  dependents: string[]
  order: number
}

export interface ConfigValueInfo {
  name: string
  value: string | null
  recommended_values: string[]
  errors: string[]
  visible: boolean
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null
  value: ConfigValueInfo | null
}

export interface ConfigInfos {
  name: string
  error_count: number
  groups: string[]
  configs: ConfigInfo[]
}

export const NULL_VALUE_MESSAGE = 'Null value can not be supplied as the configuration value.'

export function convertConfigKey (key: ConfigKey, prefix = ''): ConfigKeyInfo {
  const required = key.defaultValue === NO_DEFAULT_VALUE
  return {
    name: prefix + key.name,
    type: key.type,
    required,
    default_value: required ? null : convertToString(key.defaultValue, key.type),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup
  }
}

export function convertConfigValue (value: ConfigValue, type: ConfigType | null): ConfigValueInfo {
  const itemType = type === 'LIST' ? 'STRING' : type
  return {
    name: value.name,
    value: convertToString(value.value, type),
    recommended_values: value.recommendedValues.map(v => convertToString(v, itemType) ?? 'null'),
    errors: [...value.errorMessages],
    visible: value.visible
  }
}

/**
 * AbstractHerder.generateResult: values without a known key first (definition null), then every key in order with
 * its value (null when not evaluated). error_count counts messages.
 */
export function generateResult (connType: string, configKeys: ReadonlyMap<string, ConfigKey>, configValues: Iterable<ConfigValue>, groups: readonly string[]): ConfigInfos {
  let errorCount = 0
  const configs: ConfigInfo[] = []
  const byName = new Map<string, ConfigValue>()
  for (const v of configValues) {
    byName.set(v.name, v)
    if (!configKeys.has(v.name)) {
      configs.push({ definition: null, value: convertConfigValue(v, null) })
      errorCount += v.errorMessages.length
    }
  }
  for (const [name, key] of configKeys) {
    const v = byName.get(name)
    if (v !== undefined) errorCount += v.errorMessages.length
    configs.push({ definition: convertConfigKey(key), value: v === undefined ? null : convertConfigValue(v, key.type) })
  }
  return { name: connType, error_count: errorCount, groups: [...groups], configs }
}

/**
 * AbstractHerder.prefixedConfigInfos (converter and client-override sections): only the given values, names
 * prefixed, groups of the keys met; here error_count counts values with errors. The name is "".
 */
export function prefixedConfigInfos (configKeys: ReadonlyMap<string, ConfigKey>, configValues: Iterable<ConfigValue> | null, prefix: string): ConfigInfos {
  let errorCount = 0
  const groups: string[] = []
  const configs: ConfigInfo[] = []
  for (const v of configValues ?? []) {
    const key = configKeys.get(v.name)
    if (key !== undefined && key.group !== null && !groups.includes(key.group)) groups.push(key.group)
    const prefixed = new ConfigValue(prefix + v.name, v.value, v.recommendedValues, [...v.errorMessages])
    if (prefixed.errorMessages.length > 0) errorCount++
    configs.push({
      definition: key === undefined ? null : convertConfigKey(key, prefix),
      value: convertConfigValue(prefixed, key?.type ?? null)
    })
  }
  return { name: '', error_count: errorCount, groups, configs }
}

/** AbstractHerder.mergeConfigInfos: sums error counts, concatenates configs, unites groups; nulls are skipped. */
export function mergeConfigInfos (connType: string, ...infos: Array<ConfigInfos | null | undefined>): ConfigInfos {
  let errorCount = 0
  const groups: string[] = []
  const configs: ConfigInfo[] = []
  for (const info of infos) {
    if (info == null) continue
    errorCount += info.error_count
    configs.push(...info.configs)
    for (const g of info.groups) if (!groups.includes(g)) groups.push(g)
  }
  return { name: connType, error_count: errorCount, groups, configs }
}

export interface ToConfigInfosOptions {
  parseOptions?: ParseOptions
  /** Adds `Null value can not be supplied as the configuration value.` to keys given null (default true). */
  rejectNullValues?: boolean
  /** Cross-field rules (e.g. validateSinkConnectorConfig) run on the merged values before the body is built. */
  postValidate?: (values: Map<string, ConfigValue>, props: ConfigProps) => void
}

/**
 * Validates `props` against several definitions (framework ConnectorConfig first, then the connector's own) and
 * builds the body: keys merged in order (a later definition of a key replaces an earlier one in place), groups
 * united, the later definition's value winning for a shared key. Resolve `${provider:…}` placeholders before calling.
 */
export function toConfigInfos (name: string, defs: ReadonlyArray<ConfigDef<any>>, props: ConfigProps, opts: ToConfigInfosOptions = {}): ConfigInfos {
  const keys = new Map<string, ConfigKey>()
  const groups: string[] = []
  const values = new Map<string, ConfigValue>()
  for (const def of defs) {
    for (const [k, key] of def.configKeys) keys.set(k, key)
    for (const g of def.groups) if (!groups.includes(g)) groups.push(g)
    for (const [k, v] of def.validateAll(props, opts.parseOptions)) values.set(k, v)
  }
  if (opts.rejectNullValues !== false) {
    const entries = props instanceof Map ? [...props] : Object.entries(props)
    for (const [k, v] of entries) {
      if (v !== null) continue
      let cv = values.get(k)
      if (cv === undefined) values.set(k, cv = new ConfigValue(k))
      cv.addErrorMessage(NULL_VALUE_MESSAGE)
    }
  }
  opts.postValidate?.(values, props)
  return generateResult(name, keys, values.values(), groups)
}
