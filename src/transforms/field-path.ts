// Field paths of the SMTs that reach nested fields (Kafka's KIP-821 SingleFieldPath and FieldSyntaxVersion).
// V1: the whole text is one top-level field name. V2: dotted nesting; a step wrapped in backticks may contain dots
// (`` `a.b`.c `` is the field `c` of the field `a.b`), and a backslash before a backtick that closes a step keeps the
// backtick in the name.
import type { Field, Schema, Struct } from '../api/index.ts'
import { ConfigException, validators } from '../api/index.ts'
import { requireMapOrNull, requireStructOrNull } from './base.ts'

export type FieldSyntaxVersion = 'V1' | 'V2'

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version'
export const FIELD_SYNTAX_VERSION_DEFAULT = 'V1'
export const FIELD_SYNTAX_VERSION_DOC = 'Defines the version of the syntax to access fields. ' +
  'If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. ' +
  'If set to `V2`, the syntax will support accessing nested elements. ' +
  'To access nested elements, dotted notation is used. ' +
  'If dots are already included in the field name, ' +
  'then backtick pairs can be used to wrap field names containing dots. ' +
  'E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map ' +
  'the following format can be used to access its elements: "`foo.bar`.baz".'

/** The `field.syntax.version` key (FieldSyntaxVersion.appendConfigTo), to spread into a defineConfig spec. */
export const FIELD_SYNTAX_VERSION_KEY = {
  type: 'STRING',
  default: FIELD_SYNTAX_VERSION_DEFAULT,
  validator: validators.oneOfIgnoreCase('V1', 'V2'),
  importance: 'HIGH',
  doc: FIELD_SYNTAX_VERSION_DOC
} as const

/** FieldSyntaxVersion.fromConfig: the parsed config value, any case. */
export function fieldSyntaxVersion (value: string): FieldSyntaxVersion {
  const upper = value.toUpperCase()
  if (upper === 'V1' || upper === 'V2') return upper
  throw ConfigException.invalid(FIELD_SYNTAX_VERSION_CONFIG, value, 'Unrecognized field syntax version')
}

const BACKTICK = '`'
const DOT = '.'
const BACKSLASH = '\\'

function incompleteBacktickPair (path: string, backtickAt: number): ConfigException {
  return new ConfigException(`Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${backtickAt} to escape it`)
}

/** Splits a V2 path into its steps (Kafka's SingleFieldPath.buildFieldPathV2). */
export function parseFieldPathV2 (path: string): string[] {
  const steps: string[] = []
  let idx = 0
  while (idx >= 0 && idx < path.length) {
    if (path[idx] !== BACKTICK) {
      const start = idx
      idx = path.indexOf(DOT, idx)
      if (idx >= 0) {
        steps.push(path.slice(start, idx))
        idx++
      } else {
        steps.push(path.slice(start))
      }
      continue
    }
    const backtickAt = idx
    idx++
    let field = ''
    let start = idx
    while (true) {
      idx = path.indexOf(BACKTICK, idx)
      if (idx === -1) throw incompleteBacktickPair(path, backtickAt)
      const escaped = path[idx - 1] === BACKSLASH
      if (idx >= path.length - 1) {
        // the closing backtick ends the path
        if (escaped) throw incompleteBacktickPair(path, backtickAt)
        field += path.slice(start, idx)
        steps.push(field)
        idx++
        break
      }
      if (path[idx + 1] !== DOT) {
        // a backtick inside the name: keep looking for one followed by a dot
        idx++
        continue
      }
      if (escaped) {
        field += path.slice(start, idx - 1) + BACKTICK
        idx++
        start = idx
        continue
      }
      field += path.slice(start, idx)
      steps.push(field)
      idx += 2
      break
    }
  }
  if (path.length > 0 && path[path.length - 1] === DOT) steps.push('')
  return steps
}

/** A path to one (possibly nested) field of a struct or map. */
export class SingleFieldPath {
  readonly version: FieldSyntaxVersion
  readonly steps: readonly string[]

  constructor (pathText: string, version: FieldSyntaxVersion) {
    this.version = version
    this.steps = Object.freeze(version === 'V1' ? [pathText] : parseFieldPathV2(pathText))
  }

  #parents (): readonly string[] {
    return this.steps.slice(0, -1)
  }

  #last (): string | undefined {
    return this.steps[this.steps.length - 1]
  }

  /** The field at this path in a struct schema, or null when a step does not exist. */
  fieldFrom (schema: Schema | null): Field | null {
    if (schema === null) return null
    const last = this.#last()
    if (last === undefined) return null
    let current = schema
    for (const step of this.#parents()) {
      const field = current.field(step)
      if (field === null) return null
      current = field.schema()
    }
    return current.field(last)
  }

  /**
   * The value at this path in a struct, or null when a step does not exist or a parent is null. Intermediate structs
   * are read with defaults; the last field with its default only when `withDefault`.
   */
  valueFromStruct (struct: Struct | null, withDefault = true): unknown {
    if (struct === null) return null
    const last = this.#last()
    if (last === undefined) return null
    let current: Struct | null = struct
    for (const step of this.#parents()) {
      if (current.schema().field(step) === null) return null
      current = requireStructOrNull(current.get(step), 'nested field access')
      if (current === null) return null
    }
    const field = current.schema().field(last)
    if (field === null) return null
    return withDefault ? current.get(field) : current.getWithoutDefault(field)
  }

  /** The value at this path in a schemaless map, or null. */
  valueFromMap (map: Map<unknown, unknown> | null): unknown {
    if (map === null) return null
    const last = this.#last()
    if (last === undefined) return null
    let current: Map<unknown, unknown> | null = map
    for (const step of this.#parents()) {
      current = requireMapOrNull(current.get(step), 'nested field access')
      if (current === null) return null
    }
    return current.get(last) ?? null
  }

  toString (): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join('.')}}`
  }
}
