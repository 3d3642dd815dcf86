// The REST server: Kafka Connect's REST API (see app.ts) on every `listeners` entry, and the admin resources either
// on the same listeners (`admin.listeners` unset), on their own (`admin.listeners` set) or nowhere (set but empty).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Herder } from '../runtime/herder.ts'
import type { LoggerRegistry } from '../runtime/loggers.ts'
import { ConnectRestError } from '../runtime/errors.ts'
import { buildApp } from './app.ts'
import { corsPolicy } from './cors.ts'
import { parseListener, type Listener } from './listeners.ts'
import { parseHeaderRules } from './response-headers.ts'
import type { MetricsSource } from './routes/context.ts'

export const DEFAULT_LISTENERS: readonly string[] = ['http://:8083']
export const DEFAULT_BODY_LIMIT = 1024 * 1024
export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 60_000

export interface RestServerOptions {
  herder: Herder
  /** `listeners` (default `['http://:8083']`): `http://host:port`, empty host = all interfaces, port 0 = any. */
  listeners?: readonly string[]
  /** `admin.listeners`: undefined/null = admin resources on `listeners`; [] = no admin resources; else their own. */
  adminListeners?: readonly string[] | null
  /** `access.control.allow.origin`: blank = no CORS. */
  accessControlAllowOrigin?: string | null
  /** `access.control.allow.methods` (blank = GET,POST,HEAD). */
  accessControlAllowMethods?: string | null
  /** `response.http.headers.config`. */
  responseHttpHeaders?: string | null
  /** Served at /admin/loggers (when absent, those paths are 404). */
  loggers?: LoggerRegistry
  /** Request log (debug) and errors. */
  logger?: Logger
  /** GET /metrics (when absent, 404). */
  metrics?: MetricsSource
  /** Request body limit in bytes (default 1 MiB); larger bodies get 413. */
  bodyLimit?: number
  /** Bound on each herder call (default 90 000 ms, Kafka's); then 500 `Request timed out`. */
  requestTimeoutMs?: number
  /** On close, connections still open after this long are cut (default 60 000 ms, Jetty's stop timeout). */
  shutdownTimeoutMs?: number
}

export interface RestServer {
  /** Base URL of the first listener, with a trailing slash, e.g. `http://127.0.0.1:8083/` (all interfaces → 127.0.0.1). */
  readonly url: string
  /** Host the first listener is bound to (`::` or `0.0.0.0` for all interfaces). */
  readonly host: string
  /** Port of the first listener (the chosen one when configured as 0). */
  readonly port: number
  /** Base URLs of every listener, in configuration order. */
  readonly urls: readonly string[]
  /** Base URLs of the admin listeners (empty when admin resources share `listeners` or are disabled). */
  readonly adminUrls: readonly string[]
  /** The application serving `listeners` (e.g. for `inject` in tests). */
  readonly app: FastifyInstance
  close (): Promise<void>
}

interface Bound { server: Server, host: string, port: number, url: string }

function isAllInterfaces (host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::'
}

async function listenOn (server: Server, l: Listener): Promise<Bound> {
  const tryListen = (host: string): Promise<void> => new Promise((resolve, reject) => {
    const onError = (err: Error): void => { server.off('listening', onListening); reject(err) }
    const onListening = (): void => { server.off('error', onError); resolve() }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen({ host, port: l.port })
  })
  let host = l.host === '' ? '::' : l.host
  try {
    await tryListen(host)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (l.host !== '' || (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL')) {
      throw new ConnectRestError(500, `Unable to start the REST server on ${l.protocol}://${l.host}:${l.port}: ${(err as Error).message}`, { cause: err })
    }
    host = '0.0.0.0' // no IPv6 on this machine
    await tryListen(host)
  }
  const port = (server.address() as AddressInfo).port
  const urlHost = isAllInterfaces(l.host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return { server, host, port, url: `${l.protocol}://${urlHost}:${port}/` }
}

async function closeServer (server: Server, timeoutMs: number): Promise<void> {
  if (!server.listening) return
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs)
  try {
    await new Promise<void>(resolve => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
  } finally {
    clearTimeout(timer)
  }
}

export async function createRestServer (o: RestServerOptions): Promise<RestServer> {
  const listeners = (o.listeners ?? DEFAULT_LISTENERS).map(parseListener)
  if (listeners.length === 0) throw new Error('At least one REST listener is needed (listeners)')
  const adminListeners = o.adminListeners === undefined || o.adminListeners === null ? undefined : o.adminListeners.map(parseListener)
  const shared = {
    herder: o.herder,
    loggers: o.loggers,
    logger: o.logger,
    metrics: o.metrics,
    bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestTimeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    cors: corsPolicy(o.accessControlAllowOrigin, o.accessControlAllowMethods),
    headerRules: parseHeaderRules(o.responseHttpHeaders)
  }
  const shutdownMs = o.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS

  const app = await buildApp({ ...shared, api: true, admin: adminListeners === undefined })
  const adminApp = adminListeners !== undefined && adminListeners.length > 0 ? await buildApp({ ...shared, api: false, admin: true }) : undefined
  const servers: Server[] = []
  const close = async (): Promise<void> => {
    await Promise.all(servers.map(s => closeServer(s, shutdownMs)))
    await Promise.all([app.close(), adminApp?.close()])
  }
  try {
    const bind = async (handler: FastifyInstance, l: Listener): Promise<Bound> => {
      const server = createServer(handler.routing)
      servers.push(server)
      return listenOn(server, l)
    }
    const bound: Bound[] = []
    for (const l of listeners) bound.push(await bind(app, l))
    const adminBound: Bound[] = []
    for (const l of adminApp === undefined ? [] : adminListeners!) adminBound.push(await bind(adminApp!, l))
    const first = bound[0]!
    o.logger?.info(`REST server listening at ${bound.map(b => b.url).join(', ')}${adminBound.length > 0 ? `; admin at ${adminBound.map(b => b.url).join(', ')}` : ''}`)
    return {
      url: first.url,
      host: first.host,
      port: first.port,
      urls: bound.map(b => b.url),
      adminUrls: adminBound.map(b => b.url),
      app,
      close
    }
  } catch (err) {
    await close()
    throw err
  }
}
