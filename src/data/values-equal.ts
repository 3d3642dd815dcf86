// Deep equality of Connect values with Java's semantics (Objects.deepEquals / List.equals / Map.equals): numbers by
// Object.is (NaN equals NaN, 0.0 differs from -0.0, as Double.equals), bytes by content, lists element-wise, maps
// entry-wise, Date by instant, and anything with an `equals` method (Struct, BigDecimal, schemas) through it.

/** A plain object used as a string-keyed map (prototype Object or null). */
export function isPlainObject (v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

function entriesOf (v: unknown): Array<[unknown, unknown]> | null {
  if (v instanceof Map) return [...v.entries()]
  if (isPlainObject(v)) return Object.entries(v)
  return null
}

function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function mapsEqual (a: Array<[unknown, unknown]>, b: Array<[unknown, unknown]>, bMap: Map<unknown, unknown> | null): boolean {
  if (a.length !== b.length) return false
  let used: Set<number> | null = null
  for (const [k, v] of a) {
    if (bMap !== null && bMap.has(k)) {
      if (!valuesEqual(v, bMap.get(k))) return false
      continue
    }
    // Keys compared by content (structs, lists...): match each entry once.
    used ??= new Set()
    const j = b.findIndex(([bk, bv], i) => !used!.has(i) && valuesEqual(k, bk) && valuesEqual(v, bv))
    if (j < 0) return false
    used.add(j)
  }
  return true
}

/** Java-style deep equality of two Connect values. */
export function valuesEqual (a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (a == null || b == null) return (a ?? null) === (b ?? null)
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b)
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false
    return true
  }
  if (a instanceof Date) return b instanceof Date && Object.is(a.getTime(), b.getTime())
  const ea = entriesOf(a)
  if (ea !== null) {
    const eb = entriesOf(b)
    return eb !== null && mapsEqual(ea, eb, b instanceof Map ? b : null)
  }
  const eq = (a as { equals?: unknown }).equals
  if (typeof eq === 'function') return (eq as (o: unknown) => boolean).call(a, b) === true
  return false
}
