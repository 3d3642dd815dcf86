// Generates the broker's Kafka protocol codec from Kafka's JSON message specs, for exactly the (api key, version)
// pairs advertised in src/broker/versions.ts:
//   src/broker/protocol/types/<api>.ts        version-independent request/response interfaces
//   src/broker/protocol/messages/<api>-v<N>.ts straight-line decode/encode functions for one version
//   src/broker/protocol/messages/index.ts     codecFor(), isFlexible(), header versions
// Usage: node scripts/gen-protocol.ts [--check] [--out <protocol dir>]
//   --check  regenerate in memory, list files that differ, are missing or are extra, exit 1 if any.
// Spec handling: tagged fields are written only when they differ from their default and read by tag number
// (unknown tags skipped); per-field flexibleVersions override the message's for compact encoding; a nullable
// struct carries an int8 -1/1 marker; `mapKey` and `ignorable` are ignored: a value set on a field its version
// lacks is dropped silently (Kafka throws for non-ignorable ones); every bytes/records field is decoded zero-copy
// (a view into the frame), so `zeroCopy` changes nothing. Defaults: the spec default, else '' / 0 / 0n / false /
// zero uuid / empty buffer, null for strings, bytes and structs nullable in some advertised version, and [] for
// arrays unless the spec default is "null".
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { advertisedApis } from '../src/broker/versions.ts'

const SPEC_DIR = new URL('../../shared/reference/kafka-message-specs/', import.meta.url)
const DEFAULT_OUT = fileURLToPath(new URL('../src/broker/protocol/', import.meta.url))
const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

// ---- spec model -------------------------------------------------------------------------------------------------
type Def = string | number | boolean | undefined
interface RawField {
  name: string, type: string, versions: string, nullableVersions?: string, taggedVersions?: string, tag?: number,
  default?: Def, flexibleVersions?: string, fields?: RawField[], ignorable?: boolean, mapKey?: boolean, zeroCopy?: boolean
}
interface RawMessage { apiKey: number, type: string, name: string, validVersions: string, flexibleVersions: string, fields: RawField[], commonStructs?: Array<{ name: string, versions: string, fields: RawField[] }> }
interface Range { lo: number, hi: number }
type Type = { kind: 'prim', prim: string } | { kind: 'struct', struct: Struct } | { kind: 'array', elem: Type }
interface Struct { spec: string, ts: string, fields: Field[], presence: Set<number> }
interface Field { name: string, prop: string, type: Type, versions: Range, nullable: Range, tagged: Range, tag: number | undefined, def: Def, flex: Range | undefined }
interface Message { name: string, api: string, apiKey: number, isResponse: boolean, flexible: Range, top: Struct, structs: Struct[] }

const PRIMS = new Set(['int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64', 'bool', 'string', 'bytes', 'records', 'uuid'])
const RESERVED = new Set(['default', 'delete', 'new', 'in', 'for', 'if', 'else', 'return', 'function', 'class', 'const', 'let', 'var', 'switch', 'case', 'this', 'void', 'typeof', 'null', 'true', 'false', 'do', 'while', 'with', 'enum', 'export', 'import', 'super', 'throw', 'try', 'catch', 'finally', 'yield', 'await', 'break', 'continue', 'debugger', 'instanceof', 'extends'])

function parseRange (s: string | undefined): Range {
  if (s === undefined || s === 'none' || s === '') return { lo: 1, hi: 0 }
  const m = /^(\d+)(\+|-(\d+))?$/.exec(s.trim())
  if (m === null) throw new Error(`bad version range ${JSON.stringify(s)}`)
  const lo = Number(m[1])
  return { lo, hi: m[2] === '+' ? Infinity : m[3] !== undefined ? Number(m[3]) : lo }
}
const has = (r: Range, v: number): boolean => v >= r.lo && v <= r.hi
const camel = (s: string): string => s[0].toLowerCase() + s.slice(1)
const kebab = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
const paren = (e: string): string => e.includes(' ') ? `(${e})` : e
const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

function loadSpec (file: string, dir: URL): RawMessage {
  const text = readFileSync(new URL(file, dir), 'utf8').split('\n').filter(l => !/^\s*\/\//.test(l)).join('\n')
  return JSON.parse(text) as RawMessage
}

/** Struct type names: the spec name when it already starts with the message name (`MetadataRequestTopic`); the
 * message name plus the rest when it starts with the API name (`FetchTopic` -> `FetchRequestTopic`); otherwise the
 * message name plus the spec name (`TopicProduceData` -> `ProduceRequestTopicProduceData`). */
function structName (msg: string, api: string, spec: string): string {
  if (spec.startsWith(msg)) return spec
  if (spec.startsWith(api) && /^[A-Z]/.test(spec.slice(api.length))) return msg + spec.slice(api.length)
  return msg + spec
}

function buildMessage (raw: RawMessage, api: string, min: number, max: number): Message {
  const structs = new Map<string, Struct>()
  const tsNames = new Set<string>()
  const common = new Map((raw.commonStructs ?? []).map(c => [c.name, c]))
  const define = (spec: string, fields: RawField[]): Struct => {
    if (structs.has(spec)) throw new Error(`${raw.name}: struct ${spec} defined twice`)
    const ts = structName(raw.name, api, spec)
    if (tsNames.has(ts)) throw new Error(`${raw.name}: type name ${ts} collides`)
    tsNames.add(ts)
    const s: Struct = { spec, ts, fields: [], presence: new Set() }
    structs.set(spec, s)
    s.fields = fields.map(toField)
    return s
  }
  const resolve = (f: RawField, name: string): Type => {
    if (name.startsWith('[]')) return { kind: 'array', elem: resolve(f, name.slice(2)) }
    if (PRIMS.has(name)) return { kind: 'prim', prim: name }
    if (f.fields !== undefined) return { kind: 'struct', struct: define(name, f.fields) }
    const existing = structs.get(name)
    if (existing !== undefined) return { kind: 'struct', struct: existing }
    const c = common.get(name)
    if (c === undefined) throw new Error(`${raw.name}: unknown type ${name}`)
    return { kind: 'struct', struct: define(name, c.fields) }
  }
  const toField = (f: RawField): Field => {
    let prop = camel(f.name)
    if (RESERVED.has(prop)) prop += '_'
    const tagged = parseRange(f.taggedVersions)
    if ((f.tag === undefined) !== (f.taggedVersions === undefined)) throw new Error(`${raw.name}.${f.name}: tag and taggedVersions go together`)
    return {
      name: f.name, prop, type: resolve(f, f.type), versions: parseRange(f.versions), nullable: parseRange(f.nullableVersions),
      tagged, tag: f.tag, def: f.default, flex: f.flexibleVersions === undefined ? undefined : parseRange(f.flexibleVersions)
    }
  }
  const top = define(raw.name, raw.fields)
  const mark = (s: Struct, v: number): void => {
    s.presence.add(v)
    for (const f of s.fields) {
      if (!has(f.versions, v)) continue
      const t = f.type.kind === 'array' ? f.type.elem : f.type
      if (t.kind === 'struct') mark(t.struct, v)
    }
  }
  for (let v = min; v <= max; v++) mark(top, v)
  return { name: raw.name, api, apiKey: raw.apiKey, isResponse: raw.type === 'response', flexible: parseRange(raw.flexibleVersions), top, structs: [...structs.values()] }
}

// ---- per-field facts over the advertised versions ----------------------------------------------------------------
const livesIn = (s: Struct, f: Field): number[] => [...s.presence].filter(v => has(f.versions, v))
const included = (s: Struct, f: Field): boolean => livesIn(s, f).length > 0
const nullableAnywhere = (s: Struct, f: Field): boolean => livesIn(s, f).some(v => has(f.nullable, v))
const optional = (m: Message, s: Struct, f: Field): boolean => m.isResponse &&
  (livesIn(s, f).length < s.presence.size || f.def !== undefined || livesIn(s, f).some(v => has(f.tagged, v)))

function tsType (t: Type): string {
  if (t.kind === 'array') return `${tsType(t.elem)}[]`
  if (t.kind === 'struct') return t.struct.ts
  switch (t.prim) {
    case 'int64': return 'bigint'
    case 'bool': return 'boolean'
    case 'string': case 'uuid': return 'string'
    case 'bytes': case 'records': return 'Buffer'
    default: return 'number'
  }
}
const fieldType = (s: Struct, f: Field): string => tsType(f.type) + (nullableAnywhere(s, f) ? ' | null' : '')

// ---- the code emitter for one module ---------------------------------------------------------------------------
class Emitter {
  readonly m: Message
  readonly helpers: Map<string, string>
  readonly types = new Set<string>()
  usesNotNull = false
  /** `helpers` is shared by the request and response emitters of one module, so item helpers are not doubled. */
  constructor (m: Message, helpers: Map<string, string>) {
    this.m = m
    this.helpers = helpers
  }

  helper (name: string, make: () => string): string {
    if (!this.helpers.has(name)) { this.helpers.set(name, ''); this.helpers.set(name, make()) }
    return name
  }

  /** The TS expression of a field's default (the spec default, else the type's zero value). */
  defaultOf (s: Struct, f: Field): string {
    const d = f.def
    const nullable = nullableAnywhere(s, f)
    if (d === 'null' && nullable) return 'null'
    const t = f.type
    if (t.kind === 'array') return '[]'
    if (t.kind === 'struct') return nullable ? 'null' : `${this.structDefault(t.struct)}()`
    if (d === undefined && nullable) return 'null'
    switch (t.prim) {
      case 'int64': return `${d === undefined ? 0n : BigInt(d)}n`
      case 'bool': return String(d === true || d === 'true')
      case 'string': return quote(d === undefined || d === 'null' ? '' : String(d))
      case 'uuid': return quote(ZERO_UUID)
      case 'bytes': case 'records': return 'Buffer.alloc(0)'
      default: return String(d === undefined ? 0 : Number(d))
    }
  }

  structDefault (s: Struct): string {
    this.types.add(s.ts)
    return this.helper(`default${s.ts}`, () => {
      const props = s.fields.filter(f => included(s, f)).map(f => `${f.prop}: ${this.defaultOf(s, f)}`)
      return `function default${s.ts} (): ${s.ts} {\n  return { ${props.join(', ')} }\n}`
    })
  }

  compact (f: Field, v: number, tagged: boolean): boolean {
    return tagged || (f.flex !== undefined ? has(f.flex, v) : has(this.m.flexible, v))
  }

  primMethod (prim: string, nullable: boolean, compact: boolean): string {
    if (prim === 'string' || prim === 'bytes' || prim === 'records') {
      const base = prim === 'string' ? 'String' : 'Bytes'
      const name = (compact ? 'compact' : '') + (nullable ? 'Nullable' : '') + base
      return name[0].toLowerCase() + name.slice(1)
    }
    return prim
  }

  readExpr (t: Type, nullable: boolean, compact: boolean, v: number): string {
    if (t.kind === 'prim') return `r.${this.primMethod(t.prim, nullable, compact)}()`
    if (t.kind === 'struct') {
      const fn = this.reader(t.struct, v)
      return nullable ? `(r.structPresent() ? ${fn}(r) : null)` : `${fn}(r)`
    }
    const method = (compact ? 'compact' : '') + (nullable ? (compact ? 'NullableArray' : 'nullableArray') : (compact ? 'Array' : 'array'))
    return `r.${method}(${this.elemReader(t.elem, compact, v)})`
  }

  elemReader (t: Type, compact: boolean, v: number): string {
    if (t.kind === 'struct') return this.reader(t.struct, v)
    if (t.kind === 'array') throw new Error('nested arrays are not in Kafka specs')
    const method = this.primMethod(t.prim, false, compact)
    return this.helper(`readItem${method[0].toUpperCase()}${method.slice(1)}`, () =>
      `function readItem${method[0].toUpperCase()}${method.slice(1)} (r: Reader): ${tsType(t)} {\n  return r.${method}()\n}`)
  }

  writeStmt (t: Type, nullable: boolean, compact: boolean, v: number, value: string, indent: string): string {
    if (t.kind === 'prim') return `${indent}w.${this.primMethod(t.prim, nullable, compact)}(${value})`
    if (t.kind === 'struct') {
      const fn = this.writer(t.struct, v)
      if (!nullable) return `${indent}${fn}(w, ${value})`
      return `${indent}if (${paren(value)} === null) w.int8(-1)\n${indent}else ${fn}(w.int8(1), ${value})`
    }
    const method = (compact ? 'compact' : '') + (nullable ? (compact ? 'NullableArray' : 'nullableArray') : (compact ? 'Array' : 'array'))
    return `${indent}w.${method}(${value}, ${this.elemWriter(t.elem, compact, v)})`
  }

  elemWriter (t: Type, compact: boolean, v: number): string {
    if (t.kind === 'struct') return this.writer(t.struct, v)
    if (t.kind === 'array') throw new Error('nested arrays are not in Kafka specs')
    const method = this.primMethod(t.prim, false, compact)
    const name = `writeItem${method[0].toUpperCase()}${method.slice(1)}`
    return this.helper(name, () => `function ${name} (w: Writer, v: ${tsType(t)}): void {\n  w.${method}(v)\n}`)
  }

  /** Straight-line decode body of a struct at version v; returns the statements and the object literal. */
  decodeBody (s: Struct, v: number): string {
    this.types.add(s.ts)
    const lines: string[] = []
    const props: string[] = []
    const tagged: Array<{ f: Field, local: string }> = []
    for (const f of s.fields) {
      if (!included(s, f)) continue
      const local = f.prop
      if (!has(f.versions, v)) { props.push(`${f.prop}: ${this.defaultOf(s, f)}`); continue }
      props.push(f.prop)
      const nullable = has(f.nullable, v)
      if (has(f.tagged, v) && has(this.m.flexible, v)) {
        lines.push(`  let ${local}: ${fieldType(s, f)} = ${this.defaultOf(s, f)}`)
        tagged.push({ f, local })
      } else {
        lines.push(`  const ${local} = ${this.readExpr(f.type, nullable, this.compact(f, v, false), v)}`)
      }
    }
    if (has(this.m.flexible, v)) {
      if (tagged.length === 0) lines.push('  r.skipTaggedFields()')
      else {
        lines.push('  const $count = r.uvarint()', '  for (let $i = 0; $i < $count; $i++) {', '    const $tag = r.uvarint()', '    const $end = r.tagEnd()')
        tagged.sort((a, b) => (a.f.tag ?? 0) - (b.f.tag ?? 0)).forEach(({ f, local }, i) => {
          lines.push(`    ${i === 0 ? 'if' : 'else if'} ($tag === ${f.tag}) ${local} = ${this.readExpr(f.type, has(f.nullable, v), true, v)}`)
        })
        lines.push('    r.endTag($end, $tag)', '  }')
      }
    }
    lines.push(props.length > 0 ? `  return { ${props.join(', ')} }` : '  return {}')
    return lines.join('\n')
  }

  /** The value of a field to encode: required fields as they are, optional response fields with their default. */
  valueOf (s: Struct, f: Field, obj: string, v: number, enforce = true): string {
    let expr = `${obj}.${f.prop}`
    if (optional(this.m, s, f)) {
      const d = this.defaultOf(s, f)
      expr = nullableAnywhere(s, f) ? `${expr} === undefined ? ${d} : ${expr}` : `${expr} ?? ${d}`
    }
    if (enforce && nullableAnywhere(s, f) && !has(f.nullable, v)) {
      this.usesNotNull = true
      expr = `notNull(${expr}, '${s.ts}.${f.prop}')`
    }
    return expr
  }

  /** Condition under which a field differs from its default (`same`: equals it); tagged fields are written only then. */
  nonDefault (s: Struct, f: Field, value: string, v: number, same = false): string {
    const d = this.defaultOf(s, f)
    const op = same ? '===' : '!=='
    value = paren(value)
    if (d === 'null') return `${value} ${op} null`
    if (d === '[]' || d === 'Buffer.alloc(0)') return `${value}.length ${op} 0`
    if (f.type.kind === 'struct') {
      const st = f.type.struct
      const fn = this.helper(`isDefault${st.ts}V${v}`, () => {
        const conds = st.fields.filter(g => has(g.versions, v)).map(g => this.nonDefault(st, g, this.valueOf(st, g, 'v', v, false), v, true))
        return `function isDefault${st.ts}V${v} (${conds.length > 0 ? 'v' : '_v'}: ${st.ts}): boolean {\n  return ${conds.length > 0 ? conds.join(' &&\n    ') : 'true'}\n}`
      })
      return `${same ? '' : '!'}${fn}(${value})`
    }
    return `${value} ${op} ${d}`
  }

  encodeBody (s: Struct, v: number, obj: string): string {
    this.types.add(s.ts)
    const lines: string[] = []
    const tagged: Field[] = []
    for (const f of s.fields) {
      if (!included(s, f) || !has(f.versions, v)) continue
      if (has(f.tagged, v) && has(this.m.flexible, v)) { tagged.push(f); continue }
      lines.push(this.writeStmt(f.type, has(f.nullable, v), this.compact(f, v, false), v, this.valueOf(s, f, obj, v), '  '))
    }
    if (has(this.m.flexible, v)) {
      if (tagged.length === 0) lines.push('  w.emptyTaggedFields()')
      else {
        tagged.sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0))
        // An optional (response) tagged field left undefined is simply not written: no default object is built.
        const opt = tagged.map(f => optional(this.m, s, f))
        tagged.forEach((f, i) => {
          const cond = this.nonDefault(s, f, `$t${i}`, v)
          lines.push(`  const $t${i} = ${opt[i] ? `${obj}.${f.prop}` : this.valueOf(s, f, obj, v)}`,
            `  const $h${i} = ${opt[i] ? `$t${i} !== undefined && ${cond}` : cond}`)
        })
        lines.push(`  w.uvarint(${tagged.map((_f, i) => `($h${i} ? 1 : 0)`).join(' + ')})`)
        tagged.forEach((f, i) => {
          let value = `$t${i}`
          if (opt[i] && nullableAnywhere(s, f) && !has(f.nullable, v)) {
            this.usesNotNull = true
            value = `notNull(${value}, '${s.ts}.${f.prop}')`
          }
          lines.push(`  if ($h${i}) {`, `    const $m = w.uvarint(${f.tag}).startSized()`,
            this.writeStmt(f.type, has(f.nullable, v), true, v, value, '    '), '    w.endSized($m)', '  }')
        })
      }
    }
    return lines.join('\n')
  }

  reader (s: Struct, v: number): string {
    const name = `read${s.ts}`
    return this.helper(name, () => `function ${name} (r: Reader): ${s.ts} {\n${this.decodeBody(s, v)}\n}`)
  }

  writer (s: Struct, v: number): string {
    const name = `write${s.ts}`
    return this.helper(name, () => {
      const body = this.encodeBody(s, v, 'v')
      return `function ${name} (w: Writer, ${/\bv\./.test(body) ? 'v' : '_v'}: ${s.ts}): void {\n${body}\n}`
    })
  }
}

// ---- grammar comment ---------------------------------------------------------------------------------------------
function wireName (t: Type, compact: boolean, nullable: boolean): string {
  if (t.kind === 'array') return `${compact ? 'COMPACT_' : ''}${nullable ? 'NULLABLE_' : ''}ARRAY(${wireName(t.elem, compact, false)})`
  if (t.kind === 'struct') return (nullable ? 'NULLABLE_' : '') + t.struct.spec
  const base = t.prim === 'bool' ? 'BOOLEAN' : t.prim.toUpperCase()
  if (!['string', 'bytes', 'records'].includes(t.prim)) return base
  return `${compact ? 'COMPACT_' : ''}${nullable ? 'NULLABLE_' : ''}${base}`
}

function grammar (m: Message, v: number): string[] {
  const out: string[] = []
  const seen = new Set<Struct>()
  const walk = (s: Struct, label: string): void => {
    if (seen.has(s)) return
    seen.add(s)
    const parts: string[] = []
    const tags: string[] = []
    const nested: Struct[] = []
    for (const f of s.fields) {
      if (!has(f.versions, v)) continue
      const tagged = has(f.tagged, v) && has(m.flexible, v)
      const compact = tagged || (f.flex !== undefined ? has(f.flex, v) : has(m.flexible, v))
      const item = `${snake(f.name)}:${wireName(f.type, compact, has(f.nullable, v))}`
      if (tagged) tags.push(`${f.tag}=${item}`)
      else parts.push(item)
      const t = f.type.kind === 'array' ? f.type.elem : f.type
      if (t.kind === 'struct') nested.push(t.struct)
    }
    if (has(m.flexible, v)) parts.push(tags.length > 0 ? `TAG_BUFFER{${tags.join(' ')}}` : 'TAG_BUFFER')
    out.push(`//   ${label} => ${parts.length > 0 ? parts.join(' ') : '(empty)'}`)
    for (const n of nested) walk(n, n.spec)
  }
  walk(m.top, `${m.name} v${v}`)
  return out
}

// ---- files -------------------------------------------------------------------------------------------------------
const HEADER = (api: string): string => `// Generated by scripts/gen-protocol.ts from ${api}Request.json + ${api}Response.json. Do not edit.`

function typesFile (api: string, req: Message, res: Message, min: number, max: number): string {
  const lines = [HEADER(api),
    `// Version-independent types for ${api} v${min}-v${max}. Field names are the spec names in camelCase. Nested`,
    '// struct types are named <Message><Struct>: the spec struct name when it already starts with the message name,',
    '// else the message name plus the spec name (minus a leading API name), e.g. ProduceRequestTopicProduceData.',
    '// Requests: every field is required (decoders fill fields absent in a version with the spec default or zero).',
    '// Responses: a field is optional when some advertised version lacks it, it has a spec default, or it is tagged;',
    '// encoders then write the default.']
  for (const m of [req, res]) {
    for (const s of m.structs) {
      if (s.presence.size === 0) continue
      lines.push('', `export interface ${s.ts} {`)
      for (const f of s.fields) {
        if (!included(s, f)) continue
        lines.push(`  ${f.prop}${optional(m, s, f) ? '?' : ''}: ${fieldType(s, f)}`)
      }
      lines.push('}')
    }
  }
  return lines.join('\n') + '\n'
}

function messageFile (api: string, apiKey: number, v: number, req: Message, res: Message): string {
  const flexible = has(req.flexible, v)
  const helpers = new Map<string, string>()
  const er = new Emitter(req, helpers)
  const ew = new Emitter(res, helpers)
  const fns: string[] = []
  const param = (body: string, p: string): string => new RegExp(`\\b${p}\\b`).test(body) ? p : `_${p}`
  for (const [e, m, dec, enc] of [[er, req, 'decodeRequest', 'encodeRequest'], [ew, res, 'decodeResponse', 'encodeResponse']] as const) {
    const obj = m.isResponse ? 'res' : 'req'
    const db = e.decodeBody(m.top, v)
    fns.push(`export function ${dec} (${param(db, 'r')}: Reader): ${m.top.ts} {\n${db}\n}`)
    const eb = e.encodeBody(m.top, v, obj)
    fns.push(`export function ${enc} (${param(eb, 'w')}: Writer, ${param(eb, obj)}: ${m.top.ts}): void {\n${eb}\n}`)
  }
  const types = [...new Set([...er.types, ...ew.types])].sort()
  const lines = [HEADER(api), `// ${api} v${v} (api key ${apiKey}), ${flexible ? 'flexible' : 'not flexible'}. Request grammar:`, ...grammar(req, v),
    "import type { Reader } from '../reader.ts'"]
  if (er.usesNotNull || ew.usesNotNull) lines.push("import { notNull, type Writer } from '../writer.ts'")
  else lines.push("import type { Writer } from '../writer.ts'")
  lines.push(`import type { ${types.join(', ')} } from '../types/${kebab(api)}.ts'`, '',
    `export const apiKey = ${apiKey}`, `export const version = ${v}`, `export const flexible = ${flexible}`, '',
    fns.join('\n\n'))
  for (const h of helpers.values()) lines.push('', h)
  return lines.join('\n') + '\n'
}

function indexFile (entries: Array<{ api: string, apiKey: number, min: number, max: number }>): string {
  const lines = ['// Generated by scripts/gen-protocol.ts from src/broker/versions.ts. Do not edit.',
    '// Codec lookup by (api key, version) and the header versions each pair uses.',
    "import type { Reader } from '../reader.ts'", "import type { Writer } from '../writer.ts'"]
  for (const e of entries) lines.push(`import type { ${e.api}Request, ${e.api}Response } from '../types/${kebab(e.api)}.ts'`)
  for (const e of entries) {
    for (let v = e.min; v <= e.max; v++) lines.push(`import * as ${camel(e.api)}V${v} from './${kebab(e.api)}-v${v}.ts'`)
  }
  lines.push('', 'export interface MessageCodec<Req = unknown, Res = unknown> {', '  readonly apiKey: number', '  readonly version: number',
    '  readonly flexible: boolean', '  decodeRequest (r: Reader): Req', '  encodeRequest (w: Writer, req: Req): void',
    '  decodeResponse (r: Reader): Res', '  encodeResponse (w: Writer, res: Res): void', '}', '',
    '/** Request and response types by api key. */', 'export interface ApiMessages {')
  for (const e of entries) lines.push(`  ${e.apiKey}: { request: ${e.api}Request, response: ${e.api}Response }`)
  lines.push('}', 'export type ApiKey = keyof ApiMessages', '', 'const codecs = new Map<number, ReadonlyArray<MessageCodec | undefined>>([')
  entries.forEach((e, i) => {
    const list: string[] = []
    for (let v = 0; v <= e.max; v++) list.push(v < e.min ? 'undefined' : `${camel(e.api)}V${v}`)
    lines.push(`  [${e.apiKey}, [${list.join(', ')}]]${i < entries.length - 1 ? ',' : ''}`)
  })
  lines.push('])', '',
    '/** The codec of one advertised (api key, version), or undefined when it is not advertised. */',
    'export function codecFor<K extends ApiKey> (apiKey: K, version: number): MessageCodec<ApiMessages[K][\'request\'], ApiMessages[K][\'response\']> | undefined',
    'export function codecFor (apiKey: number, version: number): MessageCodec | undefined',
    'export function codecFor (apiKey: number, version: number): MessageCodec | undefined {',
    '  return codecs.get(apiKey)?.[version]', '}', '',
    '/** Whether an advertised (api key, version) uses flexible (KIP-482) encoding; false when not advertised. */',
    'export function isFlexible (apiKey: number, version: number): boolean {', '  return codecFor(apiKey, version)?.flexible ?? false', '}', '',
    '/** Request header version: 2 for flexible versions, else 1 (also for pairs that are not advertised). */',
    'export function requestHeaderVersion (apiKey: number, version: number): 1 | 2 {', '  return isFlexible(apiKey, version) ? 2 : 1', '}', '',
    '/** Response header version: 1 for flexible versions, else 0; ApiVersions (18) always answers with header v0. */',
    'export function responseHeaderVersion (apiKey: number, version: number): 0 | 1 {', '  return apiKey !== 18 && isFlexible(apiKey, version) ? 1 : 0', '}')
  return lines.join('\n') + '\n'
}

/** Every generated file, by path relative to src/broker/protocol/. */
/**
 * The types file and one message module per version for one API (paths relative to src/broker/protocol/).
 * Exported for tests, which also generate codecs for specs outside the advertised table.
 */
export function generateApi (apiKey: number, api: string, min: number, max: number, specDir: URL = SPEC_DIR): Map<string, string> {
  const files = new Map<string, string>()
  const rawReq = loadSpec(`${api}Request.json`, specDir)
  const rawRes = loadSpec(`${api}Response.json`, specDir)
  for (const raw of [rawReq, rawRes]) {
    if (raw.apiKey !== apiKey) throw new Error(`${raw.name}: api key ${raw.apiKey}, expected ${apiKey}`)
    const valid = parseRange(raw.validVersions)
    if (!has(valid, min) || !has(valid, max)) throw new Error(`${raw.name}: valid versions ${raw.validVersions} do not cover ${min}-${max}`)
  }
  const req = buildMessage(rawReq, api, min, max)
  const res = buildMessage(rawRes, api, min, max)
  files.set(`types/${kebab(api)}.ts`, typesFile(api, req, res, min, max))
  for (let v = min; v <= max; v++) files.set(`messages/${kebab(api)}-v${v}.ts`, messageFile(api, apiKey, v, req, res))
  return files
}

/** Every generated file for the advertised table, by path relative to src/broker/protocol/. */
export function generate (): Map<string, string> {
  const files = new Map<string, string>()
  const entries: Array<{ api: string, apiKey: number, min: number, max: number }> = []
  for (const [key, { name: api, min, max }] of Object.entries(advertisedApis)) {
    for (const [path, text] of generateApi(Number(key), api, min, max)) files.set(path, text)
    entries.push({ api, apiKey: Number(key), min, max })
  }
  files.set('messages/index.ts', indexFile(entries))
  files.set('types/index.ts', ['// Generated by scripts/gen-protocol.ts. Do not edit.',
    ...entries.map(e => `export type * from './${kebab(e.api)}.ts'`)].join('\n') + '\n')
  return files
}

function listGenerated (out: string): string[] {
  const found: string[] = []
  for (const dir of ['types', 'messages']) {
    const full = join(out, dir)
    if (!existsSync(full)) continue
    for (const f of readdirSync(full)) found.push(`${dir}/${f}`)
  }
  return found.sort()
}

function main (argv: string[]): number {
  const check = argv.includes('--check')
  const outIdx = argv.indexOf('--out')
  const out = outIdx >= 0 ? argv[outIdx + 1] : DEFAULT_OUT
  const files = generate()
  const existing = listGenerated(out)
  if (check) {
    const problems: string[] = []
    for (const [path, text] of files) {
      const full = join(out, path)
      if (!existsSync(full)) problems.push(`missing: ${path}`)
      else if (readFileSync(full, 'utf8') !== text) problems.push(`differs: ${path}`)
    }
    for (const path of existing) if (!files.has(path)) problems.push(`extra:   ${path}`)
    if (problems.length > 0) {
      console.error(`gen-protocol --check: ${problems.length} generated file(s) out of date; run npm run gen:protocol\n  ${problems.join('\n  ')}`)
      return 1
    }
    console.log(`gen-protocol --check: ${files.size} generated files are up to date`)
    return 0
  }
  for (const path of existing) if (!files.has(path)) rmSync(join(out, path))
  for (const [path, text] of files) {
    const full = join(out, path)
    mkdirSync(join(full, '..'), { recursive: true })
    if (!existsSync(full) || readFileSync(full, 'utf8') !== text) writeFileSync(full, text)
  }
  console.log(`gen-protocol: ${files.size} files in ${out}`)
  return 0
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2))
