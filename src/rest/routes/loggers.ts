// /admin/loggers: list levels, get one, set a namespace's level (scope=worker or cluster).
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'
import { LoggerRegistry } from '../../runtime/loggers.ts'
import type { RouteContext } from './context.ts'

export function loggerRoutes ({ app, loggers, route, log }: RouteContext): void {
  if (loggers === undefined) return
  route(/^\/admin\/loggers\/?$/)
  app.get('/admin/loggers', async () => loggers.levels())
  route(/^\/admin\/loggers\/[^/]+$/)
  app.get<{ Params: { logger: string } }>('/admin/loggers/:logger', async (req) => {
    const level = loggers.level(req.params.logger)
    if (level === null) throw new ConnectRestError(404, `Logger ${req.params.logger} not found.`)
    return level
  })
  app.put<{ Params: { logger: string }, Querystring: { scope?: string }, Body: unknown }>('/admin/loggers/:logger', async (req, reply) => {
    const body = req.body as { level?: unknown } | null | undefined
    const level = body !== null && typeof body === 'object' ? body.level : undefined
    if (level === undefined || level === null) throw new BadRequestError("Desired 'level' parameter was not specified in request.")
    if (!LoggerRegistry.isLevel(String(level))) throw new ConnectRestError(404, `invalid log level '${String(level)}'.`)
    const scope = (req.query.scope ?? 'worker').toLowerCase()
    if (scope !== 'worker' && scope !== 'cluster') log?.warn(`Received invalid scope '${req.query.scope}' in request to adjust logging level; will default to worker`)
    const affected = loggers.setLevel(req.params.logger, String(level))
    if (scope === 'cluster') return reply.code(204).send()
    return affected
  })
}
