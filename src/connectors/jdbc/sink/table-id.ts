// Table identifiers (Confluent's TableId and IdentifierRules): `table.name.format` with `${topic}` replaced is parsed
// as a qualified name — parts separated by `.`, each optionally quoted with the dialect's quote character — into
// catalog, schema and table; two parts are catalog.table where the database uses catalogs (MySQL), schema.table
// elsewhere.
import { ConnectError } from '../../../api/index.ts'

export interface TableId {
  readonly catalog: string | null
  readonly schema: string | null
  readonly table: string
}

/** Splits a qualified identifier (IdentifierRules.parseQualifiedIdentifier). */
export function parseQualifiedIdentifier (fqn: string, quote: string): string[] {
  const orig = fqn
  const parts: string[] = []
  do {
    let segment: string
    if (fqn.startsWith(quote)) {
      const end = fqn.indexOf(quote, quote.length)
      if (end < 0) throw new ConnectError(`Failure parsing fully qualified identifier; missing trailing quote in ${orig}`)
      segment = fqn.slice(quote.length, end)
      fqn = fqn.slice(end + quote.length)
      if (fqn.startsWith('.')) {
        fqn = fqn.slice(1)
        if (fqn === '') throw new ConnectError(`Failure parsing fully qualified identifier; ends in delimiter ${orig}`)
      }
    } else {
      const index = fqn.indexOf('.')
      if (index < 0) {
        segment = fqn
        fqn = ''
      } else {
        segment = fqn.slice(0, index)
        fqn = fqn.slice(index + 1)
        if (fqn === '') throw new ConnectError(`Failure parsing fully qualified identifier; ends in delimiter ${orig}`)
      }
    }
    parts.push(segment)
  } while (fqn.length > 0)
  return parts
}

export function parseTableId (fqn: string, quote: string, useCatalog: boolean): TableId {
  const parts = parseQualifiedIdentifier(fqn, quote)
  if (parts.length === 1) return { catalog: null, schema: null, table: parts[0]! }
  if (parts.length === 3) return { catalog: parts[0]!, schema: parts[1]!, table: parts[2]! }
  if (parts.length === 2) {
    return useCatalog ? { catalog: parts[0]!, schema: null, table: parts[1]! } : { catalog: null, schema: parts[0]!, table: parts[1]! }
  }
  throw new ConnectError(`Invalid fully qualified name: '${fqn}'`)
}

/** A stable map key for a table. */
export function tableKey (t: TableId): string {
  return `${t.catalog ?? ''}\u0000${t.schema ?? ''}\u0000${t.table}`
}
