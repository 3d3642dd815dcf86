// LoggerRegistry (log4j semantics over pino) and the /admin/loggers endpoints.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { LoggerRegistry } from '../../src/runtime/loggers.ts'
import { MemoryHerder } from '../helpers/memory-herder.ts'
import { call, json, startRest } from './support.ts'

function registry (level = 'INFO', levels?: Record<string, string>) {
  let clock = 1000
  let out = ''
  const destination = new Writable({ write (chunk, _enc, cb) { out += String(chunk); cb() } })
  const r = new LoggerRegistry({ level, levels, destination, now: () => clock })
  return { r, tick: (ms: number) => { clock += ms }, out: () => out }
}

const LOGGERS = 'org.apache.kafka.connect.runtime.Loggers'

test('registry: levels() lists explicit levels plus root, sorted; level() for any existing logger', () => {
  const { r } = registry('warn', { 'org.reflections': 'ERROR' })
  r.logger('kconnect.worker')
  assert.deepEqual(r.levels(), {
    'org.reflections': { level: 'ERROR', last_modified: null },
    root: { level: 'WARN', last_modified: null }
  })
  assert.deepEqual(r.level('kconnect.worker'), { level: 'WARN', last_modified: null })
  assert.deepEqual(r.level('ROOT'), { level: 'WARN', last_modified: null })
  assert.equal(r.level('never.created'), null)
  assert.equal(r.logger('org.reflections.Reflections').level, 'error') // inherits from its dotted ancestor
  assert.equal(r.logger('kconnect.worker').level, 'warn')
})

test('registry: setLevel sets the namespace and every logger whose name starts with it; unchanged ones keep last_modified', () => {
  const { r, tick, out } = registry()
  const worker = r.logger('org.apache.kafka.connect.runtime.Worker')
  const sinkTask = r.logger('org.apache.kafka.connect.runtime.WorkerSinkTask')
  r.logger('org.apache.kafka.clients.Consumer')

  // Plain prefix, as Kafka's Loggers: "…runtime.Worker" also matches "…runtime.WorkerSinkTask".
  assert.deepEqual(r.setLevel('org.apache.kafka.connect.runtime.Worker', 'debug'),
    ['org.apache.kafka.connect.runtime.Worker', 'org.apache.kafka.connect.runtime.WorkerSinkTask'])
  assert.equal(worker.level, 'debug')
  assert.equal(sinkTask.level, 'debug')
  assert.deepEqual(r.level('org.apache.kafka.connect.runtime.Worker'), { level: 'DEBUG', last_modified: 1000 })
  assert.match(out(), /Setting level of namespace org\.apache\.kafka\.connect\.runtime\.Worker and children to DEBUG/)

  tick(500)
  // A new namespace logger is created; loggers already at the level are listed but untouched.
  assert.deepEqual(r.setLevel('org.apache.kafka.connect', 'DEBUG'), [
    'org.apache.kafka.connect', LOGGERS, 'org.apache.kafka.connect.runtime.Worker', 'org.apache.kafka.connect.runtime.WorkerSinkTask'
  ])
  assert.deepEqual(r.level('org.apache.kafka.connect.runtime.Worker'), { level: 'DEBUG', last_modified: 1000 })
  assert.deepEqual(r.level('org.apache.kafka.connect'), { level: 'DEBUG', last_modified: 1500 })
  // A logger created later inherits from the namespace.
  assert.equal(r.logger('org.apache.kafka.connect.storage.X').level, 'debug')
  assert.deepEqual(r.level('org.apache.kafka.connect.storage.X'), { level: 'DEBUG', last_modified: null })
  assert.ok(!('org.apache.kafka.connect.storage.X' in r.levels()))

  tick(500)
  const all = r.setLevel('root', 'ALL')
  assert.ok(all.includes('root') && all.includes('org.apache.kafka.clients.Consumer'))
  assert.deepEqual(all, [...all].sort())
  assert.deepEqual(r.level('root'), { level: 'ALL', last_modified: 2000 })
  assert.equal(r.root.level, 'trace')
  assert.equal(r.logger('brand.new').level, 'trace')
  r.setLevel('ROOT', 'off')
  assert.equal(r.logger('org.apache.kafka.clients.Consumer').level, 'silent')
  assert.deepEqual(r.level('root')!.level, 'OFF')
  assert.throws(() => r.setLevel('x', 'LOUD'), /invalid log level 'LOUD'/)
  assert.ok(LoggerRegistry.isLevel('fatal') && LoggerRegistry.isLevel('All') && !LoggerRegistry.isLevel('verbose'))
})

test('GET /admin/loggers and /admin/loggers/{logger}', async (t) => {
  const { base, loggers } = await startRest(t)
  const list = await call(base, 'GET', '/admin/loggers')
  assert.equal(list.status, 200)
  assert.deepEqual(list.body, { root: { level: 'TRACE', last_modified: null } })
  assert.equal((await call(base, 'GET', '/admin/loggers/')).status, 200)
  assert.equal((await call(base, 'GET', '/admin/loggers/org.apache.kafka.connect.runtime.rest.RestServer')).text, '{"level":"TRACE","last_modified":null}')
  assert.deepEqual((await call(base, 'GET', '/admin/loggers/root')).body, { level: 'TRACE', last_modified: null })
  assert.deepEqual((await call(base, 'GET', '/admin/loggers/no.such')).body, json(404, 'Logger no.such not found.'))
  loggers.logger('kconnect.worker')
  assert.equal((await call(base, 'GET', '/admin/loggers/kconnect.worker')).body.level, 'TRACE')
})

test('PUT /admin/loggers/{logger}: worker scope → 200 sorted names; cluster → 204; level and scope rules', async (t) => {
  const { base, loggers } = await startRest(t)
  loggers.logger('kconnect.worker')
  loggers.logger('kconnect.worker.tasks')
  const before = Date.now()
  const set = await call(base, 'PUT', '/admin/loggers/kconnect', { level: 'debug' })
  assert.deepEqual([set.status, set.body], [200, ['kconnect', 'kconnect.worker', 'kconnect.worker.tasks']])
  const one = (await call(base, 'GET', '/admin/loggers/kconnect.worker')).body
  assert.equal(one.level, 'DEBUG')
  assert.ok(one.last_modified >= before && one.last_modified <= Date.now())
  assert.deepEqual(Object.keys((await call(base, 'GET', '/admin/loggers')).body), ['kconnect', 'kconnect.worker', 'kconnect.worker.tasks', 'root'])

  const cluster = await call(base, 'PUT', '/admin/loggers/kconnect.worker?scope=CLUSTER', { level: 'ERROR' })
  assert.deepEqual([cluster.status, cluster.text], [204, ''])
  assert.equal((await call(base, 'GET', '/admin/loggers/kconnect.worker')).body.level, 'ERROR')
  // Unknown scope: worker, with a warning.
  assert.equal((await call(base, 'PUT', '/admin/loggers/kconnect.worker?scope=galaxy', { level: 'WARN' })).status, 200)
  assert.equal((await call(base, 'PUT', '/admin/loggers/kconnect.worker?scope=Worker', { level: 'WARN' })).status, 200)

  const missing = "Desired 'level' parameter was not specified in request."
  assert.deepEqual((await call(base, 'PUT', '/admin/loggers/x', {})).body, json(400, missing))
  assert.deepEqual((await call(base, 'PUT', '/admin/loggers/x', { level: null })).body, json(400, missing))
  assert.deepEqual((await call(base, 'PUT', '/admin/loggers/x')).body, json(400, missing))
  assert.deepEqual((await call(base, 'PUT', '/admin/loggers/x', { level: 'LOUD' })).body, json(404, "invalid log level 'LOUD'."))
  assert.deepEqual((await call(base, 'PUT', '/admin/loggers/x', { level: 3 })).body, json(404, "invalid log level '3'."))
  assert.equal((await call(base, 'GET', '/admin/loggers/x')).status, 404)
})

test('cluster scope goes to the herder when it can publish it', async (t) => {
  const herder = new MemoryHerder()
  const published: string[] = []
  Object.assign(herder, { setClusterLoggerLevel: async (ns: string, level: string) => { published.push(`${ns}=${level}`) } })
  const { base, loggers } = await startRest(t, {}, herder)
  assert.equal((await call(base, 'PUT', '/admin/loggers/kconnect?scope=cluster', { level: 'INFO' })).status, 204)
  assert.deepEqual(published, ['kconnect=INFO'])
  assert.equal(loggers.level('kconnect'), null) // applied when the record comes back, not here
})

test('no registry: /admin/loggers is 404', async (t) => {
  const { base } = await startRest(t, { loggers: undefined })
  assert.deepEqual((await call(base, 'GET', '/admin/loggers')).body, json(404, 'HTTP 404 Not Found'))
})
