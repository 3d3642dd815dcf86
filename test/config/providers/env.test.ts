// EnvVarConfigProvider: variables from a given (or the real) environment, allowlist.pattern as a full match, paths
// refused with Kafka's message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigException, EnvVarConfigProvider } from '../../../src/config/index.ts'

test('reads variables, filtered by the allow-list pattern', () => {
  const p = new EnvVarConfigProvider({ DB_PASSWORD: 'x', DB_USER: 'u', HOME: '/root' })
  p.configure({ 'allowlist.pattern': 'DB_.*' })
  assert.deepEqual(p.get('').data, { DB_PASSWORD: 'x', DB_USER: 'u' })
  assert.deepEqual(p.get('', new Set(['HOME', 'DB_USER'])).data, { DB_USER: 'u' })
  p.configure({ 'allowlist.pattern': 'DB' })
  assert.deepEqual(p.get('').data, {})
})

test('default pattern allows all; the real environment is captured at creation', () => {
  process.env.KC_TEST_PROVIDER_VAR = 'from-env'
  const p = new EnvVarConfigProvider()
  delete process.env.KC_TEST_PROVIDER_VAR
  p.configure({})
  assert.equal(p.get('', new Set(['KC_TEST_PROVIDER_VAR'])).data.KC_TEST_PROVIDER_VAR, 'from-env')
})

test('a path is refused; a bad pattern is a ConfigException', () => {
  const p = new EnvVarConfigProvider({})
  assert.throws(() => p.get('/etc'), (err: unknown) => err instanceof ConfigException && err.message === "Path is not supported for EnvVarConfigProvider, invalid value '/etc'")
  assert.throws(() => p.configure({ 'allowlist.pattern': '(' }), /^ConfigException: Invalid value \( for configuration allowlist.pattern: Invalid regex/)
})
