// /connectors: list (with expand), create, info, config (get, put, patch), status, lifecycle (restart, pause, resume,
// stop), delete and active topics. Tasks and offsets are in their own modules. The hidden `forward` query parameter
// is accepted and ignored (standalone: nothing to forward).
import { NotFoundError } from '../../api/errors.ts'
import type { ConnectorInfo, ConnectorStateInfo, InitialState } from '../../runtime/entities.ts'
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'
import { connectorInfo, connectorStateInfo } from '../entities.ts'
import { baseUrl, boolParam, configMap, encodePathSegment, isObject, type Request, type RouteContext } from './context.ts'

const INITIAL_STATES: readonly InitialState[] = ['RUNNING', 'PAUSED', 'STOPPED']

function location (req: Request, name: string): string {
  return `${baseUrl(req)}connectors/${encodePathSegment(name)}`
}

/** `initial_state`: RUNNING, PAUSED or STOPPED in any case; absent or null = none (the connector starts). */
function initialState (value: unknown): InitialState | undefined {
  if (value === undefined || value === null) return undefined
  const s = typeof value === 'string' ? value.toUpperCase() : undefined
  const state = INITIAL_STATES.find(v => v === s)
  if (state === undefined) {
    throw new BadRequestError(`Invalid initial_state ${JSON.stringify(value)}: must be one of ${INITIAL_STATES.join(', ')} (case-insensitive)`)
  }
  return state
}

/** Kafka's checkAndPutConnectorConfigName: a `name` in the config must equal the connector's, else it is injected. */
function putName (config: Record<string, string>, name: string): void {
  if (config.name !== undefined && config.name !== name) {
    throw new BadRequestError(`Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`)
  }
  config.name = name
}

/** The `name` of a create request: Jackson reads it as a String (scalars as their text); null means "". */
function requestName (value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).trim()
  throw new BadRequestError('The connector "name" must be a string')
}

function expansions (value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

export function connectorRoutes ({ herder, route, call, log }: RouteContext): void {
  route('GET', '/connectors', async (req) => {
    const expand = expansions(req.query.expand)
    const names = herder.connectors()
    if (expand === undefined) return names
    // With `expand` (even an unknown one) the answer is an object; connectors that vanish meanwhile are left out.
    const out: Record<string, { status?: ConnectorStateInfo, info?: ConnectorInfo | null }> = {}
    for (const name of names) {
      const entry: { status?: ConnectorStateInfo, info?: ConnectorInfo | null } = {}
      try {
        for (const e of expand) {
          if (e === 'status') entry.status = connectorStateInfo(herder.connectorStatus(name))
          else if (e === 'info') entry.info = connectorInfo(await call(() => herder.connectorInfo(name)))
          else log?.info(`Ignoring unknown expansion type ${e}`)
        }
      } catch (err) {
        if (err instanceof NotFoundError) continue
        throw err
      }
      out[name] = entry
    }
    return out
  })

  route('POST', '/connectors', async (req, reply) => {
    const body = req.body
    if (!isObject(body)) throw new BadRequestError('Request body must be a JSON object with "name" and "config"')
    const name = requestName(body.name)
    if (body.config === undefined || body.config === null) throw new BadRequestError('Request body must have a "config" object')
    const config = configMap(body.config, 'The connector "config"')
    putName(config, name)
    const state = initialState(body.initial_state)
    const opts = state === undefined ? { allowReplace: false } : { allowReplace: false, initialState: state }
    const result = await call(() => herder.putConnectorConfig(name, config, opts))
    return reply.code(201).header('location', location(req, name)).send(connectorInfo(result.info))
  })

  route('GET', '/connectors/:connector', async (req) => connectorInfo(await call(() => herder.connectorInfo(req.params.connector!))))
  route('DELETE', '/connectors/:connector', async (req, reply) => {
    await call(() => herder.deleteConnector(req.params.connector!))
    return reply.code(204).send()
  })

  route('GET', '/connectors/:connector/config', async (req) => call(() => herder.connectorConfig(req.params.connector!)))
  route('PUT', '/connectors/:connector/config', async (req, reply) => {
    const name = req.params.connector!
    const config = configMap(req.body, 'The connector config')
    putName(config, name)
    const result = await call(() => herder.putConnectorConfig(name, config, { allowReplace: true }))
    if (result.created) return reply.code(201).header('location', location(req, name)).send(connectorInfo(result.info))
    return connectorInfo(result.info)
  })
  route('PATCH', '/connectors/:connector/config', async (req) => {
    const name = req.params.connector!
    const patch = configMap(req.body, 'The config patch', true)
    if (patch.name !== undefined && patch.name !== null && patch.name !== name) {
      throw new BadRequestError(`Connector name configuration (${patch.name}) doesn't match connector name in the URL (${name})`)
    }
    return connectorInfo(await call(() => herder.patchConnectorConfig(name, patch)))
  })

  route('GET', '/connectors/:connector/status', async (req) => connectorStateInfo(herder.connectorStatus(req.params.connector!)))

  route('POST', '/connectors/:connector/restart', async (req, reply) => {
    const name = req.params.connector!
    const includeTasks = boolParam(req.query.includeTasks, false)
    const onlyFailed = boolParam(req.query.onlyFailed, false)
    if (!includeTasks && !onlyFailed) {
      await call(() => herder.restartConnector(name))
      return reply.code(204).send()
    }
    const planned = await call(() => herder.restartConnectorAndTasks(name, { includeTasks, onlyFailed }))
    return reply.code(202).send(connectorStateInfo(planned))
  })
  route('PUT', '/connectors/:connector/pause', async (req, reply) => {
    await call(() => herder.pauseConnector(req.params.connector!))
    return reply.code(202).send()
  })
  route('PUT', '/connectors/:connector/resume', async (req, reply) => {
    await call(() => herder.resumeConnector(req.params.connector!))
    return reply.code(202).send()
  })
  route('PUT', '/connectors/:connector/stop', async (req, reply) => {
    await call(() => herder.stopConnector(req.params.connector!))
    return reply.code(204).send()
  })

  route('GET', '/connectors/:connector/topics', async (req) => {
    if (!herder.topicTrackingEnabled()) throw new ConnectRestError(403, 'Topic tracking is disabled.')
    const name = req.params.connector!
    return { [name]: { topics: herder.connectorActiveTopics(name) ?? [] } }
  })
  route('PUT', '/connectors/:connector/topics/reset', async (req, reply) => {
    if (!herder.topicTrackingEnabled()) throw new ConnectRestError(403, 'Topic tracking is disabled.')
    if (!herder.topicTrackingResetAllowed()) throw new ConnectRestError(403, 'Topic tracking reset is disabled.')
    herder.resetConnectorActiveTopics(req.params.connector!)
    return reply.code(202).send()
  })
}
