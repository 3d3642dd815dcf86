// One fastify application serving Kafka Connect's REST resources: the API (everything but /admin), the admin
// resources (/admin/loggers), or both. Jersey's behaviour around the routes: JSON bodies whatever the content type,
// `{"error_code","message"}` errors, 404 `HTTP 404 Not Found` for unknown paths, 405 `HTTP 405 Method Not Allowed`
// for a known path with another method, OPTIONS answered 200 with `Allow` and no body; plus CORS and configured
// response headers.
import type { OutgoingHttpHeaders } from 'node:http'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import type { Herder } from '../runtime/herder.ts'
import type { LoggerRegistry } from '../runtime/loggers.ts'
import { ConnectRestError } from '../runtime/errors.ts'
import type { CorsPolicy } from './cors.ts'
import { errorBody, errorHandler, INVALID_JSON, messageOf, statusOf } from './errors.ts'
import { applyHeaderRules, type HeaderRule } from './response-headers.ts'
import type { HttpMethod, MetricsSource, RouteContext, RouteHandler } from './routes/context.ts'
import { connectorRoutes } from './routes/connectors.ts'
import { offsetRoutes } from './routes/connector-offsets.ts'
import { pluginRoutes } from './routes/connector-plugins.ts'
import { taskRoutes } from './routes/connector-tasks.ts'
import { loggerRoutes } from './routes/loggers.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { rootRoutes } from './routes/root.ts'

export interface AppOptions {
  herder: Herder
  /** Serve the API resources (all but /admin). */
  api: boolean
  /** Serve /admin/loggers (needs `loggers`). */
  admin: boolean
  loggers?: LoggerRegistry
  logger?: Logger
  metrics?: MetricsSource
  bodyLimit: number
  requestTimeoutMs: number
  cors?: CorsPolicy
  headerRules: readonly HeaderRule[]
}

interface KnownPath { re: RegExp, methods: string[] }

function pathPattern (path: string): RegExp {
  const re = path.split('/').map(seg => seg.startsWith(':') ? '[^/]+' : seg.replace(/[.+*?^${}()|[\]\\-]/g, '\\$&')).join('/')
  return new RegExp(`^${re}$`)
}

/** Methods Jersey reports in `Allow` for a resource: its own, HEAD with GET, and OPTIONS. */
function allowed (methods: readonly string[]): string {
  const out = [...methods]
  if (out.includes('GET')) out.push('HEAD')
  out.push('OPTIONS')
  return out.join(',')
}

function withTimeout<T> (work: () => T | Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ConnectRestError(500, 'Request timed out')), ms)
  })
  return Promise.race([Promise.resolve().then(work), timeout]).finally(() => clearTimeout(timer))
}

export async function buildApp (o: AppOptions): Promise<FastifyInstance> {
  const log = o.logger
  const app = Fastify({
    bodyLimit: o.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8192 },
    logger: false,
    // Requests the router rejects (bad percent-encoding) skip the hooks: filter headers are added here.
    // They are written raw: fastify would add a charset to the content type, and onSend does not run for them.
    frameworkErrors: (err, req, reply) => {
      filters(req, reply)
      const status = statusOf(err)
      const body = JSON.stringify(errorBody(status, messageOf(err, o.bodyLimit)))
      reply.hijack()
      const headers = { ...reply.getHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      reply.raw.writeHead(status, headers as OutgoingHttpHeaders)
      reply.raw.end(body)
    }
  }) as unknown as FastifyInstance

  // Jetty's filters run first: CORS headers, then the configured response headers.
  const cors = o.cors
  const rules = o.headerRules
  function filters (req: FastifyRequest, reply: FastifyReply): void {
    if (cors !== undefined) for (const [name, value] of cors.headers(req.method, req.headers)) void reply.header(name, value)
    if (rules.length > 0) applyHeaderRules(rules, n => reply.getHeader(n), (n, v) => { void reply.header(n, v) })
  }
  if (cors !== undefined || rules.length > 0) app.addHook('onRequest', async (req, reply) => { filters(req, reply) })
  // Jersey's JSON content type has no charset parameter.
  app.addHook('onSend', async (_req, reply, payload) => {
    const ct = reply.getHeader('content-type')
    if (typeof ct === 'string' && ct.startsWith('application/json;')) void reply.header('content-type', 'application/json')
    return payload
  })
  if (log !== undefined) {
    // Method, URL and status only: bodies (which may hold secrets) are never logged.
    app.addHook('onResponse', async (req, reply) => {
      log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'REST request')
    })
  }

  // Kafka Connect's clients send JSON with or without a JSON content type: any body is parsed as JSON.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body)
    if (text.trim() === '') { done(null, undefined); return }
    try {
      done(null, JSON.parse(text))
    } catch (err) {
      done(Object.assign(new Error((err as Error).message), { code: INVALID_JSON, statusCode: 400 }), undefined)
    }
  })
  app.setErrorHandler(errorHandler(log, o.bodyLimit))

  const known: KnownPath[] = []
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!.replace(/(.)\/+$/, '$1')
    const methods = known.filter(k => k.re.test(path)).flatMap(k => k.methods)
    if (methods.length === 0) return reply.code(404).send(errorBody(404, 'HTTP 404 Not Found'))
    if (req.method === 'OPTIONS') return reply.code(200).header('allow', allowed(methods)).send()
    return reply.code(405).send(errorBody(405, 'HTTP 405 Method Not Allowed'))
  })

  const route = (method: HttpMethod, path: string, handler: RouteHandler): void => {
    const re = pathPattern(path)
    const entry = known.find(k => k.re.source === re.source)
    if (entry === undefined) known.push({ re, methods: [method] })
    else entry.methods.push(method)
    app.route({ method, url: path, handler: handler as never })
  }
  const ctx: RouteContext = {
    herder: o.herder,
    loggers: o.loggers,
    log,
    metrics: o.metrics,
    route,
    call: work => withTimeout(work, o.requestTimeoutMs)
  }
  if (o.api) {
    rootRoutes(ctx)
    connectorRoutes(ctx)
    taskRoutes(ctx)
    offsetRoutes(ctx)
    pluginRoutes(ctx)
    metricsRoutes(ctx)
  }
  if (o.admin) loggerRoutes(ctx)
  await app.ready()
  return app
}
