// What every route module receives, and the request helpers they share.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import type { Herder } from '../../runtime/herder.ts'
import type { LoggerRegistry } from '../../runtime/loggers.ts'
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type Request = FastifyRequest<{
  Params: Record<string, string>
  Querystring: Record<string, string | string[] | undefined>
  Body: unknown
}>

export type RouteHandler = (req: Request, reply: FastifyReply) => Promise<unknown>

export type MetricsSource = () => Promise<{ contentType: string, body: string }>

export interface RouteContext {
  herder: Herder
  loggers?: LoggerRegistry
  log?: Logger
  metrics?: MetricsSource
  /** Register a route; the path is also remembered so other methods on it answer 405. */
  route (method: HttpMethod, path: string, handler: RouteHandler): void
  /** Run a herder call, failing with 500 `Request timed out` after the request timeout (Kafka: 90 s). */
  call<T> (work: () => T | Promise<T>): Promise<T>
}

/** Jersey's answer for a path no resource matches. */
export function notFound (): ConnectRestError {
  return new ConnectRestError(404, 'HTTP 404 Not Found')
}

/** A task number from the path: a Java int (`Integer.valueOf`), else the path does not match (404). */
export function taskParam (value: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw notFound()
  const n = Number(value)
  if (n < -2147483648 || n > 2147483647) throw notFound()
  return n
}

/** First value of a query parameter (Jersey's @QueryParam takes the first of repeated ones). */
export function queryParam (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** A boolean query parameter (Java's Boolean.valueOf: "true" in any case is true, anything else false). */
export function boolParam (value: string | string[] | undefined, dflt: boolean): boolean {
  const v = queryParam(value)
  if (v === undefined) return dflt
  return v.toLowerCase() === 'true'
}

export function isObject (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * A JSON object read as Kafka reads a `Map<String, String>` body: strings as they are, numbers and booleans as their
 * text (Jackson's scalar coercion), null only where allowed; objects and arrays are refused with 400.
 */
export function configMap (body: unknown, what: string, allowNull: true): Record<string, string | null>
export function configMap (body: unknown, what: string, allowNull?: false): Record<string, string>
export function configMap (body: unknown, what: string, allowNull = false): Record<string, string | null> {
  if (!isObject(body)) throw new BadRequestError(`${what} must be a JSON object of string keys and string values`)
  const out: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v)
    else if (v === null && allowNull) out[k] = null
    else if (v === null) throw new BadRequestError(`Invalid value null for configuration ${k}: configuration values may not be null`)
    else throw new BadRequestError(`Invalid value ${JSON.stringify(v)} for configuration ${k}: configuration values must be strings`)
  }
  return out
}

/** Percent-encode a path segment as JAX-RS UriBuilder.path does (sub-delimiters, ':' and '@' stay), '/' included. */
export function encodePathSegment (s: string): string {
  return encodeURIComponent(s).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** The request's base URL (`http://host:port/`) from its Host header, as JAX-RS builds a `Location`. */
export function baseUrl (req: FastifyRequest): string {
  let host = req.headers.host
  if (host === undefined || host === '') {
    const addr = req.socket.localAddress ?? '127.0.0.1'
    host = `${addr.includes(':') ? `[${addr}]` : addr}:${req.socket.localPort}`
  }
  return `${req.protocol}://${host}/`
}
