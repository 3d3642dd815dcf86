// /connectors/{c}/offsets (KIP-875): get, alter (PATCH) and reset (DELETE).
import { BadRequestError } from '../../runtime/errors.ts'
import type { ConnectorOffsets } from '../../runtime/entities.ts'
import type { RouteContext } from './context.ts'

type Params = { connector: string }

export function offsetRoutes ({ app, herder, route }: RouteContext): void {
  route(/^\/connectors\/[^/]+\/offsets$/)
  app.get<{ Params: Params }>('/connectors/:connector/offsets', async (req) => herder.connectorOffsets(req.params.connector))
  app.patch<{ Params: Params, Body: unknown }>('/connectors/:connector/offsets', async (req) => {
    const body = req.body as { offsets?: unknown } | null | undefined
    if (body === null || body === undefined || typeof body !== 'object' || !Array.isArray(body.offsets) || body.offsets.length === 0) {
      throw new BadRequestError('Partitions / offsets need to be provided for an alter offsets request')
    }
    return herder.alterConnectorOffsets(req.params.connector, body as ConnectorOffsets)
  })
  app.delete<{ Params: Params }>('/connectors/:connector/offsets', async (req) => herder.resetConnectorOffsets(req.params.connector))
}
