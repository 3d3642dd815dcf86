// The framework keys every connector config has (Kafka's ConnectorConfig, SourceConnectorConfig,
// SinkConnectorConfig): same names, types, defaults, groups, order, widths, display names and documentation, since
// all of them appear in the validate response. Also the sink cross-field rules and the implicit per-transformation
// keys. Dynamic `transforms.<alias>.*` / `predicates.<alias>.*` / `topic.creation.<group>.*` keys depend on plugins
// and are added by the runtime (ConfigDef.embed).
import { defineConfig, getProp } from './config-def.ts'
import { ConfigValue } from './config-value.ts'
import { isBlank, javaFullMatchRegex, javaString, javaTrim } from './java-text.ts'
import { parseList } from './parse-type.ts'
import type { ConfigProps } from './types.ts'
import { atLeast, nonEmptyString, nonEmptyStringWithoutControlChars, oneOf, oneOfIgnoreCase, optional, uniqueAliases, validRegex } from './validators.ts'

export const COMMON_GROUP = 'Common'
export const TRANSFORMS_GROUP = 'Transforms'
export const PREDICATES_GROUP = 'Predicates'
export const ERROR_GROUP = 'Error Handling'
export const TOPIC_CREATION_GROUP = 'Topic Creation'
export const EXACTLY_ONCE_SUPPORT_GROUP = 'Exactly Once Support'
export const OFFSETS_TOPIC_GROUP = 'offsets.topic'

export const CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX = 'producer.override.'
export const CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX = 'consumer.override.'
export const CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX = 'admin.override.'

const CONVERTER_DOC = (what: string): string => 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.' +
  ` This controls the format of the ${what} in messages written to or read from Kafka, and since this is` +
  ' independent of connectors it allows any connector to work with any serialization format.' +
  ' Examples of common formats include JSON and Avro.'

export const KEY_CONVERTER_DOC = CONVERTER_DOC('keys')
export const VALUE_CONVERTER_DOC = CONVERTER_DOC('values')
export const HEADER_CONVERTER_DOC = 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.' +
  ' This controls the format of the header values in messages written to or read from Kafka, and since this is' +
  ' independent of connectors it allows any connector to work with any serialization format.' +
  ' Examples of common formats include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize' +
  ' header values to strings and deserialize them by inferring the schemas.'

/** ConnectorConfig.configDef(): the keys common to source and sink connectors. */
export const connectorConfigDef = defineConfig({
  name: {
    type: 'STRING', importance: 'HIGH', validator: nonEmptyStringWithoutControlChars(),
    doc: 'Globally unique name to use for this connector.',
    group: COMMON_GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Connector name'
  },
  'connector.class': {
    type: 'STRING', importance: 'HIGH',
    doc: 'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. ' +
      'If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name, ' +
      ' or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter',
    group: COMMON_GROUP, orderInGroup: 2, width: 'LONG', displayName: 'Connector class'
  },
  'tasks.max': {
    type: 'INT', default: 1, validator: atLeast(1), importance: 'HIGH',
    doc: 'Maximum number of tasks to use for this connector.',
    group: COMMON_GROUP, orderInGroup: 3, width: 'SHORT', displayName: 'Tasks max'
  },
  'tasks.max.enforce': {
    type: 'BOOLEAN', default: true, importance: 'LOW',
    doc: '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. ' +
      'By default, connectors that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. ' +
      'If this property is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of ' +
      'tasks that exceed the tasks.max property will be allowed to run. ' +
      'This property is deprecated and will be removed in an upcoming major release.',
    group: COMMON_GROUP, orderInGroup: 4, width: 'SHORT', displayName: 'Enforce tasks max'
  },
  'key.converter': {
    type: 'CLASS', default: null, importance: 'LOW', doc: KEY_CONVERTER_DOC,
    group: COMMON_GROUP, orderInGroup: 5, width: 'SHORT', displayName: 'Key converter class'
  },
  'value.converter': {
    type: 'CLASS', default: null, importance: 'LOW', doc: VALUE_CONVERTER_DOC,
    group: COMMON_GROUP, orderInGroup: 6, width: 'SHORT', displayName: 'Value converter class'
  },
  'header.converter': {
    type: 'CLASS', default: null, importance: 'LOW', doc: HEADER_CONVERTER_DOC,
    group: COMMON_GROUP, orderInGroup: 7, width: 'SHORT', displayName: 'Header converter class'
  },
  transforms: {
    type: 'LIST', default: [], validator: uniqueAliases('transformation'), importance: 'LOW',
    doc: 'Aliases for the transformations to be applied to records.',
    group: TRANSFORMS_GROUP, orderInGroup: 8, width: 'LONG', displayName: 'Transforms'
  },
  predicates: {
    type: 'LIST', default: [], validator: uniqueAliases('predicate'), importance: 'LOW',
    doc: 'Aliases for the predicates used by transformations.',
    group: PREDICATES_GROUP, orderInGroup: 9, width: 'LONG', displayName: 'Predicates'
  },
  'config.action.reload': {
    type: 'STRING', default: 'restart', validator: oneOf('none', 'restart'), importance: 'LOW',
    doc: 'The action that Connect should take on the connector when changes in external ' +
      "configuration providers result in a change in the connector's configuration properties. " +
      "A value of 'none' indicates that Connect will do nothing. " +
      "A value of 'restart' indicates that Connect should restart/reload the connector with the " +
      'updated configuration properties.' +
      'The restart may actually be scheduled in the future if the external configuration provider ' +
      'indicates that a configuration value will expire in the future.',
    group: COMMON_GROUP, orderInGroup: 10, width: 'MEDIUM', displayName: 'Reload Action'
  },
  'errors.retry.timeout': {
    type: 'LONG', default: 0, importance: 'MEDIUM',
    doc: 'The maximum duration in milliseconds that a failed operation ' +
      'will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
    group: ERROR_GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Retry Timeout for Errors'
  },
  'errors.retry.delay.max.ms': {
    type: 'LONG', default: 60000, importance: 'MEDIUM',
    doc: 'The maximum duration in milliseconds between consecutive retry attempts. ' +
      'Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.',
    group: ERROR_GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors'
  },
  'errors.tolerance': {
    type: 'STRING', default: 'none', validator: oneOf('none', 'all'), importance: 'MEDIUM',
    doc: "Behavior for tolerating errors during connector operation. 'none' is the default value " +
      "and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
    group: ERROR_GROUP, orderInGroup: 3, width: 'SHORT', displayName: 'Error Tolerance'
  },
  'errors.log.enable': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'If true, write each error and the details of the failed operation and problematic record ' +
      "to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.",
    group: ERROR_GROUP, orderInGroup: 4, width: 'SHORT', displayName: 'Log Errors'
  },
  'errors.log.include.messages': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'Whether to include in the log the Connect record that resulted in a failure. ' +
      'For sink records, the topic, partition, offset, and timestamp will be logged. ' +
      'For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, ' +
      'and source offset will be logged. ' +
      "This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.",
    group: ERROR_GROUP, orderInGroup: 5, width: 'SHORT', displayName: 'Log Error Details'
  }
})

/** SinkConnectorConfig.configDef(): common keys then topics, topics.regex and the dead letter queue keys. */
export const sinkConnectorConfigDef = connectorConfigDef.extend({
  topics: {
    type: 'LIST', default: '', importance: 'HIGH', doc: 'List of topics to consume, separated by commas',
    group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics'
  },
  'topics.regex': {
    type: 'STRING', default: '', validator: validRegex(), importance: 'HIGH',
    doc: 'Regular expression giving topics to consume. ' +
      'Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. ' +
      'Only one of topics or topics.regex should be specified.',
    group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex'
  },
  'errors.deadletterqueue.topic.name': {
    type: 'STRING', default: '', importance: 'MEDIUM',
    doc: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that ' +
      'result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, ' +
      'which means that no messages are to be recorded in the DLQ.',
    group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name'
  },
  'errors.deadletterqueue.topic.replication.factor': {
    type: 'SHORT', default: 3, importance: 'MEDIUM',
    doc: "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
    group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor'
  },
  'errors.deadletterqueue.context.headers.enable': {
    type: 'BOOLEAN', default: false, importance: 'MEDIUM',
    doc: 'If true, add headers containing error context to the messages ' +
      'written to the dead letter queue. To avoid clashing with headers from the original record, all error context header ' +
      'keys, all error context header keys will start with <code>__connect.errors.</code>',
    group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers'
  }
})

/** SourceConnectorConfig.configDef(): common keys then topic creation groups, exactly-once and offsets topic keys. */
export const sourceConnectorConfigDef = connectorConfigDef.extend({
  'topic.creation.groups': {
    type: 'LIST', default: [], validator: uniqueAliases('topic creation group'), importance: 'LOW',
    doc: 'Groups of configurations for topics created by source connectors',
    group: TOPIC_CREATION_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Topic Creation Groups'
  },
  'exactly.once.support': {
    type: 'STRING', default: 'requested', validator: oneOfIgnoreCase('requested', 'required'), importance: 'MEDIUM',
    doc: 'Permitted values are requested, required. ' +
      'If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics ' +
      'with the given configuration. Some connectors may be capable of providing exactly-once semantics but not signal to ' +
      'Connect that they support this; in that case, documentation for the connector should be consulted carefully before ' +
      'creating it, and the value for this property should be set to "requested". ' +
      'Additionally, if the value is set to "required" but the worker that performs preflight validation does not have ' +
      'exactly-once support enabled for source connectors, requests to create or validate the connector will fail.',
    group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: 2, width: 'SHORT', displayName: 'Exactly once support'
  },
  'transaction.boundary': {
    type: 'STRING', default: 'poll', validator: oneOfIgnoreCase('poll', 'interval', 'connector'), importance: 'MEDIUM',
    doc: 'Permitted values are: poll, interval, connector. ' +
      "If set to 'poll', a new producer transaction will be started and committed for every batch of records that each task from " +
      "this connector provides to Connect. If set to 'connector', relies on connector-defined transaction boundaries; note that " +
      'not all connectors are capable of defining their own transaction boundaries, and in that case, attempts to instantiate a connector with ' +
      "this value will fail. Finally, if set to 'interval', commits transactions only after a user-defined time interval has passed.",
    group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: 3, width: 'SHORT', displayName: 'Transaction Boundary'
  },
  'transaction.boundary.interval.ms': {
    type: 'LONG', default: null, validator: optional(atLeast(0)), importance: 'LOW',
    doc: "If 'transaction.boundary' is set to 'interval', determines the interval for producer transaction commits by connector tasks. " +
      "If unset, defaults to the value of the worker-level 'offset.flush.interval.ms' property. It has no effect if a different " +
      'transaction.boundary is specified.',
    group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: 4, width: 'SHORT', displayName: 'Transaction boundary interval'
  },
  'offsets.storage.topic': {
    type: 'STRING', default: null, validator: nonEmptyString(), importance: 'LOW',
    doc: 'The name of a separate offsets topic to use for this connector. ' +
      'If empty or not specified, the worker’s global offsets topic name will be used. ' +
      'If specified, the offsets topic will be created if it does not already exist on the Kafka cluster targeted by this connector ' +
      "(which may be different from the one used for the worker's global offsets topic if the bootstrap.servers property of the connector's producer " +
      "has been overridden from the worker's). Only applicable in distributed mode; in standalone mode, setting this property will have no effect.",
    group: OFFSETS_TOPIC_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Offsets topic'
  }
})

/** Implicit keys of every transformation alias, embedded under `transforms.<alias>.` by the runtime. */
export const transformationImplicitConfigDef = defineConfig({
  predicate: { type: 'STRING', default: null, importance: 'MEDIUM', doc: 'The alias of a predicate used to determine whether to apply this transformation.' },
  negate: { type: 'BOOLEAN', default: false, importance: 'MEDIUM', doc: 'Whether the configured predicate should be negated.' }
})

function str (props: ConfigProps, key: string): string | null {
  const { present, value } = getProp(props, key)
  return present && value !== null ? String(value) : null
}

/** SinkConnectorConfig.parseTopicsList: the `topics` list without empty entries and duplicates. */
export function parseTopicsList (props: ConfigProps): string[] {
  const raw = str(props, 'topics')
  return raw === null ? [] : [...new Set(parseList(raw).filter(t => t.length > 0))]
}

function addError (values: Map<string, ConfigValue>, name: string, value: string | null, message: string): void {
  let cv = values.get(name)
  if (cv === undefined) values.set(name, cv = new ConfigValue(name, value))
  cv.addErrorMessage(message)
}

/** SinkConnectorConfig.validate: topics / topics.regex exclusivity and DLQ-topic rules, added to `values`. */
export function validateSinkConnectorConfig (props: ConfigProps, values: Map<string, ConfigValue>): void {
  const topics = str(props, 'topics')
  const topicsRegex = str(props, 'topics.regex')
  const dlqTopic = javaTrim(str(props, 'errors.deadletterqueue.topic.name') ?? '')
  const hasTopics = !isBlank(topics)
  const hasRegex = !isBlank(topicsRegex)
  if (hasTopics && hasRegex) {
    const msg = 'topics and topics.regex are mutually exclusive options, but both are set.'
    addError(values, 'topics', topics, msg)
    addError(values, 'topics.regex', topicsRegex, msg)
  }
  if (!hasTopics && !hasRegex) {
    const msg = 'Must configure one of topics or topics.regex'
    addError(values, 'topics', topics, msg)
    addError(values, 'topics.regex', topicsRegex, msg)
  }
  if (dlqTopic.length === 0) return
  if (hasTopics) {
    const list = parseTopicsList(props)
    if (list.includes(dlqTopic)) {
      addError(values, 'topics', topics, `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('topics=${javaString(list)}') consumed by the connector`)
    }
  }
  if (hasRegex) {
    let matches = false
    try {
      matches = javaFullMatchRegex(topicsRegex!).test(dlqTopic)
    } catch { /* an invalid regex is already reported by the topics.regex validator */ }
    if (matches) {
      addError(values, 'topics.regex', topicsRegex, `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('topics.regex=${topicsRegex}') consumed by the connector`)
    }
  }
}

/** `negate` without `predicate` for a transformation alias (ConnectorConfig.enrich); null when fine. */
export function negateWithoutPredicateError (props: ConfigProps, alias: string): string | null {
  const prefix = `transforms.${alias}.`
  if (getProp(props, `${prefix}negate`).present && !getProp(props, `${prefix}predicate`).present) {
    return `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`
  }
  return null
}
