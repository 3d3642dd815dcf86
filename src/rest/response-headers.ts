// `response.http.headers.config` (Kafka's RestServerConfig validation + Jetty's HeaderFilter): comma-separated rules
// `[action] [name]:[value]`, action one of set, add, setDate, addDate (case-insensitive); a rule may be double-quoted
// to contain commas. For the date actions the value is an offset in milliseconds from the time of the response, sent
// as an HTTP date. Rules are applied before the route runs, so a header the route sets itself wins (as in Jetty).
export type HeaderAction = 'set' | 'add' | 'setDate' | 'addDate'
export interface HeaderRule { action: HeaderAction, name: string, value: string }

const ACTIONS: readonly HeaderAction[] = ['set', 'add', 'setDate', 'addDate']

/**
 * Jetty's StringUtil.csvSplit: a rule that starts with a double quote runs to the closing quote (commas inside do not
 * separate, `\` escapes, the quotes are dropped). Also (kconnect) a quoted run inside a rule protects its commas, so
 * the value alone may be quoted: `add Cache-Control: "no-cache, no-store"` (parseRule drops those quotes).
 */
export function splitRules (text: string): string[] {
  const out: string[] = []
  let cur = ''
  let state: 'pre' | 'data' | 'inner' | 'quote' | 'slosh' | 'post' = 'pre'
  for (const ch of text) {
    switch (state) {
      case 'pre':
        if (/\s/.test(ch)) continue
        if (ch === '"') { state = 'quote'; continue }
        if (ch === ',') { out.push(''); continue }
        state = 'data'; cur += ch; continue
      case 'data':
        if (ch === ',') { out.push(cur); cur = ''; state = 'pre'; continue }
        if (ch === '"') state = 'inner'
        cur += ch; continue
      case 'inner':
        if (ch === '"') state = 'data'
        cur += ch; continue
      case 'quote':
        if (ch === '\\') { state = 'slosh'; continue }
        if (ch === '"') { out.push(cur); cur = ''; state = 'post'; continue }
        cur += ch; continue
      case 'slosh':
        cur += ch; state = 'quote'; continue
      case 'post':
        if (ch === ',') state = 'pre'
        continue
    }
  }
  if (state !== 'pre' && state !== 'post') out.push(cur)
  return out.map(s => s.trim()).filter(s => s !== '')
}

function parseRule (rule: string): HeaderRule {
  const tokens = /^(\S+)\s+([\s\S]+)$/.exec(rule)
  if (tokens === null) throw new Error(`Invalid format of header config '${rule}'. Expected: '[action] [header name]:[header value]'`)
  const action = ACTIONS.find(a => a.toLowerCase() === tokens[1]!.toLowerCase())
  if (action === undefined) throw new Error(`Invalid header config action: '${tokens[1]}'. Expected one of [${ACTIONS.join(', ')}]`)
  const pair = tokens[2]!.trim()
  const colon = pair.indexOf(':')
  if (colon < 0) throw new Error(`Invalid format of header name and header value pair '${pair}'. Expected: '[header name]:[header value]'`)
  const name = pair.slice(0, colon).trim()
  if (name === '' || /\s/.test(name)) throw new Error(`Invalid header name '${name}'. The '[header name]' cannot contain whitespace`)
  let value = pair.slice(colon + 1).trim()
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
  if ((action === 'setDate' || action === 'addDate') && !/^[+-]?\d+$/.test(value)) {
    throw new Error(`Invalid header config '${rule}': ${action} needs an offset in milliseconds`)
  }
  return { action, name, value }
}

/** Parse the whole setting; throws on the first invalid rule (the worker refuses to start). */
export function parseHeaderRules (text: string | undefined | null): HeaderRule[] {
  if (text === undefined || text === null || text.trim() === '') return []
  return splitRules(text).map(parseRule)
}

/** Apply the rules to outgoing headers (set replaces, add appends). */
export function applyHeaderRules (
  rules: readonly HeaderRule[],
  get: (name: string) => unknown,
  set: (name: string, value: string | string[]) => void,
  now: number = Date.now()
): void {
  for (const r of rules) {
    const date = r.action === 'setDate' || r.action === 'addDate'
    const value = date ? new Date(now + Number(r.value)).toUTCString() : r.value
    if (r.action === 'set' || r.action === 'setDate') { set(r.name, value); continue }
    const existing = get(r.name)
    if (existing === undefined) set(r.name, value)
    else set(r.name, [...(Array.isArray(existing) ? existing.map(String) : [String(existing)]), value])
  }
}
