// One node-redis connection for a Redis task. The first connection attempt fails fast, so a wrong host or port is a
// clear error from start(); once connected, a dropped connection is re-established in the background (backing off up
// to 5 s) while commands issued meanwhile fail at once (no offline queue) and surface as RetriableError, so the
// runtime retries the batch instead of a put() hanging. RESP2 keeps raw replies as plain arrays.
//
// node-redis gives every command its own 5 s timer by default, counted from when it is queued: a batch of 100k
// pipelined commands pays 100k timers, and on a busy machine the last ones can time out although Redis answers. So
// commands get no timer of their own; the tasks bound each batch as a whole by `redis.timeout` (withTimeout).
import { readFileSync } from 'node:fs'
import { createClient, type RedisClientOptions } from 'redis'
import { ConnectError, RetriableError } from '../../api/index.ts'
import { displayUrl, type RedisEndpoint } from './config.ts'

/** What a command argument may be: node-redis sends strings as UTF-8 and Buffers as they are. */
export type RedisArg = string | Buffer

function makeClient (options: RedisClientOptions) {
  return createClient({ ...options, RESP: 2 })
}

export type RedisClient = ReturnType<typeof makeClient>

/** Error names node-redis gives connection-level failures (as opposed to a command's error reply). */
const CONNECTION_ERRORS = new Set([
  'ClientClosedError', 'ClientOfflineError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError',
  'SocketTimeoutError', 'ReconnectStrategyError', 'DisconnectsClientError', 'TimeoutError',
  'SocketTimeoutDuringMaintenanceError', 'CommandTimeoutDuringMaintenanceError', 'AbortError'
])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** Error replies that mean "not now" rather than "never". */
const TRANSIENT_REPLIES = /^(LOADING|BUSY |TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|NOREPLICAS)/

/** True for failures that may go away by themselves: lost or refused connections, timeouts, a server loading. */
export function isTransient (err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (CONNECTION_ERRORS.has(err.constructor.name) || CONNECTION_ERRORS.has(err.name)) return true
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  if (TRANSIENT_REPLIES.test(err.message)) return true
  return err.cause !== undefined && err.cause !== err && isTransient(err.cause)
}

/** A ConnectError for a failed Redis operation: RetriableError when it may succeed later. */
export function redisError (what: string, err: unknown): ConnectError {
  if (err instanceof ConnectError) return err
  const message = `${what}: ${err instanceof Error ? err.message : String(err)}`
  return isTransient(err) ? new RetriableError(message, { cause: err }) : new ConnectError(message, { cause: err })
}

function readPem (file: string, key: string): Buffer | undefined {
  if (file.trim() === '') return undefined
  try {
    return readFileSync(file.trim())
  } catch (err) {
    throw new ConnectError(`Cannot read ${key} file '${file}': ${(err as Error).message}`, { cause: err })
  }
}

/**
 * Connects, or throws: RetriableError when the server cannot be reached (refused, timed out), ConnectError for
 * anything else (authentication, TLS). `name` identifies the connection in CLIENT LIST.
 */
export async function connectRedis (endpoint: RedisEndpoint, name: string): Promise<RedisClient> {
  let connected = false
  let lastError: unknown = null
  const socket: Record<string, unknown> = {
    connectTimeout: endpoint.timeoutMs,
    // Before the first connection: give up at once, so start() reports the problem. After: retry with backoff.
    reconnectStrategy: (retries: number, cause: Error) => connected ? Math.min(50 * 2 ** Math.min(retries, 7), 5000) : cause
  }
  if (endpoint.tls) {
    socket.tls = true
    socket.rejectUnauthorized = !endpoint.insecure
    const ca = readPem(endpoint.caFile, 'redis.cacert')
    const cert = readPem(endpoint.certFile, 'redis.key.cert')
    const key = readPem(endpoint.keyFile, 'redis.key.file')
    if (ca !== undefined) socket.ca = ca
    if (cert !== undefined) socket.cert = cert
    if (key !== undefined) socket.key = key
    if (endpoint.keyPassword !== '') socket.passphrase = endpoint.keyPassword
  }
  const client = makeClient({
    url: endpoint.url,
    ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
    ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
    name,
    disableOfflineQueue: true,
    commandOptions: { timeout: undefined },
    socket: socket as RedisClientOptions['socket']
  })
  // node-redis emits every socket error; without a listener Node would throw them.
  client.on('error', (err: unknown) => { lastError = err })
  try {
    await client.connect()
    connected = true
    return client
  } catch (err) {
    client.destroy()
    const cause = lastError ?? err
    const detail = cause instanceof Error ? cause.message : String(cause)
    const message = `Could not connect to Redis at ${displayUrl(endpoint.url)}: ${detail}`
    throw isTransient(cause) || isTransient(err) ? new RetriableError(message, { cause }) : new ConnectError(message, { cause })
  }
}

/** The batch took longer than `redis.timeout`. */
export class RedisTimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/** `promise`, or a RetriableError-classified timeout after `ms` (the commands themselves are not cancelled). */
export async function withTimeout<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(`${what}: no reply from Redis within ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Closes a client: waits for replies to commands already sent, or drops the connection if that fails. */
export async function closeRedis (client: RedisClient | null): Promise<void> {
  if (client === null) return
  try {
    if (client.isOpen) await client.close()
  } catch {
    client.destroy()
  }
}
