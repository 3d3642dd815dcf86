// /connectors/{c}/tasks…: task configs, the deprecated tasks-config map, task status and restart, and the internal
// endpoints distributed workers call on each other (task configs from the connector's owner; zombie fencing).
import { BadRequestError, ConnectRestError } from '../../runtime/errors.ts'
import { taskInfo, taskState } from '../entities.ts'
import { configMap, taskParam, type RouteContext } from './context.ts'

export function taskRoutes ({ herder, route, call, log }: RouteContext): void {
  route('GET', '/connectors/:connector/tasks', async (req) => (await call(() => herder.taskConfigs(req.params.connector!))).map(taskInfo))

  route('GET', '/connectors/:connector/tasks-config', async (req) => {
    log?.warn('The GET /connectors/{connector}/tasks-config endpoint is deprecated and will be removed in the next major release. Please use the GET /connectors/{connector}/tasks endpoint instead.')
    const out: Record<string, Record<string, string>> = {}
    for (const t of await call(() => herder.taskConfigs(req.params.connector!))) out[`${t.id.connector}-${t.id.task}`] = t.config
    return out
  })

  route('GET', '/connectors/:connector/tasks/:task/status', async (req) =>
    taskState(herder.taskStatus(req.params.connector!, taskParam(req.params.task!))))

  route('POST', '/connectors/:connector/tasks/:task/restart', async (req, reply) => {
    const task = taskParam(req.params.task!)
    await call(() => herder.restartTask(req.params.connector!, task))
    return reply.code(204).send()
  })

  route('POST', '/connectors/:connector/tasks', async (req, reply) => {
    const put = herder.putTaskConfigs?.bind(herder)
    if (put === undefined) throw new ConnectRestError(500, 'Kafka Connect in standalone mode does not support externally setting task configurations.')
    if (!Array.isArray(req.body)) throw new BadRequestError('Request body must be a JSON array of task configs')
    const configs = req.body.map((c, i) => configMap(c, `Task config ${i}`))
    await call(() => put(req.params.connector!, configs))
    return reply.code(204).send()
  })

  route('PUT', '/connectors/:connector/fence', async (req, reply) => {
    const fence = herder.fenceZombieSourceTasks?.bind(herder)
    if (fence === undefined) throw new ConnectRestError(500, 'Kafka Connect in standalone mode does not support exactly-once source connectors.')
    await call(() => fence(req.params.connector!))
    return reply.code(204).send()
  })
}
