// The config keys of the MQTT connectors, named as Confluent's MQTT connector (io.confluent.connect.mqtt) names them so
// its connector configs run unchanged: the connection keys both connectors have (`mqtt.server.uri`, credentials,
// `mqtt.client.id`, clean session, timeouts, `mqtt.ssl.*`, `mqtt.qos`), the source's (`mqtt.topics`, `kafka.topic`,
// `records.buffer.*`) and the sink's (`mqtt.retain`, optional `mqtt.topics`).
//
// TLS: Confluent's `mqtt.ssl.*` keys name Java key stores. kconnect reads PEM files (a trust store of CA certificates;
// a key store holding the private key and its certificate chain) and PKCS#12 key stores (.p12/.pfx); JKS files are
// refused with a clear message.
import { readFileSync } from 'node:fs'
import type { IClientOptions } from 'mqtt'
import { ConfigValue, ConnectError, defineConfig, validators, type Props } from '../../api/index.ts'

/** The version the MQTT connectors and their tasks report. */
export const MQTT_CONNECTOR_VERSION = '0.1.0'

/** The task config key carrying the task's index, and the number of tasks (kconnect's own keys). */
export const TASK_ID_CONFIG = 'kconnect.task.id'
export const TASK_COUNT_CONFIG = 'kconnect.task.count'

/** A required LIST that must name at least one item. */
function nonEmptyList (what: string) {
  return validators.lambda((_name, value) => Array.isArray(value) && value.length === 0 ? `must name at least one ${what}` : undefined, `non-empty list of ${what}s`)
}

const connectionSpec = {
  'mqtt.server.uri': {
    type: 'LIST', importance: 'HIGH', validator: nonEmptyList('server URI'),
    doc: 'List of MQTT brokers to connect to (tcp://host:1883, ssl://host:8883; mqtt://, mqtts://, ws:// and wss:// work too). With several, the client moves to the next one when a connection fails.'
  },
  'mqtt.username': {
    type: 'STRING', default: '', importance: 'HIGH', doc: 'Username to connect with, or blank to connect without a username.'
  },
  'mqtt.password': {
    type: 'PASSWORD', default: '', importance: 'HIGH', doc: 'Password to connect with, or blank to connect without a password.'
  },
  'mqtt.client.id': {
    type: 'STRING', default: '', importance: 'MEDIUM',
    doc: 'The MQTT client id. Blank: a generated one. Each task adds -<task index> when there are several tasks. Needed, and must stay the same, for a persistent session (mqtt.clean.session.enabled=false); when blank there, kconnect derives it from the connector name.'
  },
  'mqtt.clean.session.enabled': {
    type: 'BOOLEAN', default: true, importance: 'LOW',
    doc: 'Sets whether the client and server should remember state across restarts and reconnects (false: a persistent session, needed for at-least-once delivery).'
  },
  'mqtt.connect.timeout.seconds': {
    type: 'INT', default: 30, importance: 'LOW', validator: validators.atLeast(1), doc: 'Sets the connection timeout value.'
  },
  'mqtt.keepalive.interval.seconds': {
    type: 'INT', default: 60, importance: 'LOW', validator: validators.atLeast(1), doc: 'Sets the "keep alive" interval.'
  },
  'mqtt.qos': {
    type: 'INT', default: 0, importance: 'MEDIUM', validator: validators.between(0, 2),
    doc: 'The MQTT QoS level: 0 (at most once), 1 (at least once) or 2 (exactly once)'
  },
  'mqtt.ssl.trust.store.path': {
    type: 'STRING', default: '', importance: 'HIGH',
    doc: 'The file containing the certificates required to validate the SSL connection to the server (PEM).'
  },
  'mqtt.ssl.trust.store.password': {
    type: 'PASSWORD', default: '', importance: 'HIGH', doc: 'Password used to open the trust store (unused for PEM files).'
  },
  'mqtt.ssl.key.store.path': {
    type: 'STRING', default: '', importance: 'HIGH',
    doc: 'The file containing the private key and certificate to use for authenticating with the server (PEM, or PKCS#12 .p12/.pfx).'
  },
  'mqtt.ssl.key.store.password': {
    type: 'PASSWORD', default: '', importance: 'HIGH', doc: 'Password used to open the key store (PKCS#12).'
  },
  'mqtt.ssl.key.password': {
    type: 'PASSWORD', default: '', importance: 'HIGH', doc: 'Password of the private key in the key store.'
  }
} as const

export const mqttSourceConfigDef = defineConfig({
  ...connectionSpec,
  'mqtt.topics': {
    type: 'LIST', importance: 'HIGH', validator: nonEmptyList('topic'),
    doc: 'The MQTT topics (filters, wildcards and $share/… allowed) to subscribe to. With several tasks, the topics are spread over them.'
  },
  'kafka.topic': {
    type: 'STRING', importance: 'HIGH', validator: validators.nonEmptyString(), doc: 'The Kafka topic to write the data to.'
  },
  'records.buffer.max.capacity': {
    type: 'INT', default: 50000, importance: 'LOW', validator: validators.atLeast(1),
    doc: 'The maximum number of messages held between polls. When it is full, the task stops reading from the broker until the next poll made room (backpressure).'
  },
  'records.buffer.max.batch.size': {
    type: 'INT', default: 4096, importance: 'LOW', validator: validators.atLeast(1),
    doc: 'The maximum number of records returned by one poll.'
  },
  'records.buffer.empty.timeout': {
    type: 'LONG', default: 100, importance: 'LOW', validator: validators.atLeast(0),
    doc: 'How long (ms) a poll waits for a message when the buffer is empty.'
  },
  'records.buffer.full.timeout': {
    type: 'LONG', default: 60000, importance: 'LOW', validator: validators.atLeast(0),
    doc: 'How long (ms) a message may wait for room in a full buffer before the task logs that Kafka does not keep up (the message keeps waiting: none is dropped).'
  }
})

export const mqttSinkConfigDef = defineConfig({
  ...connectionSpec,
  'mqtt.retain': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'Whether the broker keeps the last message of each topic for new subscribers (a record with a null value then clears it).'
  },
  'mqtt.topics': {
    type: 'LIST', default: '', importance: 'MEDIUM', validator: validators.listSizeAtMost(1),
    doc: 'The MQTT topic to publish every record to. Blank: each record goes to the MQTT topic named as its Kafka topic.'
  }
})

type SinkConfig = ReturnType<typeof mqttSinkConfigDef.parse>
/** The connection keys, as both connectors parse them. */
type ConnectionConfig = Pick<SinkConfig, keyof typeof connectionSpec>

const SCHEMES: Readonly<Record<string, 'mqtt' | 'mqtts' | 'ws' | 'wss'>> = {
  tcp: 'mqtt', mqtt: 'mqtt', ssl: 'mqtts', tls: 'mqtts', mqtts: 'mqtts', ws: 'ws', wss: 'wss'
}
const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 }

export interface MqttServer { protocol: 'mqtt' | 'mqtts' | 'ws' | 'wss', host: string, port: number }

/** One `mqtt.server.uri` entry, or a message saying what is wrong with it. */
export function parseServerUri (uri: string): MqttServer | string {
  const text = uri.trim()
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `Invalid MQTT server URI '${text}': expected tcp://host:port or ssl://host:port`
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase()
  const protocol = SCHEMES[scheme]
  if (protocol === undefined) return `Unsupported MQTT server URI scheme '${scheme}' in '${text}': use tcp, ssl, mqtt, mqtts, ws or wss`
  if (url.hostname === '') return `Invalid MQTT server URI '${text}': no host`
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { protocol, host, port: url.port === '' ? DEFAULT_PORTS[protocol] : Number(url.port) }
}

/** Cross-key problems (key → message): server URIs, TLS files, persistent sessions without a client id. */
export function connectionProblems (props: Props, add: (key: string, message: string) => void): void {
  const uris = (props['mqtt.server.uri'] ?? '').split(',').map(s => s.trim()).filter(s => s !== '')
  for (const uri of uris) {
    const parsed = parseServerUri(uri)
    if (typeof parsed === 'string') add('mqtt.server.uri', parsed)
  }
  for (const key of ['mqtt.ssl.trust.store.path', 'mqtt.ssl.key.store.path']) {
    const path = (props[key] ?? '').trim()
    if (path !== '' && /\.(jks|keystore|truststore)$/i.test(path)) {
      add(key, `Java key stores (JKS) are not supported by kconnect: convert '${path}' to PEM (or PKCS#12 for a key store)`)
    }
  }
}

export function addProblems (values: ConfigValue[], collect: (add: (key: string, message: string) => void) => void): ConfigValue[] {
  const byName = new Map(values.map(v => [v.name, v]))
  collect((key, message) => {
    let v = byName.get(key)
    if (v === undefined) {
      v = new ConfigValue(key)
      values.push(v)
      byName.set(key, v)
    }
    v.addErrorMessage(message)
  })
  return values
}

/** Throws `error(message)` listing every cross-key problem. */
export function ensureNoProblems (props: Props, check: (props: Props, add: (key: string, message: string) => void) => void, error: (message: string) => Error): void {
  const messages: string[] = []
  check(props, (key, message) => messages.push(`Invalid value for configuration ${key}: ${message}`))
  if (messages.length > 0) throw error(messages.join('; '))
}

function readFile (path: string, key: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new ConnectError(`Cannot read ${key} '${path}': ${(err as Error).message}`, { cause: err })
  }
}

function isPem (data: Buffer): boolean {
  return data.subarray(0, 4096).toString('latin1').includes('-----BEGIN ')
}

/** The client id a task uses: configured or derived (persistent sessions need a stable one), plus the task index. */
export function clientIdFor (c: ConnectionConfig, props: Props, role: 'source' | 'sink'): string | undefined {
  const taskId = props[TASK_ID_CONFIG] ?? '0'
  const several = Number(props[TASK_COUNT_CONFIG] ?? '1') > 1
  let base = c['mqtt.client.id'].trim()
  if (base === '') {
    if (c['mqtt.clean.session.enabled']) return undefined
    const name = (props.name ?? '').trim()
    base = `kconnect-${role}-${name === '' ? 'connector' : name}`
  }
  return several ? `${base}-${taskId}` : base
}

/** MQTT.js options for a task (servers, credentials, session, timeouts, TLS). */
export function clientOptions (c: ConnectionConfig, clientId: string | undefined): IClientOptions {
  const servers = c['mqtt.server.uri'].map(u => {
    const parsed = parseServerUri(u)
    if (typeof parsed === 'string') throw new ConnectError(parsed)
    return parsed
  })
  const opts: IClientOptions = {
    servers,
    protocol: servers[0]!.protocol,
    protocolVersion: 4,
    clean: c['mqtt.clean.session.enabled'],
    keepalive: c['mqtt.keepalive.interval.seconds'],
    connectTimeout: c['mqtt.connect.timeout.seconds'] * 1000,
    reconnectPeriod: 1000,
    resubscribe: true
  }
  if (clientId !== undefined) opts.clientId = clientId
  if (c['mqtt.username'] !== '') opts.username = c['mqtt.username']
  if (c['mqtt.password'].value() !== '') opts.password = c['mqtt.password'].value()
  const trust = c['mqtt.ssl.trust.store.path'].trim()
  if (trust !== '') opts.ca = readFile(trust, 'mqtt.ssl.trust.store.path')
  const keyStore = c['mqtt.ssl.key.store.path'].trim()
  if (keyStore !== '') {
    const data = readFile(keyStore, 'mqtt.ssl.key.store.path')
    const keyPassword = c['mqtt.ssl.key.password'].value()
    if (isPem(data)) {
      opts.key = data
      opts.cert = data
      if (keyPassword !== '') (opts as Record<string, unknown>).passphrase = keyPassword
    } else {
      ;(opts as Record<string, unknown>).pfx = data
      const storePassword = c['mqtt.ssl.key.store.password'].value()
      const passphrase = storePassword !== '' ? storePassword : keyPassword
      if (passphrase !== '') (opts as Record<string, unknown>).passphrase = passphrase
    }
  }
  return opts
}
