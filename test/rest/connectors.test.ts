// /connectors over a MemoryHerder: create (POST/PUT) rules of §1.5, info/config/status, patch, delete, lifecycle,
// restart variants, expand, topics, and the exact status codes and messages of the endpoint table.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MemoryHerder, SINK_CLASS, SOURCE_CLASS, WORKER_ID } from '../helpers/memory-herder.ts'
import { call, json, startRest } from './support.ts'

const SRC = { 'connector.class': SOURCE_CLASS, 'tasks.max': '2' }

test('POST /connectors: 201, Location, body in ConnectorInfo order; name trimmed and injected; 409 on duplicate', async (t) => {
  const { base } = await startRest(t)
  const created = await call(base, 'POST', '/connectors', { name: '  src  ', config: SRC })
  assert.equal(created.status, 201)
  assert.equal(created.headers.get('location'), `${base}/connectors/src`)
  assert.equal(created.headers.get('content-type'), 'application/json')
  assert.equal(created.text, JSON.stringify({ name: 'src', config: { ...SRC, name: 'src' }, tasks: [], type: 'source' }))

  const dup = await call(base, 'POST', '/connectors', { name: 'src', config: SRC })
  assert.deepEqual([dup.status, dup.body], [409, json(409, 'Connector src already exists')])

  // A config.name equal to the trimmed name is fine; the hidden forward parameter is accepted and ignored.
  const same = await call(base, 'POST', '/connectors?forward=true', { name: ' other ', config: { ...SRC, name: 'other' } })
  assert.equal(same.status, 201)
  assert.deepEqual((await call(base, 'GET', '/connectors')).body, ['other', 'src'])
})

test('POST /connectors: Location percent-encodes the name; names with spaces and slashes are addressable', async (t) => {
  const { base } = await startRest(t)
  const created = await call(base, 'POST', '/connectors', { name: 'my conn/1', config: SRC })
  assert.equal(created.status, 201)
  assert.equal(created.headers.get('location'), `${base}/connectors/my%20conn%2F1`)
  const info = await call(base, 'GET', '/connectors/my%20conn%2F1')
  assert.equal(info.status, 200)
  assert.equal(info.body.name, 'my conn/1')
  assert.equal((await call(base, 'GET', new URL(created.headers.get('location')!).pathname)).status, 200)
})

test('POST /connectors: name mismatch, null name, initial_state, bad bodies', async (t) => {
  const { base, herder } = await startRest(t)
  const mismatch = await call(base, 'POST', '/connectors', { name: 'x', config: { ...SRC, name: 'y' } })
  assert.deepEqual([mismatch.status, mismatch.body], [400, json(400, "Connector name configuration (y) doesn't match connector name in the URL (x)")])
  // The name is trimmed before the comparison.
  const trimmed = await call(base, 'POST', '/connectors', { name: ' x ', config: { ...SRC, name: ' x ' } })
  assert.deepEqual(trimmed.body, json(400, "Connector name configuration ( x ) doesn't match connector name in the URL (x)"))

  // null name → "" (the herder's name validation rejects it).
  const nullName = await call(base, 'POST', '/connectors', { name: null, config: SRC })
  assert.equal(nullName.status, 400)
  assert.match(nullName.body.message, /Invalid value {2}for configuration name: String may not be empty/)
  const nullNameMismatch = await call(base, 'POST', '/connectors', { name: null, config: { ...SRC, name: 'a' } })
  assert.deepEqual(nullNameMismatch.body, json(400, "Connector name configuration (a) doesn't match connector name in the URL ()"))

  for (const [given, expected] of [['paused', 'PAUSED'], ['Stopped', 'STOPPED'], ['RUNNING', 'RUNNING']] as const) {
    const name = `init-${given}`
    assert.equal((await call(base, 'POST', '/connectors', { name, config: SRC, initial_state: given })).status, 201)
    assert.ok(herder.calls.includes(`put ${name} ${JSON.stringify({ allowReplace: false, initialState: expected })}`), herder.calls.join('\n'))
  }
  assert.equal((await call(base, 'GET', '/connectors/init-paused/status')).body.connector.state, 'PAUSED')
  assert.deepEqual((await call(base, 'GET', '/connectors/init-Stopped/status')).body.tasks, [])
  assert.equal((await call(base, 'POST', '/connectors', { name: 'init-null', config: SRC, initial_state: null })).status, 201)
  assert.ok(herder.calls.includes(`put init-null ${JSON.stringify({ allowReplace: false })}`))
  const badState = await call(base, 'POST', '/connectors', { name: 'z', config: SRC, initial_state: 'SLEEPING' })
  assert.deepEqual(badState.body, json(400, 'Invalid initial_state "SLEEPING": must be one of RUNNING, PAUSED, STOPPED (case-insensitive)'))
  assert.equal((await call(base, 'POST', '/connectors', { name: 'z', config: SRC, initial_state: 1 })).status, 400)

  assert.deepEqual((await call(base, 'POST', '/connectors', { name: 'z' })).body, json(400, 'Request body must have a "config" object'))
  assert.deepEqual((await call(base, 'POST', '/connectors', [1])).body, json(400, 'Request body must be a JSON object with "name" and "config"'))
  assert.deepEqual((await call(base, 'POST', '/connectors')).body, json(400, 'Request body must be a JSON object with "name" and "config"'))
  assert.deepEqual((await call(base, 'POST', '/connectors', { name: { a: 1 }, config: SRC })).body, json(400, 'The connector "name" must be a string'))
  assert.deepEqual((await call(base, 'POST', '/connectors', { name: 'z', config: 'x' })).body,
    json(400, 'The connector "config" must be a JSON object of string keys and string values'))
  assert.equal((await call(base, 'GET', '/connectors/z')).status, 404)
})

test('config values: numbers and booleans read as text (as Jackson does); objects, arrays and null refused with 400', async (t) => {
  const { base } = await startRest(t)
  const coerced = await call(base, 'PUT', '/connectors/n/config', { 'connector.class': SOURCE_CLASS, 'tasks.max': 1, 'x.flag': true })
  assert.equal(coerced.status, 201)
  assert.deepEqual(coerced.body.config, { 'connector.class': SOURCE_CLASS, 'tasks.max': '1', 'x.flag': 'true', name: 'n' })
  const arr = await call(base, 'PUT', '/connectors/n/config', { 'connector.class': SOURCE_CLASS, topics: ['a'] })
  assert.deepEqual([arr.status, arr.body], [400, json(400, 'Invalid value ["a"] for configuration topics: configuration values must be strings')])
  const obj = await call(base, 'POST', '/connectors', { name: 'o', config: { 'connector.class': SOURCE_CLASS, nested: { a: 1 } } })
  assert.deepEqual(obj.body, json(400, 'Invalid value {"a":1} for configuration nested: configuration values must be strings'))
  const nul = await call(base, 'PUT', '/connectors/n/config', { 'connector.class': SOURCE_CLASS, topic: null })
  assert.deepEqual(nul.body, json(400, 'Invalid value null for configuration topic: configuration values may not be null'))
  const notObject = await call(base, 'PUT', '/connectors/n/config', '"text"')
  assert.deepEqual(notObject.body, json(400, 'The connector config must be a JSON object of string keys and string values'))
})

test('PUT /connectors/{c}/config: 201 + Location when created, 200 when updated; mismatch uses the URL name untrimmed', async (t) => {
  const { base } = await startRest(t)
  const created = await call(base, 'PUT', '/connectors/p/config?forward=false', SRC)
  assert.equal(created.status, 201)
  assert.equal(created.headers.get('location'), `${base}/connectors/p`)
  assert.deepEqual(created.body, { name: 'p', config: { ...SRC, name: 'p' }, tasks: [], type: 'source' })
  const updated = await call(base, 'PUT', '/connectors/p/config', { ...SRC, 'tasks.max': '1', name: 'p' })
  assert.equal(updated.status, 200)
  assert.equal(updated.headers.get('location'), null)
  assert.deepEqual(updated.body.config, { ...SRC, 'tasks.max': '1', name: 'p' })
  const mismatch = await call(base, 'PUT', '/connectors/p/config', { ...SRC, name: 'q' })
  assert.deepEqual([mismatch.status, mismatch.body], [400, json(400, "Connector name configuration (q) doesn't match connector name in the URL (p)")])
  const spaced = await call(base, 'PUT', '/connectors/%20p/config', { ...SRC, name: 'p' })
  assert.deepEqual(spaced.body, json(400, "Connector name configuration (p) doesn't match connector name in the URL ( p)"))
  const noClass = await call(base, 'PUT', '/connectors/k/config', { topic: 't', 'tasks.max': '1' })
  assert.deepEqual(noClass.body, json(400, 'Connector config {topic=t, tasks.max=1, name=k} contains no connector type'))
  const unknown = await call(base, 'PUT', '/connectors/k/config', { 'connector.class': 'Nope' })
  assert.equal(unknown.status, 500)
  assert.match(unknown.body.message, /^Failed to find any class that implements Connector and which name matches Nope/)
  assert.deepEqual((await call(base, 'GET', '/connectors/p/config')).body, { ...SRC, 'tasks.max': '1', name: 'p' })
})

test('PATCH /connectors/{c}/config: null removes a key, 200 always, 404 unknown', async (t) => {
  const { base } = await startRest(t)
  await call(base, 'PUT', '/connectors/p/config', { ...SRC, extra: 'x' })
  const patched = await call(base, 'PATCH', '/connectors/p/config', { extra: null, 'tasks.max': '3' })
  assert.equal(patched.status, 200)
  assert.deepEqual(patched.body.config, { 'connector.class': SOURCE_CLASS, 'tasks.max': '3', name: 'p' })
  assert.deepEqual((await call(base, 'PATCH', '/connectors/none/config', { a: 'b' })).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'PATCH', '/connectors/p/config', { name: 'other' })).body,
    json(400, "Connector name configuration (other) doesn't match connector name in the URL (p)"))
})

test('GET /connectors/{c}, /status and DELETE: bodies in order, 404 messages', async (t) => {
  const { base, herder } = await startRest(t)
  await call(base, 'PUT', '/connectors/s/config', { 'connector.class': SINK_CLASS, 'tasks.max': '2' })
  const info = await call(base, 'GET', '/connectors/s')
  assert.equal(info.text, JSON.stringify({
    name: 's', config: { 'connector.class': SINK_CLASS, 'tasks.max': '2', name: 's' },
    tasks: [{ connector: 's', task: 0 }, { connector: 's', task: 1 }], type: 'sink'
  }))
  herder.failTask('s', 1)
  const status = await call(base, 'GET', '/connectors/s/status')
  assert.equal(status.text, JSON.stringify({
    name: 's',
    connector: { state: 'RUNNING', worker_id: WORKER_ID },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: WORKER_ID }, { id: 1, state: 'FAILED', worker_id: WORKER_ID, trace: 'org.example.Boom: failed\n\tat task' }],
    type: 'sink'
  }))
  assert.deepEqual((await call(base, 'GET', '/connectors/none')).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'GET', '/connectors/none/config')).body, json(404, 'Connector none not found'))
  assert.deepEqual((await call(base, 'GET', '/connectors/none/status')).body, json(404, 'No status found for connector none'))
  const del = await call(base, 'DELETE', '/connectors/s?forward=true')
  assert.deepEqual([del.status, del.text], [204, ''])
  assert.deepEqual((await call(base, 'DELETE', '/connectors/s')).body, json(404, 'Connector s not found'))
  assert.deepEqual((await call(base, 'GET', '/connectors')).body, [])
})

test('GET /connectors?expand: status and/or info per connector; any expand gives an object; unknown ones ignored', async (t) => {
  const { base } = await startRest(t)
  await call(base, 'PUT', '/connectors/a/config', { 'connector.class': SOURCE_CLASS })
  await call(base, 'PUT', '/connectors/b/config', { 'connector.class': SINK_CLASS })
  const both = await call(base, 'GET', '/connectors?expand=status&expand=info')
  assert.equal(both.status, 200)
  assert.deepEqual(Object.keys(both.body), ['a', 'b'])
  assert.deepEqual(Object.keys(both.body.a), ['status', 'info'])
  assert.deepEqual(both.body.a.status, (await call(base, 'GET', '/connectors/a/status')).body)
  assert.deepEqual(both.body.b.info, (await call(base, 'GET', '/connectors/b')).body)
  assert.deepEqual(Object.keys((await call(base, 'GET', '/connectors?expand=info')).body.a), ['info'])
  assert.deepEqual((await call(base, 'GET', '/connectors?expand=bogus')).body, { a: {}, b: {} })
  assert.deepEqual((await call(base, 'GET', '/connectors?other=1')).body, ['a', 'b'])
})

test('lifecycle: pause/resume 202, stop 204, 404 messages; stop of an unknown connector is a 500 (standalone)', async (t) => {
  const { base } = await startRest(t)
  await call(base, 'PUT', '/connectors/c/config', SRC)
  const pause = await call(base, 'PUT', '/connectors/c/pause')
  assert.deepEqual([pause.status, pause.text], [202, ''])
  assert.equal((await call(base, 'GET', '/connectors/c/status')).body.connector.state, 'PAUSED')
  assert.equal((await call(base, 'PUT', '/connectors/c/resume')).status, 202)
  assert.equal((await call(base, 'GET', '/connectors/c/status')).body.connector.state, 'RUNNING')
  const stop = await call(base, 'PUT', '/connectors/c/stop?forward=true')
  assert.deepEqual([stop.status, stop.text], [204, ''])
  assert.deepEqual((await call(base, 'GET', '/connectors/c/status')).body.tasks, [])
  assert.deepEqual((await call(base, 'PUT', '/connectors/none/pause')).body, json(404, 'Unknown connector none'))
  assert.deepEqual((await call(base, 'PUT', '/connectors/none/resume')).body, json(404, 'Unknown connector none'))
  assert.deepEqual((await call(base, 'PUT', '/connectors/none/stop')).body, json(500, 'No connector `none` configured'))
  assert.deepEqual((await call(base, 'POST', '/connectors/c/pause')).body, json(405, 'HTTP 405 Method Not Allowed'))
})

test('POST /connectors/{c}/restart: plain 204; includeTasks/onlyFailed 202 with planned states; 404', async (t) => {
  const { base, herder } = await startRest(t)
  await call(base, 'PUT', '/connectors/r/config', SRC)
  herder.failTask('r', 1)
  const plain = await call(base, 'POST', '/connectors/r/restart?forward=true')
  assert.deepEqual([plain.status, plain.text], [204, ''])
  assert.ok(herder.calls.includes('restart r'))
  assert.equal((await call(base, 'POST', '/connectors/r/restart?includeTasks=false&onlyFailed=false')).status, 204)

  const all = await call(base, 'POST', '/connectors/r/restart?includeTasks=true')
  assert.equal(all.status, 202)
  assert.deepEqual(all.body, {
    name: 'r',
    connector: { state: 'RESTARTING', worker_id: WORKER_ID },
    tasks: [{ id: 0, state: 'RESTARTING', worker_id: WORKER_ID }, { id: 1, state: 'RESTARTING', worker_id: WORKER_ID }],
    type: 'source'
  })
  const failed = await call(base, 'POST', '/connectors/r/restart?includeTasks=TRUE&onlyFailed=true')
  assert.equal(failed.status, 202)
  assert.deepEqual(failed.body.connector.state, 'RUNNING')
  assert.deepEqual(failed.body.tasks.map((s: { state: string }) => s.state), ['RUNNING', 'RESTARTING'])
  assert.equal((await call(base, 'POST', '/connectors/r/restart?onlyFailed=true')).status, 202)
  // Java's Boolean.valueOf: anything but "true" is false.
  assert.equal((await call(base, 'POST', '/connectors/r/restart?includeTasks=yes')).status, 204)
  assert.deepEqual((await call(base, 'POST', '/connectors/none/restart')).body, json(404, 'Unknown connector: none'))
  assert.deepEqual((await call(base, 'POST', '/connectors/none/restart?includeTasks=true')).body, json(404, 'Unknown connector: none'))
})

test('topics: list and reset; 403 when tracking or reset is disabled; unknown connector → empty list', async (t) => {
  const herder = new MemoryHerder()
  const { base } = await startRest(t, {}, herder)
  await call(base, 'PUT', '/connectors/c/config', SRC)
  herder.useTopic('c', 'orders')
  assert.deepEqual((await call(base, 'GET', '/connectors/c/topics')).body, { c: { topics: ['orders'] } })
  assert.deepEqual((await call(base, 'GET', '/connectors/none/topics')).body, { none: { topics: [] } })
  const reset = await call(base, 'PUT', '/connectors/c/topics/reset')
  assert.deepEqual([reset.status, reset.text], [202, ''])
  assert.deepEqual((await call(base, 'GET', '/connectors/c/topics')).body, { c: { topics: [] } })

  herder.allowTopicReset = false
  assert.deepEqual((await call(base, 'PUT', '/connectors/c/topics/reset')).body, json(403, 'Topic tracking reset is disabled.'))
  herder.trackTopics = false
  const off = await call(base, 'GET', '/connectors/c/topics')
  assert.deepEqual([off.status, off.body], [403, json(403, 'Topic tracking is disabled.')])
  assert.deepEqual((await call(base, 'PUT', '/connectors/c/topics/reset')).body, json(403, 'Topic tracking is disabled.'))
})
