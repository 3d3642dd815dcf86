// Worker configuration keys (Kafka's WorkerConfig + RestServerConfig public keys, DistributedConfig,
// StandaloneConfig): names, types, defaults and validators as Kafka defines them; the documentation text is ours and
// shorter. Keys not defined here (ssl.*, sasl.*, producer.*, consumer.*, admin.*, *.converter.*, config.providers.*)
// are passed through by the runtime from the raw map. The SSL client key set is not defined yet.
import { defineConfig, type ConfigDef } from './config-def.ts'
import { ConfigException } from './errors.ts'
import type { ConfigProps, ConfigSpec, ParseOptions, ParsedConfig } from './types.ts'
import {
  atLeast, between, lambda, listenersList, oneOf, oneOfIgnoreCase, partitionsValidator, replicationFactorValidator
} from './validators.ts'

/** WorkerConfig.baseConfigDef(): keys common to standalone and distributed workers, in Kafka's order. */
export const workerConfigDef = defineConfig({
  'bootstrap.servers': {
    type: 'LIST', default: 'localhost:9092', importance: 'HIGH',
    doc: 'host:port pairs used for the first connection to the Kafka cluster; also the default for all clients the worker creates.'
  },
  'client.dns.lookup': {
    type: 'STRING', default: 'use_all_dns_ips', validator: oneOf('use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'),
    importance: 'MEDIUM', doc: 'How clients use the DNS lookups of bootstrap and broker host names.'
  },
  'key.converter': { type: 'CLASS', importance: 'HIGH', doc: 'Default converter for record keys of connectors that do not set their own.' },
  'value.converter': { type: 'CLASS', importance: 'HIGH', doc: 'Default converter for record values of connectors that do not set their own.' },
  'task.shutdown.graceful.timeout.ms': {
    type: 'LONG', default: 5000, importance: 'LOW',
    doc: 'Total time to wait for tasks to stop gracefully; all tasks are asked to stop, then awaited in turn.'
  },
  'offset.flush.interval.ms': { type: 'LONG', default: 60000, importance: 'LOW', doc: 'Interval at which to try committing offsets for tasks.' },
  'offset.flush.timeout.ms': {
    type: 'LONG', default: 5000, importance: 'LOW',
    doc: 'Longest wait for records to flush and offsets to be committed before the attempt is cancelled and retried later.'
  },
  'plugin.path': {
    type: 'LIST', default: null, importance: 'LOW',
    doc: 'Directories searched for plugins. Never resolved through config providers.'
  },
  'plugin.discovery': {
    type: 'STRING', default: 'hybrid_warn', validator: oneOfIgnoreCase('only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load'),
    importance: 'LOW', doc: 'How plugins are discovered: only_scan, hybrid_warn, hybrid_fail or service_load.'
  },
  'metrics.sample.window.ms': { type: 'LONG', default: 30000, validator: atLeast(0), importance: 'LOW', doc: 'Window over which a metric sample is computed.' },
  'metrics.num.samples': { type: 'INT', default: 2, validator: atLeast(1), importance: 'LOW', doc: 'Number of samples kept to compute metrics.' },
  'metrics.recording.level': { type: 'STRING', default: 'INFO', validator: oneOf('INFO', 'DEBUG'), importance: 'LOW', doc: 'Highest recording level of metrics.' },
  'metric.reporters': {
    type: 'LIST', default: 'org.apache.kafka.common.metrics.JmxReporter', importance: 'LOW', doc: 'Classes notified of new metrics.'
  },
  'header.converter': {
    type: 'CLASS', default: 'org.apache.kafka.connect.storage.SimpleHeaderConverter', importance: 'LOW',
    doc: 'Default converter for header values of connectors that do not set their own.'
  },
  'config.providers': {
    type: 'LIST', default: [], importance: 'LOW',
    doc: 'Names of the config providers, each configured by config.providers.<name>.class and config.providers.<name>.param.*; ' +
      'they resolve ${provider:path:key} references in connector (and worker) configs.'
  },
  'connector.client.config.override.policy': {
    type: 'STRING', default: 'All', importance: 'MEDIUM',
    doc: 'Which client settings connectors may override with producer.override.*, consumer.override.* and admin.override.*: All, None or Principal.'
  },
  'topic.creation.enable': {
    type: 'BOOLEAN', default: true, importance: 'LOW',
    doc: 'Whether source connectors with topic.creation.* settings may create their topics.'
  },
  'topic.tracking.enable': { type: 'BOOLEAN', default: true, importance: 'LOW', doc: 'Track the set of active topics of each connector.' },
  'topic.tracking.allow.reset': { type: 'BOOLEAN', default: true, importance: 'LOW', doc: 'Allow requests that reset the active topics of a connector.' },
  listeners: {
    type: 'LIST', default: ['http://:8083'], validator: listenersList('listeners', false), importance: 'LOW',
    doc: 'URLs the REST API listens on, e.g. http://myhost:8083,https://myhost:8084; an empty host binds all interfaces.'
  },
  'rest.advertised.host.name': { type: 'STRING', default: null, importance: 'LOW', doc: 'Host name given to other workers, if different from the listener.' },
  'rest.advertised.port': { type: 'INT', default: null, importance: 'LOW', doc: 'Port given to other workers, if different from the listener.' },
  'rest.advertised.listener': { type: 'STRING', default: null, importance: 'LOW', doc: 'Listener scheme (http or https) given to other workers.' },
  'access.control.allow.origin': { type: 'STRING', default: '', importance: 'LOW', doc: 'Value of the CORS Access-Control-Allow-Origin header; empty disables CORS.' },
  'access.control.allow.methods': { type: 'STRING', default: '', importance: 'LOW', doc: 'Methods allowed by CORS; default GET, POST, HEAD.' },
  'response.http.headers.config': { type: 'STRING', default: '', importance: 'LOW', doc: 'Rules for HTTP headers added to REST responses.' },
  'ssl.client.auth': {
    type: 'STRING', default: 'none', validator: oneOf('required', 'requested', 'none'), importance: 'LOW',
    doc: 'Whether the HTTPS REST listener requests or requires client certificates.'
  },
  'rest.extension.classes': { type: 'LIST', default: '', importance: 'LOW', doc: 'REST extensions to load, in order.' },
  'admin.listeners': {
    type: 'LIST', default: null, validator: listenersList('admin.listeners', true), importance: 'LOW',
    doc: 'Separate listeners for the /admin endpoints; unset serves them on the main listeners, empty disables them.'
  }
})

const CONNECT_PROTOCOLS = ['eager', 'compatible', 'sessioned']

/** DistributedConfig: the worker keys plus group membership and internal topic keys. */
export const distributedConfigDef = workerConfigDef.extend({
  'group.id': { type: 'STRING', importance: 'HIGH', doc: 'Connect cluster this worker belongs to (its group).' },
  'session.timeout.ms': { type: 'INT', default: 10000, importance: 'HIGH', doc: 'Time without heartbeats after which the worker leaves the group.' },
  'rebalance.timeout.ms': { type: 'INT', default: 60000, importance: 'HIGH', doc: 'Longest time for a rebalance to complete.' },
  'heartbeat.interval.ms': { type: 'INT', default: 3000, importance: 'HIGH', doc: 'Interval between heartbeats to the group coordinator.' },
  'exactly.once.source.support': {
    type: 'STRING', default: 'disabled', validator: oneOf('disabled', 'preparing', 'enabled'), importance: 'HIGH',
    doc: 'Exactly-once support for source connectors: disabled, preparing (rolling upgrade) or enabled.'
  },
  'metadata.max.age.ms': { type: 'LONG', default: 300000, validator: atLeast(0), importance: 'LOW', doc: 'Longest time before cluster metadata is refreshed.' },
  'client.id': { type: 'STRING', default: '', importance: 'LOW', doc: 'Client id of the worker’s internal clients.' },
  'send.buffer.bytes': { type: 'INT', default: 131072, validator: atLeast(-1), importance: 'MEDIUM', doc: 'TCP send buffer; -1 uses the OS default.' },
  'receive.buffer.bytes': { type: 'INT', default: 32768, validator: atLeast(-1), importance: 'MEDIUM', doc: 'TCP receive buffer; -1 uses the OS default.' },
  'reconnect.backoff.ms': { type: 'LONG', default: 50, validator: atLeast(0), importance: 'LOW', doc: 'Wait before reconnecting to a broker.' },
  'reconnect.backoff.max.ms': { type: 'LONG', default: 1000, validator: atLeast(0), importance: 'LOW', doc: 'Upper bound of the reconnect backoff.' },
  'socket.connection.setup.timeout.ms': { type: 'LONG', default: 10000, validator: atLeast(0), importance: 'LOW', doc: 'Time allowed to establish a connection.' },
  'socket.connection.setup.timeout.max.ms': { type: 'LONG', default: 30000, validator: atLeast(0), importance: 'LOW', doc: 'Upper bound of the connection setup timeout.' },
  'retry.backoff.ms': { type: 'LONG', default: 100, validator: atLeast(0), importance: 'LOW', doc: 'Wait before retrying a failed request.' },
  'retry.backoff.max.ms': { type: 'LONG', default: 1000, validator: atLeast(0), importance: 'LOW', doc: 'Upper bound of the retry backoff.' },
  'request.timeout.ms': { type: 'INT', default: 40000, validator: atLeast(0), importance: 'MEDIUM', doc: 'Longest wait for a response to a request.' },
  'connections.max.idle.ms': { type: 'LONG', default: 540000, importance: 'MEDIUM', doc: 'Idle connections are closed after this time.' },
  'security.protocol': {
    type: 'STRING', default: 'PLAINTEXT', validator: oneOf('PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'), importance: 'MEDIUM',
    doc: 'Protocol used to talk to brokers.'
  },
  'worker.sync.timeout.ms': { type: 'INT', default: 3000, importance: 'MEDIUM', doc: 'Time allowed to catch up with the config topic before leaving the group.' },
  'worker.unsync.backoff.ms': { type: 'INT', default: 300000, importance: 'MEDIUM', doc: 'Wait before rejoining after failing to catch up.' },
  'offset.storage.topic': { type: 'STRING', importance: 'HIGH', doc: 'Topic storing source connector offsets.' },
  'offset.storage.partitions': { type: 'INT', default: 25, validator: partitionsValidator(), importance: 'LOW', doc: 'Partitions of the offsets topic when Connect creates it.' },
  'offset.storage.replication.factor': { type: 'SHORT', default: 3, validator: replicationFactorValidator(), importance: 'LOW', doc: 'Replication factor of the offsets topic when Connect creates it.' },
  'config.storage.topic': { type: 'STRING', importance: 'HIGH', doc: 'Topic storing connector and task configurations (always one partition).' },
  'config.storage.replication.factor': { type: 'SHORT', default: 3, validator: replicationFactorValidator(), importance: 'LOW', doc: 'Replication factor of the config topic when Connect creates it.' },
  'status.storage.topic': { type: 'STRING', importance: 'HIGH', doc: 'Topic storing connector and task statuses.' },
  'status.storage.partitions': { type: 'INT', default: 5, validator: partitionsValidator(), importance: 'LOW', doc: 'Partitions of the status topic when Connect creates it.' },
  'status.storage.replication.factor': { type: 'SHORT', default: 3, validator: replicationFactorValidator(), importance: 'LOW', doc: 'Replication factor of the status topic when Connect creates it.' },
  'connect.protocol': {
    type: 'STRING', default: 'sessioned', importance: 'LOW',
    validator: lambda((name, value) => {
      if (typeof value !== 'string' || !CONNECT_PROTOCOLS.includes(value.toLowerCase())) {
        throw ConfigException.invalid(name, value, 'Invalid Connect protocol compatibility')
      }
    }, `[${CONNECT_PROTOCOLS.join(', ')}]`),
    doc: 'Group protocol: eager, compatible or sessioned (incremental cooperative rebalancing with signed requests).'
  },
  'scheduled.rebalance.max.delay.ms': {
    type: 'INT', default: 300000, validator: between(0, 2147483647), importance: 'LOW',
    doc: 'How long the leader waits for a departed worker to return before reassigning its work.'
  },
  'inter.worker.key.ttl.ms': { type: 'INT', default: 3600000, validator: between(0, 2147483647), importance: 'LOW', doc: 'Lifetime of the session key that signs inter-worker requests.' },
  'inter.worker.key.generation.algorithm': { type: 'STRING', default: 'HmacSHA256', importance: 'LOW', doc: 'Algorithm generating session keys.' },
  'inter.worker.key.size': { type: 'INT', default: null, importance: 'LOW', doc: 'Session key size in bits; unset uses the algorithm default.' },
  'inter.worker.signature.algorithm': { type: 'STRING', default: 'HmacSHA256', importance: 'LOW', doc: 'Algorithm signing inter-worker requests.' },
  'inter.worker.verification.algorithms': {
    type: 'LIST', default: 'HmacSHA256', importance: 'LOW',
    validator: lambda((name, value) => {
      if (Array.isArray(value) && value.length === 0) throw ConfigException.invalid(name, value, 'At least one signature verification algorithm must be provided')
    }, 'A list of one or more MAC algorithms'),
    doc: 'Algorithms accepted when verifying inter-worker request signatures; must include the signature algorithm.'
  },
  'metadata.recovery.strategy': {
    type: 'STRING', default: 'none', validator: oneOfIgnoreCase('none', 'rebootstrap'), importance: 'LOW',
    doc: 'What clients do when all known brokers are unavailable.'
  }
})

/** StandaloneConfig: the worker keys plus the offsets file. */
export const standaloneConfigDef = workerConfigDef.extend({
  'offset.storage.file.filename': { type: 'STRING', importance: 'HIGH', doc: 'File storing source connector offsets.' }
})

type ParsedOf<D> = D extends ConfigDef<infer S extends ConfigSpec> ? ParsedConfig<S> : never
export type WorkerConfig = ParsedOf<typeof workerConfigDef>
export type DistributedWorkerConfig = ParsedOf<typeof distributedConfigDef>
export type StandaloneWorkerConfig = ParsedOf<typeof standaloneConfigDef>

export function parseDistributedConfig (props: ConfigProps, opts?: ParseOptions): DistributedWorkerConfig {
  return distributedConfigDef.parse(props, opts)
}

export function parseStandaloneConfig (props: ConfigProps, opts?: ParseOptions): StandaloneWorkerConfig {
  return standaloneConfigDef.parse(props, opts)
}
