// The vocabulary of a config definition, spelled as Kafka's ConfigDef spells it so REST bodies need no mapping:
// types, importance and width words, the key spec a connector writes, the normalized ConfigKey, and the type-level
// machinery that turns one spec object into the parsed config's TypeScript type (no hand-written interface).
import type { Password } from './password.ts'

export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD'
} as const
export type ConfigType = typeof ConfigType[keyof typeof ConfigType]

/** Declaration order matters: docs sort HIGH before MEDIUM before LOW, as Java's enum compareTo does. */
export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const
export type Importance = typeof Importance[keyof typeof Importance]

export const Width = { NONE: 'NONE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' } as const
export type Width = typeof Width[keyof typeof Width]

/** Marks a key without a default: it is required. */
export const NO_DEFAULT_VALUE: unique symbol = Symbol('kconnect.config.noDefault')
export type NoDefault = typeof NO_DEFAULT_VALUE

/**
 * Checks one value. Throw a ConfigException (usually `ConfigException.invalid(name, value, reason)`) to reject it;
 * `toString()` is the "Valid Values" text of the docs.
 */
export interface Validator {
  ensureValid (name: string, value: unknown): void
  toString (): string
}

/** A bare function validator: return a reason (string) to reject, or nothing to accept; it may also throw. */
export type ValidatorFn = (name: string, value: unknown) => string | undefined | void

/** Parsed values of every key of the definition, by name (what Kafka hands a Recommender). */
export type ParsedValues = Readonly<Record<string, unknown>>

export interface Recommender {
  validValues (name: string, parsed: ParsedValues): unknown[]
  visible (name: string, parsed: ParsedValues): boolean
}

interface KeySpecBase {
  importance: Importance
  doc: string
  validator?: Validator | ValidatorFn | null
  group?: string | null
  orderInGroup?: number
  width?: Width
  displayName?: string
  dependents?: readonly string[]
  recommender?: Recommender | null
  /** Internal keys are parsed and validated but left out of the docs (Kafka's defineInternal). */
  internal?: boolean
}

/** Defaults may be given parsed (2000, true, ['a']) or as the text a properties file would hold ('2000'). */
export type ConfigKeySpec = KeySpecBase & (
  | { type: 'BOOLEAN', default?: boolean | string | null }
  | { type: 'STRING' | 'CLASS' | 'PASSWORD', default?: string | null }
  | { type: 'INT' | 'SHORT' | 'LONG' | 'DOUBLE', default?: number | bigint | string | null }
  | { type: 'LIST', default?: readonly string[] | string | null }
)

export type ConfigSpec = Record<string, ConfigKeySpec>

/** One normalized key of a definition (Kafka's ConfigDef.ConfigKey). */
export interface ConfigKey {
  readonly name: string
  readonly type: ConfigType
  /** Parsed default, or NO_DEFAULT_VALUE for a required key. */
  readonly defaultValue: unknown
  readonly validator: Validator | null
  readonly importance: Importance
  readonly documentation: string | null
  readonly group: string | null
  readonly orderInGroup: number
  readonly width: Width
  readonly displayName: string
  readonly dependents: readonly string[]
  readonly recommender: Recommender | null
  readonly internalConfig: boolean
}

/** Runtime value of each type after parsing. LONG is a JS number (see parse-type.ts for the precision note). */
export interface ConfigTypeValues {
  BOOLEAN: boolean
  STRING: string
  INT: number
  SHORT: number
  LONG: number
  DOUBLE: number
  LIST: string[]
  CLASS: string
  PASSWORD: Password
}

/** The parsed type of one key: nullable only when its default may be null. */
export type ConfigValueOf<K extends ConfigKeySpec> = K extends { default: infer D }
  ? (null extends D ? ConfigTypeValues[K['type']] | null : ConfigTypeValues[K['type']])
  : ConfigTypeValues[K['type']]

/** What `parse()` returns for a spec. */
export type ParsedConfig<S extends ConfigSpec> = { readonly [K in keyof S]: ConfigValueOf<S[K]> }

/** The keys of `S` renamed with a prefix (what `embed()` produces). */
export type PrefixedSpec<P extends string, S extends ConfigSpec> = { [K in keyof S & string as `${P}${K}`]: S[K] }

/** Config maps as they arrive: a plain object (REST JSON, parsed properties) or a Map. */
export type ConfigProps = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>

export interface ParseOptions {
  /**
   * Decides whether a CLASS value names a loadable plugin; false gives Kafka's `Class <v> could not be found.`.
   * Unset: any name is accepted (the runtime's plugin registry checks later).
   */
  classExists?: (className: string, key: string) => boolean
}
