// CORS as Kafka configures Jetty's CrossOriginFilter: on only when `access.control.allow.origin` is non-blank, with
// that comma-separated origin list (`*` = any; `*` inside an entry is a wildcard) and, when non-blank,
// `access.control.allow.methods` (default GET,POST,HEAD). Jetty's other defaults apply: allowed request headers
// X-Requested-With,Content-Type,Accept,Origin; credentials allowed; preflight max age 1800 s. The filter only adds
// headers; the request then goes on to the resource (a preflight OPTIONS is answered like any OPTIONS).
import type { IncomingHttpHeaders } from 'node:http'

const ALLOWED_HEADERS = ['X-Requested-With', 'Content-Type', 'Accept', 'Origin']
const DEFAULT_METHODS = ['GET', 'POST', 'HEAD']
const PREFLIGHT_MAX_AGE = '1800'

export interface CorsPolicy {
  /** The CORS response headers for a request (empty when the origin is absent or not allowed). */
  headers (method: string, requestHeaders: IncomingHttpHeaders): Array<[string, string]>
}

function csv (text: string): string[] {
  return text.split(',').map(s => s.trim()).filter(s => s !== '')
}

function wildcard (pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

function single (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** The policy for these settings, or undefined when CORS is off (blank origin list). */
export function corsPolicy (allowOrigin: string | undefined | null, allowMethods: string | undefined | null): CorsPolicy | undefined {
  if (allowOrigin === undefined || allowOrigin === null || allowOrigin.trim() === '') return undefined
  const origins = csv(allowOrigin)
  const anyOrigin = origins.includes('*')
  const matchers = origins.map(o => o.includes('*') ? wildcard(o) : o)
  const methods = allowMethods === undefined || allowMethods === null || allowMethods.trim() === '' ? DEFAULT_METHODS : csv(allowMethods)

  const originAllowed = (origin: string): boolean => {
    if (anyOrigin) return true
    return origin.split(' ').filter(o => o.trim() !== '')
      .some(candidate => matchers.some(m => typeof m === 'string' ? m === candidate : m.test(candidate)))
  }

  return {
    headers (method, h) {
      const origin = single(h.origin)
      if (origin === undefined || origin.trim() === '' || !originAllowed(origin)) return []
      const common: Array<[string, string]> = [['access-control-allow-origin', origin]]
      if (!anyOrigin) common.push(['vary', 'Origin'])
      common.push(['access-control-allow-credentials', 'true'])
      const requestMethod = single(h['access-control-request-method'])
      if (method !== 'OPTIONS' || requestMethod === undefined) return common
      // Preflight: only answered when the method and every requested header are allowed.
      if (!methods.includes(requestMethod)) return []
      const requested = csv(single(h['access-control-request-headers']) ?? '')
      if (!requested.every(r => ALLOWED_HEADERS.some(a => a.toLowerCase() === r.toLowerCase()))) return []
      return [
        ...common,
        ['access-control-max-age', PREFLIGHT_MAX_AGE],
        ['access-control-allow-methods', methods.join(',')],
        ['access-control-allow-headers', ALLOWED_HEADERS.join(',')]
      ]
    }
  }
}
