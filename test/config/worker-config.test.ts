// Worker config definitions: defaults of WorkerConfig / DistributedConfig / StandaloneConfig (spec §2.1-2.3,
// Appendix A: offset.flush.interval.ms is 60000 in both modes), required keys, and the shipped example files.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { distributedConfigDef, parseDistributedConfig, parseProperties, parseStandaloneConfig, standaloneConfigDef, workerConfigDef } from '../../src/config/index.ts'

const distributedExample = `bootstrap.servers=localhost:9092
group.id=connect-cluster
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.topic=connect-offsets
offset.storage.replication.factor=1
#offset.storage.partitions=25
config.storage.topic=connect-configs
config.storage.replication.factor=1
status.storage.topic=connect-status
status.storage.replication.factor=1
#status.storage.partitions=5
offset.flush.interval.ms=10000
#listeners=HTTP://:8083
#rest.advertised.host.name=
#plugin.path=
`

test('distributed example file parses with Kafka defaults for everything else', () => {
  const c = parseDistributedConfig(parseProperties(distributedExample))
  assert.deepEqual(c['bootstrap.servers'], ['localhost:9092'])
  assert.equal(c['group.id'], 'connect-cluster')
  assert.equal(c['offset.storage.replication.factor'], 1)
  assert.equal(c['offset.storage.partitions'], 25)
  assert.equal(c['status.storage.partitions'], 5)
  assert.equal(c['offset.flush.interval.ms'], 10000)
  assert.equal(c['session.timeout.ms'], 10000)
  assert.equal(c['rebalance.timeout.ms'], 60000)
  assert.equal(c['heartbeat.interval.ms'], 3000)
  assert.equal(c['connect.protocol'], 'sessioned')
  assert.equal(c['scheduled.rebalance.max.delay.ms'], 300000)
  assert.equal(c['exactly.once.source.support'], 'disabled')
  assert.deepEqual(c.listeners, ['http://:8083'])
  assert.equal(c['header.converter'], 'org.apache.kafka.connect.storage.SimpleHeaderConverter')
  assert.deepEqual(c['config.providers'], [])
  assert.equal(c['plugin.path'], null)
  assert.equal(c['connector.client.config.override.policy'], 'All')
  assert.deepEqual(c['inter.worker.verification.algorithms'], ['HmacSHA256'])
  assert.equal(c['inter.worker.key.size'], null)
})

test('standalone: offset file required, flush interval defaults to 60000', () => {
  const c = parseStandaloneConfig({ 'key.converter': 'JsonConverter', 'value.converter': 'JsonConverter', 'offset.storage.file.filename': '/tmp/connect.offsets' })
  assert.equal(c['offset.flush.interval.ms'], 60000)
  assert.equal(c['offset.flush.timeout.ms'], 5000)
  assert.equal(c['task.shutdown.graceful.timeout.ms'], 5000)
  assert.throws(() => parseStandaloneConfig({ 'key.converter': 'J', 'value.converter': 'J' }),
    { message: 'Missing required configuration "offset.storage.file.filename" which has no default value.' })
})

test('distributed required keys are all reported', () => {
  const r = distributedConfigDef.safeParse({})
  assert.equal(r.ok, false)
  assert.deepEqual(!r.ok && r.error.errors.map(e => e.key), ['key.converter', 'value.converter', 'group.id', 'offset.storage.topic', 'config.storage.topic', 'status.storage.topic'])
})

test('worker validators', () => {
  const base = { 'key.converter': 'J', 'value.converter': 'J', 'offset.storage.file.filename': 'f' }
  assert.throws(() => standaloneConfigDef.parse({ ...base, listeners: '' }),
    { message: 'Invalid value for listeners, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.' })
  assert.throws(() => standaloneConfigDef.parse({ ...base, 'plugin.discovery': 'nope' }),
    { message: 'Invalid value nope for configuration plugin.discovery: String must be one of (case insensitive): ONLY_SCAN, SERVICE_LOAD, HYBRID_WARN, HYBRID_FAIL' })
  assert.equal(standaloneConfigDef.parse({ ...base, 'plugin.discovery': 'Only_Scan' })['plugin.discovery'], 'Only_Scan')
  const d = { ...base, 'group.id': 'g', 'offset.storage.topic': 'o', 'config.storage.topic': 'c', 'status.storage.topic': 's' }
  assert.throws(() => distributedConfigDef.parse({ ...d, 'connect.protocol': 'fancy' }), { message: 'Invalid value fancy for configuration connect.protocol: Invalid Connect protocol compatibility' })
  assert.equal(distributedConfigDef.parse({ ...d, 'connect.protocol': 'EAGER' })['connect.protocol'], 'EAGER')
  assert.throws(() => distributedConfigDef.parse({ ...d, 'offset.storage.partitions': '0' }),
    { message: "Invalid value 0 for configuration offset.storage.partitions: Number of partitions must be positive, or -1 to use the broker's default" })
  assert.equal(distributedConfigDef.parse({ ...d, 'offset.storage.replication.factor': '-1' })['offset.storage.replication.factor'], -1)
  assert.ok(workerConfigDef.names().includes('admin.listeners'))
})
