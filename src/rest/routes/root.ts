// GET / (server info) and GET /health.
import type { RouteContext } from './context.ts'

export function rootRoutes ({ app, herder, route }: RouteContext): void {
  route(/^\/$/)
  app.get('/', async () => herder.serverInfo())
  route(/^\/health$/)
  app.get('/health', async (_req, reply) => {
    if (herder.ready()) return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
    return reply.code(503).send({ status: 'starting', message: 'Worker is still starting up.' })
  })
}
