// The validate response body (AbstractHerder.generateResult and friends): compared byte for byte with a golden file
// written by hand from the behaviour spec (§1.7: field order, default_value as text, `order` last, unknown keys first
// with a null definition, PASSWORD as [hidden], error_count counting messages), plus the prefixed/merged sections.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  ConfigValue, atLeast, defineConfig, mergeConfigInfos, nonEmptyStringWithoutControlChars, oneOf, prefixedConfigInfos, recommendValues,
  toConfigInfos, uniqueAliases, visibleIf
} from '../../src/config/index.ts'

const framework = defineConfig({
  name: {
    type: 'STRING', importance: 'HIGH', validator: nonEmptyStringWithoutControlChars(), doc: 'Globally unique name to use for this connector.',
    group: 'Common', orderInGroup: 1, width: 'MEDIUM', displayName: 'Connector name'
  },
  'tasks.max': {
    type: 'INT', default: 1, validator: atLeast(1), importance: 'HIGH', doc: 'Maximum number of tasks to use for this connector.',
    group: 'Common', orderInGroup: 3, width: 'SHORT', displayName: 'Tasks max'
  },
  transforms: {
    type: 'LIST', default: [], validator: uniqueAliases('transformation'), importance: 'LOW',
    doc: 'Aliases for the transformations to be applied to records.', group: 'Transforms', orderInGroup: 8, width: 'LONG', displayName: 'Transforms'
  }
})

const connector = defineConfig({
  'batch.size': { type: 'INT', default: 2000, importance: 'LOW', doc: 'The maximum number of records the source task can read from the file each time it is polled' },
  mode: {
    type: 'STRING', default: 'bulk', validator: oneOf('bulk', 'incrementing'), recommender: recommendValues('bulk', 'incrementing'),
    importance: 'MEDIUM', doc: 'How rows are fetched.', group: 'Mode', orderInGroup: 1, width: 'SHORT', displayName: 'Mode', dependents: ['incrementing.column']
  },
  'incrementing.column': {
    type: 'STRING', default: null, recommender: visibleIf('mode', 'incrementing'), importance: 'LOW', doc: 'Column used in incrementing mode.',
    group: 'Mode', orderInGroup: 2, width: 'MEDIUM', displayName: 'Incrementing column'
  },
  'connection.password': {
    type: 'PASSWORD', default: 'changeme', importance: 'HIGH', doc: 'Database password.', group: 'Connection', orderInGroup: 1, width: 'MEDIUM', displayName: 'Password'
  },
  ratio: { type: 'DOUBLE', default: 1, importance: 'LOW', doc: 'Sampling ratio.' },
  'poll.interval.ms': { type: 'LONG', default: 60000, importance: 'LOW', doc: 'Poll interval.' }
})

const props = {
  name: 'local-file-source',
  'tasks.max': 'abc',
  transforms: 'a, b , a',
  'connection.password': 'hunter2',
  ratio: '2.5',
  'stray.key': null,
  mode: 'bulk'
}

test('validate body matches the hand-written golden file exactly (field order included)', () => {
  const body = toConfigInfos('org.example.SmallSourceConnector', [framework, connector], props)
  const expected = readFileSync(new URL('../golden/config/validate-small.json', import.meta.url), 'utf8')
  assert.equal(`${JSON.stringify(body, null, 2)}\n`, expected)
})

test('a single definition offers the same through def.toConfigInfos', () => {
  const body = connector.toConfigInfos('C', { mode: 'incrementing' })
  assert.equal(body.error_count, 0)
  assert.deepEqual(body.groups, ['Mode', 'Connection'])
  const col = body.configs.find(c => c.definition?.name === 'incrementing.column')
  assert.equal(col?.value?.visible, true)
})

test('postValidate hooks and rejectNullValues', () => {
  const body = toConfigInfos('C', [framework], { name: null }, {
    rejectNullValues: true,
    postValidate: values => { values.get('tasks.max')!.addErrorMessage('custom rule') }
  })
  const byName = new Map(body.configs.map(c => [c.value?.name, c.value?.errors]))
  assert.deepEqual(byName.get('name'), ['Null value can not be supplied as the configuration value.'])
  assert.deepEqual(byName.get('tasks.max'), ['custom rule'])
  assert.equal(body.error_count, 2)
  assert.equal(toConfigInfos('C', [framework], { name: null }, { rejectNullValues: false }).error_count, 0)
})

test('prefixed sections (converters, client overrides) and merging', () => {
  const conv = defineConfig({
    'schemas.enable': { type: 'BOOLEAN', default: true, importance: 'HIGH', doc: 'Include schemas.', group: 'Schemas', orderInGroup: 1, width: 'MEDIUM', displayName: 'Enable Schemas' }
  })
  const values = conv.validate({ 'schemas.enable': 'nope' })
  const section = prefixedConfigInfos(conv.configKeys, values, 'value.converter.')
  assert.equal(section.name, '')
  assert.equal(section.error_count, 1)
  assert.deepEqual(section.groups, ['Schemas'])
  assert.equal(section.configs[0]?.definition?.name, 'value.converter.schemas.enable')
  assert.equal(section.configs[0]?.value?.name, 'value.converter.schemas.enable')
  const unknown = prefixedConfigInfos(conv.configKeys, [new ConfigValue('acks', '1')], 'producer.override.')
  assert.equal(unknown.configs[0]?.definition, null)
  assert.equal(unknown.configs[0]?.value?.value, '1')
  const main = toConfigInfos('X', [framework], { name: 'n' })
  const merged = mergeConfigInfos('X', main, null, section, unknown)
  assert.equal(merged.name, 'X')
  assert.equal(merged.error_count, 1)
  assert.deepEqual(merged.groups, ['Common', 'Transforms', 'Schemas'])
  assert.equal(merged.configs.length, main.configs.length + 2)
})
