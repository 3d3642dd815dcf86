import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PluginRegistry, aliasesOf } from '../../src/runtime/plugins/registry.ts'
import { builtinPlugins } from '../../src/runtime/plugins/builtin.ts'
import { loadPlugins } from '../../src/runtime/plugins/loader.ts'
import { ConnectRestError } from '../../src/runtime/errors.ts'
import { tempDir } from '../helpers/broker.ts'

function registry (): PluginRegistry {
  const r = new PluginRegistry()
  r.register(builtinPlugins())
  return r
}

test('connectors answer to the full class name, the simple name and the simple name without Connector', () => {
  const r = registry()
  for (const name of ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSinkConnector', 'FileStreamSink']) {
    assert.equal(r.connector(name).className, 'org.apache.kafka.connect.file.FileStreamSinkConnector')
  }
  assert.deepEqual(aliasesOf('org.apache.kafka.connect.json.JsonConverter', 'converter'), ['JsonConverter', 'Json'])
  assert.equal(r.find('JsonConverter', ['converter'])?.className, 'org.apache.kafka.connect.json.JsonConverter')
  assert.equal(r.find('SimpleHeaderConverter', ['header_converter'])?.className, 'org.apache.kafka.connect.storage.SimpleHeaderConverter')
})

test('unknown connector class: Kafka\'s 500 message listing the available connectors', () => {
  const r = registry()
  assert.throws(() => r.connector('NoSuchConnector'), (err: unknown) => {
    assert.ok(err instanceof ConnectRestError)
    assert.equal(err.status, 500)
    assert.match(err.message, /^Failed to find any class that implements Connector and which name matches NoSuchConnector, available connectors are: (.+, )?org\.apache\.kafka\.connect\.file\.FileStreamSinkConnector, org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector/)
    return true
  })
})

test('GET /connector-plugins order: sinks, sources, then transformations, predicates, converters, header converters', () => {
  const list = registry().list(false)
  const types = list.map(p => p.type)
  const order = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter']
  assert.deepEqual([...new Set(types)], order)
  for (let i = 1; i < types.length; i++) assert.ok(order.indexOf(types[i - 1]!) <= order.indexOf(types[i]!))
  assert.ok(types.indexOf('converter') < types.indexOf('header_converter'))
  const connectors = registry().list(true)
  assert.ok(connectors.every(p => p.type === 'sink' || p.type === 'source'))
  assert.deepEqual(connectors.filter(p => p.class.startsWith('org.apache')).map(p => p.class), [
    'org.apache.kafka.connect.file.FileStreamSinkConnector', 'org.apache.kafka.connect.file.FileStreamSourceConnector'
  ])
  assert.ok(connectors.some(p => p.class === 'io.confluent.connect.jdbc.JdbcSinkConnector'))
  assert.ok(list.every(p => typeof p.version === 'string'))
})

test('plugin.path loads a package exporting kconnectPlugins; a broken one is reported, not fatal', async (t) => {
  const dir = await tempDir(t)
  const good = join(dir, 'good-plugin')
  await mkdir(good)
  await writeFile(join(good, 'package.json'), JSON.stringify({ name: 'good-plugin', type: 'module', main: 'index.js' }))
  const api = new URL('../../src/api/index.ts', import.meta.url).href
  await writeFile(join(good, 'index.js'), `
import { SinkConnector, SinkTask, defineConfig } from '${api}'
class NullTask extends SinkTask { version () { return '1' } start () {} stop () {} put () {} }
export class NullSinkConnector extends SinkConnector {
  static className = 'com.example.NullSinkConnector'
  version () { return '1.2.3' } start () {} stop () {} taskClass () { return NullTask }
  taskConfigs (n) { return Array.from({ length: n }, () => ({})) } config () { return defineConfig({}) }
}
export const kconnectPlugins = [{ type: 'sink', class: NullSinkConnector }]
`)
  const bad = join(dir, 'bad.mjs')
  await writeFile(bad, 'export const nothing = 1\n')
  const r = registry()
  const report = await loadPlugins(r, [dir], null)
  assert.equal(report.loaded.length, 1)
  assert.equal(report.failed.length, 1)
  assert.match(report.failed[0]!.error, /does not export kconnectPlugins/)
  assert.equal(r.connector('NullSink').className, 'com.example.NullSinkConnector')
  assert.deepEqual(r.list(true).find(p => p.class === 'com.example.NullSinkConnector'), { class: 'com.example.NullSinkConnector', type: 'sink', version: '1.2.3' })
})
