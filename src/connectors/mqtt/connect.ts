// Connecting an MQTT.js client for a task. The first connection must succeed: when every configured server refused
// or dropped the attempt (or `mqtt.connect.timeout.seconds` passed) start() fails with a RetriableError naming the
// servers and the reason; a broker that refuses the credentials or the client id is a ConnectError. Once connected,
// MQTT.js reconnects by itself (every second, moving through the server list) and resubscribes.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { ConnectError, RetriableError } from '../../api/index.ts'

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/** True when the error is about reaching the broker rather than what the broker said. */
export function isNetworkError (err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || /connack timeout|Keepalive timeout|client disconnecting|Connection closed/i.test(err.message)
}

export function serversText (opts: IClientOptions): string {
  return (opts.servers ?? []).map(s => `${s.protocol ?? 'mqtt'}://${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`).join(',')
}

/**
 * Creates a client without connecting (so a task can install its handlers before the broker may deliver messages of
 * a persistent session), then `open()` connects it.
 */
export function createMqttClient (opts: IClientOptions): MqttClient {
  return mqtt.connect({ ...opts, manualConnect: true })
}

/** Connects `client` (made by createMqttClient) or throws; on failure the client is closed. */
export function openMqttClient (client: MqttClient, opts: IClientOptions): Promise<void> {
  const servers = serversText(opts)
  const attemptsBeforeGivingUp = Math.max(1, opts.servers?.length ?? 1)
  const timeoutMs = opts.connectTimeout ?? 30000
  return new Promise((resolve, reject) => {
    let lastError: Error | null = null
    let attempts = 0
    const finish = (err: Error | null): void => {
      clearTimeout(timer)
      client.removeListener('connect', onConnect)
      client.removeListener('error', onError)
      client.removeListener('close', onClose)
      if (err === null) return resolve()
      client.end(true)
      reject(err)
    }
    const failure = (reason: string, cause: Error | null, retriable: boolean): Error => {
      const message = `Could not connect to the MQTT broker at ${servers}: ${reason}`
      return retriable ? new RetriableError(message, { cause }) : new ConnectError(message, { cause })
    }
    const onConnect = (): void => finish(null)
    const onError = (err: Error): void => {
      lastError = err
      // A CONNACK refusal (bad credentials, client id rejected...) will not get better by retrying.
      if (!isNetworkError(err)) finish(failure(err.message, err, false))
    }
    const onClose = (): void => {
      attempts++
      if (attempts >= attemptsBeforeGivingUp) finish(failure(lastError?.message ?? 'connection closed', lastError, true))
    }
    const timer = setTimeout(() => finish(failure(`no connection within ${timeoutMs / 1000} s${lastError === null ? '' : ` (${lastError.message})`}`, lastError, true)), timeoutMs)
    client.on('connect', onConnect)
    client.on('error', onError)
    client.on('close', onClose)
    client.connect()
  })
}

/** Closes a client: a clean DISCONNECT when connected, bounded in time; never throws. */
export async function closeMqttClient (client: MqttClient | null, force = false): Promise<void> {
  if (client === null) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(() => client.end(true, () => resolve()), 5000)
    client.end(force, () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
