// Task endpoints (incl. the internal ones), offsets (KIP-875) and /connector-plugins (list, config, validate §1.7).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MemoryHerder, SINK_CLASS, SOURCE_CLASS, WORKER_ID } from '../helpers/memory-herder.ts'
import { call, json, startRest } from './support.ts'

const SRC = { 'connector.class': SOURCE_CLASS, 'tasks.max': '2' }

test('tasks: configs, deprecated tasks-config map, task status and restart, 404s; task ids must be ints', async (t) => {
  const { base, herder } = await startRest(t)
  await call(base, 'PUT', '/connectors/c/config', SRC)
  const tasks = await call(base, 'GET', '/connectors/c/tasks')
  assert.equal(tasks.status, 200)
  const cfg = (i: number) => ({ ...SRC, name: 'c', 'task.class': 'org.example.MemoryTask', 'task.id': `c-${i}` })
  assert.equal(tasks.text, JSON.stringify([{ id: { connector: 'c', task: 0 }, config: cfg(0) }, { id: { connector: 'c', task: 1 }, config: cfg(1) }]))
  assert.deepEqual((await call(base, 'GET', '/connectors/c/tasks-config')).body, { 'c-0': cfg(0), 'c-1': cfg(1) })
  assert.deepEqual((await call(base, 'GET', '/connectors/none/tasks')).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'GET', '/connectors/none/tasks-config')).body, json(404, 'Connector none not found'))

  assert.equal((await call(base, 'GET', '/connectors/c/tasks/1/status')).text, JSON.stringify({ id: 1, state: 'RUNNING', worker_id: WORKER_ID }))
  assert.deepEqual((await call(base, 'GET', '/connectors/c/tasks/7/status')).body, json(404, 'No status found for task c-7'))
  assert.deepEqual((await call(base, 'GET', '/connectors/c/tasks/x/status')).body, json(404, 'HTTP 404 Not Found'))
  assert.deepEqual((await call(base, 'GET', '/connectors/c/tasks/99999999999/status')).body, json(404, 'HTTP 404 Not Found'))
  assert.equal((await call(base, 'GET', '/connectors/c/tasks/+1/status')).body.id, 1)

  herder.failTask('c', 0)
  assert.equal((await call(base, 'GET', '/connectors/c/tasks/0/status')).body.state, 'FAILED')
  const restart = await call(base, 'POST', '/connectors/c/tasks/0/restart?forward=true')
  assert.deepEqual([restart.status, restart.text], [204, ''])
  assert.equal((await call(base, 'GET', '/connectors/c/tasks/0/status')).body.state, 'RUNNING')
  assert.deepEqual((await call(base, 'POST', '/connectors/c/tasks/5/restart')).body, json(404, 'Unknown task: c-5'))
  assert.deepEqual((await call(base, 'POST', '/connectors/none/tasks/0/restart')).body, json(404, 'Unknown connector: none'))
  assert.deepEqual((await call(base, 'GET', '/connectors/c/tasks/0/restart')).body, json(405, 'HTTP 405 Method Not Allowed'))
})

test('internal endpoints: standalone answers 500; a herder that has them is called', async (t) => {
  const { base } = await startRest(t)
  await call(base, 'PUT', '/connectors/c/config', SRC)
  assert.deepEqual((await call(base, 'POST', '/connectors/c/tasks?forward=true', [{ a: 'b' }])).body,
    json(500, 'Kafka Connect in standalone mode does not support externally setting task configurations.'))
  assert.deepEqual((await call(base, 'PUT', '/connectors/c/fence')).body,
    json(500, 'Kafka Connect in standalone mode does not support exactly-once source connectors.'))

  const herder = new MemoryHerder()
  const seen: unknown[] = []
  Object.assign(herder, {
    putTaskConfigs: async (name: string, configs: unknown[]) => { seen.push(['tasks', name, configs]) },
    fenceZombieSourceTasks: async (name: string) => { seen.push(['fence', name]) }
  })
  const d = await startRest(t, {}, herder)
  assert.equal((await call(d.base, 'POST', '/connectors/c/tasks', [{ a: 'b' }, { n: 1 }])).status, 204)
  assert.equal((await call(d.base, 'PUT', '/connectors/c/fence')).status, 204)
  assert.deepEqual(seen, [['tasks', 'c', [{ a: 'b' }, { n: '1' }]], ['fence', 'c']])
  assert.deepEqual((await call(d.base, 'POST', '/connectors/c/tasks', { a: 'b' })).body, json(400, 'Request body must be a JSON array of task configs'))
})

test('offsets: get, alter and reset only when stopped; body checks; 404', async (t) => {
  const { base } = await startRest(t)
  await call(base, 'PUT', '/connectors/o/config', SRC)
  const get = await call(base, 'GET', '/connectors/o/offsets')
  assert.deepEqual([get.status, get.body], [200, { offsets: [] }])
  const offsets = { offsets: [{ partition: { file: 'a.txt' }, offset: { position: 42 } }] }
  const notStopped = await call(base, 'PATCH', '/connectors/o/offsets', offsets)
  assert.deepEqual([notStopped.status, notStopped.body], [400, json(400,
    "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/o/stop' endpoint")])
  await call(base, 'PUT', '/connectors/o/stop')

  const altered = await call(base, 'PATCH', '/connectors/o/offsets?forward=true', offsets)
  assert.equal(altered.status, 200)
  assert.match(altered.body.message, /^The Connect framework-managed offsets for this connector have been altered successfully/)
  assert.equal((await call(base, 'GET', '/connectors/o/offsets')).text, JSON.stringify(offsets))

  const missing = 'Partitions / offsets need to be provided for an alter offsets request'
  assert.deepEqual((await call(base, 'PATCH', '/connectors/o/offsets', {})).body, json(400, missing))
  assert.deepEqual((await call(base, 'PATCH', '/connectors/o/offsets', { offsets: [] })).body, json(400, missing))
  assert.deepEqual((await call(base, 'PATCH', '/connectors/o/offsets')).body, json(400, missing))
  assert.deepEqual((await call(base, 'PATCH', '/connectors/o/offsets', { offsets: [1] })).body,
    json(400, 'Each element of "offsets" must be a JSON object with "partition" and "offset"'))
  // A missing partition reaches the herder as null; a missing offset is null (a reset of that partition).
  assert.deepEqual((await call(base, 'PATCH', '/connectors/o/offsets', { offsets: [{ offset: { p: 1 } }] })).body,
    json(400, 'The partition for a source connector offset cannot be null or missing'))
  assert.equal((await call(base, 'PATCH', '/connectors/o/offsets', { offsets: [{ partition: { file: 'a.txt' } }] })).status, 200)
  assert.deepEqual((await call(base, 'GET', '/connectors/o/offsets')).body, { offsets: [] })

  const reset = await call(base, 'DELETE', '/connectors/o/offsets')
  assert.equal(reset.status, 200)
  assert.match(reset.body.message, /have been reset successfully/)
  assert.deepEqual((await call(base, 'GET', '/connectors/none/offsets')).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'DELETE', '/connectors/none/offsets')).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'PATCH', '/connectors/none/offsets', offsets)).body, json(404, 'Connector none not found'))
})

test('GET /connector-plugins: connectors only by default, connectorsOnly=false lists all; PluginInfo field order', async (t) => {
  const { base } = await startRest(t)
  const connectors = await call(base, 'GET', '/connector-plugins')
  assert.equal(connectors.text, JSON.stringify([
    { class: SINK_CLASS, type: 'sink', version: '1.0' },
    { class: SOURCE_CLASS, type: 'source', version: '1.0' }
  ]))
  assert.equal((await call(base, 'GET', '/connector-plugins/')).body.length, 2)
  assert.equal((await call(base, 'GET', '/connector-plugins?connectorsOnly=TRUE')).body.length, 2)
  const all = await call(base, 'GET', '/connector-plugins?connectorsOnly=false')
  assert.equal(all.body.length, 4)
  // `version` is left out when the plugin has none.
  assert.deepEqual(all.body[2], { class: 'org.example.Upper', type: 'transformation' })

  const cfg = await call(base, 'GET', '/connector-plugins/org.example.Upper/config')
  assert.equal(cfg.status, 200)
  assert.deepEqual(cfg.body.map((k: { name: string }) => k.name), ['topic'])
  assert.deepEqual((await call(base, 'GET', '/connector-plugins/Nope/config')).body, json(404, 'Unknown plugin Nope.'))
})

test('PUT /connector-plugins/{p}/config/validate: plugin vs connector.class normalization, no connector type, nulls allowed', async (t) => {
  const { base } = await startRest(t)
  const path = (p: string) => `/connector-plugins/${p}/config/validate`
  for (const plugin of ['MemorySourceConnector', 'MemorySource', SOURCE_CLASS]) {
    for (const cls of ['MemorySourceConnector', 'MemorySource', SOURCE_CLASS]) {
      const ok = await call(base, 'PUT', path(plugin), { 'connector.class': cls, name: 'v' })
      // "MemorySource" does not end with the full class name: the only mismatching pair.
      if (plugin === SOURCE_CLASS && cls !== SOURCE_CLASS) {
        assert.deepEqual(ok.body, json(400, `Included connector type ${cls} does not match request type ${plugin}`), `${plugin} ${cls}`)
        continue
      }
      assert.equal(ok.status, 200, `${plugin} ${cls}: ${ok.text}`)
      assert.equal(ok.body.name, cls)
      assert.equal(ok.body.error_count, 0)
    }
  }
  const wrong = await call(base, 'PUT', path('MemorySink'), { 'connector.class': 'MemorySource' })
  assert.deepEqual([wrong.status, wrong.body], [400, json(400, 'Included connector type MemorySource does not match request type MemorySink')])
  // "Connector" alone is not stripped (must be longer than the suffix).
  assert.deepEqual((await call(base, 'PUT', path('Connector'), { 'connector.class': 'MemorySource' })).body,
    json(400, 'Included connector type MemorySource does not match request type Connector'))

  const none = await call(base, 'PUT', path('MemorySource'), { name: 'v', 'tasks.max': 1, topic: null })
  assert.deepEqual([none.status, none.body], [400, json(400, 'Connector config {name=v, tasks.max=1, topic=null} contains no connector type')])
  assert.deepEqual((await call(base, 'PUT', path('MemorySource'), {})).body, json(400, 'Connector config {} contains no connector type'))

  const withNull = await call(base, 'PUT', path('MemorySource'), { 'connector.class': 'MemorySource', name: null })
  assert.equal(withNull.status, 200)
  assert.equal(withNull.body.error_count, 1)
  assert.deepEqual(withNull.body.configs[0].value.errors, ['Null value can not be supplied as the configuration value.'])
  assert.deepEqual(Object.keys(withNull.body), ['name', 'error_count', 'groups', 'configs'])
  assert.deepEqual((await call(base, 'POST', path('MemorySource'), {})).body, json(405, 'HTTP 405 Method Not Allowed'))
})
