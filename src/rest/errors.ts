// Every REST error is `{"error_code": <status>, "message": "<text>"}` (Kafka's ConnectExceptionMapper). Errors are
// mapped by type: ConnectRestError carries its status, NotFoundError → 404, AlreadyExistsError → 409, fastify's own
// client errors (bad JSON, body too large, bad URL) keep their 4xx with a message of ours, anything else is a 500
// with the error's message. Stack traces never reach the response.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { AlreadyExistsError, NotFoundError } from '../api/errors.ts'
import { ConnectRestError } from '../runtime/errors.ts'

export interface ErrorBody { error_code: number, message: string | null }

export function errorBody (status: number, message: string | null): ErrorBody {
  return { error_code: status, message }
}

/** The code our JSON body parser gives a body that does not parse. */
export const INVALID_JSON = 'FST_ERR_CTP_INVALID_JSON_BODY'

export function statusOf (err: unknown): number {
  if (err instanceof ConnectRestError) return err.status
  if (err instanceof NotFoundError) return 404
  if (err instanceof AlreadyExistsError) return 409
  const code = (err as FastifyError | null)?.code
  const status = (err as FastifyError | null)?.statusCode
  if (typeof code === 'string' && code.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) return status
  return 500
}

export function messageOf (err: unknown, bodyLimit: number): string | null {
  switch ((err as FastifyError | null)?.code) {
    case INVALID_JSON: return `Malformed JSON in request body: ${(err as Error).message}`
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return `Request body is larger than the limit of ${bodyLimit} bytes`
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return 'Request body size did not match Content-Length'
    case 'FST_ERR_BAD_URL': return 'Request path is not a valid URL (bad percent-encoding)'
    case 'FST_ERR_MAX_PARAM_LENGTH': return 'Request path is too long'
  }
  if (err instanceof Error) return err.message === '' ? null : err.message
  return err === undefined || err === null ? null : String(err)
}

/** Send the error body; never the stack. */
export function sendError (reply: FastifyReply, err: unknown, bodyLimit: number): FastifyReply {
  const status = statusOf(err)
  return reply.code(status).header('content-type', 'application/json').send(JSON.stringify(errorBody(status, messageOf(err, bodyLimit))))
}

export function errorHandler (log: Logger | undefined, bodyLimit: number) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = statusOf(err)
    if (status >= 500) {
      log?.error({ err, method: request.method, url: request.url }, 'Uncaught exception in REST call')
    } else {
      // Client errors are logged without their message: it may quote the body (JSON parser, `Connector config {…}
      // contains no connector type`), and bodies may hold secrets.
      log?.debug({ method: request.method, url: request.url, status, code: (err as FastifyError | null)?.code }, 'REST request failed')
    }
    return sendError(reply, err, bodyLimit)
  }
}
