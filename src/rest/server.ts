// The REST API (fastify), byte-compatible with Kafka Connect's: routes in routes/, errors as
// `{"error_code","message"}`, Jersey's 404/405 texts, CORS from `access.control.allow.origin`, extra response headers
// from `response.http.headers.config`, a request body limit.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Herder } from '../runtime/herder.ts'
import type { LoggerRegistry } from '../runtime/loggers.ts'
import { ConnectRestError } from '../runtime/errors.ts'
import { errorBody, errorHandler } from './errors.ts'
import { parseListener } from './listeners.ts'
import { applyHeaderRules, parseHeaderRules } from './response-headers.ts'
import { connectorRoutes } from './routes/connectors.ts'
import { offsetRoutes } from './routes/connector-offsets.ts'
import { pluginRoutes } from './routes/connector-plugins.ts'
import { loggerRoutes } from './routes/loggers.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { rootRoutes } from './routes/root.ts'

export interface RestServerOptions {
  herder: Herder
  /** `listeners` (default ['http://:8083']); the first is served. */
  listeners?: readonly string[]
  accessControlAllowOrigin?: string
  accessControlAllowMethods?: string
  responseHttpHeaders?: string
  loggers?: LoggerRegistry
  logger?: Logger
  metrics?: () => Promise<{ contentType: string, body: string }>
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number
}

export interface RestServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:8083/` (Kafka's advertised URL form). */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly app: FastifyInstance
  close (): Promise<void>
}

function corsOrigins (text: string | undefined): string[] {
  return (text ?? '').split(',').map(s => s.trim()).filter(s => s !== '')
}

export async function createRestServer (o: RestServerOptions): Promise<RestServer> {
  const listener = parseListener((o.listeners ?? ['http://:8083'])[0] ?? 'http://:8083')
  const log = o.logger
  const app: FastifyInstance = Fastify({
    bodyLimit: o.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    logger: false
  }) as unknown as FastifyInstance
  const patterns: RegExp[] = []
  const route = (p: RegExp): void => { patterns.push(p) }

  const origins = corsOrigins(o.accessControlAllowOrigin)
  const allowMethods = o.accessControlAllowMethods?.trim() || 'GET,POST,HEAD'
  const headerRules = parseHeaderRules(o.responseHttpHeaders)
  if (origins.length > 0) {
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin
      if (origin === undefined || !(origins.includes('*') || origins.includes(origin))) return
      void reply.header('access-control-allow-origin', origin).header('vary', 'Origin')
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        void reply.header('access-control-allow-methods', allowMethods)
          .header('access-control-allow-headers', 'X-Requested-With,Content-Type,Accept,Origin')
          .header('access-control-max-age', '1800')
          .code(200).send()
      }
    })
  }
  if (headerRules.length > 0) {
    app.addHook('onSend', async (_req, reply, payload) => {
      applyHeaderRules(headerRules, n => reply.getHeader(n), (n, v) => { void reply.header(n, v) })
      return payload
    })
  }
  app.addHook('onResponse', async (req, reply) => {
    log?.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'REST request')
  })
  // Kafka Connect's clients send bodies with or without a JSON content type; parse any body as JSON.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body)
    if (text.trim() === '') { done(null, undefined); return }
    try {
      done(null, JSON.parse(text))
    } catch (err) {
      done(Object.assign(new Error((err as Error).message), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), undefined)
    }
  })
  app.setErrorHandler(errorHandler(log ?? (await import('pino')).default({ level: 'silent' })))
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!.replace(/\/+$/, '') || '/'
    const known = patterns.some(p => p.test(path))
    const status = known ? 405 : 404
    return reply.code(status).send(errorBody(status, known ? 'HTTP 405 Method Not Allowed' : 'HTTP 404 Not Found'))
  })

  const ctx = { app, herder: o.herder, loggers: o.loggers, log, metrics: o.metrics, route }
  rootRoutes(ctx)
  connectorRoutes(ctx)
  offsetRoutes(ctx)
  pluginRoutes(ctx)
  loggerRoutes(ctx)
  metricsRoutes(ctx)

  const host = listener.host === '' ? '0.0.0.0' : listener.host
  try {
    await app.listen({ host, port: listener.port })
  } catch (err) {
    throw new ConnectRestError(500, `Unable to start the REST server on ${host}:${listener.port}: ${(err as Error).message}`)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : listener.port
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    url: `${listener.protocol}://${urlHost}:${port}/`,
    host,
    port,
    app,
    close: () => app.close()
  }
}
