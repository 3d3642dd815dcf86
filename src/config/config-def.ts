// defineConfig(): a connector, converter, transformation or the worker declares its keys once and gets typed
// parsing, Kafka-style validation (ConfigDef.validate), the REST validate body, and markdown docs from that one object.
//
//   const def = defineConfig({
//     topic: { type: 'STRING', importance: 'HIGH', doc: 'Topic to write to.', validator: nonEmptyString() },
//     'batch.size': { type: 'INT', default: 2000, importance: 'LOW', doc: 'Most lines per poll.' }
//   })
//   def.parse(props)  // { topic: string, 'batch.size': number }, or throws a ConfigError naming every bad key
//
// One deliberate difference from Kafka's ConfigDef.parse: a key given an explicit null is rejected unless its
// default is null (Kafka would return null and let the value's type lie). validate() keeps Kafka's behaviour.
import { toConfigInfos, type ConfigInfos, type ToConfigInfosOptions } from './config-infos.ts'
import { ConfigValue } from './config-value.ts'
import { toMarkdown, type MarkdownOptions } from './docs.ts'
import { ConfigError, ConfigException, type ConfigProblem } from './errors.ts'
import { configKey, copyDefault, hasDefault, sortedKeys } from './config-key.ts'
import { parseType } from './parse-type.ts'
import type {
  ConfigKey, ConfigProps, ConfigSpec, ParseOptions, ParsedConfig, ParsedValues, PrefixedSpec, Recommender, Validator
} from './types.ts'

/** Reads one prop from a plain object or a Map; `undefined` counts as absent. */
export function getProp (props: ConfigProps, key: string): { present: boolean, value: unknown } {
  if (props instanceof Map) {
    const value = props.get(key)
    return { present: value !== undefined, value }
  }
  const record = props as Readonly<Record<string, unknown>>
  if (!Object.hasOwn(record, key)) return { present: false, value: undefined }
  const value = record[key]
  return { present: value !== undefined, value }
}

function groupsOf (keys: Iterable<ConfigKey>, start: readonly string[] = []): string[] {
  const groups = [...start]
  for (const k of keys) if (k.group !== null && !groups.includes(k.group)) groups.push(k.group)
  return groups
}

export type SafeParseResult<T> = { ok: true, value: T } | { ok: false, error: ConfigError }

export class ConfigDef<S extends ConfigSpec = ConfigSpec> {
  readonly #keys: ReadonlyMap<string, ConfigKey>
  readonly #groups: readonly string[]

  /** Prefer defineConfig(); this takes already-normalized keys (in order) and the group order. */
  constructor (keys: Iterable<ConfigKey>, groups?: readonly string[]) {
    const map = new Map<string, ConfigKey>()
    for (const k of keys) {
      if (map.has(k.name)) throw new ConfigException(`Configuration ${k.name} is defined twice.`, { key: k.name })
      map.set(k.name, k)
    }
    this.#keys = map
    this.#groups = Object.freeze(groupsOf(map.values(), groups ?? []))
  }

  /** Keys in definition order (Kafka's configKeys()). */
  get configKeys (): ReadonlyMap<string, ConfigKey> {
    return this.#keys
  }

  /** Groups in first-definition order (Kafka's groups()). */
  get groups (): readonly string[] {
    return this.#groups
  }

  names (): string[] {
    return [...this.#keys.keys()]
  }

  key (name: string): ConfigKey | undefined {
    return this.#keys.get(name)
  }

  /** Keys that have a default, with their parsed default. */
  defaultValues (): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const k of this.#keys.values()) if (hasDefault(k)) out[k.name] = copyDefault(k.defaultValue)
    return out
  }

  #undefinedDependents (): string[] {
    const missing = new Set<string>()
    for (const k of this.#keys.values()) for (const d of k.dependents) if (!this.#keys.has(d)) missing.add(d)
    return [...missing]
  }

  /** Parses every defined key (other keys are ignored); throws a ConfigError listing each bad key. */
  parse (props: ConfigProps, opts?: ParseOptions): ParsedConfig<S> {
    const result = this.safeParse(props, opts)
    if (!result.ok) throw result.error
    return result.value
  }

  safeParse (props: ConfigProps, opts?: ParseOptions): SafeParseResult<ParsedConfig<S>> {
    const problems: ConfigProblem[] = []
    const undefinedDeps = this.#undefinedDependents()
    if (undefinedDeps.length > 0) {
      problems.push({ key: null, message: `Some configurations in are referred in the dependents, but not defined: ${undefinedDeps.join(',')}` })
    }
    const out: Record<string, unknown> = {}
    for (const key of this.#keys.values()) {
      try {
        out[key.name] = this.#parseValue(key, props, opts)
      } catch (err) {
        if (!(err instanceof ConfigException)) throw err
        problems.push({ key: key.name, message: err.message })
      }
    }
    if (problems.length > 0) return { ok: false, error: new ConfigError(problems) }
    return { ok: true, value: out as ParsedConfig<S> }
  }

  #parseValue (key: ConfigKey, props: ConfigProps, opts: ParseOptions | undefined): unknown {
    const { present, value: raw } = getProp(props, key.name)
    let parsed: unknown
    if (present && raw !== null) parsed = parseType(key.name, raw, key.type, opts)
    else if (!hasDefault(key)) throw ConfigException.missing(key.name)
    else if (present && key.defaultValue !== null) throw ConfigException.invalid(key.name, null, 'Value must be non-null')
    else parsed = copyDefault(key.defaultValue)
    key.validator?.ensureValid(key.name, parsed)
    return parsed
  }

  /** Kafka's ConfigDef.validate: one ConfigValue per key, in definition order (undefined dependents last). */
  validate (props: ConfigProps, opts?: ParseOptions): ConfigValue[] {
    return [...this.validateAll(props, opts).values()]
  }

  /** Kafka's validateAll: parse errors, missing keys, validator errors, then recommenders on the parsed values. */
  validateAll (props: ConfigProps, opts?: ParseOptions): Map<string, ConfigValue> {
    const values = new Map<string, ConfigValue>()
    for (const name of this.#keys.keys()) values.set(name, new ConfigValue(name))
    for (const name of this.#undefinedDependents()) {
      const v = new ConfigValue(name).addErrorMessage(`${name} is referred in the dependents, but not defined.`)
      v.visible = false
      values.set(name, v)
    }
    const parsed: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const key of this.#keys.values()) {
      const cv = values.get(key.name)!
      const { present, value: raw } = getProp(props, key.name)
      let value: unknown = null
      if (present) {
        try {
          value = parseType(key.name, raw, key.type, opts)
        } catch (err) {
          if (!(err instanceof ConfigException)) throw err
          cv.addErrorMessage(err.message)
        }
      } else if (!hasDefault(key)) {
        cv.addErrorMessage(ConfigException.missing(key.name).message)
      } else {
        value = copyDefault(key.defaultValue)
      }
      if (key.validator !== null) {
        try {
          key.validator.ensureValid(key.name, value)
        } catch (err) {
          if (!(err instanceof ConfigException)) throw err
          cv.addErrorMessage(err.message)
        }
      }
      cv.value = value
      parsed[key.name] = value
    }
    for (const key of this.#keys.values()) {
      if (key.recommender === null) continue
      const cv = values.get(key.name)!
      try {
        let recommended = key.recommender.validValues(key.name, parsed)
        if (cv.recommendedValues.length > 0) {
          const original = new Set(cv.recommendedValues)
          recommended = recommended.filter(v => original.has(v))
        }
        cv.recommendedValues = recommended
        cv.visible = key.recommender.visible(key.name, parsed)
      } catch (err) {
        if (!(err instanceof ConfigException)) throw err
        cv.addErrorMessage(err.message)
      }
    }
    return values
  }

  /** This definition plus more keys; a key defined in both is an error (`Configuration <k> is defined twice.`). */
  extend<S2 extends ConfigSpec> (other: ConfigDef<S2>): ConfigDef<S & S2>
  extend<const S2 extends ConfigSpec> (spec: S2): ConfigDef<S & S2>
  extend (other: ConfigDef<ConfigSpec> | ConfigSpec): ConfigDef<ConfigSpec> {
    const def = other instanceof ConfigDef ? other : defineConfig(other)
    return new ConfigDef([...this.#keys.values(), ...def.configKeys.values()], groupsOf(def.configKeys.values(), this.#groups))
  }

  /**
   * This definition with another laid over it: a key of `other` replaces ours in place (AbstractHerder's
   * `configKeys.putAll`), new keys are appended, groups are united in order.
   */
  merge<S2 extends ConfigSpec> (other: ConfigDef<S2>): ConfigDef<Omit<S, keyof S2> & S2>
  merge<const S2 extends ConfigSpec> (spec: S2): ConfigDef<Omit<S, keyof S2> & S2>
  merge (other: ConfigDef<ConfigSpec> | ConfigSpec): ConfigDef<ConfigSpec> {
    const def = other instanceof ConfigDef ? other : defineConfig(other)
    const map = new Map(this.#keys)
    for (const k of def.configKeys.values()) map.set(k.name, k)
    return new ConfigDef(map.values(), [...this.#groups, ...def.groups])
  }

  /** Only the named keys (e.g. the subset a task needs). */
  pick<K extends keyof S & string> (...names: K[]): ConfigDef<Pick<S, K>> {
    return new ConfigDef([...this.#keys.values()].filter(k => (names as string[]).includes(k.name)))
  }

  /**
   * Kafka's ConfigDef.embed: adds `child`'s keys under `prefix`, in child's sorted order, numbered from
   * `startingOrd`, grouped as `groupPrefix[: childGroup]`. Validators and recommenders see unprefixed names.
   */
  embed<const P extends string, S2 extends ConfigSpec> (prefix: P, groupPrefix: string, startingOrd: number, child: ConfigDef<S2>): ConfigDef<S & PrefixedSpec<P, S2>> {
    let order = startingOrd
    const added = sortedKeys(child.configKeys.values(), child.groups).map(k => Object.freeze({
      ...k,
      name: prefix + k.name,
      validator: embeddedValidator(prefix, k.validator),
      group: groupPrefix + (k.group === null ? '' : `: ${k.group}`),
      orderInGroup: order++,
      dependents: Object.freeze(k.dependents.map(d => prefix + d)),
      recommender: embeddedRecommender(prefix, k.recommender)
    }))
    return new ConfigDef([...this.#keys.values(), ...added], this.#groups)
  }

  /** Markdown reference of the keys (internal keys left out), in Kafka's documentation order. */
  toMarkdown (opts?: MarkdownOptions): string {
    return toMarkdown(this, opts)
  }

  /** The `PUT /connector-plugins/{type}/config/validate` body for this definition alone. */
  toConfigInfos (name: string, props: ConfigProps, opts?: ToConfigInfosOptions): ConfigInfos {
    return toConfigInfos(name, [this], props, opts)
  }
}

function embeddedValidator (prefix: string, base: Validator | null): Validator | null {
  if (base === null) return null
  return { ensureValid: (name, value) => base.ensureValid(name.slice(prefix.length), value), toString: () => base.toString() }
}

function embeddedRecommender (prefix: string, base: Recommender | null): Recommender | null {
  if (base === null) return null
  const unprefixed = (parsed: ParsedValues): ParsedValues => {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [k, v] of Object.entries(parsed)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
    return out
  }
  return {
    validValues: (name, parsed) => base.validValues(name.slice(prefix.length), unprefixed(parsed)),
    visible: (name, parsed) => base.visible(name.slice(prefix.length), unprefixed(parsed))
  }
}

/** Declares a configuration once; the parsed type is inferred from the spec. */
export function defineConfig<const S extends ConfigSpec> (spec: S): ConfigDef<S> {
  const keys: ConfigKey[] = []
  for (const [name, keySpec] of Object.entries(spec)) keys.push(configKey(name, keySpec))
  return new ConfigDef<S>(keys)
}

/** Several definitions laid over each other left to right (see ConfigDef.merge). */
export function mergeConfigDefs (...defs: Array<ConfigDef<any>>): ConfigDef<ConfigSpec> {
  let out = new ConfigDef<ConfigSpec>([])
  for (const d of defs) out = out.merge(d as ConfigDef<ConfigSpec>) as ConfigDef<ConfigSpec>
  return out
}
