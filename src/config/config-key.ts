// The normalized form of one key (Kafka's ConfigDef.ConfigKey) and Kafka's documentation order of keys.
import { parseType } from './parse-type.ts'
import { validatorOf } from './validators.ts'
import { NO_DEFAULT_VALUE, type ConfigKey, type ConfigKeySpec, type Importance } from './types.ts'

const IMPORTANCE_ORDER: Record<Importance, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 }

/** Builds the normalized key; parses and validates the default as Kafka's ConfigKey constructor does. */
export function configKey (name: string, spec: ConfigKeySpec): ConfigKey {
  const validator = spec.validator == null ? null : validatorOf(spec.validator)
  const hasDefault = spec.default !== undefined
  const defaultValue = hasDefault ? parseType(name, spec.default, spec.type) : NO_DEFAULT_VALUE
  if (validator !== null && hasDefault) validator.ensureValid(name, defaultValue)
  return Object.freeze({
    name,
    type: spec.type,
    defaultValue: Array.isArray(defaultValue) ? Object.freeze([...defaultValue]) : defaultValue,
    validator,
    importance: spec.importance,
    documentation: spec.doc,
    group: spec.group ?? null,
    orderInGroup: spec.orderInGroup ?? -1,
    width: spec.width ?? 'NONE',
    displayName: spec.displayName ?? name,
    dependents: Object.freeze([...(spec.dependents ?? [])]),
    recommender: spec.recommender ?? null,
    internalConfig: spec.internal ?? false
  })
}

export function hasDefault (key: ConfigKey): boolean {
  return key.defaultValue !== NO_DEFAULT_VALUE
}

export function copyDefault (value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value
}

/** Kafka's sortedConfigs(): by group order (ungrouped first), orderInGroup, required first, importance, name. */
export function sortedKeys (keys: Iterable<ConfigKey>, groups: readonly string[]): ConfigKey[] {
  const groupOrd = new Map(groups.map((g, i) => [g, i]))
  return [...keys].sort((a, b) => {
    const ga = a.group === null ? -1 : groupOrd.get(a.group) ?? Infinity
    const gb = b.group === null ? -1 : groupOrd.get(b.group) ?? Infinity
    if (ga !== gb) return ga < gb ? -1 : 1
    if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup
    if (hasDefault(a) !== hasDefault(b)) return hasDefault(a) ? 1 : -1
    const ia = IMPORTANCE_ORDER[a.importance]
    const ib = IMPORTANCE_ORDER[b.importance]
    if (ia !== ib) return ia - ib
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
}
