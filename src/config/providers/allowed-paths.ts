// Kafka's AllowedPaths (`allowed.paths` of the file and directory providers): a comma-separated list of absolute,
// existing paths. A requested path is normalized lexically (so `..` segments are applied before the check, and a
// path escaping the allowed roots through `..` is refused) and must equal or lie under one of them, component-wise.
// Relative requested paths never match. Symbolic links are not resolved, as in Kafka.
import { existsSync } from 'node:fs'
import { isAbsolute, normalize, sep } from 'node:path'
import { ConfigException } from '../errors.ts'

export const ALLOWED_PATHS_CONFIG = 'allowed.paths'

/** Java's Path.normalize(): lexical, no trailing separator, "" stays "". */
export function normalizePath (p: string): string {
  if (p === '') return ''
  const n = normalize(p)
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n
}

function isUnder (path: string, root: string): boolean {
  if (path === root) return true
  return path.startsWith(root.endsWith(sep) ? root : root + sep)
}

export class AllowedPaths {
  readonly #roots: readonly string[] | null

  /** Throws ConfigException `Path <p> is not absolute` / `Path <p> does not exist`. */
  constructor (configValue: string | null | undefined) {
    if (configValue == null || configValue === '') {
      this.#roots = null
      return
    }
    const parts = configValue.split(',')
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
    this.#roots = parts.map(raw => {
      const p = normalizePath(raw)
      if (!isAbsolute(p)) throw new ConfigException(`Path ${p} is not absolute`, { key: ALLOWED_PATHS_CONFIG })
      if (!existsSync(p)) throw new ConfigException(`Path ${p} does not exist`, { key: ALLOWED_PATHS_CONFIG })
      return p
    })
  }

  /** Null when everything is allowed. */
  get roots (): readonly string[] | null {
    return this.#roots
  }

  /** The path to open, or null when it is outside the allowed roots. */
  parseUntrustedPath (path: string): string | null {
    if (this.#roots === null) return path
    const n = normalizePath(path)
    if (!isAbsolute(n)) return null
    return this.#roots.some(root => isUnder(n, root)) ? n : null
  }
}
