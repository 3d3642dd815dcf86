// Kafka Java client properties → @platformatic/kafka options. One function, toClientOptions(props, kind), reads
// the keys a producer, consumer or admin client understands (Kafka's names, types and defaults, with the few
// deviations noted below) and lists every key it did not use, so the caller can log them at debug. Secrets
// (sasl.jaas.config, ssl.*password, PEM keys) never appear in errors; SASL credentials are handed to the library
// as functions and the result prints redacted (util.inspect, JSON).
import { inspect } from 'node:util'
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import type { SASLOptions } from '@platformatic/kafka'
import { ConfigError, ConfigException, type ConfigProblem } from '../config/errors.ts'
import { JaasConfigError, parseClientJaasConfig } from './jaas-config.ts'
import { SSL_KEYS, toTlsOptions } from './ssl-config.ts'
import type { OffsetResetPolicy } from './types.ts'

export type ClientKind = 'producer' | 'consumer' | 'admin'
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'
export type Assignor = 'range' | 'roundrobin'
export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'

/** What every @platformatic/kafka client takes (its BaseOptions); spread it into the client's constructor. */
export interface BaseClientOptions {
  clientId: string
  bootstrapBrokers: string[]
  /** Timeout sent to brokers in requests that carry one (produce acks, CreateTopics). */
  timeout: number
  /** How long to wait for any response (`request.timeout.ms`). */
  requestTimeout: number
  connectTimeout: number
  retries: number
  retryDelay: (client: unknown, operationId: string, attempt: number) => number
  maxInflights: number
  metadataMaxAge?: number
  tls?: TlsOptions
  sasl?: SASLOptions
}

export interface ProducerSettings {
  /** -1 = all. */
  acks: -1 | 0 | 1
  compression: Compression
  idempotent: boolean
  lingerMs: number
  batchSize: number
  maxRequestSize: number
  /** Produce requests in flight per broker connection; further send() calls are merged into the next request. */
  maxInFlight: number
}

export interface ConsumerSettings {
  groupId: string | null
  groupInstanceId: string | null
  sessionTimeoutMs: number
  heartbeatIntervalMs: number
  rebalanceTimeoutMs: number
  maxPollRecords: number
  fetchMinBytes: number
  fetchMaxBytes: number
  maxPartitionFetchBytes: number
  fetchMaxWaitMs: number
  autoOffsetReset: OffsetResetPolicy
  /** 0 read_uncommitted, 1 read_committed. */
  isolationLevel: 0 | 1
  allowAutoCreateTopics: boolean
  assignor: Assignor
  /** How often a pattern subscription looks for new topics (`metadata.max.age.ms`). */
  metadataMaxAgeMs: number
}

export interface ClientConfig {
  kind: ClientKind
  securityProtocol: SecurityProtocol
  base: BaseClientOptions
  producer?: ProducerSettings
  consumer?: ConsumerSettings
  /** Keys present in the input that this client does not use, sorted. */
  ignored: string[]
}

let clientCounter = 0

/** Reads typed values, gathering every problem so one error names all bad keys. */
class Reader {
  readonly problems: ConfigProblem[] = []
  readonly used = new Set<string>()
  readonly props: Readonly<Record<string, string>>

  constructor (props: Readonly<Record<string, string>>) {
    this.props = props
  }

  raw (key: string): string | undefined {
    this.used.add(key)
    const v = this.props[key]
    return v === undefined || v === null ? undefined : String(v)
  }

  string (key: string): string | undefined {
    const v = this.raw(key)?.trim()
    return v === undefined || v === '' ? undefined : v
  }

  int (key: string, def: number, min = 0, type = 'INT'): number {
    const v = this.string(key)
    if (v === undefined) return def
    const n = Number(v)
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(n) || (type === 'INT' && (n > 2147483647 || n < -2147483648))) {
      this.problems.push({ key, message: `Invalid value ${v} for configuration ${key}: Not a number of type ${type}` })
      return def
    }
    if (n < min) {
      this.problems.push({ key, message: `Invalid value ${v} for configuration ${key}: Value must be at least ${min}` })
      return def
    }
    return n
  }

  long (key: string, def: number, min = 0): number {
    return this.int(key, def, min, 'LONG')
  }

  bool (key: string, def: boolean): boolean {
    const v = this.string(key)
    if (v === undefined) return def
    if (v.toLowerCase() === 'true') return true
    if (v.toLowerCase() === 'false') return false
    this.problems.push({ key, message: `Invalid value ${v} for configuration ${key}: Expected value to be either true or false` })
    return def
  }

  oneOf<T> (key: string, def: T, allowed: readonly string[], map: (v: string) => T = v => v as T, ignoreCase = false): T {
    const v = this.string(key)
    if (v === undefined) return def
    const found = allowed.find(a => ignoreCase ? a.toLowerCase() === v.toLowerCase() : a === v)
    if (found === undefined) {
      this.problems.push({ key, message: `Invalid value ${v} for configuration ${key}: String must be one of: ${allowed.join(', ')}` })
      return def
    }
    return map(found)
  }

  fail (key: string, message: string): void {
    this.problems.push({ key, message })
  }
}

/**
 * Exponential backoff from `retry.backoff.ms` up to `retry.backoff.max.ms` with ±20% jitter (Kafka's KIP-580), and
 * how many retries fit in `budgetMs` (`delivery.timeout.ms` for producers, `default.api.timeout.ms` otherwise):
 * Kafka's clients retry until that deadline rather than a fixed number of times.
 */
export function retryPlan (backoffMs: number, backoffMaxMs: number, budgetMs: number, maxRetries: number): { retries: number, delay: (client: unknown, operationId: string, attempt: number) => number } {
  const max = Math.max(backoffMs, backoffMaxMs)
  const base = (attempt: number): number => Math.min(max, backoffMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)))
  let retries = 0
  let spent = 0
  while (spent < budgetMs && retries < maxRetries) {
    retries++
    spent += Math.max(1, base(retries))
    if (retries >= 10_000_000) break
  }
  const delay = (_client: unknown, _operationId: string, attempt: number): number => {
    const d = base(attempt)
    return max > backoffMs ? Math.round(d * (0.8 + Math.random() * 0.4)) : d
  }
  return { retries, delay }
}

function parseSasl (r: Reader): SASLOptions | undefined {
  const mechanism = (r.string('sasl.mechanism') ?? 'GSSAPI').toUpperCase()
  if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
    r.fail('sasl.mechanism', `SASL mechanism ${mechanism} is not supported: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`)
    return undefined
  }
  const jaas = r.raw('sasl.jaas.config')
  if (jaas === undefined || jaas.trim() === '') {
    r.fail('sasl.jaas.config', `sasl.jaas.config is required for SASL mechanism ${mechanism}`)
    return undefined
  }
  let module
  try {
    module = parseClientJaasConfig(jaas)
  } catch (err) {
    r.fail('sasl.jaas.config', `Invalid sasl.jaas.config: ${err instanceof JaasConfigError ? err.message : 'unparsable'}`)
    return undefined
  }
  const expected = mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule'
  if (module.loginModule !== expected) {
    r.fail('sasl.jaas.config', `sasl.jaas.config login module ${module.loginModule} does not match sasl.mechanism ${mechanism}: expected ${expected}`)
    return undefined
  }
  const { username, password } = module.options
  if (username === undefined || password === undefined) {
    r.fail('sasl.jaas.config', `sasl.jaas.config must set username and password for ${mechanism}`)
    return undefined
  }
  // Functions rather than strings: the library accepts credential providers, and a function prints as nothing.
  return { mechanism, username: () => username, password: () => password }
}

function parseAssignor (r: Reader): Assignor {
  const v = r.string('partition.assignment.strategy')
  if (v === undefined) return 'range'
  for (const name of v.split(',').map(s => s.trim())) {
    const simple = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
    if (simple === 'rangeassignor' || simple === 'range') return 'range'
    if (simple === 'roundrobinassignor' || simple === 'roundrobin') return 'roundrobin'
  }
  // Sticky and cooperative assignors need incremental revocation, which the adapter does not do: eager range.
  return 'range'
}

function producerSettings (r: Reader): ProducerSettings {
  const acks = r.oneOf<-1 | 0 | 1>('acks', -1, ['all', '-1', '0', '1'], v => v === 'all' ? -1 : Number(v) as -1 | 0 | 1, true)
  const idempotent = r.bool('enable.idempotence', false)
  if (idempotent && acks !== -1) r.fail('acks', 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.')
  return {
    acks,
    compression: r.oneOf<Compression>('compression.type', 'none', ['none', 'gzip', 'snappy', 'lz4', 'zstd'], v => v as Compression, true),
    idempotent,
    lingerMs: r.long('linger.ms', 0),
    batchSize: r.int('batch.size', 16384),
    maxRequestSize: r.int('max.request.size', 1048576, 1),
    maxInFlight: idempotent ? 1 : r.int('max.in.flight.requests.per.connection', 5, 1)
  }
}

function consumerSettings (r: Reader): ConsumerSettings {
  const maxPollInterval = r.int('max.poll.interval.ms', 300000, 1)
  const enableAutoCommit = r.string('enable.auto.commit')
  // Offsets are committed by the caller only; an explicit `true` is reported as ignored.
  if (enableAutoCommit === undefined || enableAutoCommit.toLowerCase() === 'false') r.used.add('enable.auto.commit')
  else r.used.delete('enable.auto.commit')
  return {
    groupId: r.string('group.id') ?? null,
    groupInstanceId: r.string('group.instance.id') ?? null,
    sessionTimeoutMs: r.int('session.timeout.ms', 45000, 1),
    heartbeatIntervalMs: r.int('heartbeat.interval.ms', 3000, 1),
    rebalanceTimeoutMs: r.int('rebalance.timeout.ms', maxPollInterval, 1),
    maxPollRecords: r.int('max.poll.records', 500, 1),
    fetchMinBytes: r.int('fetch.min.bytes', 1),
    fetchMaxBytes: r.int('fetch.max.bytes', 52428800),
    maxPartitionFetchBytes: r.int('max.partition.fetch.bytes', 1048576),
    fetchMaxWaitMs: r.int('fetch.max.wait.ms', 500),
    autoOffsetReset: r.oneOf<OffsetResetPolicy>('auto.offset.reset', 'earliest', ['latest', 'earliest', 'none'], v => v as OffsetResetPolicy, true),
    isolationLevel: r.oneOf<0 | 1>('isolation.level', 0, ['read_committed', 'read_uncommitted'], v => v === 'read_committed' ? 1 : 0, true),
    allowAutoCreateTopics: r.bool('allow.auto.create.topics', true),
    assignor: parseAssignor(r),
    metadataMaxAgeMs: r.long('metadata.max.age.ms', 300000)
  }
}

/**
 * Maps Kafka client properties onto @platformatic/kafka options for one kind of client. Deviations from the Java
 * client: `auto.offset.reset` defaults to earliest and `enable.idempotence` to false (what Connect sets for its
 * clients), offsets are never auto-committed, and sticky/cooperative assignors fall back to eager range.
 * Throws ConfigError naming every bad key.
 */
export function toClientOptions (props: Readonly<Record<string, string>>, kind: ClientKind): ClientConfig {
  const r = new Reader(props)
  const servers = (r.string('bootstrap.servers') ?? '').split(/\s*,\s*/).map(s => s.trim()).filter(s => s !== '')
  if (servers.length === 0) r.fail('bootstrap.servers', 'Missing required configuration "bootstrap.servers" which has no default value.')
  const clientId = r.string('client.id') ?? `kconnect-${kind}-${++clientCounter}`
  if (/\s/.test(clientId)) r.fail('client.id', `Invalid value ${clientId} for configuration client.id: must not contain whitespace`)
  const requestTimeout = r.int('request.timeout.ms', 30000, 1)

  const producer = kind === 'producer' ? producerSettings(r) : undefined
  const consumer = kind === 'consumer' ? consumerSettings(r) : undefined
  const budget = kind === 'producer' ? r.int('delivery.timeout.ms', 120000, 1) : r.int('default.api.timeout.ms', 60000, 1)
  const explicitRetries = kind === 'consumer' ? undefined : r.int('retries', 2147483647)
  const plan = retryPlan(r.long('retry.backoff.ms', 100), r.long('retry.backoff.max.ms', 1000), budget, explicitRetries ?? 2147483647)

  const securityProtocol = r.oneOf<SecurityProtocol>('security.protocol', 'PLAINTEXT', ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'], v => v as SecurityProtocol, true)
  let tls: TlsOptions | undefined
  let sasl: SASLOptions | undefined
  if (securityProtocol === 'SSL' || securityProtocol === 'SASL_SSL') {
    for (const k of SSL_KEYS) r.used.add(k)
    try {
      tls = toTlsOptions(props)
    } catch (err) {
      if (!(err instanceof ConfigException)) throw err
      r.fail(err.key ?? 'ssl', err.message)
    }
  }
  if (securityProtocol === 'SASL_PLAINTEXT' || securityProtocol === 'SASL_SSL') sasl = parseSasl(r)

  const metadataMaxAge = props['metadata.max.age.ms'] === undefined ? undefined : r.long('metadata.max.age.ms', 300000)
  const base: BaseClientOptions = {
    clientId,
    bootstrapBrokers: servers,
    timeout: requestTimeout,
    requestTimeout,
    connectTimeout: r.long('socket.connection.setup.timeout.ms', 10000, 1),
    retries: plan.retries,
    retryDelay: plan.delay,
    maxInflights: producer?.maxInFlight ?? 5,
    ...(metadataMaxAge === undefined ? {} : { metadataMaxAge }),
    ...(tls === undefined ? {} : { tls }),
    ...(sasl === undefined ? {} : { sasl })
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems)

  const ignored = Object.keys(props).filter(k => !r.used.has(k)).sort()
  const config: ClientConfig = { kind, securityProtocol, base, ...(producer === undefined ? {} : { producer }), ...(consumer === undefined ? {} : { consumer }), ignored }
  const redacted = (): object => describeClientConfig(config)
  Object.defineProperty(config, inspect.custom, { value: redacted, enumerable: false })
  Object.defineProperty(config, 'toJSON', { value: redacted, enumerable: false })
  return config
}

/** A loggable view: no credentials, no key material. */
export function describeClientConfig (config: ClientConfig): Record<string, unknown> {
  const { tls, sasl, retryDelay: _delay, ...rest } = config.base
  return {
    kind: config.kind,
    securityProtocol: config.securityProtocol,
    base: {
      ...rest,
      ...(tls === undefined ? {} : { tls: { ca: tls.ca === undefined ? undefined : '[set]', cert: tls.cert === undefined ? undefined : '[set]', key: tls.key === undefined ? undefined : '[hidden]', pfx: tls.pfx === undefined ? undefined : '[hidden]', passphrase: tls.passphrase === undefined ? undefined : '[hidden]', hostnameCheck: tls.checkServerIdentity === undefined } }),
      ...(sasl === undefined ? {} : { sasl: { mechanism: sasl.mechanism, username: '[hidden]', password: '[hidden]' } })
    },
    producer: config.producer,
    consumer: config.consumer,
    ignored: config.ignored
  }
}
