// GET /metrics: Prometheus text exposition (kconnect's own; Kafka Connect exposes JMX only). Absent → 404.
import type { RouteContext } from './context.ts'

export function metricsRoutes ({ metrics, route }: RouteContext): void {
  if (metrics === undefined) return
  route('GET', '/metrics', async (_req, reply) => {
    const { contentType, body } = await metrics()
    return reply.header('content-type', contentType).send(body)
  })
}
