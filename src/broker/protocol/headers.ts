// Request and response headers. Request header v1 = api key, api version, correlation id, client id; v2 adds a
// tagged-field section. The client id is an int16-length nullable string in both (never compact). Response header
// v0 = correlation id; v1 adds tagged fields. Which version a pair uses comes from messages/index.ts (ApiVersions
// always answers with header v0).
import { Reader, ProtocolDecodeError } from './reader.ts'
import type { Writer } from './writer.ts'
import { requestHeaderVersion } from './messages/index.ts'

export interface RequestHeader {
  apiKey: number
  apiVersion: number
  correlationId: number
  clientId: string | null
  /** 1 or 2; 1 for a (key, version) the broker does not advertise (see decodeRequestHeader). */
  headerVersion: 1 | 2
}

/** The fixed first 8 bytes of every request header: enough to answer even a request we cannot parse further. */
export interface RequestHeaderPrefix {
  apiKey: number
  apiVersion: number
  correlationId: number
}

/** Reads api key, api version and correlation id from the start of a request frame (size prefix removed). */
export function peekRequestHeader (frame: Buffer): RequestHeaderPrefix {
  if (frame.length < 8) throw new ProtocolDecodeError(`truncated request header: ${frame.length} byte(s), need at least 8`)
  return { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2), correlationId: frame.readInt32BE(4) }
}

/**
 * Decodes a request header and leaves `r` at the start of the body. The header version follows the advertised
 * table; for a (key, version) it does not list, the header is read as v1 (api key, version, correlation id,
 * client id) and any v2 tagged fields are left unread: the broker answers such a request (UNSUPPORTED_VERSION)
 * without parsing the body. Pass `headerVersion` to force one.
 */
export function decodeRequestHeader (r: Reader, headerVersion?: 1 | 2): RequestHeader {
  const apiKey = r.int16()
  const apiVersion = r.int16()
  const correlationId = r.int32()
  const clientId = r.nullableString()
  const hv = headerVersion ?? requestHeaderVersion(apiKey, apiVersion)
  if (hv === 2) r.skipTaggedFields()
  return { apiKey, apiVersion, correlationId, clientId, headerVersion: hv }
}

/** Decodes the header of a whole request frame; returns it with a Reader positioned at the body. */
export function readRequestFrame (frame: Buffer): { header: RequestHeader, body: Reader } {
  const body = new Reader(frame)
  return { header: decodeRequestHeader(body), body }
}

/** Encodes a request header (for clients and tests). */
export function encodeRequestHeader (w: Writer, header: RequestHeaderPrefix & { clientId: string | null }, headerVersion: 1 | 2): Writer {
  w.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).nullableString(header.clientId)
  if (headerVersion === 2) w.emptyTaggedFields()
  return w
}

/** Encodes a response header: v0 is the correlation id alone, v1 adds an (empty) tagged-field section. */
export function encodeResponseHeader (w: Writer, correlationId: number, headerVersion: 0 | 1): Writer {
  w.int32(correlationId)
  if (headerVersion === 1) w.emptyTaggedFields()
  return w
}

/** Decodes a response header (for clients and tests); returns the correlation id. */
export function decodeResponseHeader (r: Reader, headerVersion: 0 | 1): number {
  const correlationId = r.int32()
  if (headerVersion === 1) r.skipTaggedFields()
  return correlationId
}
