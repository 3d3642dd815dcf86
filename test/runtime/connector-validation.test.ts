import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PluginRegistry } from '../../src/runtime/plugins/registry.ts'
import { builtinPlugins } from '../../src/runtime/plugins/builtin.ts'
import { invalidConfigMessage, validateResolvedConfig, validationErrors } from '../../src/runtime/connector-validation.ts'
import { BadRequestError } from '../../src/runtime/errors.ts'

const registry = new PluginRegistry()
registry.register(builtinPlugins())

function validate (config: Record<string, string | null>) {
  return validateResolvedConfig(registry, config, config)
}

// kafka-connect-behavior.md §1.7: the exact set of definition names Kafka's system test asserts.
test('FileStreamSource validate: the definition names of connect_rest_test.py', () => {
  const infos = validate({ 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', name: 'src', 'tasks.max': '1', topic: 't', file: '/tmp/x' })
  assert.equal(infos.name, 'org.apache.kafka.connect.file.FileStreamSourceConnector')
  assert.equal(infos.error_count, 0)
  assert.deepEqual(new Set(infos.configs.map(c => c.definition?.name)), new Set([
    'name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'header.converter', 'batch.size', 'topic', 'file',
    'transforms', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance', 'errors.log.enable',
    'errors.log.include.messages', 'predicates', 'topic.creation.groups', 'exactly.once.support', 'transaction.boundary',
    'transaction.boundary.interval.ms', 'offsets.storage.topic', 'tasks.max.enforce'
  ]))
  assert.deepEqual(infos.groups, ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic'])
})

test('FileStreamSink validate: definition names and the topics rule', () => {
  const infos = validate({ 'connector.class': 'FileStreamSink', name: 'sink', 'tasks.max': '1', file: '/tmp/x' })
  assert.deepEqual(new Set(infos.configs.map(c => c.definition?.name)), new Set([
    'name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'header.converter', 'topics', 'file', 'transforms',
    'topics.regex', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms', 'errors.tolerance', 'errors.log.enable',
    'errors.log.include.messages', 'errors.deadletterqueue.topic.name', 'errors.deadletterqueue.topic.replication.factor',
    'errors.deadletterqueue.context.headers.enable', 'predicates', 'tasks.max.enforce'
  ]))
  assert.equal(infos.name, 'FileStreamSink')
  assert.deepEqual(validationErrors(infos), ['Must configure one of topics or topics.regex', 'Must configure one of topics or topics.regex'])
  assert.equal(invalidConfigMessage(validationErrors(infos)),
    'Connector configuration is invalid and contains the following 2 error(s):\nMust configure one of topics or topics.regex\nMust configure one of topics or topics.regex\n' +
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`')
})

test('errors: missing topic, bad tasks.max, unknown transformation class, null values', () => {
  const infos = validate({ 'connector.class': 'FileStreamSource', name: 'x', 'tasks.max': '0', transforms: 'a', 'transforms.a.type': 'com.nope.Missing', file: null })
  const errors = validationErrors(infos)
  assert.ok(errors.includes('Missing required configuration "topic" which has no default value.'), errors.join('|'))
  assert.ok(errors.includes('Invalid value 0 for configuration tasks.max: Value must be at least 1'), errors.join('|'))
  assert.ok(errors.some(e => e.includes('Class com.nope.Missing could not be found.')), errors.join('|'))
  assert.ok(errors.includes('Null value can not be supplied as the configuration value.'), errors.join('|'))
  assert.ok(infos.groups.includes('Transforms: a'))
})

test('converter sections are reported with their prefix when set at connector level', () => {
  const infos = validate({ 'connector.class': 'FileStreamSource', name: 'x', topic: 't', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'maybe' })
  const se = infos.configs.find(c => c.definition?.name === 'value.converter.schemas.enable')
  assert.ok(se !== undefined)
  assert.deepEqual(se.value?.errors, ['Invalid value maybe for configuration schemas.enable: Expected value to be either true or false'])
  // As Kafka: the converter's ConfigDef validates un-prefixed keys, only the names in the body get the prefix.
})

test('no connector.class: 400 with Java map text', () => {
  assert.throws(() => validate({ name: 'x', topic: 't' }), (err: unknown) => err instanceof BadRequestError && err.message === 'Connector config {name=x, topic=t} contains no connector type')
})
