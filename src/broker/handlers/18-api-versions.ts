// ApiVersions v0-3: the advertised table of versions.ts. v3 carries the client's software name and version, which
// Kafka checks against a character rule; the embedded broker accepts anything. The response header is always v0
// (messages/index.ts), and an unknown version is answered by the dispatcher.
import type { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/types/api-versions.ts'
import { advertisedApis } from '../versions.ts'

const apiKeys = Object.entries(advertisedApis).map(([key, range]) => ({ apiKey: Number(key), minVersion: range.min, maxVersion: range.max }))

export function handleApiVersions (_ctx: unknown, _req: ApiVersionsRequest): ApiVersionsResponse {
  return { errorCode: 0, apiKeys, throttleTimeMs: 0 }
}
