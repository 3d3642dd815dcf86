// ConfigTransformer and worker-configured providers: `${provider:path:key}` and `${provider:key}` substitution,
// unknown providers and missing keys left as-is, raw input untouched, one provider call per path, TTLs, and
// providers built from `config.providers*` worker keys (Java class names and aliases).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ConfigTransformer, FileConfigProvider, closeConfigProviders, createConfigProviders, findConfigProvider, findVariables, resolveConfigVariables,
  resolveWorkerConfig, type ConfigProvider
} from '../../../src/config/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-transformer-'))
const file = join(dir, 'external.properties')
writeFileSync(file, 'topic.external=test\npassword=hunter2\n')
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

test('findVariables follows Kafka\'s pattern', () => {
  assert.deepEqual(findVariables('a ${file:/x/y.properties:k} b ${env:HOME} ${nope}'), [
    { provider: 'file', path: '/x/y.properties', key: 'k', text: '${file:/x/y.properties:k}' },
    { provider: 'env', path: '', key: 'HOME', text: '${env:HOME}' }
  ])
})

test('substitutes known references, leaves the rest, keeps the raw map', async () => {
  const file0 = new FileConfigProvider()
  file0.configure({})
  const calls: string[] = []
  const counting: ConfigProvider = {
    get: (path, keys) => {
      calls.push(`${path}|${[...keys ?? []].sort().join(',')}`)
      return { data: { a: 'A', b: 'B' }, ttl: 5000 }
    }
  }
  const raw = {
    topic: 'topic-${file:' + file + ':topic.external}',
    both: '${count:p:a}${count:p:b}',
    missing: '${file:' + file + ':nope}',
    unknown: '${vault:secret/db:password}',
    plain: 'no refs',
    nothing: null
  }
  const copy = structuredClone(raw)
  const t = new ConfigTransformer(new Map<string, ConfigProvider>([['file', file0], ['count', counting]]))
  const { data, ttls } = await t.transform(raw)
  assert.deepEqual(data, {
    topic: 'topic-test',
    both: 'AB',
    missing: '${file:' + file + ':nope}',
    unknown: '${vault:secret/db:password}',
    plain: 'no refs',
    nothing: null
  })
  assert.deepEqual(Object.keys(data), Object.keys(raw))
  assert.deepEqual(raw, copy)
  assert.deepEqual(calls, ['p|a,b'])
  assert.deepEqual([...ttls], [['p', 5000]])
})

test('providers configured from worker keys, with aliases and params', async () => {
  const worker = {
    'config.providers': 'file, env,dir,none',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.file.param.allowed.paths': dir,
    'config.providers.env.class': 'EnvVar',
    'config.providers.env.param.allowlist.pattern': 'KC_.*',
    'config.providers.dir.class': 'DirectoryConfigProvider'
  }
  const providers = await createConfigProviders(worker, { env: { KC_SECRET: 'env-secret', OTHER: 'x' } })
  assert.deepEqual([...providers.keys()], ['file', 'env', 'dir'])
  const resolved = await resolveConfigVariables({
    a: '${file:' + file + ':password}',
    b: '${env:KC_SECRET}',
    c: '${env:OTHER}',
    d: '${file:/etc/passwd:root}',
    n: 5,
    'plugin.path': '${env:KC_SECRET}'
  }, providers)
  assert.deepEqual(resolved, { a: 'hunter2', b: 'env-secret', c: '${env:OTHER}', d: '${file:/etc/passwd:root}', n: 5, 'plugin.path': '${env:KC_SECRET}' })
  await closeConfigProviders(providers)
})

test('unknown provider classes fail with Kafka\'s message', async () => {
  await assert.rejects(createConfigProviders({ 'config.providers': 'x', 'config.providers.x.class': 'com.example.Vault' }),
    { message: /^Failed to find any class that implements ConfigProvider and which name matches com.example.Vault, available ConfigProviders are: org\.apache/ })
  assert.equal(findConfigProvider('File') !== undefined, true)
  assert.equal(findConfigProvider('FileConfigProvider') !== undefined, true)
  assert.equal(findConfigProvider('file'), undefined)
  await assert.rejects(createConfigProviders({ 'config.providers': 'f', 'config.providers.f.class': 'File', 'config.providers.f.param.allowed.paths': 'relative' }),
    { message: 'Path relative is not absolute' })
})

test('a worker config resolves its own references with the providers it declares', async () => {
  const { resolved, providers } = await resolveWorkerConfig({
    'config.providers': 'file',
    'config.providers.file.class': 'FileConfigProvider',
    'sasl.jaas.config': 'password="${file:' + file + ':password}"',
    'bootstrap.servers': 'localhost:9092'
  })
  assert.equal(resolved['sasl.jaas.config'], 'password="hunter2"')
  assert.equal(resolved['config.providers.file.class'], 'FileConfigProvider')
  assert.equal(providers.size, 1)
  const none = await resolveWorkerConfig({ a: '${file:' + file + ':password}' })
  assert.equal(none.resolved.a, '${file:' + file + ':password}')
  await closeConfigProviders(providers)
})
