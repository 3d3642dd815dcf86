// /connectors: list, create, info, config, status, tasks, lifecycle (restart, pause, resume, stop) and delete.
import type { FastifyRequest } from 'fastify'
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'
import type { InitialState } from '../../runtime/entities.ts'
import { NotFoundError } from '../../api/errors.ts'
import { boolParam, configMap, taskParam, type RouteContext } from './context.ts'

type Params = { connector: string }
type TaskParams = { connector: string, task: string }

function location (req: FastifyRequest, name: string): string {
  const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? req.protocol
  return `${proto}://${req.headers.host ?? req.hostname}/connectors/${encodeURIComponent(name)}`
}

function initialState (value: unknown): InitialState | undefined {
  if (value === undefined || value === null) return undefined
  const s = String(value).toUpperCase()
  if (s === 'RUNNING' || s === 'PAUSED' || s === 'STOPPED') return s
  throw new BadRequestError(`Invalid initial_state '${String(value)}'; expected one of RUNNING, PAUSED, STOPPED`)
}

function nameMismatch (cfg: string, name: string): BadRequestError {
  return new BadRequestError(`Connector name configuration (${cfg}) doesn't match connector name in the URL (${name})`)
}

function expandList (value: unknown): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

export function connectorRoutes ({ app, herder, route, log }: RouteContext): void {
  route(/^\/connectors$/)
  app.get<{ Querystring: { expand?: string | string[] } }>('/connectors', async (req) => {
    const expand = expandList(req.query.expand)
    const names = herder.connectors()
    if (!expand.includes('status') && !expand.includes('info')) return names
    const out: Record<string, Record<string, unknown>> = {}
    for (const name of names) {
      const entry: Record<string, unknown> = {}
      try {
        if (expand.includes('status')) entry.status = herder.connectorStatus(name)
        if (expand.includes('info')) entry.info = await herder.connectorInfo(name).catch((err: unknown) => { if (err instanceof NotFoundError) return null; throw err })
      } catch (err) {
        if (err instanceof NotFoundError) continue
        throw err
      }
      out[name] = entry
    }
    return out
  })

  app.post<{ Body: unknown }>('/connectors', async (req, reply) => {
    const body = req.body as { name?: unknown, config?: unknown, initial_state?: unknown } | null
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('Request body must be a JSON object with "name" and "config"')
    const name = body.name === null || body.name === undefined ? '' : String(body.name).trim()
    if (body.config === undefined || body.config === null) throw new BadRequestError('Request body is missing the connector "config" object')
    const config = configMap(body.config, '"config"') as Record<string, string>
    if (config.name !== undefined && config.name !== name) throw nameMismatch(config.name, name)
    config.name = name
    const result = await herder.putConnectorConfig(name, config, { allowReplace: false, initialState: initialState(body.initial_state) })
    return reply.code(201).header('location', location(req, name)).send(result.info)
  })

  route(/^\/connectors\/[^/]+$/)
  app.get<{ Params: Params }>('/connectors/:connector', async (req) => herder.connectorInfo(req.params.connector))
  app.delete<{ Params: Params }>('/connectors/:connector', async (req, reply) => {
    await herder.deleteConnector(req.params.connector)
    return reply.code(204).send()
  })

  route(/^\/connectors\/[^/]+\/config$/)
  app.get<{ Params: Params }>('/connectors/:connector/config', async (req) => herder.connectorConfig(req.params.connector))
  app.put<{ Params: Params, Body: unknown }>('/connectors/:connector/config', async (req, reply) => {
    const name = req.params.connector
    const config = configMap(req.body, 'The connector config') as Record<string, string>
    if (config.name !== undefined && config.name !== name) throw nameMismatch(config.name, name)
    config.name = name
    const result = await herder.putConnectorConfig(name, config, { allowReplace: true })
    if (result.created) return reply.code(201).header('location', location(req, name)).send(result.info)
    return result.info
  })
  app.patch<{ Params: Params, Body: unknown }>('/connectors/:connector/config', async (req) => {
    const name = req.params.connector
    const patch = configMap(req.body, 'The config patch', true)
    if (patch.name !== undefined && patch.name !== null && patch.name !== name) throw nameMismatch(patch.name, name)
    return herder.patchConnectorConfig(name, patch)
  })

  route(/^\/connectors\/[^/]+\/status$/)
  app.get<{ Params: Params }>('/connectors/:connector/status', async (req) => herder.connectorStatus(req.params.connector))

  route(/^\/connectors\/[^/]+\/tasks$/)
  app.get<{ Params: Params }>('/connectors/:connector/tasks', async (req) => herder.taskConfigs(req.params.connector))
  app.post<{ Params: Params }>('/connectors/:connector/tasks', async () => {
    throw new ConnectRestError(500, 'This worker is in standalone mode: task configs are not submitted by other workers')
  })

  route(/^\/connectors\/[^/]+\/tasks-config$/)
  app.get<{ Params: Params }>('/connectors/:connector/tasks-config', async (req) => {
    log?.warn('The GET /connectors/{connector}/tasks-config endpoint is deprecated and will be removed in the next major release. Please use the GET /connectors/{connector}/tasks endpoint instead.')
    const out: Record<string, Record<string, string>> = {}
    for (const t of await herder.taskConfigs(req.params.connector)) out[`${t.id.connector}-${t.id.task}`] = t.config
    return out
  })

  route(/^\/connectors\/[^/]+\/tasks\/[^/]+\/status$/)
  app.get<{ Params: TaskParams }>('/connectors/:connector/tasks/:task/status', async (req) =>
    herder.taskStatus(req.params.connector, taskParam(req.params.task)))

  route(/^\/connectors\/[^/]+\/tasks\/[^/]+\/restart$/)
  app.post<{ Params: TaskParams }>('/connectors/:connector/tasks/:task/restart', async (req, reply) => {
    await herder.restartTask(req.params.connector, taskParam(req.params.task))
    return reply.code(204).send()
  })

  route(/^\/connectors\/[^/]+\/restart$/)
  app.post<{ Params: Params, Querystring: { includeTasks?: string, onlyFailed?: string } }>('/connectors/:connector/restart', async (req, reply) => {
    const includeTasks = boolParam(req.query.includeTasks, false)
    const onlyFailed = boolParam(req.query.onlyFailed, false)
    if (!includeTasks && !onlyFailed) {
      await herder.restartConnector(req.params.connector)
      return reply.code(204).send()
    }
    return reply.code(202).send(await herder.restartConnectorAndTasks(req.params.connector, { includeTasks, onlyFailed }))
  })

  route(/^\/connectors\/[^/]+\/pause$/)
  app.put<{ Params: Params }>('/connectors/:connector/pause', async (req, reply) => {
    await herder.pauseConnector(req.params.connector)
    return reply.code(202).send()
  })
  route(/^\/connectors\/[^/]+\/resume$/)
  app.put<{ Params: Params }>('/connectors/:connector/resume', async (req, reply) => {
    await herder.resumeConnector(req.params.connector)
    return reply.code(202).send()
  })
  route(/^\/connectors\/[^/]+\/stop$/)
  app.put<{ Params: Params }>('/connectors/:connector/stop', async (req, reply) => {
    await herder.stopConnector(req.params.connector)
    return reply.code(204).send()
  })
  route(/^\/connectors\/[^/]+\/fence$/)
  app.put<{ Params: Params }>('/connectors/:connector/fence', async () => {
    throw new ConnectRestError(500, 'Zombie fencing is only used by distributed workers with exactly-once source support')
  })

  route(/^\/connectors\/[^/]+\/topics$/)
  app.get<{ Params: Params }>('/connectors/:connector/topics', async (req) => {
    if (!herder.topicTrackingEnabled()) throw new ConnectRestError(403, 'Topic tracking is disabled.')
    const name = req.params.connector
    return { [name]: { topics: herder.connectorActiveTopics(name) ?? [] } }
  })
  route(/^\/connectors\/[^/]+\/topics\/reset$/)
  app.put<{ Params: Params }>('/connectors/:connector/topics/reset', async (req, reply) => {
    if (!herder.topicTrackingEnabled()) throw new ConnectRestError(403, 'Topic tracking is disabled.')
    if (!herder.topicTrackingResetAllowed()) throw new ConnectRestError(403, 'Topic tracking reset is disabled.')
    herder.resetConnectorActiveTopics(req.params.connector)
    return reply.code(202).send()
  })
}
