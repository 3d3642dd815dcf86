// Shared bits of the MQTT connector tests: MQTT.js clients on the real local Mosquitto (127.0.0.1:1883, anonymous)
// as the independent peer, failing with the command to start Mosquitto when it is down; unique topic prefixes;
// persistent sessions and retained messages removed after each test.
import type { TestContext } from 'node:test'
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { uniqueName } from '../../helpers/names.ts'

export const MQTT_PORT = 1883
export const MQTT_URI = `tcp://127.0.0.1:${MQTT_PORT}`

const START_HINT = 'start it with: mosquitto -d -c /etc/mosquitto/mosquitto.conf'

/** A connected MQTT.js client, ended after the test. Fails clearly when Mosquitto is not running. */
export async function peer (t: TestContext, opts: IClientOptions = {}): Promise<MqttClient> {
  let client: MqttClient
  try {
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`, { connectTimeout: 3000, reconnectPeriod: 0, ...opts }, false)
  } catch (err) {
    throw new Error(`These tests need the local Mosquitto broker at 127.0.0.1:${MQTT_PORT} (${(err as Error).message}); ${START_HINT}`)
  }
  t.after(() => client.endAsync(true))
  return client
}

/** A unique topic prefix for the test. */
export function topicPrefix (): string {
  return `kc-test/${uniqueName('m')}`
}

/** After the test: end the broker's persistent session of `clientId` (connect clean, disconnect). */
export function dropSessionAfter (t: TestContext, clientId: string): void {
  t.after(async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`, { clientId, clean: true, reconnectPeriod: 0 }, false)
    await c.endAsync()
  })
}

/** After the test: clear a retained message. */
export function clearRetainedAfter (t: TestContext, topic: string): void {
  t.after(async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`, { reconnectPeriod: 0 }, false)
    await c.publishAsync(topic, '', { retain: true, qos: 1 })
    await c.endAsync()
  })
}

export interface Received { topic: string, payload: Buffer, packet: IPublishPacket }

/** Subscribes `client` to `filter` and collects what arrives. */
export async function collect (client: MqttClient, filter: string, qos: 0 | 1 | 2 = 0): Promise<Received[]> {
  const got: Received[] = []
  client.on('message', (topic, payload, packet) => got.push({ topic, payload, packet }))
  const granted = await client.subscribeAsync(filter, { qos })
  if (granted[0]?.qos === 128) throw new Error(`subscription to ${filter} refused`)
  return got
}

/** Waits until `check` holds (bounded), failing with `what`. */
export async function until (what: string, check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}
