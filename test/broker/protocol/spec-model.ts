// Test-side reading of Kafka's JSON message specs, written independently of scripts/gen-protocol.ts: builds random
// request/response values for one version and the value the codec must decode them to (fields absent in that
// version replaced by their default). The default rules restate the codec's contract: the spec default, else
// zero ('' / 0 / 0n / false / zero uuid / empty buffer), null for a type nullable in some advertised version
// (strings, bytes, records, structs), and [] for arrays unless the spec default is "null".
import { readFileSync } from 'node:fs'

export interface SpecField {
  name: string, type: string, versions: string, nullableVersions?: string, taggedVersions?: string, tag?: number,
  default?: string | number | boolean, flexibleVersions?: string, fields?: SpecField[]
}
export interface Spec { name: string, apiKey: number, flexibleVersions: string, fields: SpecField[], commonStructs?: Array<{ name: string, fields: SpecField[] }> }

const SPEC_DIR = new URL('../../../../shared/reference/kafka-message-specs/', import.meta.url)
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

export function loadSpec (file: string): Spec {
  const text = readFileSync(new URL(file, SPEC_DIR), 'utf8').split('\n').filter(l => !l.trim().startsWith('//')).join('\n')
  return JSON.parse(text) as Spec
}

/** Whether version v is inside a spec range such as "3+", "0-7", "5" or "none". */
export function inRange (range: string | undefined, v: number): boolean {
  if (range === undefined || range === 'none') return false
  if (range.endsWith('+')) return v >= Number(range.slice(0, -1))
  const [lo, hi] = range.split('-').map(Number)
  return v >= lo && v <= (hi ?? lo)
}

/** Interval of versions [lo, hi] (hi may be Infinity); empty when lo > hi. */
interface Span { lo: number, hi: number }
function span (range: string): Span {
  if (range === 'none') return { lo: 1, hi: 0 }
  if (range.endsWith('+')) return { lo: Number(range.slice(0, -1)), hi: Infinity }
  const [lo, hi] = range.split('-').map(Number)
  return { lo, hi: hi ?? lo }
}
const meet = (a: Span, b: Span): Span => ({ lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) })
const empty = (s: Span): boolean => s.lo > s.hi

export const camel = (s: string): string => s[0].toLowerCase() + s.slice(1)

/** A small deterministic PRNG (mulberry32). */
export function rng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PRIMS = new Set(['int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64', 'bool', 'string', 'bytes', 'records', 'uuid'])
const STRINGS = ['', 'a', 'topic-1', 'ünïcødé ✓ 🚀', 'x'.repeat(300), '日本語のトピック', "quote'\"\\"]

export class Model {
  readonly spec: Spec
  readonly min: number
  readonly max: number
  readonly isResponse: boolean
  #common: Map<string, SpecField[]>

  constructor (spec: Spec, min: number, max: number) {
    this.spec = spec
    this.min = min
    this.max = max
    this.isResponse = spec.name.endsWith('Response')
    this.#common = new Map((spec.commonStructs ?? []).map(c => [c.name, c.fields]))
  }

  #structFields (f: SpecField): SpecField[] {
    const elem = f.type.replace(/^\[\]/, '')
    return f.fields ?? this.#common.get(elem) ?? []
  }

  /** Fields that appear in the TS type (present in some advertised version where the parent is). */
  #visible (fields: SpecField[], parent: Span): Array<{ f: SpecField, live: Span }> {
    return fields.map(f => ({ f, live: meet(parent, span(f.versions)) })).filter(x => !empty(x.live))
  }

  #nullableAnywhere (f: SpecField, live: Span): boolean {
    if (f.nullableVersions === undefined) return false
    return !empty(meet(live, span(f.nullableVersions)))
  }

  defaultOf (f: SpecField, live: Span): unknown {
    const d = f.default
    const nullable = this.#nullableAnywhere(f, live)
    if (d === 'null' && nullable) return null
    if (f.type.startsWith('[]')) return []
    if (!PRIMS.has(f.type)) return nullable ? null : this.#defaultStruct(this.#structFields(f), live)
    if (d === undefined && nullable) return null
    switch (f.type) {
      case 'int64': return BigInt(d ?? 0)
      case 'bool': return d === true || d === 'true'
      case 'string': return d === undefined || d === 'null' ? '' : String(d)
      case 'uuid': return ZERO_UUID
      case 'bytes': case 'records': return Buffer.alloc(0)
      default: return Number(d ?? 0)
    }
  }

  #defaultStruct (fields: SpecField[], live: Span): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const { f, live: l } of this.#visible(fields, live)) out[camel(f.name)] = this.defaultOf(f, l)
    return out
  }

  #randomPrim (type: string, nullable: boolean, r: () => number): unknown {
    if (nullable && r() < 0.25) return null
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
    const int = (lo: number, hi: number): number => pick([lo, hi, 0, -1 >= lo ? -1 : 1, Math.floor(lo + r() * (hi - lo))])
    switch (type) {
      case 'int8': return int(-128, 127)
      case 'int16': return int(-32768, 32767)
      case 'int32': return int(-2147483648, 2147483647)
      case 'uint16': return int(0, 65535)
      case 'uint32': return int(0, 4294967295)
      case 'int64': return pick([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, BigInt(Math.floor(r() * 2 ** 53)) * 1000n])
      case 'float64': return pick([0, -1.5, Number.MAX_VALUE, r() * 1e6, -Infinity])
      case 'bool': return r() < 0.5
      case 'string': return pick(STRINGS)
      case 'uuid': return r() < 0.2 ? ZERO_UUID : [8, 4, 4, 4, 12].map(n => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('')).join('-')
      default: { // bytes, records
        const len = pick([0, 1, 7, 200])
        return Buffer.from(Array.from({ length: len }, () => Math.floor(r() * 256)))
      }
    }
  }

  /**
   * A random value of a struct for version v: every visible field gets a random value, including fields absent in
   * v (the encoder must drop those) and tagged fields; null only where v allows it. When `omit`, optional
   * response fields (absent in v, spec default, tagged) are sometimes left undefined.
   */
  random (v: number, r: () => number, omit = false, fields = this.spec.fields, live: Span = { lo: this.min, hi: this.max }, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const { f, live: l } of this.#visible(fields, live)) {
      const present = inRange(f.versions, v)
      const optional = !present || f.default !== undefined || f.taggedVersions !== undefined
      if (omit && this.isResponse && optional && r() < 0.3) continue
      out[camel(f.name)] = this.#randomField(f, l, present && inRange(f.nullableVersions, v), v, r, omit, depth)
    }
    return out
  }

  #randomField (f: SpecField, live: Span, nullable: boolean, v: number, r: () => number, omit: boolean, depth: number): unknown {
    if (f.type.startsWith('[]')) {
      if (nullable && r() < 0.25) return null
      const elem = f.type.slice(2)
      const n = depth > 3 ? 0 : Math.floor(r() * 4)
      return Array.from({ length: n }, () => PRIMS.has(elem)
        ? this.#randomPrim(elem, false, r)
        : this.random(v, r, omit, this.#structFields(f), live, depth + 1))
    }
    if (PRIMS.has(f.type)) return this.#randomPrim(f.type, nullable, r)
    if (nullable && r() < 0.25) return null
    return this.random(v, r, omit, this.#structFields(f), live, depth + 1)
  }

  /** Fields present in version v, with their nested fields (none for primitives and primitive arrays). */
  fieldsAt (v: number, fields = this.spec.fields): Array<{ key: string, sub: SpecField[] }> {
    return fields.filter(f => inRange(f.versions, v))
      .map(f => ({ key: camel(f.name), sub: PRIMS.has(f.type.replace(/^\[\]/, '')) ? [] : this.#structFields(f) }))
  }

  /** What decoding the encoding of `value` at version v must give: absent or undefined fields become defaults. */
  project (value: Record<string, unknown>, v: number, fields = this.spec.fields, live: Span = { lo: this.min, hi: this.max }): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const { f, live: l } of this.#visible(fields, live)) {
      const key = camel(f.name)
      const x = value[key]
      if (!inRange(f.versions, v) || x === undefined) { out[key] = this.defaultOf(f, l); continue }
      const sub = this.#structFields(f)
      if (x === null || sub.length === 0) out[key] = x
      else if (Array.isArray(x)) out[key] = x.map(e => this.project(e as Record<string, unknown>, v, sub, l))
      else out[key] = this.project(x as Record<string, unknown>, v, sub, l)
    }
    return out
  }
}
