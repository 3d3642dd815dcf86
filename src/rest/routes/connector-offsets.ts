// /connectors/{c}/offsets (KIP-875): get, alter (PATCH) and reset (DELETE). The herder checks the connector is
// stopped and validates partitions and offsets; here only the body's shape is checked.
import type { ConnectorOffset } from '../../runtime/entities.ts'
import { BadRequestError } from '../../runtime/errors.ts'
import { connectorOffsets, message } from '../entities.ts'
import { isObject, type RouteContext } from './context.ts'

function offsetEntry (e: unknown): ConnectorOffset {
  if (!isObject(e)) throw new BadRequestError('Each element of "offsets" must be a JSON object with "partition" and "offset"')
  const { partition, offset } = e
  if (partition !== undefined && partition !== null && !isObject(partition)) throw new BadRequestError('An offset\'s "partition" must be a JSON object')
  if (offset !== undefined && offset !== null && !isObject(offset)) throw new BadRequestError('An offset\'s "offset" must be a JSON object or null')
  // A missing partition reaches the herder as null, which reports it (as Kafka does).
  return { partition: (partition ?? null) as Record<string, unknown>, offset: offset ?? null }
}

export function offsetRoutes ({ herder, route, call }: RouteContext): void {
  route('GET', '/connectors/:connector/offsets', async (req) => connectorOffsets(await call(() => herder.connectorOffsets(req.params.connector!))))
  route('PATCH', '/connectors/:connector/offsets', async (req) => {
    const body = req.body
    if (!isObject(body) || !Array.isArray(body.offsets) || body.offsets.length === 0) {
      throw new BadRequestError('Partitions / offsets need to be provided for an alter offsets request')
    }
    const offsets = { offsets: body.offsets.map(offsetEntry) }
    return message(await call(() => herder.alterConnectorOffsets(req.params.connector!, offsets)))
  })
  route('DELETE', '/connectors/:connector/offsets', async (req) => message(await call(() => herder.resetConnectorOffsets(req.params.connector!))))
}
