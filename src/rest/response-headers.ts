// `response.http.headers.config`: comma-separated rules `[action] [name]:[value]`, action one of set, add, setDate,
// addDate (case-insensitive); a value may be double-quoted to contain commas. Dates are epoch milliseconds.
export interface HeaderRule { action: 'set' | 'add' | 'setDate' | 'addDate', name: string, value: string }

function splitRules (text: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    if (ch === ',' && !quoted) { out.push(cur); cur = ''; continue }
    cur += ch
  }
  out.push(cur)
  return out.map(s => s.trim()).filter(s => s !== '')
}

export function parseHeaderRules (text: string | undefined): HeaderRule[] {
  if (text === undefined || text.trim() === '') return []
  return splitRules(text).map(rule => {
    const m = /^(\S+)\s+([^:\s]+)\s*:\s*(.*)$/.exec(rule)
    const action = m === null ? undefined : (['set', 'add', 'setDate', 'addDate'] as const).find(a => a.toLowerCase() === m[1]!.toLowerCase())
    if (m === null || action === undefined) {
      throw new Error(`Invalid header config '${rule}': expected '[action] [header name]:[header value]' with action set, add, setDate or addDate`)
    }
    let value = m[3]!.trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if ((action === 'setDate' || action === 'addDate') && !/^\d+$/.test(value)) {
      throw new Error(`Invalid header config '${rule}': ${action} needs a date in epoch milliseconds`)
    }
    return { action, name: m[2]!, value }
  })
}

/** Apply the rules to outgoing headers (set replaces, add appends). */
export function applyHeaderRules (rules: readonly HeaderRule[], get: (name: string) => unknown, set: (name: string, value: string | string[]) => void): void {
  for (const r of rules) {
    const value = r.action === 'setDate' || r.action === 'addDate' ? new Date(Number(r.value)).toUTCString() : r.value
    if (r.action === 'set' || r.action === 'setDate') { set(r.name, value); continue }
    const existing = get(r.name)
    if (existing === undefined) set(r.name, value)
    else set(r.name, [...(Array.isArray(existing) ? existing.map(String) : [String(existing)]), value])
  }
}
