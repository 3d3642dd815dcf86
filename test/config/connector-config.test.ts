// The framework connector keys: key sets as the system test connect_rest_test asserts them for the file connectors
// (framework part), order, groups, defaults and display data from ConnectorConfig / Source- / SinkConnectorConfig,
// and the sink cross-field rules (SinkConnectorConfig.validate) with their exact messages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  connectorConfigDef, negateWithoutPredicateError, parseTopicsList, sinkConnectorConfigDef, sourceConnectorConfigDef, toConfigInfos,
  transformationImplicitConfigDef, validateSinkConnectorConfig
} from '../../src/config/index.ts'

const sourceKeysOfSystemTest = ['name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'header.converter', 'batch.size',
  'topic', 'file', 'transforms', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance',
  'errors.log.enable', 'errors.log.include.messages', 'predicates', 'topic.creation.groups', 'exactly.once.support', 'transaction.boundary',
  'transaction.boundary.interval.ms', 'offsets.storage.topic', 'tasks.max.enforce']
const sinkKeysOfSystemTest = ['name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'header.converter', 'topics', 'file',
  'transforms', 'topics.regex', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance',
  'errors.log.enable', 'errors.log.include.messages', 'errors.deadletterqueue.topic.name', 'errors.deadletterqueue.topic.replication.factor',
  'errors.deadletterqueue.context.headers.enable', 'predicates', 'tasks.max.enforce']
const connectorOwn = new Set(['batch.size', 'topic', 'file'])

test('framework key sets equal the system test lists minus the file connectors\' own keys', () => {
  assert.deepEqual(new Set(sourceConnectorConfigDef.names()), new Set(sourceKeysOfSystemTest.filter(k => !connectorOwn.has(k))))
  assert.deepEqual(new Set(sinkConnectorConfigDef.names()), new Set(sinkKeysOfSystemTest.filter(k => !connectorOwn.has(k) || k === 'topics')))
})

test('definition order and groups follow Kafka', () => {
  assert.deepEqual(connectorConfigDef.names(), ['name', 'connector.class', 'tasks.max', 'tasks.max.enforce', 'key.converter', 'value.converter',
    'header.converter', 'transforms', 'predicates', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance',
    'errors.log.enable', 'errors.log.include.messages'])
  assert.deepEqual(sourceConnectorConfigDef.groups, ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic'])
  assert.deepEqual(sinkConnectorConfigDef.groups, ['Common', 'Transforms', 'Predicates', 'Error Handling'])
  assert.deepEqual(sinkConnectorConfigDef.names().slice(-5), ['topics', 'topics.regex', 'errors.deadletterqueue.topic.name',
    'errors.deadletterqueue.topic.replication.factor', 'errors.deadletterqueue.context.headers.enable'])
})

test('the validate body entries for name and tasks.max match the spec example', () => {
  const body = toConfigInfos('org.apache.kafka.connect.file.FileStreamSourceConnector', [sourceConnectorConfigDef],
    { name: 'local-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1' })
  assert.equal(body.error_count, 0)
  assert.deepEqual(body.configs[0], {
    definition: {
      name: 'name', type: 'STRING', required: true, default_value: null, importance: 'HIGH',
      documentation: 'Globally unique name to use for this connector.', group: 'Common', width: 'MEDIUM',
      display_name: 'Connector name', dependents: [], order: 1
    },
    value: { name: 'name', value: 'local-file-source', recommended_values: [], errors: [], visible: true }
  })
  const tasksMax = body.configs.find(c => c.definition?.name === 'tasks.max')!
  assert.deepEqual([tasksMax.definition?.default_value, tasksMax.definition?.order, tasksMax.value?.value], ['1', 3, '1'])
  assert.deepEqual(body.groups, sourceConnectorConfigDef.groups)
})

test('parsed defaults', () => {
  const v = sinkConnectorConfigDef.parse({ name: 'n', 'connector.class': 'FileStreamSink', topics: 'a' })
  assert.equal(v['tasks.max'], 1)
  assert.equal(v['tasks.max.enforce'], true)
  assert.equal(v['errors.tolerance'], 'none')
  assert.equal(v['errors.retry.delay.max.ms'], 60000)
  assert.equal(v['errors.deadletterqueue.topic.replication.factor'], 3)
  assert.equal(v['key.converter'], null)
  assert.deepEqual(v.topics, ['a'])
  const s = sourceConnectorConfigDef.parse({ name: 'n', 'connector.class': 'X', 'exactly.once.support': 'REQUIRED' })
  assert.equal(s['exactly.once.support'], 'REQUIRED')
  assert.equal(s['transaction.boundary.interval.ms'], null)
  assert.throws(() => sourceConnectorConfigDef.parse({ name: 'n', 'connector.class': 'X', 'transaction.boundary': 'sometimes' }),
    { message: 'Invalid value sometimes for configuration transaction.boundary: String must be one of (case insensitive): INTERVAL, POLL, CONNECTOR' })
  assert.throws(() => connectorConfigDef.parse({ name: 'bad\u0001name', 'connector.class': 'X' }),
    { message: 'Invalid value bad\u0001name for configuration name: String may not contain control sequences but had the following ASCII chars: 1' })
})

function sinkErrors (props: Record<string, string>): Record<string, string[]> {
  const values = sinkConnectorConfigDef.validateAll(props)
  validateSinkConnectorConfig(props, values)
  return Object.fromEntries([...values].filter(([, v]) => v.errorMessages.length > 0).map(([k, v]) => [k, v.errorMessages]))
}

test('sink rules: topics vs topics.regex, DLQ topic', () => {
  const base = { name: 'n', 'connector.class': 'S' }
  assert.deepEqual(sinkErrors(base), {
    topics: ['Must configure one of topics or topics.regex'],
    'topics.regex': ['Must configure one of topics or topics.regex']
  })
  assert.deepEqual(sinkErrors({ ...base, topics: 'a', 'topics.regex': 'b.*' }), {
    topics: ['topics and topics.regex are mutually exclusive options, but both are set.'],
    'topics.regex': ['topics and topics.regex are mutually exclusive options, but both are set.']
  })
  assert.deepEqual(sinkErrors({ ...base, topics: 'a, dlq,a,', 'errors.deadletterqueue.topic.name': ' dlq ' }), {
    topics: ["The DLQ topic 'dlq' may not be included in the list of topics ('topics=[a, dlq]') consumed by the connector"]
  })
  assert.deepEqual(sinkErrors({ ...base, 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' }), {
    'topics.regex': ["The DLQ topic 'dlq' may not be matched by the regex for the topics ('topics.regex=d.*') consumed by the connector"]
  })
  assert.deepEqual(sinkErrors({ ...base, 'topics.regex': 'x.*', 'errors.deadletterqueue.topic.name': 'xdlq-not' }).topics, undefined)
  assert.deepEqual(sinkErrors({ ...base, topics: 'a' }), {})
  assert.deepEqual(parseTopicsList({ topics: ' b , a,b,,' }), ['b', 'a'])
})

test('implicit transformation keys and the negate-without-predicate rule', () => {
  assert.deepEqual(transformationImplicitConfigDef.parse({}), { predicate: null, negate: false })
  assert.equal(negateWithoutPredicateError({ 'transforms.t.negate': 'true' }, 't'),
    "Config 'transforms.t.negate' was provided but there is no config 'transforms.t.predicate' defining a predicate to be negated.")
  assert.equal(negateWithoutPredicateError({ 'transforms.t.negate': 'true', 'transforms.t.predicate': 'p' }, 't'), null)
})
