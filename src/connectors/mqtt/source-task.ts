// io.confluent.connect.mqtt.MqttSourceTask: subscribes to its MQTT topics and returns each message as a record, as
// Confluent's connector does: key = the MQTT topic (STRING), value = the payload (BYTES), topic = `kafka.topic`,
// headers mqtt.message.id, mqtt.qos, mqtt.retained and mqtt.duplicate; source partition {"mqtt.topic": <topic>}
// (MQTT has no position to resume from, so the source offset is an empty map).
//
// Messages wait in a buffer between polls (`records.buffer.max.capacity`). When it is full the task stops taking
// messages from MQTT.js, which then stops reading the socket: the broker holds the rest (backpressure) until a poll
// made room. One poll returns at most `records.buffer.max.batch.size` records and waits at most
// `records.buffer.empty.timeout` ms for the first.
//
// QoS 1 and 2 messages are acknowledged to the broker only once their record was committed to Kafka (commitRecord;
// see ack-gate.ts). With `mqtt.clean.session.enabled=false` a message whose record did not reach Kafka before a crash
// or a lost connection is delivered again: at-least-once. With a clean session, the broker forgets unacknowledged
// messages when the connection ends. QoS 2's second half (PUBREC … PUBREL) is MQTT.js's, with its in-memory store: a
// crash between PUBREC and the commit can lose that message, so use QoS 1 for at-least-once across crashes.
import type { IPublishPacket, MqttClient } from 'mqtt'
import {
  ConfigException, ConnectError, ConnectHeaders, Schema, SourceRecord, SourceTask, type Props, type RecordMetadata,
  type SourceMap
} from '../../api/index.ts'
import { AckGate, type AckTicket } from './ack-gate.ts'
import {
  MQTT_CONNECTOR_VERSION, clientIdFor, clientOptions, connectionProblems, ensureNoProblems, mqttSourceConfigDef
} from './config.ts'
import { closeMqttClient, createMqttClient, openMqttClient, serversText } from './connect.ts'

export const MQTT_TOPIC_FIELD = 'mqtt.topic'

interface Message {
  topic: string
  payload: Buffer
  packet: IPublishPacket
  ticket: AckTicket | null
}

export class MqttSourceTask extends SourceTask {
  static readonly className = 'io.confluent.connect.mqtt.MqttSourceTask'

  #client: MqttClient | null = null
  readonly #gate = new AckGate()
  #kafkaTopic = ''
  #capacity = 50000
  #batchSize = 4096
  #emptyTimeoutMs = 100
  #fullTimeoutMs = 60000
  /** Messages not yet polled; `#head` is the next one. */
  #buffer: Message[] = []
  #head = 0
  /** MQTT.js callbacks held back while the buffer is full (each lets MQTT.js read the next packet). */
  #parked: Array<{ resume: () => void, since: number }> = []
  #warnedFull = false
  #wake: (() => void) | null = null
  /** Source partitions by MQTT topic. */
  readonly #partitions = new Map<string, SourceMap>()
  /** The ack ticket of each polled record, keyed by its source offset object (transformations keep that object). */
  #tickets = new WeakMap<object, AckTicket>()
  #stopping = false

  version (): string {
    return MQTT_CONNECTOR_VERSION
  }

  async start (props: Props): Promise<void> {
    const c = mqttSourceConfigDef.parse(props)
    ensureNoProblems(props, connectionProblems, m => new ConfigException(m))
    this.#kafkaTopic = c['kafka.topic']
    this.#capacity = c['records.buffer.max.capacity']
    this.#batchSize = c['records.buffer.max.batch.size']
    this.#emptyTimeoutMs = c['records.buffer.empty.timeout']
    this.#fullTimeoutMs = c['records.buffer.full.timeout']
    this.#buffer = []
    this.#head = 0
    this.#parked = []
    this.#tickets = new WeakMap()
    this.#stopping = false
    const opts = clientOptions(c, clientIdFor(c, props, 'source'))
    const client = createMqttClient(opts)
    this.#client = client
    this.#gate.install(client)
    client.handleMessage = (packet, callback) => this.#receive(packet, callback)
    try {
      await openMqttClient(client, opts)
    } catch (err) {
      this.#client = null
      throw err
    }
    const qos = c['mqtt.qos'] as 0 | 1 | 2
    let granted
    try {
      granted = await client.subscribeAsync(Object.fromEntries(c['mqtt.topics'].map(t => [t.trim(), { qos }])))
    } catch (err) {
      await this.stop()
      throw new ConnectError(`Could not subscribe to ${c['mqtt.topics'].join(', ')} at ${serversText(opts)}: ${(err as Error).message}`, { cause: err })
    }
    const refused = granted.filter(g => g.qos === 128).map(g => g.topic)
    if (refused.length > 0) {
      await this.stop()
      throw new ConnectError(`The MQTT broker at ${serversText(opts)} refused the subscription to ${refused.join(', ')}`)
    }
  }

  /** MQTT.js hands over each message here; calling `callback` lets it acknowledge (QoS 1/2) and read on. */
  #receive (packet: IPublishPacket, callback: (err?: Error) => void): void {
    if (this.#stopping) return callback()
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)
    this.#buffer.push({ topic: packet.topic, payload, packet, ticket: this.#gate.track(packet) })
    const wake = this.#wake
    this.#wake = null
    wake?.()
    if (this.#buffer.length - this.#head < this.#capacity) callback()
    else this.#parked.push({ resume: () => callback(), since: Date.now() })
  }

  async poll (signal: AbortSignal): Promise<SourceRecord[] | null> {
    if (this.#client === null || this.#stopping) return null
    if (this.#head === this.#buffer.length) await this.#waitForMessage(signal)
    if (this.#head === this.#buffer.length) {
      this.#checkFull()
      return null
    }
    const end = Math.min(this.#buffer.length, this.#head + this.#batchSize)
    const records: SourceRecord[] = []
    const timestamp = Date.now()
    for (let i = this.#head; i < end; i++) records.push(this.#record(this.#buffer[i]!, timestamp))
    this.#head = end
    if (this.#head === this.#buffer.length) {
      this.#buffer = []
      this.#head = 0
    } else if (this.#head > 4096 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head)
      this.#head = 0
    }
    this.#resumeParked()
    return records
  }

  #record (m: Message, timestamp: number): SourceRecord {
    let partition = this.#partitions.get(m.topic)
    if (partition === undefined) {
      partition = Object.freeze({ [MQTT_TOPIC_FIELD]: m.topic })
      this.#partitions.set(m.topic, partition)
    }
    const offset: SourceMap = Object.freeze({})
    if (m.ticket !== null) this.#tickets.set(offset, m.ticket)
    const headers = new ConnectHeaders()
      .add('mqtt.message.id', m.packet.messageId ?? 0, Schema.INT32_SCHEMA)
      .add('mqtt.qos', m.packet.qos, Schema.INT32_SCHEMA)
      .add('mqtt.retained', m.packet.retain, Schema.BOOLEAN_SCHEMA)
      .add('mqtt.duplicate', m.packet.dup, Schema.BOOLEAN_SCHEMA)
    return new SourceRecord({
      sourcePartition: partition,
      sourceOffset: offset,
      topic: this.#kafkaTopic,
      keySchema: Schema.STRING_SCHEMA,
      key: m.topic,
      valueSchema: Schema.BYTES_SCHEMA,
      value: m.payload,
      timestamp,
      headers
    })
  }

  #waitForMessage (signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (signal.aborted) return resolve()
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        if (this.#wake === done) this.#wake = null
        resolve()
      }
      const timer = setTimeout(done, this.#emptyTimeoutMs)
      signal.addEventListener('abort', done, { once: true })
      this.#wake = done
    })
  }

  #resumeParked (): void {
    while (this.#parked.length > 0 && this.#buffer.length - this.#head < this.#capacity) this.#parked.shift()!.resume()
    if (this.#parked.length === 0) this.#warnedFull = false
  }

  #checkFull (): void {
    const oldest = this.#parked[0]
    if (oldest === undefined || this.#warnedFull || Date.now() - oldest.since < this.#fullTimeoutMs) return
    this.#warnedFull = true
    console.warn(`MQTT source: the record buffer (${this.#capacity}) has been full for over ${this.#fullTimeoutMs} ms; ` +
      'reading from the broker is paused until Kafka keeps up')
  }

  /** Kafka has the record (or a transformation dropped it): its message may be acknowledged to the broker. */
  override commitRecord (record: SourceRecord, _metadata: RecordMetadata | null): void {
    const offset = record.sourceOffset
    if (offset === null) return
    const ticket = this.#tickets.get(offset)
    if (ticket === undefined) return
    this.#tickets.delete(offset)
    this.#gate.release(ticket)
  }

  /** Messages waiting for a poll (at most records.buffer.max.capacity, plus the one MQTT.js is handing over). */
  get bufferedMessages (): number {
    return this.#buffer.length - this.#head
  }

  /** Acknowledgements held back for records not committed yet (for tests and metrics). */
  get heldAcks (): number {
    return this.#gate.held
  }

  async stop (): Promise<void> {
    this.#stopping = true
    this.#wake?.()
    const client = this.#client
    this.#client = null
    // Let MQTT.js finish reading; the messages are dropped (unacknowledged ones come again on a persistent session).
    for (const p of this.#parked.splice(0)) p.resume()
    this.#buffer = []
    this.#head = 0
    await closeMqttClient(client)
  }
}
