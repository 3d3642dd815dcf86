// ReplaceField$Key / ReplaceField$Value (org.apache.kafka.connect.transforms.ReplaceField): keeps a field iff it is
// not excluded and (include is empty or it is included), then renames (`old:new`). The deprecated `blacklist` /
// `whitelist` keys of Kafka 3.x are still read as `exclude` / `include` when those are not set.
import type { ConnectRecord, Schema } from '../api/index.ts'
import { ConfigException, SchemaBuilder, Struct, defineConfig } from '../api/index.ts'
import { copySchemaBasics } from './b-common.ts'
import {
  KeyOrValueTransformation, SchemaCache, TRANSFORMS_PACKAGE, operatingSchema, operatingValue, requireMap, requireStruct,
  stringProps, withSide, type Side
} from './base.ts'

/** Java's String.split(regex) on a plain separator: trailing empty strings are dropped ("".split gives [""]). */
function javaSplit (s: string, sep: string): string[] {
  if (s === '') return ['']
  const parts = s.split(sep)
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** Kafka's ReplaceField.parseRenameMappings: `Invalid rename mapping: <m>` for anything but `old:new`. */
export function parseRenameMappings (mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':')
    if (parts.length !== 2) throw ConfigException.invalid('renames', mappings, `Invalid rename mapping: ${mapping}`)
    m.set(parts[0]!, parts[1]!)
  }
  return m
}

const CONFIG_DEF = defineConfig({
  exclude: {
    type: 'LIST',
    default: [],
    importance: 'MEDIUM',
    doc: 'Fields to exclude. This takes precedence over the fields to include.'
  },
  blacklist: { type: 'LIST', default: null, importance: 'LOW', doc: 'Deprecated. Use exclude instead.' },
  include: {
    type: 'LIST',
    default: [],
    importance: 'MEDIUM',
    doc: 'Fields to include. If specified, only these fields will be used.'
  },
  whitelist: { type: 'LIST', default: null, importance: 'LOW', doc: 'Deprecated. Use include instead.' },
  renames: {
    type: 'LIST',
    default: [],
    validator: {
      ensureValid: (_name: string, value: unknown) => { parseRenameMappings((value as string[] | null) ?? []) },
      toString: () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'
    },
    importance: 'MEDIUM',
    doc: 'Field rename mappings.'
  },
  'replace.null.with.default': {
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.'
  }
})

const PURPOSE = 'field replacement'

/** ConfigUtils.translateDeprecatedConfigs for {include ← whitelist, exclude ← blacklist}. */
function translateDeprecated (props: Record<string, string>): Record<string, string> {
  const out = { ...props }
  for (const [target, alias] of [['include', 'whitelist'], ['exclude', 'blacklist']] as const) {
    if (!(alias in out)) continue
    if (!(target in out)) out[target] = out[alias]!
    delete out[alias]
  }
  return out
}

export abstract class ReplaceField<R extends ConnectRecord<R> = any> extends KeyOrValueTransformation<R> {
  static readonly OVERVIEW_DOC = 'Filter or rename fields.<p/>Use the concrete transformation type designed for the ' +
    `record key (<code>${TRANSFORMS_PACKAGE}.ReplaceField$Key</code>) or value ` +
    `(<code>${TRANSFORMS_PACKAGE}.ReplaceField$Value</code>).`

  #exclude: ReadonlySet<string> = new Set()
  #include: ReadonlySet<string> = new Set()
  #renames: ReadonlyMap<string, string> = new Map()
  #reverseRenames: ReadonlyMap<string, string> = new Map()
  #replaceNullWithDefault = true
  readonly #schemaCache = new SchemaCache()

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(translateDeprecated(stringProps(props)))
    this.#exclude = new Set(config.exclude)
    this.#include = new Set(config.include)
    this.#renames = parseRenameMappings(config.renames)
    this.#reverseRenames = new Map([...this.#renames].map(([k, v]) => [v, k]))
    this.#replaceNullWithDefault = config['replace.null.with.default']
  }

  #keep (name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name))
  }

  #renamed (name: string): string {
    return this.#renames.get(name) ?? name
  }

  #reverseRenamed (name: string): string {
    return this.#reverseRenames.get(name) ?? name
  }

  apply (record: R): R {
    const value = operatingValue(this.side, record)
    if (value === null || value === undefined) return record
    return operatingSchema(this.side, record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value)
  }

  #applySchemaless (record: R, operating: unknown): R {
    const value = requireMap(operating, PURPOSE)
    const updated = new Map<unknown, unknown>()
    for (const [k, v] of value) {
      const name = String(k)
      if (this.#keep(name)) updated.set(this.#renames.has(name) ? this.#renamed(name) : k, v)
    }
    return withSide(this.side, record, null, updated)
  }

  #applyWithSchema (record: R, operating: unknown): R {
    const value = requireStruct(operating, PURPOSE)
    let schema = this.#schemaCache.get(value.schema())
    if (schema === undefined) {
      schema = this.#updatedSchema(value.schema())
      this.#schemaCache.set(value.schema(), schema)
    }
    const updated = new Struct(schema)
    for (const f of schema.fields()) {
      const source = this.#reverseRenamed(f.name())
      updated.put(f.name(), this.#replaceNullWithDefault ? value.get(source) : value.getWithoutDefault(source))
    }
    return withSide(this.side, record, schema, updated)
  }

  #updatedSchema (schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const f of schema.fields()) if (this.#keep(f.name())) builder.field(this.#renamed(f.name()), f.schema())
    return builder.build()
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }
}

export class ReplaceField$Key<R extends ConnectRecord<R> = any> extends ReplaceField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.ReplaceField$Key`
  readonly side: Side = 'key'
}

export class ReplaceField$Value<R extends ConnectRecord<R> = any> extends ReplaceField<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.ReplaceField$Value`
  readonly side: Side = 'value'
}
