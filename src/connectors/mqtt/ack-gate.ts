// Holds back the acknowledgement of received QoS 1 and 2 messages (PUBACK, PUBCOMP) until their records were
// committed to Kafka, so that a message the broker considers delivered is one Kafka has.
//
// MQTT.js has no public way to do this without serializing delivery: its handleMessage() hook (and customHandleAcks,
// which only MQTT 5 honours) delays the acknowledgement, but MQTT.js reads no further packet — not even PINGRESP —
// until it returns, so one message at a time would travel to Kafka and back. Instead the gate wraps the client's
// packet writer (`_sendPacket`, an MQTT.js internal): an acknowledgement for a tracked message is kept, the client is
// told it was sent (so it goes on reading), and the gate sends it once the record is committed. Acknowledgements leave
// in the order the messages arrived, as MQTT requires; the broker's in-flight window (Mosquitto: 20) bounds how many
// wait. When the connection drops, the held acknowledgements are discarded: with a persistent session the broker
// delivers those messages again. If MQTT.js ever lacks `_sendPacket`, install() returns false and messages are
// acknowledged on receipt, as MQTT.js does by default.
import type { IPublishPacket, MqttClient, Packet } from 'mqtt'

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, cbStorePut?: () => void) => void

export interface AckTicket {
  readonly messageId: number
  readonly epoch: number
  /** The acknowledgement MQTT.js wanted to send, once it did. */
  ack: Packet | null
  released: boolean
}

export class AckGate {
  #client: MqttClient | null = null
  #send: SendPacket | null = null
  /** Tickets in arrival order; `#head` is the first not yet sent. */
  #queue: AckTicket[] = []
  #head = 0
  /** Tickets whose acknowledgement MQTT.js has not produced yet, by message id. */
  readonly #awaiting = new Map<number, AckTicket>()
  #epoch = 0

  /** Wraps the client's packet writer; false when this MQTT.js has none (then nothing is held back). */
  install (client: MqttClient): boolean {
    const internals = client as unknown as { _sendPacket?: SendPacket }
    const original = internals._sendPacket
    if (typeof original !== 'function') return false
    this.#client = client
    this.#send = original.bind(client)
    internals._sendPacket = (packet, cb, cbStorePut) => {
      if ((packet.cmd === 'puback' || packet.cmd === 'pubcomp') && packet.messageId !== undefined) {
        const ticket = this.#awaiting.get(packet.messageId)
        if (ticket !== undefined) {
          this.#awaiting.delete(packet.messageId)
          ticket.ack = packet
          cbStorePut?.()
          cb?.()
          this.#drain()
          return
        }
      }
      this.#send!(packet, cb, cbStorePut)
    }
    client.on('close', () => this.reset())
    return true
  }

  get installed (): boolean {
    return this.#send !== null
  }

  /** Starts holding back the acknowledgement of a QoS 1/2 message (call before MQTT.js acknowledges it). */
  track (packet: IPublishPacket): AckTicket | null {
    if (this.#send === null || packet.qos === 0 || packet.messageId === undefined) return null
    const ticket: AckTicket = { messageId: packet.messageId, epoch: this.#epoch, ack: null, released: false }
    this.#queue.push(ticket)
    this.#awaiting.set(packet.messageId, ticket)
    return ticket
  }

  /** The message's record was committed: its acknowledgement may go (after those of earlier messages). */
  release (ticket: AckTicket): void {
    ticket.released = true
    this.#drain()
  }

  /** Acknowledgements held back right now. */
  get held (): number {
    return this.#queue.length - this.#head
  }

  #drain (): void {
    while (this.#head < this.#queue.length) {
      const t = this.#queue[this.#head]!
      if (!t.released || t.ack === null) break
      this.#head++
      if (t.epoch === this.#epoch && this.#client?.connected === true) this.#send!(t.ack)
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }

  /** The connection closed: what is held belongs to it (the broker redelivers those messages on a persistent session). */
  reset (): void {
    this.#epoch++
    this.#awaiting.clear()
    this.#queue = []
    this.#head = 0
  }
}
