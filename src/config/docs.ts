// Markdown reference for a definition, following ConfigDef.toEnrichedRst: keys in Kafka's documentation order,
// group headings, and the Type / Default / Valid Values / Importance / Dependents lines (defaults of `.ms` and
// `.bytes` keys get Kafka's "(1 minute)" / "(1 mebibyte)" hints).
import type { ConfigDef } from './config-def.ts'
import { hasDefault, sortedKeys } from './config-key.ts'
import { convertToString } from './parse-type.ts'
import type { ConfigKey, ConfigSpec } from './types.ts'

export interface MarkdownOptions {
  /** Optional `#` title and intro paragraph at the top. */
  title?: string
  intro?: string
  /** Heading level of each key (default 3); group headings use one level less. */
  headingLevel?: number
  /** Emit group headings (default true). */
  groups?: boolean
}

export function niceMemoryUnits (bytes: number): string {
  let value = bytes
  let i = 0
  while (value !== 0 && i < 4 && value % 1024 === 0) {
    value /= 1024
    i++
  }
  const units = ['kibibyte', 'mebibyte', 'gibibyte', 'tebibyte']
  return i === 0 ? '' : ` (${value} ${units[i - 1]}${value === 1 ? ')' : 's)'}`
}

export function niceTimeUnits (millis: number): string {
  let value = millis
  const divisors = [1000, 60, 60, 24]
  const units = ['second', 'minute', 'hour', 'day']
  let i = 0
  while (value !== 0 && i < 4 && value % divisors[i]! === 0) {
    value /= divisors[i]!
    i++
  }
  return i > 0 ? ` (${value} ${units[i - 1]}${value > 1 ? 's)' : ')'}` : ''
}

/** The "Default" cell as Kafka's docs show it; null when the key is required. */
export function defaultText (key: ConfigKey): string | null {
  if (!hasDefault(key)) return null
  if (key.defaultValue === null) return 'null'
  const text = convertToString(key.defaultValue, key.type) ?? 'null'
  if (text === '') return '""'
  let suffix = ''
  if (typeof key.defaultValue === 'number') {
    if (key.name.endsWith('.bytes')) suffix = niceMemoryUnits(key.defaultValue)
    else if (key.name.endsWith('.ms')) suffix = niceTimeUnits(key.defaultValue)
  }
  return text + suffix
}

export function toMarkdown (def: ConfigDef<ConfigSpec>, opts: MarkdownOptions = {}): string {
  const level = opts.headingLevel ?? 3
  const withGroups = opts.groups ?? true
  const out: string[] = []
  if (opts.title !== undefined) out.push(`# ${opts.title}`, '')
  if (opts.intro !== undefined) out.push(opts.intro, '')
  let lastGroup = ''
  for (const key of sortedKeys(def.configKeys.values(), def.groups)) {
    if (key.internalConfig) continue
    if (withGroups && key.group !== null && key.group.toLowerCase() !== lastGroup.toLowerCase()) {
      out.push(`${'#'.repeat(Math.max(1, level - 1))} ${key.group}`, '')
      lastGroup = key.group
    }
    out.push(`${'#'.repeat(level)} \`${key.name}\``, '')
    for (const line of (key.documentation ?? '').split('\n')) if (line.length > 0) out.push(line, '')
    out.push(`- Type: ${key.type.toLowerCase()}`)
    const dflt = defaultText(key)
    if (dflt !== null) out.push(`- Default: ${dflt}`)
    const valid = key.validator?.toString() ?? ''
    if (valid !== '') out.push(`- Valid Values: ${valid}`)
    out.push(`- Importance: ${key.importance.toLowerCase()}`)
    if (key.dependents.length > 0) out.push(`- Dependents: ${key.dependents.map(d => `\`${d}\``).join(', ')}`)
    out.push('')
  }
  return out.join('\n')
}
