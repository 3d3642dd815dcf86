// io.confluent.connect.mqtt.MqttSinkTask: publishes each record's value to MQTT — to the topic `mqtt.topics` names,
// or else to the MQTT topic named as the record's Kafka topic — with `mqtt.qos` and `mqtt.retain`. Values must be
// bytes or strings (ByteArrayConverter, StringConverter); numbers and booleans are published as their text, and a null
// value as an empty payload (which, retained, clears the topic's retained message). Other values are errant records.
//
// put() publishes the batch keeping up to 128 messages unconfirmed at a time, and returns when MQTT.js confirmed every
// message: written to the socket for QoS 0, PUBACK for QoS 1, PUBCOMP for QoS 2. A broker that is not connected, or confirms nothing for
// `mqtt.connect.timeout.seconds`, makes put() a RetriableError; the runtime hands the batch again (at-least-once).
import type { MqttClient } from 'mqtt'
import {
  ConfigException, ConnectError, DataError, RetriableError, SinkTask, type OffsetAndMetadata, type Props,
  type SinkRecord, type TopicPartition
} from '../../api/index.ts'
import {
  MQTT_CONNECTOR_VERSION, clientIdFor, clientOptions, connectionProblems, ensureNoProblems, mqttSinkConfigDef
} from './config.ts'
import { closeMqttClient, createMqttClient, openMqttClient, serversText } from './connect.ts'

const EMPTY = Buffer.alloc(0)
/** The most messages one task has handed to MQTT.js and not seen confirmed. */
const PUBLISH_WINDOW = 128

/** Cross-key problems of the sink: the connection's, and a fixed topic with wildcards. */
export function sinkProblems (props: Props, add: (key: string, message: string) => void): void {
  connectionProblems(props, add)
  for (const topic of (props['mqtt.topics'] ?? '').split(',').map(s => s.trim()).filter(s => s !== '')) {
    if (/[+#]/.test(topic)) add('mqtt.topics', `Cannot publish to '${topic}': wildcards (+, #) are for subscriptions`)
  }
}

function payloadOf (value: unknown): Buffer | string {
  if (value == null) return EMPTY
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  switch (typeof value) {
    case 'string': return value
    case 'number': case 'bigint': case 'boolean': return String(value)
  }
  throw new DataError('The MQTT sink publishes bytes or strings: use the ByteArrayConverter or StringConverter ' +
    `(or a transformation) for this value (${(value as object).constructor?.name ?? typeof value})`)
}

function where (r: SinkRecord): string {
  return `topic ${r.topic}, partition ${r.kafkaPartition}, offset ${r.kafkaOffset}`
}

export class MqttSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.mqtt.MqttSinkTask'

  #client: MqttClient | null = null
  #servers = ''
  #topic: string | null = null
  #qos: 0 | 1 | 2 = 0
  #retain = false
  #timeoutMs = 30000

  version (): string {
    return MQTT_CONNECTOR_VERSION
  }

  async start (props: Props): Promise<void> {
    const c = mqttSinkConfigDef.parse(props)
    ensureNoProblems(props, sinkProblems, m => new ConfigException(m))
    const fixed = c['mqtt.topics'].map(t => t.trim()).filter(t => t !== '')
    this.#topic = fixed[0] ?? null
    this.#qos = c['mqtt.qos'] as 0 | 1 | 2
    this.#retain = c['mqtt.retain']
    this.#timeoutMs = c['mqtt.connect.timeout.seconds'] * 1000
    const opts = clientOptions(c, clientIdFor(c, props, 'sink'))
    this.#servers = serversText(opts)
    const client = createMqttClient(opts)
    await openMqttClient(client, opts)
    this.#client = client
  }

  async put (records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return
    const client = this.#client
    if (client === null) throw new ConnectError('The MQTT sink task is not started')
    if (!client.connected) throw new RetriableError(`Not connected to the MQTT broker at ${this.#servers}; will retry`)
    const reporter = this.context?.errantRecordReporter() ?? null
    const rejected: Array<{ record: SinkRecord, error: Error }> = []
    const topics: string[] = []
    const payloads: Array<Buffer | string> = []
    const owners: SinkRecord[] = []
    for (const r of records) {
      try {
        payloads.push(payloadOf(r.value))
      } catch (err) {
        const error = new DataError(`${(err as Error).message} (${where(r)})`, { cause: err })
        if (reporter === null) throw error
        rejected.push({ record: r, error })
        continue
      }
      topics.push(this.#topic ?? r.topic)
      owners.push(r)
    }
    const unconfirmed = await this.#publish(client, topics, payloads, owners)
    for (const { record, error } of rejected) await reporter!(record, error)
    if (unconfirmed.pending > 0) {
      throw new RetriableError(`The MQTT broker at ${this.#servers} did not confirm ${unconfirmed.pending} of ${records.length} messages within ${this.#timeoutMs / 1000} s`)
    }
    if (unconfirmed.failure !== null) {
      const { record, error } = unconfirmed.failure
      const message = `Could not publish the record at ${where(record)} to MQTT: ${error.message}`
      throw client.connected ? new ConnectError(message, { cause: error }) : new RetriableError(message, { cause: error })
    }
  }

  /**
   * Publishes the messages with at most PUBLISH_WINDOW unconfirmed at a time, and resolves once all are confirmed —
   * or when nothing was confirmed for the timeout (then `pending` says how many were not). MQTT.js waits for a
   * socket 'drain' with one listener per message written while the socket is full; a window keeps that list short
   * (flooding it with a whole batch costs time quadratic in the batch size).
   */
  #publish (client: MqttClient, topics: string[], payloads: Array<Buffer | string>, owners: SinkRecord[]): Promise<{ pending: number, failure: { record: SinkRecord, error: Error } | null }> {
    const opts = { qos: this.#qos, retain: this.#retain }
    const total = topics.length
    let next = 0
    let inFlight = 0
    let pumping = false
    let finished = false
    let failure: { record: SinkRecord, error: Error } | null = null
    let lastProgress = Date.now()
    if (total === 0) return Promise.resolve({ pending: 0, failure: null })
    return new Promise(resolve => {
      // Bounded wait: nothing confirmed for the timeout (broker gone, connection lost) → retry the batch later.
      const timer = setInterval(() => {
        if (Date.now() - lastProgress >= this.#timeoutMs) finish()
      }, Math.min(1000, this.#timeoutMs))
      const finish = (): void => {
        if (finished) return
        finished = true
        clearInterval(timer)
        resolve({ pending: total - next + inFlight, failure })
      }
      const confirmed = (record: SinkRecord) => (err?: Error): void => {
        inFlight--
        lastProgress = Date.now()
        if (err != null) failure ??= { record, error: err }
        pump()
      }
      // MQTT.js may confirm a QoS 0 message before publish() returns: the loop below then simply goes on.
      const pump = (): void => {
        // After a timeout nothing more is published: the runtime hands the whole batch again.
        if (pumping || finished) return
        pumping = true
        while (inFlight < PUBLISH_WINDOW && next < total) {
          const i = next++
          inFlight++
          client.publish(topics[i]!, payloads[i]!, opts, confirmed(owners[i]!))
        }
        pumping = false
        if (inFlight === 0 && next === total) finish()
      }
      pump()
    })
  }

  /** put() returns once MQTT.js confirmed every message, so there is nothing left to flush. */
  override flush (_offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): void {}

  async stop (): Promise<void> {
    const client = this.#client
    this.#client = null
    await closeMqttClient(client)
  }
}
