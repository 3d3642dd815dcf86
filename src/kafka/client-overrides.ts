// Which properties each Connect client gets (Kafka's Worker.baseProducerConfigs / baseConsumerConfigs /
// adminConfigs and the internal-topic stores; ../shared/reference/kafka-connect-behavior.md §2.1), and the
// `connector.client.config.override.policy` check of `producer.override.*`, `consumer.override.*` and
// `admin.override.*` (§3.1, §12.2). Every result is a plain Kafka property map for toClientOptions().
import { ConfigError, type ConfigProblem } from '../config/errors.ts'
import {
  CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX, CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX, CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX
} from '../config/connector-config.ts'

export type OverridePolicy = 'All' | 'None' | 'Principal'
export type Props = Readonly<Record<string, string>>

const POLICY_KEY = 'connector.client.config.override.policy'
const PRINCIPAL_KEYS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol'])
const POLICY_CLASSES: Record<string, OverridePolicy> = {
  all: 'All', none: 'None', principal: 'Principal'
}

/** `All`, `None`, `Principal`, or the Java class names (`...AllConnectorClientConfigOverridePolicy`). */
export function parseOverridePolicy (value: string | undefined): OverridePolicy {
  const v = (value ?? 'All').trim()
  const simple = v.slice(v.lastIndexOf('.') + 1).replace(/ConnectorClientConfigOverridePolicy$/, '').toLowerCase()
  const policy = POLICY_CLASSES[simple]
  if (policy === undefined) {
    throw new ConfigError([{ key: POLICY_KEY, message: `Invalid value ${v} for configuration ${POLICY_KEY}: use All, None or Principal` }])
  }
  return policy
}

/** The keys under `prefix`, with the prefix stripped (Kafka's AbstractConfig.originalsWithPrefix). */
export function withPrefix (props: Props, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix) && k.length > prefix.length) out[k.slice(prefix.length)] = v
  return out
}

/**
 * Override-policy problems of the connector's client overrides under the given prefixes, keyed by the full
 * connector key (as the validate endpoint reports them): `The '<policy>' policy does not allow '<key>' to be
 * overridden in the connector configuration.`
 */
export function validateClientOverrides (connectorProps: Props, policy: OverridePolicy,
  prefixes: readonly string[] = [CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX, CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX, CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX]): ConfigProblem[] {
  if (policy === 'All') return []
  const problems: ConfigProblem[] = []
  for (const prefix of prefixes) {
    for (const key of Object.keys(withPrefix(connectorProps, prefix))) {
      if (policy === 'Principal' && PRINCIPAL_KEYS.has(key)) continue
      problems.push({ key: prefix + key, message: `The '${policy}' policy does not allow '${key}' to be overridden in the connector configuration.` })
    }
  }
  return problems
}

function overrides (workerProps: Props, connectorProps: Props, prefix: string): Record<string, string> {
  const problems = validateClientOverrides(connectorProps, parseOverridePolicy(workerProps[POLICY_KEY]), [prefix])
  if (problems.length > 0) throw new ConfigError(problems)
  return withPrefix(connectorProps, prefix)
}

const bootstrap = (workerProps: Props): string =>
  (workerProps['bootstrap.servers'] ?? 'localhost:9092').split(',').map(s => s.trim()).filter(s => s !== '').join(',')

export interface TaskClientInput {
  workerProps: Props
  connectorProps: Props
  connector: string
  task: number
}

/** Source task producer: Connect's defaults, then worker `producer.*`, then connector `producer.override.*`. */
export function deriveSourceProducerProps ({ workerProps, connectorProps, connector, task }: TaskClientInput): Record<string, string> {
  return producerProps(workerProps, connectorProps, `connector-producer-${connector}-${task}`)
}

/** Dead letter queue producer of a sink task: the same rules, client id `connector-dlq-producer-{c}-{t}`. */
export function deriveDlqProducerProps ({ workerProps, connectorProps, connector, task }: TaskClientInput): Record<string, string> {
  return producerProps(workerProps, connectorProps, `connector-dlq-producer-${connector}-${task}`)
}

function producerProps (workerProps: Props, connectorProps: Props, clientId: string): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap(workerProps),
    'max.block.ms': '9223372036854775807',
    'enable.idempotence': 'false',
    acks: 'all',
    'max.in.flight.requests.per.connection': '1',
    'delivery.timeout.ms': '2147483647',
    'client.id': clientId,
    ...withPrefix(workerProps, 'producer.'),
    ...overrides(workerProps, connectorProps, CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX)
  }
}

/** Sink task consumer: group `connect-{c}`, no auto commit, earliest; then worker `consumer.*`, then `consumer.override.*`. */
export function deriveSinkConsumerProps ({ workerProps, connectorProps, connector, task }: TaskClientInput): Record<string, string> {
  return {
    'group.id': `connect-${connector}`,
    'client.id': `connector-consumer-${connector}-${task}`,
    'bootstrap.servers': bootstrap(workerProps),
    'enable.auto.commit': 'false',
    'auto.offset.reset': 'earliest',
    ...withPrefix(workerProps, 'consumer.'),
    ...overrides(workerProps, connectorProps, CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX)
  }
}

/**
 * Connector admin client (topic creation, DLQ topic): the worker's un-prefixed keys (except `admin.*`,
 * `producer.*`, `consumer.*` and `config.providers*`), then worker `admin.*`, then `admin.override.*`.
 */
export function deriveAdminProps ({ workerProps, connectorProps, connector, task }: TaskClientInput): Record<string, string> {
  const unprefixed: Record<string, string> = {}
  for (const [k, v] of Object.entries(workerProps)) {
    if (!k.startsWith('admin.') && !k.startsWith('producer.') && !k.startsWith('consumer.') && !k.startsWith('config.providers')) unprefixed[k] = v
  }
  return {
    'bootstrap.servers': bootstrap(workerProps),
    'client.id': `connector-adminclient-${connector}-${task}`,
    ...unprefixed,
    ...withPrefix(workerProps, 'admin.'),
    ...overrides(workerProps, connectorProps, CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX)
  }
}

export type InternalRole = 'configs' | 'offsets' | 'statuses' | 'shared-admin'

/** `<group.id or "connect">[-<client.id>]-`: the client id prefix of the internal-topic clients. */
export function internalClientIdBase (workerProps: Props): string {
  const group = workerProps['group.id']?.trim() || 'connect'
  const clientId = workerProps['client.id']?.trim()
  return `${group}${clientId ? `-${clientId}` : ''}-`
}

/**
 * Clients of the internal topics (config, offset and status stores, the shared admin): all worker keys but
 * `config.providers*`, client id `<base><role>`. Producers of the config and offset topics are not idempotent; the
 * status producer does not retry. Consumers read by assignment, so the Connect group id is dropped.
 */
export function deriveInternalClientProps (workerProps: Props, role: InternalRole, kind: 'producer' | 'consumer' | 'admin'): Record<string, string> {
  const props: Record<string, string> = {}
  for (const [k, v] of Object.entries(workerProps)) if (!k.startsWith('config.providers')) props[k] = v
  props['bootstrap.servers'] = bootstrap(workerProps)
  props['client.id'] = internalClientIdBase(workerProps) + role
  if (kind === 'producer') {
    if (role === 'configs' || role === 'offsets') props['enable.idempotence'] = 'false'
    if (role === 'statuses') props.retries = '0'
  }
  if (kind === 'consumer') {
    delete props['group.id']
    props['enable.auto.commit'] = 'false'
  }
  return props
}
