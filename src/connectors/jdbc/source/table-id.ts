// Table identifiers (Confluent's TableId and IdentifierRules): catalog, schema and table name, any of the first two
// absent. The unquoted dotted form is what offsets (`{"protocol":"1","table":…}`), topic filters and regex lists
// see; the quoted form is what SQL and the task config key `tables` hold.
export interface TableId {
  readonly catalog: string | null
  readonly schema: string | null
  readonly table: string
}

export function tableId (catalog: string | null, schema: string | null, table: string): TableId {
  return Object.freeze({ catalog: catalog === '' ? null : catalog, schema: schema === '' ? null : schema, table })
}

/** `catalog.schema.table` without quotes, absent parts left out (QuoteMethod.NEVER; TableId.toUnquotedString). */
export function unquotedName (id: TableId): string {
  return [id.catalog, id.schema, id.table].filter((p): p is string => p !== null).join('.')
}

export function quoteIdentifier (name: string, quote: string): string {
  return quote + name.split(quote).join(quote + quote) + quote
}

/** The qualified name with every part quoted (QuoteMethod.ALWAYS) or none (NEVER). */
export function qualifiedName (id: TableId, quote: string, quoted = true): string {
  const parts = [id.catalog, id.schema, id.table].filter((p): p is string => p !== null)
  return quoted ? parts.map(p => quoteIdentifier(p, quote)).join('.') : parts.join('.')
}

export function sameTable (a: TableId, b: TableId): boolean {
  return a.catalog === b.catalog && a.schema === b.schema && a.table === b.table
}

/**
 * IdentifierRules.parseQualifiedIdentifier: dot-separated parts, each optionally quoted (a doubled quote inside a
 * quoted part stands for one quote character).
 */
export function parseQualifiedIdentifier (fqn: string, quote: string): string[] {
  const parts: string[] = []
  let rest = fqn
  do {
    let segment: string
    if (rest.startsWith(quote)) {
      let i = quote.length
      segment = ''
      for (;;) {
        const end = rest.indexOf(quote, i)
        if (end < 0) throw new Error(`Failure parsing fully qualified identifier; missing trailing quote in ${fqn}`)
        segment += rest.slice(i, end)
        if (rest.startsWith(quote, end + quote.length)) {
          segment += quote
          i = end + 2 * quote.length
          continue
        }
        rest = rest.slice(end + quote.length)
        break
      }
      if (rest.startsWith('.')) {
        rest = rest.slice(1)
        if (rest === '') throw new Error(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`)
      } else if (rest !== '') {
        throw new Error(`Failure parsing fully qualified identifier; unexpected text after a quoted part in ${fqn}`)
      }
    } else {
      const dot = rest.indexOf('.')
      if (dot < 0) {
        segment = rest
        rest = ''
      } else {
        segment = rest.slice(0, dot)
        rest = rest.slice(dot + 1)
        if (rest === '') throw new Error(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`)
      }
    }
    parts.push(segment)
  } while (rest.length > 0)
  return parts
}

/**
 * GenericDatabaseDialect.parseTableIdentifier: one part is a table, three are catalog.schema.table, two are
 * schema.table (or catalog.table where the database has catalogs but no schemas, as MySQL does).
 */
export function parseTableId (fqn: string, quote: string, twoPartsAreCatalog: boolean): TableId {
  const parts = parseQualifiedIdentifier(fqn.trim(), quote)
  if (parts.length === 1) return tableId(null, null, parts[0]!)
  if (parts.length === 3) return tableId(parts[0]!, parts[1]!, parts[2]!)
  if (parts.length === 2) return twoPartsAreCatalog ? tableId(parts[0]!, null, parts[1]!) : tableId(null, parts[0]!, parts[1]!)
  throw new Error(`Invalid fully qualified name: '${fqn}'`)
}
