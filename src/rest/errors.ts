// Every REST error is `{"error_code": <status>, "message": "<text>"}` (Kafka's ConnectExceptionMapper). Errors are
// mapped by type: ConnectRestError carries its status, NotFoundError → 404, AlreadyExistsError → 409, fastify's own
// client errors (bad JSON, body too large, wrong media type) keep their 4xx, anything else is a 500 with its message.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { AlreadyExistsError, NotFoundError } from '../api/errors.ts'
import { ConnectRestError } from '../runtime/errors.ts'

export interface ErrorBody { error_code: number, message: string | null }

export function errorBody (status: number, message: string | null): ErrorBody {
  return { error_code: status, message }
}

export function statusOf (err: unknown): number {
  if (err instanceof ConnectRestError) return err.status
  if (err instanceof NotFoundError) return 404
  if (err instanceof AlreadyExistsError) return 409
  const code = (err as FastifyError).code
  const status = (err as FastifyError).statusCode
  if (typeof code === 'string' && code.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) return status
  return 500
}

function messageOf (err: unknown): string | null {
  const code = (err as FastifyError).code
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY') return `Malformed JSON in request body: ${(err as Error).message}`
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Request body is empty; a JSON document was expected'
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'Request body is larger than the server accepts'
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return `Unsupported media type: ${(err as Error).message}`
  return err instanceof Error ? err.message : String(err)
}

export function errorHandler (log: Logger) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const status = statusOf(err)
    if (status >= 500) log.error({ err, method: request.method, url: request.url }, 'Uncaught exception in REST call')
    else log.debug({ method: request.method, url: request.url, status }, (err as Error).message)
    void reply.code(status).header('content-type', 'application/json').send(errorBody(status, messageOf(err)))
  }
}
