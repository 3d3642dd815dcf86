// /admin/loggers: list levels, get one, set a namespace's level (scope=worker, the default, or cluster).
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'
import { LoggerRegistry } from '../../runtime/loggers.ts'
import { isObject, queryParam, type RouteContext } from './context.ts'

export function loggerRoutes ({ herder, loggers, route, call, log }: RouteContext): void {
  if (loggers === undefined) return
  route('GET', '/admin/loggers', async () => loggers.levels())
  route('GET', '/admin/loggers/:logger', async (req) => {
    const name = req.params.logger!
    const level = loggers.level(name)
    if (level === null) throw new ConnectRestError(404, `Logger ${name} not found.`)
    return level
  })
  route('PUT', '/admin/loggers/:logger', async (req, reply) => {
    const namespace = req.params.logger!
    const raw = isObject(req.body) ? req.body.level : undefined
    // Jackson reads the body as Map<String, String>: scalars become their text.
    const level = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined
    if (level === undefined) throw new BadRequestError("Desired 'level' parameter was not specified in request.")
    if (!LoggerRegistry.isLevel(level)) throw new ConnectRestError(404, `invalid log level '${level}'.`)
    const scopeParam = queryParam(req.query.scope)
    let scope = (scopeParam ?? 'worker').toLowerCase()
    if (scope !== 'worker' && scope !== 'cluster') {
      log?.warn(`Received invalid scope '${scopeParam}' in request to adjust logging level; will default to worker`)
      scope = 'worker'
    }
    if (scope === 'worker') return loggers.setLevel(namespace, level)
    // Cluster scope: a distributed herder publishes it to every worker; a standalone worker is the whole cluster.
    const publish = herder.setClusterLoggerLevel?.bind(herder)
    if (publish !== undefined) await call(() => publish(namespace, level))
    else loggers.setLevel(namespace, level)
    return reply.code(204).send()
  })
}
