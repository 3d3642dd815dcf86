// InitProducerId v0-4 for idempotent producers: a fresh producer id (never reused, also across restarts) with epoch
// 0. A transactional id is refused until the transaction coordinator lands (transactions are not advertised).
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/types/init-producer-id.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

export async function handleInitProducerId (ctx: BrokerContext, req: InitProducerIdRequest): Promise<InitProducerIdResponse> {
  if (req.transactionalId !== null) {
    return { throttleTimeMs: 0, errorCode: ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code, producerId: -1n, producerEpoch: -1 }
  }
  const producerId = await ctx.groups.allocateProducerId()
  return { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 0 }
}
