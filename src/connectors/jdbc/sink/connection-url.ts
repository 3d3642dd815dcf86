// JDBC URLs of the databases the sink supports, turned into driver options:
//   jdbc:postgresql://host[:port][,host2[:port]]/database[?user=…&password=…&ssl=true&sslmode=…&currentSchema=…]
//   jdbc:postgresql:database   jdbc:postgresql:/   (localhost)
//   jdbc:mysql://[user[:password]@]host[:port]/database[?user=…&password=…&useSSL=…]   (also jdbc:mariadb://)
//   jdbc:sqlite:path   jdbc:sqlite::memory:   jdbc:sqlite:file:path?mode=…
// Only the first host of a list is used. Unknown URL parameters are ignored, as most JDBC drivers ignore them.
import { ConnectError } from '../../../api/index.ts'
import type { DialectKind } from './config.ts'

export interface ServerUrl {
  readonly kind: 'postgresql' | 'mysql'
  readonly host: string
  readonly port: number
  readonly database: string | null
  readonly user: string | null
  readonly password: string | null
  readonly params: ReadonlyMap<string, string>
}

export interface SqliteUrl {
  readonly kind: 'sqlite'
  /** A file path or `:memory:`. */
  readonly path: string
  readonly params: ReadonlyMap<string, string>
}

export type ParsedJdbcUrl = ServerUrl | SqliteUrl

function decode (s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function parseParams (query: string, sep: RegExp = /&/): Map<string, string> {
  const params = new Map<string, string>()
  for (const part of query.split(sep)) {
    if (part === '') continue
    const eq = part.indexOf('=')
    if (eq < 0) params.set(decode(part), '')
    else params.set(decode(part.slice(0, eq)), decode(part.slice(eq + 1)))
  }
  return params
}

/** Masks credentials for messages (Confluent's sanitizedUrl). */
export function sanitizeJdbcUrl (url: string): string {
  return url
    .replace(/([?&;]([^=&;]*)password([^=&;]*)=)[^&;]*/gi, '$1****')
    .replace(/(:\/\/[^:/@]*:)([^@/]*)@/, '$1****@')
}

/** The dialect a URL selects, or null when kconnect has none for it. */
export function dialectKindOf (url: string): DialectKind | null {
  const m = /^jdbc:([a-z0-9]+):/i.exec(url)
  if (m === null) return null
  switch (m[1]!.toLowerCase()) {
    case 'postgresql': return 'postgresql'
    case 'mysql':
    case 'mariadb': return 'mysql'
    case 'sqlite': return 'sqlite'
    default: return null
  }
}

export function parseJdbcUrl (url: string, kind: DialectKind | null = dialectKindOf(url)): ParsedJdbcUrl {
  if (kind === null) {
    throw new ConnectError(`Unable to find a dialect for the JDBC URL '${sanitizeJdbcUrl(url)}': kconnect's JDBC sink ` +
      'supports jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: and jdbc:sqlite: URLs')
  }
  const m = /^jdbc:([a-z0-9]+):(.*)$/is.exec(url)
  if (m === null) throw new ConnectError(`Not a JDBC URL: '${sanitizeJdbcUrl(url)}'`)
  const rest = m[2]!
  if (kind === 'sqlite') return parseSqlite(rest)
  return parseServer(kind, rest, url)
}

function parseSqlite (rest: string): SqliteUrl {
  let path = rest
  let params = new Map<string, string>()
  const q = path.indexOf('?')
  if (q >= 0) {
    params = parseParams(path.slice(q + 1))
    path = path.slice(0, q)
  }
  if (path.startsWith('file:')) path = decode(path.slice(5))
  if (path === '' || path === ':memory:') return { kind: 'sqlite', path: ':memory:', params }
  return { kind: 'sqlite', path, params }
}

function parseServer (kind: 'postgresql' | 'mysql', rest: string, url: string): ServerUrl {
  const defaultPort = kind === 'postgresql' ? 5432 : 3306
  let query = ''
  const q = rest.indexOf('?')
  if (q >= 0) {
    query = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  const params = parseParams(query)
  if (!rest.startsWith('//')) {
    // jdbc:postgresql:database / jdbc:postgresql:/
    const database = rest.replace(/^\//, '')
    return { kind, host: 'localhost', port: defaultPort, database: database === '' ? null : decode(database), user: params.get('user') ?? null, password: params.get('password') ?? null, params }
  }
  rest = rest.slice(2)
  const slash = rest.indexOf('/')
  let authority = slash >= 0 ? rest.slice(0, slash) : rest
  const database = slash >= 0 ? decode(rest.slice(slash + 1)) : ''
  let user = params.get('user') ?? null
  let password = params.get('password') ?? null
  const at = authority.lastIndexOf('@')
  if (at >= 0) {
    const info = authority.slice(0, at)
    authority = authority.slice(at + 1)
    const colon = info.indexOf(':')
    user ??= decode(colon >= 0 ? info.slice(0, colon) : info)
    if (colon >= 0) password ??= decode(info.slice(colon + 1))
  }
  const first = authority.split(',')[0]!.trim()
  let host = first
  let port = defaultPort
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(first)
  if (bracket !== null) {
    host = bracket[1]!
    if (bracket[2] !== undefined) port = Number(bracket[2])
  } else {
    const colon = first.lastIndexOf(':')
    if (colon >= 0) {
      host = first.slice(0, colon)
      const p = first.slice(colon + 1)
      if (!/^\d+$/.test(p)) throw new ConnectError(`Invalid port in JDBC URL '${sanitizeJdbcUrl(url)}'`)
      port = Number(p)
    }
  }
  if (host === '') host = 'localhost'
  return { kind, host, port, database: database === '' ? null : database, user, password, params }
}
