// GET / (server info) and GET /health (§1.3 WorkerStatus; the herder says whether start-up has completed).
import { serverInfo } from '../entities.ts'
import type { RouteContext } from './context.ts'

export function rootRoutes ({ herder, route }: RouteContext): void {
  route('GET', '/', async () => serverInfo(herder.serverInfo()))
  route('GET', '/health', async (_req, reply) => {
    if (herder.ready()) return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
    return reply.code(503).send({ status: 'starting', message: 'Worker is still starting up.' })
  })
}
