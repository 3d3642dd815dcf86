// Recommenders in validate(): recommended values and visibility computed from all parsed values (dependents
// included), and a recommender's ConfigException becoming an error message (ConfigDef.validate(name, …)).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigException, defineConfig, recommendValues, recommender, visibleIf } from '../../src/config/index.ts'

const def = defineConfig({
  'security.protocol': {
    type: 'STRING', default: 'PLAINTEXT', importance: 'HIGH', doc: 'Protocol.',
    recommender: recommendValues('PLAINTEXT', 'SSL'), dependents: ['ssl.truststore.location']
  },
  'ssl.truststore.location': { type: 'STRING', default: null, importance: 'MEDIUM', doc: 'Truststore.', recommender: visibleIf('security.protocol', 'SSL') },
  table: {
    type: 'STRING', default: null, importance: 'LOW', doc: 'Table.',
    recommender: recommender({
      validValues: (_name, parsed) => {
        if (parsed['security.protocol'] === 'BROKEN') throw new ConfigException('cannot list tables')
        return ['orders', 'users']
      }
    })
  }
})

test('visibility follows the parsed value of another key', () => {
  const hidden = def.validateAll({})
  assert.equal(hidden.get('ssl.truststore.location')?.visible, false)
  assert.deepEqual(hidden.get('security.protocol')?.recommendedValues, ['PLAINTEXT', 'SSL'])
  const shown = def.validateAll({ 'security.protocol': 'SSL' })
  assert.equal(shown.get('ssl.truststore.location')?.visible, true)
  assert.deepEqual(shown.get('table')?.recommendedValues, ['orders', 'users'])
  assert.equal(shown.get('table')?.visible, true)
})

test('a recommender ConfigException is reported on its key', () => {
  const v = def.validateAll({ 'security.protocol': 'BROKEN' })
  assert.deepEqual(v.get('table')?.errorMessages, ['cannot list tables'])
  assert.deepEqual(v.get('table')?.recommendedValues, [])
})

test('recommenders do not affect parse()', () => {
  assert.equal(def.parse({ 'security.protocol': 'BROKEN' }).table, null)
})
