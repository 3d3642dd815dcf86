// Request dispatch: decode the header, check the (key, version) against the advertised table, decode the body,
// run the handler, encode the response with the header version the pair uses. A request we cannot parse or a
// version we do not advertise closes the connection, as Kafka does — except ApiVersions, which answers an unknown
// version with UNSUPPORTED_VERSION in the v0 layout so the client can retry lower (KIP-511).
import type { Logger } from 'pino'
import { Reader, ProtocolDecodeError } from './protocol/reader.ts'
import { Writer } from './protocol/writer.ts'
import { decodeRequestHeader, encodeResponseHeader, peekRequestHeader, type RequestHeader } from './protocol/headers.ts'
import { codecFor, responseHeaderVersion, type ApiKey, type ApiMessages } from './protocol/messages/index.ts'
import { ErrorCodes } from './protocol/error-codes.ts'
import { advertisedApis } from './versions.ts'
import type { Connection } from './connection.ts'
import type { BrokerContext } from './context.ts'

/** What a handler answers; null sends no response at all (Produce with acks=0). */
export type Handler<K extends ApiKey> = (ctx: BrokerContext, req: ApiMessages[K]['request'], header: RequestHeader, conn: Connection) =>
  Promise<ApiMessages[K]['response'] | null> | ApiMessages[K]['response'] | null

export type HandlerTable = { [K in ApiKey]: Handler<K> }

const apiVersionsKey = 18

/** The ApiVersions v0 body for a version we do not know: UNSUPPORTED_VERSION plus the full key list. */
function unsupportedApiVersions (correlationId: number): Buffer {
  const w = new Writer(512)
  encodeResponseHeader(w, correlationId, 0)
  const keys = Object.entries(advertisedApis)
  w.int16(ErrorCodes.UNSUPPORTED_VERSION.code).int32(keys.length)
  for (const [key, range] of keys) w.int16(Number(key)).int16(range.min).int16(range.max)
  return w.toBuffer()
}

export function createDispatcher (ctx: BrokerContext, handlers: HandlerTable, logger: Logger) {
  return async function dispatch (frame: Buffer, conn: Connection): Promise<Buffer | null> {
    let prefix
    try {
      prefix = peekRequestHeader(frame)
    } catch (err) {
      conn.close((err as Error).message)
      return null
    }
    const { apiKey, apiVersion, correlationId } = prefix
    const codec = codecFor(apiKey, apiVersion)
    if (codec === undefined) {
      const range = advertisedApis[apiKey]
      if (apiKey === apiVersionsKey) {
        logger.debug({ apiVersion }, 'ApiVersions with an unsupported version: answering UNSUPPORTED_VERSION')
        return unsupportedApiVersions(correlationId)
      }
      conn.close(range === undefined
        ? `unsupported API key ${apiKey} (version ${apiVersion}, correlation id ${correlationId})`
        : `unsupported version ${apiVersion} of ${range.name} (key ${apiKey}); this broker supports ${range.min}-${range.max}`)
      return null
    }
    let header: RequestHeader
    let request: unknown
    try {
      const r = new Reader(frame)
      header = decodeRequestHeader(r)
      request = codec.decodeRequest(r)
    } catch (err) {
      const reason = err instanceof ProtocolDecodeError ? err.message : String(err)
      conn.close(`cannot parse ${advertisedApis[apiKey]?.name} v${apiVersion} (correlation id ${correlationId}): ${reason}`)
      return null
    }
    const handler = handlers[apiKey as ApiKey] as unknown as Handler<ApiKey>
    const response = await handler(ctx, request as never, header, conn)
    if (response === null) return null
    const w = new Writer(1024)
    encodeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, apiVersion))
    codec.encodeResponse(w, response)
    return w.toBuffer()
  }
}
