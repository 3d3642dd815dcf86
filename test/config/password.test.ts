// PASSWORD values: hidden in every printable form — toString, JSON, util.inspect, template literals, parse output,
// validate values, the validate body (value and default) and error messages; value() gives the secret.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { Password, defineConfig, toConfigInfos } from '../../src/config/index.ts'

const def = defineConfig({
  user: { type: 'STRING', importance: 'HIGH', doc: 'User.' },
  secret: { type: 'PASSWORD', default: 'default-secret', importance: 'HIGH', doc: 'Secret.' }
})

test('Password prints as [hidden] everywhere', () => {
  const p = new Password('hunter2')
  assert.equal(p.value(), 'hunter2')
  assert.equal(String(p), '[hidden]')
  assert.equal(`${p}`, '[hidden]')
  assert.equal(JSON.stringify({ p }), '{"p":"[hidden]"}')
  assert.equal(inspect(p), 'Password([hidden])')
  assert.ok(!inspect({ nested: p }, { depth: 5 }).includes('hunter2'))
  assert.ok(p.equals(new Password('hunter2')))
  assert.ok(!p.equals('hunter2'))
})

test('parse output hides the secret when printed or serialized', () => {
  const parsed = def.parse({ user: 'u', secret: ' hunter2 ' })
  assert.equal(parsed.secret.value(), 'hunter2')
  assert.ok(!JSON.stringify(parsed).includes('hunter2'))
  assert.ok(!inspect(parsed).includes('hunter2'))
  assert.equal(def.parse({ user: 'u' }).secret.value(), 'default-secret')
})

test('validate values and the validate body never carry the secret', () => {
  const values = def.validate({ user: 'u', secret: 'hunter2' })
  assert.ok(!JSON.stringify(values).includes('hunter2'))
  const body = toConfigInfos('X', [def], { user: 'u', secret: 'hunter2' })
  const text = JSON.stringify(body)
  assert.ok(!text.includes('hunter2'))
  assert.ok(!text.includes('default-secret'))
  const secret = body.configs.find(c => c.definition?.name === 'secret')
  assert.equal(secret?.definition?.default_value, '[hidden]')
  assert.equal(secret?.value?.value, '[hidden]')
})
