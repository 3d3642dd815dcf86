// JDBC connection URLs, as Confluent's connector configs hold them, turned into what the Node drivers need:
//   jdbc:postgresql://host[:port][,host2[:port]]/database[?user=…&password=…&currentSchema=…&ssl=true&sslmode=…]
//   jdbc:postgresql:database   jdbc:postgresql:/   (localhost:5432)
//   jdbc:mysql://[user[:password]@]host[:port][,host2]/database[?user=…&password=…]   jdbc:mariadb://… (same shape)
//   jdbc:sqlite:path   jdbc:sqlite::memory:   jdbc:sqlite:file:path[?mode=ro]
// Only the first host of a list is used; unknown parameters are kept in `params` and otherwise ignored, as most JDBC
// drivers ignore what they do not know. Confluent's DatabaseDialects rejects anything not shaped `jdbc:<sub>:<rest>`
// with "Not a valid JDBC URL: <url>", and so does this parser.
import { ConnectError } from '../../api/index.ts'

export type JdbcSubprotocol = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite'

export interface ServerJdbcUrl {
  readonly kind: 'postgresql' | 'mysql' | 'mariadb'
  readonly host: string
  readonly port: number
  /** The database named in the URL; null when absent (PostgreSQL then uses the user name). */
  readonly database: string | null
  readonly user: string | null
  readonly password: string | null
  readonly params: ReadonlyMap<string, string>
}

export interface SqliteJdbcUrl {
  readonly kind: 'sqlite'
  /** A file path, or `:memory:`. */
  readonly path: string
  readonly params: ReadonlyMap<string, string>
}

export type JdbcUrl = ServerJdbcUrl | SqliteJdbcUrl

const PROTOCOL = /^jdbc:([^:]+):(.*)$/s
const DEFAULT_PORTS: Record<ServerJdbcUrl['kind'], number> = { postgresql: 5432, mysql: 3306, mariadb: 3306 }

function decode (s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'))
  } catch {
    return s
  }
}

function parseParams (query: string, separator: RegExp): Map<string, string> {
  const params = new Map<string, string>()
  for (const part of query.split(separator)) {
    if (part === '') continue
    const eq = part.indexOf('=')
    if (eq < 0) params.set(decode(part), '')
    else params.set(decode(part.slice(0, eq)), decode(part.slice(eq + 1)))
  }
  return params
}

/** `jdbc:<subprotocol>:…` → the subprotocol, or null when the URL is not shaped like a JDBC URL. */
export function jdbcSubprotocol (url: string): string | null {
  const m = PROTOCOL.exec(url)
  return m === null ? null : m[1]!
}

/** Masks passwords in a URL for messages and logs (Confluent's JdbcSourceConnectorConfig sanitizes the same way). */
export function sanitizeJdbcUrl (url: string): string {
  return url
    .replace(/(password|passwd|pwd)=([^&;]*)/gi, '$1=****')
    .replace(/(\/\/[^:/@]+:)([^@/]*)@/, '$1****@')
}

function invalid (url: string, why?: string): ConnectError {
  return new ConnectError(`Not a valid JDBC URL: ${sanitizeJdbcUrl(url)}${why === undefined ? '' : ` (${why})`}`)
}

/** host[:port] of the first host of a comma-separated list; IPv6 literals in brackets. */
function hostAndPort (url: string, hosts: string, defaultPort: number): { host: string, port: number } {
  const first = hosts.split(',')[0]!.trim()
  if (first === '') return { host: 'localhost', port: defaultPort }
  let host: string
  let portText: string | undefined
  if (first.startsWith('[')) {
    const close = first.indexOf(']')
    if (close < 0) throw invalid(url, 'unterminated IPv6 address')
    host = first.slice(1, close)
    const rest = first.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) throw invalid(url, `bad host '${first}'`)
    portText = rest === '' ? undefined : rest.slice(1)
  } else {
    const colon = first.lastIndexOf(':')
    host = colon < 0 ? first : first.slice(0, colon)
    portText = colon < 0 ? undefined : first.slice(colon + 1)
  }
  let port = defaultPort
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw invalid(url, `bad port '${portText}'`)
    port = Number(portText)
  }
  return { host: host === '' ? 'localhost' : host, port }
}

function parseServer (url: string, kind: ServerJdbcUrl['kind'], rest: string): ServerJdbcUrl {
  const q = rest.indexOf('?')
  const main = q < 0 ? rest : rest.slice(0, q)
  const params = parseParams(q < 0 ? '' : rest.slice(q + 1), kind === 'postgresql' ? /&/ : /[&;]/)
  let user = params.get('user') ?? null
  let password = params.get('password') ?? null
  let database: string | null = null
  let host = 'localhost'
  let port = DEFAULT_PORTS[kind]
  if (main.startsWith('//')) {
    let authority = main.slice(2)
    const slash = authority.indexOf('/')
    if (slash >= 0) {
      const db = authority.slice(slash + 1)
      database = db === '' ? null : decode(db)
      authority = authority.slice(0, slash)
    }
    const at = authority.lastIndexOf('@')
    if (at >= 0) {
      const info = authority.slice(0, at)
      authority = authority.slice(at + 1)
      const colon = info.indexOf(':')
      user ??= decode(colon < 0 ? info : info.slice(0, colon))
      if (colon >= 0) password ??= decode(info.slice(colon + 1))
    }
    ;({ host, port } = hostAndPort(url, authority, DEFAULT_PORTS[kind]))
  } else if (kind === 'postgresql') {
    // jdbc:postgresql:database or jdbc:postgresql:/ (the default database)
    const db = main.startsWith('/') ? main.slice(1) : main
    database = db === '' ? null : decode(db)
  } else {
    throw invalid(url, `expected jdbc:${kind}://host[:port]/database`)
  }
  return { kind, host, port, database, user, password, params }
}

/** Parses a JDBC URL of a supported database; throws a ConnectError naming the problem otherwise. */
export function parseJdbcUrl (url: string): JdbcUrl {
  const m = PROTOCOL.exec(url.trim())
  if (m === null) throw invalid(url)
  const sub = m[1]!.toLowerCase()
  const rest = m[2]!
  switch (sub) {
    case 'postgresql':
    case 'mysql':
    case 'mariadb':
      return parseServer(url, sub, rest)
    case 'sqlite': {
      let path = rest
      let params = new Map<string, string>()
      if (path.startsWith('file:')) {
        path = path.slice(5)
        const q = path.indexOf('?')
        if (q >= 0) {
          params = parseParams(path.slice(q + 1), /&/)
          path = path.slice(0, q)
        }
        if (path.startsWith('//')) path = path.slice(2)
        path = decode(path)
      }
      if (path === '' || path === ':memory:') path = ':memory:'
      return { kind: 'sqlite', path, params }
    }
    default:
      throw new ConnectError(`No suitable driver found for ${sanitizeJdbcUrl(url)}: the subprotocol '${sub}' is not ` +
        'supported (supported: postgresql, mysql, mariadb, sqlite)')
  }
}
