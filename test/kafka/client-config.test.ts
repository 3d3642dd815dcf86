// Kafka client properties → @platformatic/kafka options, sasl.jaas.config parsing, PEM handling, and the client
// config derivation and override policy of ../shared/reference/kafka-connect-behavior.md §2.1, §3.1, §12.2.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { mkdtemp, writeFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '../../src/config/errors.ts'
import {
  deriveAdminProps, deriveDlqProducerProps, deriveInternalClientProps, deriveSinkConsumerProps, deriveSourceProducerProps,
  internalClientIdBase, normalizePem, parseClientJaasConfig, parseJaasConfig, parseOverridePolicy, retryPlan, toClientOptions,
  validateClientOverrides
} from '../../src/kafka/index.ts'

const BS = { 'bootstrap.servers': 'a:9092, b:9093' }

function problems (fn: () => unknown): Array<{ key: string | null, message: string }> {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`)
    return [...err.errors]
  }
  assert.fail('expected a ConfigError')
}

test('common keys: brokers, client id, timeouts, retries from the timeout budget', () => {
  const c = toClientOptions({ ...BS, 'client.id': 'me', 'request.timeout.ms': '1234', 'socket.connection.setup.timeout.ms': '777', 'metadata.max.age.ms': '9000' }, 'admin')
  assert.deepEqual(c.base.bootstrapBrokers, ['a:9092', 'b:9093'])
  assert.equal(c.base.clientId, 'me')
  assert.equal(c.base.requestTimeout, 1234)
  assert.equal(c.base.timeout, 1234)
  assert.equal(c.base.connectTimeout, 777)
  assert.equal(c.base.metadataMaxAge, 9000)
  assert.equal(c.securityProtocol, 'PLAINTEXT')
  assert.equal(c.base.tls, undefined)
  assert.equal(c.base.sasl, undefined)
  assert.deepEqual(c.ignored, [])
  // default.api.timeout.ms 60000 with 100 ms doubling to 1000 ms: 3 + 57 retries fill a minute.
  const delays = Array.from({ length: c.base.retries }, (_, i) => Math.min(1000, 100 * 2 ** i)).reduce((a, b) => a + b, 0)
  assert.ok(delays >= 60000 && delays - 1000 < 60000, `retries ${c.base.retries} cover ${delays} ms`)
  assert.equal(toClientOptions({ ...BS, 'retries': '3' }, 'admin').base.retries, 3)
  const generated = toClientOptions(BS, 'producer').base.clientId
  assert.match(generated, /^kconnect-producer-\d+$/)
})

test('retryPlan: exponential backoff with jitter, capped; constant without a larger max', () => {
  const plan = retryPlan(100, 1000, 5000, Infinity)
  for (let i = 0; i < 50; i++) {
    const d1 = plan.delay(null, 'x', 1)
    assert.ok(d1 >= 80 && d1 <= 120, `first delay ${d1}`)
    const d9 = plan.delay(null, 'x', 9)
    assert.ok(d9 >= 800 && d9 <= 1200, `capped delay ${d9}`)
  }
  assert.equal(retryPlan(200, 200, 1000, Infinity).delay(null, 'x', 7), 200)
  assert.equal(retryPlan(200, 200, 1000, Infinity).retries, 5)
  assert.equal(retryPlan(100, 1000, 2147483647, 0).retries, 0, 'retries=0 wins over the budget')
})

test('producer keys: acks, compression, idempotence, linger, batch and request sizes, in-flight', () => {
  const d = toClientOptions(BS, 'producer').producer!
  assert.deepEqual(d, { acks: -1, compression: 'none', idempotent: false, lingerMs: 0, batchSize: 16384, maxRequestSize: 1048576, maxInFlight: 5 })
  for (const [v, acks] of [['all', -1], ['-1', -1], ['0', 0], ['1', 1], ['ALL', -1]] as const) {
    assert.equal(toClientOptions({ ...BS, acks: v }, 'producer').producer!.acks, acks)
  }
  const p = toClientOptions({ ...BS, 'compression.type': 'zstd', 'linger.ms': '5', 'batch.size': '1000', 'max.request.size': '2000', 'max.in.flight.requests.per.connection': '1' }, 'producer')
  assert.deepEqual(p.producer, { acks: -1, compression: 'zstd', idempotent: false, lingerMs: 5, batchSize: 1000, maxRequestSize: 2000, maxInFlight: 1 })
  assert.equal(p.base.maxInflights, 1)
  const idem = toClientOptions({ ...BS, 'enable.idempotence': 'true' }, 'producer')
  assert.equal(idem.producer!.idempotent, true)
  assert.equal(idem.producer!.maxInFlight, 1)
  assert.deepEqual(problems(() => toClientOptions({ ...BS, 'enable.idempotence': 'true', acks: '1' }, 'producer')).map(p => p.key), ['acks'])
  // Connect's delivery.timeout.ms (Integer.MAX_VALUE) means retrying practically forever.
  assert.ok(toClientOptions({ ...BS, 'delivery.timeout.ms': '2147483647' }, 'producer').base.retries > 2_000_000)
})

test('consumer keys: group, timeouts, fetch sizes, reset, isolation, assignor', () => {
  const d = toClientOptions({ ...BS, 'group.id': 'g' }, 'consumer').consumer!
  assert.deepEqual(d, {
    groupId: 'g', groupInstanceId: null, sessionTimeoutMs: 45000, heartbeatIntervalMs: 3000, rebalanceTimeoutMs: 300000, maxPollRecords: 500,
    fetchMinBytes: 1, fetchMaxBytes: 52428800, maxPartitionFetchBytes: 1048576, fetchMaxWaitMs: 500, autoOffsetReset: 'earliest',
    isolationLevel: 0, allowAutoCreateTopics: true, assignor: 'range', metadataMaxAgeMs: 300000
  })
  const c = toClientOptions({
    ...BS, 'group.id': 'g', 'group.instance.id': 'i1', 'session.timeout.ms': '10000', 'heartbeat.interval.ms': '1000', 'max.poll.interval.ms': '20000',
    'max.poll.records': '7', 'fetch.min.bytes': '10', 'fetch.max.bytes': '1000', 'max.partition.fetch.bytes': '100', 'fetch.max.wait.ms': '50',
    'auto.offset.reset': 'latest', 'isolation.level': 'read_committed', 'enable.auto.commit': 'false',
    'partition.assignment.strategy': 'org.apache.kafka.clients.consumer.CooperativeStickyAssignor,org.apache.kafka.clients.consumer.RoundRobinAssignor'
  }, 'consumer')
  assert.deepEqual(c.consumer, {
    groupId: 'g', groupInstanceId: 'i1', sessionTimeoutMs: 10000, heartbeatIntervalMs: 1000, rebalanceTimeoutMs: 20000, maxPollRecords: 7,
    fetchMinBytes: 10, fetchMaxBytes: 1000, maxPartitionFetchBytes: 100, fetchMaxWaitMs: 50, autoOffsetReset: 'latest',
    isolationLevel: 1, allowAutoCreateTopics: true, assignor: 'roundrobin', metadataMaxAgeMs: 300000
  })
  assert.deepEqual(c.ignored, [])
  assert.equal(toClientOptions({ ...BS, 'rebalance.timeout.ms': '999', 'max.poll.interval.ms': '5' }, 'consumer').consumer!.rebalanceTimeoutMs, 999)
  assert.deepEqual(toClientOptions({ ...BS, 'enable.auto.commit': 'true' }, 'consumer').ignored, ['enable.auto.commit'], 'auto commit is never done')
})

test('keys of another client kind and unknown keys are listed as ignored, values never', () => {
  const c = toClientOptions({ ...BS, acks: 'all', 'group.id': 'g', 'key.converter': 'x', 'ssl.truststore.location': '/nope', 'sasl.jaas.config': 'secret' }, 'producer')
  assert.deepEqual(c.ignored, ['group.id', 'key.converter', 'sasl.jaas.config', 'ssl.truststore.location'])
  const a = toClientOptions({ ...BS, acks: 'all', 'group.id': 'g' }, 'admin')
  assert.deepEqual(a.ignored, ['acks', 'group.id'])
})

test('bad values: every bad key in one ConfigError with Kafka messages', () => {
  const ps = problems(() => toClientOptions({ 'request.timeout.ms': 'abc', acks: '2', 'compression.type': 'brotli', 'enable.idempotence': 'maybe', 'security.protocol': 'TLS' }, 'producer'))
  assert.deepEqual(ps.map(p => p.message), [
    'Missing required configuration "bootstrap.servers" which has no default value.',
    'Invalid value abc for configuration request.timeout.ms: Not a number of type INT',
    'Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1',
    'Invalid value maybe for configuration enable.idempotence: Expected value to be either true or false',
    'Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd',
    'Invalid value TLS for configuration security.protocol: String must be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL'
  ])
  assert.deepEqual(problems(() => toClientOptions({ ...BS, 'auto.offset.reset': 'smallest' }, 'consumer')).map(p => p.message),
    ['Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none'])
})

test('sasl.jaas.config: PLAIN and SCRAM modules, quotes, escapes, comments, flags', () => {
  const plain = parseClientJaasConfig('org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";')
  assert.deepEqual(plain, { loginModule: 'org.apache.kafka.common.security.plain.PlainLoginModule', controlFlag: 'required', options: { username: 'u', password: 'p' } })
  const scram = parseClientJaasConfig(`org.apache.kafka.common.security.scram.ScramLoginModule  REQUIRED
    // a comment
    username=alice /* another */ password="p\\"a;s=s\\\\w\\nord" tokenauth=false;`)
  assert.deepEqual(scram, { loginModule: 'org.apache.kafka.common.security.scram.ScramLoginModule', controlFlag: 'required', options: { username: 'alice', password: 'p"a;s=s\\w\nord', tokenauth: 'false' } })
  assert.equal(parseClientJaasConfig('M optional k="\\101\\x";').options.k, 'Ax', 'octal escapes, unknown escapes keep the character')
  assert.equal(parseJaasConfig('A required; B sufficient x=1;').length, 2)
  const errors: Array<[string, string]> = [
    ['', 'JAAS config property does not contain any login modules'],
    ['A required; B required;', 'JAAS config property contains 2 login modules, should be 1 module'],
    ['A', 'Login module control flag not specified in JAAS config'],
    ['A mandatory;', "Invalid login module control flag 'mandatory' in JAAS config"],
    ['A required username="u"', 'JAAS config entry not terminated by semi-colon'],
    ['A required username=;', "Value not specified for key 'username' in JAAS config"],
    ['A required username;', "Value not specified for key 'username' in JAAS config"]
  ]
  for (const [text, message] of errors) assert.throws(() => parseClientJaasConfig(text), { message }, text)
})

test('SASL: mechanism + jaas config → library credentials (as functions), never printed', () => {
  const props = { ...BS, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="bob" password="hunter2";' }
  const c = toClientOptions(props, 'consumer')
  assert.equal(c.base.sasl?.mechanism, 'SCRAM-SHA-512')
  assert.equal((c.base.sasl?.username as () => string)(), 'bob')
  assert.equal((c.base.sasl?.password as () => string)(), 'hunter2')
  assert.equal(c.base.tls, undefined)
  assert.deepEqual(c.ignored, [])
  for (const shown of [inspect(c, { depth: 10 }), JSON.stringify(c)]) {
    assert.ok(!shown.includes('hunter2') && !shown.includes('bob'), shown)
    assert.match(shown, /SCRAM-SHA-512/)
  }
  const plain = toClientOptions({ ...BS, 'security.protocol': 'sasl_ssl', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";' }, 'admin')
  assert.equal(plain.securityProtocol, 'SASL_SSL')
  assert.deepEqual(plain.base.tls, {})
  const bad = (extra: Record<string, string>): string[] => problems(() => toClientOptions({ ...BS, 'security.protocol': 'SASL_PLAINTEXT', ...extra }, 'admin')).map(p => p.message)
  assert.deepEqual(bad({}), ['SASL mechanism GSSAPI is not supported: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512'])
  assert.deepEqual(bad({ 'sasl.mechanism': 'PLAIN' }), ['sasl.jaas.config is required for SASL mechanism PLAIN'])
  assert.deepEqual(bad({ 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";' }),
    ['sasl.jaas.config login module org.apache.kafka.common.security.scram.ScramLoginModule does not match sasl.mechanism PLAIN: expected org.apache.kafka.common.security.plain.PlainLoginModule'])
  const unparsable = bad({ 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="s3cr3t"' })
  assert.deepEqual(unparsable, ['Invalid sasl.jaas.config: JAAS config entry not terminated by semi-colon'])
  assert.deepEqual(bad({ 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="s3cr3t";' }),
    ['sasl.jaas.config must set username and password for PLAIN'])
})

const CERT = `-----BEGIN CERTIFICATE-----
${'MIIB'.repeat(40)}
${'QUJD'.repeat(10)}
-----END CERTIFICATE-----
`

test('SSL: inline PEM trust store and key store, files, hostname check, protocols', async t => {
  const oneLine = CERT.replace(/\n/g, ' ')
  assert.equal(normalizePem(oneLine), normalizePem(CERT), 'line breaks lost in a properties file are restored')
  assert.match(normalizePem(oneLine), /^-----BEGIN CERTIFICATE-----\n(.{64}\n)+.{1,64}\n-----END CERTIFICATE-----\n$/)
  const inline = toClientOptions({
    ...BS, 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': oneLine,
    'ssl.keystore.type': 'PEM', 'ssl.keystore.key': '-----BEGIN ENCRYPTED PRIVATE KEY----- QUJD -----END ENCRYPTED PRIVATE KEY-----',
    'ssl.keystore.certificate.chain': CERT, 'ssl.key.password': 'kp', 'ssl.endpoint.identification.algorithm': '', 'ssl.enabled.protocols': 'TLSv1.3,TLSv1.2'
  }, 'producer')
  const tls = inline.base.tls!
  assert.equal(tls.ca, normalizePem(CERT))
  assert.equal(tls.cert, normalizePem(CERT))
  assert.equal(tls.key, '-----BEGIN ENCRYPTED PRIVATE KEY-----\nQUJD\n-----END ENCRYPTED PRIVATE KEY-----\n')
  assert.equal(tls.passphrase, 'kp')
  assert.equal(typeof tls.checkServerIdentity, 'function')
  assert.equal(tls.checkServerIdentity!('x', {} as never), undefined, 'empty algorithm: no hostname check')
  assert.deepEqual([tls.minVersion, tls.maxVersion], ['TLSv1.2', 'TLSv1.3'])
  assert.deepEqual(inline.ignored, [])
  const shown = inspect(inline, { depth: 10 })
  assert.ok(!shown.includes('QUJD') && !shown.includes("'kp'"), shown)

  const dir = await mkdtemp(join(tmpdir(), 'kconnect-ssl-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'ca.pem'), CERT)
  await writeFile(join(dir, 'store.p12'), Buffer.from([0x30, 0x82, 0x01]))
  const files = toClientOptions({ ...BS, 'security.protocol': 'SSL', 'ssl.truststore.location': join(dir, 'ca.pem'), 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': join(dir, 'store.p12'), 'ssl.keystore.password': 'sp' }, 'consumer')
  assert.equal(files.base.tls!.ca, normalizePem(CERT), 'a PEM file is taken as PEM even with the default type')
  assert.deepEqual(files.base.tls!.pfx, Buffer.from([0x30, 0x82, 0x01]))
  assert.equal(files.base.tls!.passphrase, 'sp')
  assert.equal(files.base.tls!.checkServerIdentity, undefined, 'https (default): Node checks the hostname')

  const bad = (extra: Record<string, string>): string[] => problems(() => toClientOptions({ ...BS, 'security.protocol': 'SSL', ...extra }, 'admin')).map(p => p.message)
  assert.match(bad({ 'ssl.truststore.location': join(dir, 'missing.jks') })[0]!, /Failed to load SSL store from .*missing\.jks \(ssl\.truststore\.location\): ENOENT/)
  assert.deepEqual(bad({ 'ssl.truststore.location': join(dir, 'store.p12') }), ['Invalid value JKS for configuration ssl.truststore.type: only PEM trust stores are supported (ssl.truststore.type=PEM)'])
  assert.deepEqual(bad({ 'ssl.endpoint.identification.algorithm': 'ldap' }), ['Invalid value ldap for configuration ssl.endpoint.identification.algorithm: use https or an empty value'])
  assert.deepEqual(bad({ 'ssl.keystore.key': CERT }), ['ssl.keystore.certificate.chain is required with ssl.keystore.key'])
  // Plain text connections ignore the ssl.* keys, as Kafka's clients do.
  assert.deepEqual(toClientOptions({ ...BS, 'ssl.truststore.location': '/nope' }, 'admin').ignored, ['ssl.truststore.location'])
})

test('override policy: All allows, None refuses every key, Principal allows only the principal keys', () => {
  const conn = { 'producer.override.acks': '1', 'consumer.override.sasl.jaas.config': 'x', 'admin.override.security.protocol': 'SSL', 'producer.override.sasl.mechanism': 'PLAIN', other: 'y' }
  assert.deepEqual(validateClientOverrides(conn, 'All'), [])
  assert.deepEqual(validateClientOverrides(conn, 'None'), [
    { key: 'producer.override.acks', message: "The 'None' policy does not allow 'acks' to be overridden in the connector configuration." },
    { key: 'producer.override.sasl.mechanism', message: "The 'None' policy does not allow 'sasl.mechanism' to be overridden in the connector configuration." },
    { key: 'consumer.override.sasl.jaas.config', message: "The 'None' policy does not allow 'sasl.jaas.config' to be overridden in the connector configuration." },
    { key: 'admin.override.security.protocol', message: "The 'None' policy does not allow 'security.protocol' to be overridden in the connector configuration." }
  ])
  assert.deepEqual(validateClientOverrides(conn, 'Principal'), [
    { key: 'producer.override.acks', message: "The 'Principal' policy does not allow 'acks' to be overridden in the connector configuration." }
  ])
  assert.equal(parseOverridePolicy(undefined), 'All')
  assert.equal(parseOverridePolicy('None'), 'None')
  assert.equal(parseOverridePolicy('org.apache.kafka.connect.connector.policy.PrincipalConnectorClientConfigOverridePolicy'), 'Principal')
  assert.throws(() => parseOverridePolicy('Some'), ConfigError)
})

test('source producer: Connect defaults, then worker producer.*, then connector producer.override.*', () => {
  const workerProps = { 'bootstrap.servers': 'w:9092, w2:9092', 'producer.acks': '1', 'producer.linger.ms': '7', 'consumer.x': 'no', 'acks': 'ignored-unprefixed' }
  const connectorProps = { 'producer.override.linger.ms': '9', 'producer.override.compression.type': 'lz4', 'consumer.override.x': 'no' }
  assert.deepEqual(deriveSourceProducerProps({ workerProps, connectorProps, connector: 'c', task: 2 }), {
    'bootstrap.servers': 'w:9092,w2:9092',
    'max.block.ms': '9223372036854775807',
    'enable.idempotence': 'false',
    acks: '1',
    'max.in.flight.requests.per.connection': '1',
    'delivery.timeout.ms': '2147483647',
    'client.id': 'connector-producer-c-2',
    'linger.ms': '9',
    'compression.type': 'lz4'
  })
  assert.equal(deriveDlqProducerProps({ workerProps, connectorProps, connector: 'c', task: 0 })['client.id'], 'connector-dlq-producer-c-0')
  const none = { ...workerProps, 'connector.client.config.override.policy': 'None' }
  assert.throws(() => deriveSourceProducerProps({ workerProps: none, connectorProps, connector: 'c', task: 0 }), (err: unknown) => {
    assert.ok(err instanceof ConfigError)
    assert.deepEqual(err.errors.map(e => e.key), ['producer.override.linger.ms', 'producer.override.compression.type'])
    assert.equal(err.errors[0]!.message, "The 'None' policy does not allow 'linger.ms' to be overridden in the connector configuration.")
    return true
  })
  // consumer.override.* is not checked for a producer.
  assert.doesNotThrow(() => deriveSourceProducerProps({ workerProps: none, connectorProps: { 'consumer.override.x': '1' }, connector: 'c', task: 0 }))
  const principal = { ...workerProps, 'connector.client.config.override.policy': 'Principal' }
  const p = deriveSourceProducerProps({ workerProps: principal, connectorProps: { 'producer.override.security.protocol': 'SASL_SSL' }, connector: 'c', task: 0 })
  assert.equal(p['security.protocol'], 'SASL_SSL')
  const mapped = toClientOptions({ ...p, 'security.protocol': 'PLAINTEXT' }, 'producer')
  assert.deepEqual(mapped.ignored, ['max.block.ms'])
  assert.deepEqual(mapped.producer, { acks: 1, compression: 'none', idempotent: false, lingerMs: 7, batchSize: 16384, maxRequestSize: 1048576, maxInFlight: 1 })
})

test('sink consumer: group connect-<c>, earliest, no auto commit, then consumer.*, then consumer.override.*', () => {
  const props = deriveSinkConsumerProps({
    workerProps: { 'bootstrap.servers': 'w:1', 'consumer.max.poll.records': '10', 'consumer.auto.offset.reset': 'latest' },
    connectorProps: { 'consumer.override.max.poll.records': '20', 'producer.override.acks': '0' },
    connector: 'sink',
    task: 3
  })
  assert.deepEqual(props, {
    'group.id': 'connect-sink',
    'client.id': 'connector-consumer-sink-3',
    'bootstrap.servers': 'w:1',
    'enable.auto.commit': 'false',
    'auto.offset.reset': 'latest',
    'max.poll.records': '20'
  })
  assert.deepEqual(toClientOptions(props, 'consumer').ignored, [])
})

test('admin: un-prefixed worker keys but admin./producer./consumer./config.providers, then admin.*, then admin.override.*', () => {
  const props = deriveAdminProps({
    workerProps: { 'bootstrap.servers': 'w:1', 'request.timeout.ms': '100', 'admin.request.timeout.ms': '200', 'producer.acks': '1', 'config.providers': 'file', 'config.providers.file.class': 'X', 'key.converter': 'K' },
    connectorProps: { 'admin.override.retries': '2' },
    connector: 'c',
    task: 1
  })
  assert.deepEqual(props, { 'bootstrap.servers': 'w:1', 'client.id': 'connector-adminclient-c-1', 'request.timeout.ms': '200', 'key.converter': 'K', retries: '2' })
})

test('internal topic clients: all worker keys but config.providers, <base><role> client ids', () => {
  const worker = { 'bootstrap.servers': 'w:1', 'group.id': 'cluster', 'client.id': 'w1', 'config.providers': 'env', 'session.timeout.ms': '1000' }
  assert.equal(internalClientIdBase(worker), 'cluster-w1-')
  assert.equal(internalClientIdBase({}), 'connect-')
  assert.deepEqual(deriveInternalClientProps(worker, 'configs', 'producer'), { 'bootstrap.servers': 'w:1', 'group.id': 'cluster', 'client.id': 'cluster-w1-configs', 'session.timeout.ms': '1000', 'enable.idempotence': 'false' })
  assert.equal(deriveInternalClientProps(worker, 'statuses', 'producer').retries, '0')
  const consumer = deriveInternalClientProps(worker, 'offsets', 'consumer')
  assert.equal(consumer['group.id'], undefined, 'internal consumers read by assignment')
  assert.equal(consumer['client.id'], 'cluster-w1-offsets')
  assert.equal(deriveInternalClientProps(worker, 'shared-admin', 'admin')['client.id'], 'cluster-w1-shared-admin')
})
