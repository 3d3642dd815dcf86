// FindCoordinator v0-4: this single node coordinates every group (key type 0) and transactional id (key type 1).
// v4 takes a list of keys and answers one entry per key. Key type 1 is answered too, though transactions are not
// advertised yet (clients only ask after InitProducerId with a transactional id).
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../protocol/types/find-coordinator.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

export function handleFindCoordinator (ctx: BrokerContext, req: FindCoordinatorRequest): FindCoordinatorResponse {
  const { host, port } = ctx.advertised
  const nodeId = ctx.nodeId
  const invalid = req.keyType !== 0 && req.keyType !== 1
  const errorCode = invalid ? ErrorCodes.INVALID_REQUEST.code : 0
  const errorMessage = invalid ? `unknown coordinator key type ${req.keyType}` : null
  return {
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    nodeId: invalid ? -1 : nodeId,
    host: invalid ? '' : host,
    port: invalid ? -1 : port,
    coordinators: req.coordinatorKeys.map(key => ({ key, nodeId: invalid ? -1 : nodeId, host: invalid ? '' : host, port: invalid ? -1 : port, errorCode, errorMessage }))
  }
}
