// What every route module receives, and small request helpers shared by them.
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Herder } from '../../runtime/herder.ts'
import type { LoggerRegistry } from '../../runtime/loggers.ts'
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'

export interface RouteContext {
  app: FastifyInstance
  herder: Herder
  loggers?: LoggerRegistry
  log?: Logger
  metrics?: () => Promise<{ contentType: string, body: string }>
  /** Records a path pattern so unknown methods on it answer 405 (Jersey's behaviour). */
  route (pattern: RegExp): void
}

/** Jersey's answer for a path no resource matches. */
export function notFound (): ConnectRestError {
  return new ConnectRestError(404, 'HTTP 404 Not Found')
}

/** A task number from the path: a Java int, else the path does not match (404). */
export function taskParam (value: string): number {
  if (!/^-?\d+$/.test(value)) throw notFound()
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < -2147483648 || n > 2147483647) throw notFound()
  return n
}

/** A boolean query parameter (Jersey: "true" case-insensitively is true, anything else false). */
export function boolParam (value: unknown, dflt: boolean): boolean {
  if (value === undefined) return dflt
  const v = Array.isArray(value) ? value[0] : value
  return String(v).toLowerCase() === 'true'
}

/** A JSON object whose values are all strings (or null where allowed): a connector config map. */
export function configMap (body: unknown, what: string, allowNull = false): Record<string, string | null> {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError(`${what} must be a JSON object of string keys and string values`)
  }
  const out: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' || (allowNull && v === null)) { out[k] = v; continue }
    if (v === null) throw new BadRequestError(`Invalid value null for configuration ${k}: connector configuration values may not be null`)
    if (typeof v === 'number' || typeof v === 'boolean') { out[k] = String(v); continue }
    throw new BadRequestError(`Invalid value ${JSON.stringify(v)} for configuration ${k}: connector configuration values must be strings`)
  }
  return out
}
