// GET /metrics: Prometheus text exposition (kconnect; Kafka Connect exposes JMX only).
import type { RouteContext } from './context.ts'

export function metricsRoutes ({ app, metrics, route }: RouteContext): void {
  if (metrics === undefined) return
  route(/^\/metrics$/)
  app.get('/metrics', async (_req, reply) => {
    const { contentType, body } = await metrics()
    return reply.header('content-type', contentType).send(body)
  })
}
