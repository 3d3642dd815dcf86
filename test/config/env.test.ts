// CONNECT_* environment variables → worker properties, as Confluent's dub `env_to_props('CONNECT_', '')` maps them
// (single `_` between other characters → `.`, then `___` → `-`, then `__` → `_`; lowercase; values verbatim).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { envNameToProperty, parseDistributedConfig, propertyToEnvName, workerConfigFromEnv } from '../../src/config/index.ts'

test('name mapping', () => {
  const cases: Array<[string, string]> = [
    ['BOOTSTRAP_SERVERS', 'bootstrap.servers'],
    ['KEY_CONVERTER_SCHEMAS_ENABLE', 'key.converter.schemas.enable'],
    ['CONFIG_PROVIDERS_FILE_PARAM_ALLOWED__PATHS', 'config.providers.file.param.allowed_paths'],
    ['WITH___DASH', 'with-dash'],
    ['WITH__UNDERSCORE_AND_MORE', 'with_underscore.and.more'],
    ['WITH___DASH_AND_MORE', 'with-dash.and.more'],
    ['TRAILING_', 'trailing_'],
    ['_LEADING', '_leading'],
    ['FOUR____X', 'four-_x'],
    ['GROUP_ID', 'group.id']
  ]
  for (const [env, prop] of cases) assert.equal(envNameToProperty(env), prop, env)
  for (const prop of ['bootstrap.servers', 'a_b.c-d', 'consumer.override.max.poll.records']) {
    assert.equal(envNameToProperty(propertyToEnvName(prop).slice('CONNECT_'.length)), prop)
  }
  assert.equal(propertyToEnvName('rest.advertised.host.name'), 'CONNECT_REST_ADVERTISED_HOST_NAME')
})

test('worker config from an environment', () => {
  const env = {
    CONNECT_BOOTSTRAP_SERVERS: 'broker:29092',
    CONNECT_GROUP_ID: 'compose-connect-group',
    CONNECT_CONFIG_STORAGE_TOPIC: 'docker-connect-configs',
    CONNECT_OFFSET_STORAGE_TOPIC: 'docker-connect-offsets',
    CONNECT_STATUS_STORAGE_TOPIC: 'docker-connect-status',
    CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
    CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
    CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '1',
    CONNECT_METRIC_REPORTERS: 'x',
    CONNECT_: 'ignored',
    KAFKA_HEAP_OPTS: '-Xmx1g',
    PATH: '/usr/bin'
  }
  const props = workerConfigFromEnv(env, { exclude: ['CONNECT_METRIC_REPORTERS'] })
  assert.deepEqual(props, {
    'bootstrap.servers': 'broker:29092',
    'config.storage.replication.factor': '1',
    'config.storage.topic': 'docker-connect-configs',
    'group.id': 'compose-connect-group',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.storage.topic': 'docker-connect-offsets',
    'status.storage.topic': 'docker-connect-status',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter'
  })
  assert.equal(parseDistributedConfig(props)['config.storage.replication.factor'], 1)
  assert.deepEqual(workerConfigFromEnv({ KC_X_Y: 'v' }, { prefix: 'KC_' }), { 'x.y': 'v' })
})
