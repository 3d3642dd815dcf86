// The server around the routes: GET / and /health, Jersey's 404/405/OPTIONS, error bodies (malformed JSON, body
// limit, bad URL, 500s without stacks, request timeout), CORS, response.http.headers.config, listeners, admin
// listeners, /metrics, and that request logging never carries secrets.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRestServer } from '../../src/rest/server.ts'
import { parseListener } from '../../src/rest/listeners.ts'
import { parseHeaderRules, splitRules } from '../../src/rest/response-headers.ts'
import { MemoryHerder, SOURCE_CLASS } from '../helpers/memory-herder.ts'
import { call, json, startRest } from './support.ts'

test('GET / (ServerInfo in order) and GET /health (200 healthy / 503 starting)', async (t) => {
  const { base, herder } = await startRest(t)
  const root = await call(base, 'GET', '/')
  assert.equal(root.status, 200)
  assert.equal(root.headers.get('content-type'), 'application/json')
  assert.equal(root.text, '{"version":"4.0.0-SNAPSHOT","commit":"1eb7644349cb0713","kafka_cluster_id":"q1Sh-9_ISia_zwGINzRvyQ"}')
  const healthy = await call(base, 'GET', '/health')
  assert.equal(healthy.status, 200)
  assert.equal(healthy.text, '{"status":"healthy","message":"Worker has completed startup and is ready to handle requests."}')
  herder.isReady = false
  const starting = await call(base, 'GET', '/health')
  assert.deepEqual([starting.status, starting.body], [503, { status: 'starting', message: 'Worker is still starting up.' }])
})

test('unknown path 404, known path with another method 405, OPTIONS 200 with Allow, HEAD, trailing slash', async (t) => {
  const { base } = await startRest(t)
  for (const path of ['/nowhere', '/connectors/a/b/c', '/admin', '/metrics', '/Connectors']) {
    const r = await call(base, 'GET', path)
    assert.deepEqual([r.status, r.text], [404, '{"error_code":404,"message":"HTTP 404 Not Found"}'], path)
  }
  for (const [method, path] of [['DELETE', '/connectors'], ['POST', '/'], ['PUT', '/connectors/x'], ['GET', '/connectors/x/restart'], ['POST', '/admin/loggers']]) {
    const r = await call(base, method!, path!)
    assert.deepEqual([r.status, r.text], [405, '{"error_code":405,"message":"HTTP 405 Method Not Allowed"}'], `${method} ${path}`)
  }
  const options = await call(base, 'OPTIONS', '/connectors')
  assert.deepEqual([options.status, options.text, options.headers.get('allow')], [200, '', 'GET,POST,HEAD,OPTIONS'])
  assert.equal((await call(base, 'OPTIONS', '/connectors/x/config')).headers.get('allow'), 'GET,PUT,PATCH,HEAD,OPTIONS')
  assert.equal((await call(base, 'OPTIONS', '/nowhere')).status, 404)
  const head = await call(base, 'HEAD', '/connectors')
  assert.deepEqual([head.status, head.text], [200, ''])
  assert.deepEqual((await call(base, 'GET', '/connectors/')).body, [])
})

test('bad requests: malformed JSON 400, empty body, body limit 413, bad percent-encoding 400', async (t) => {
  const { base } = await startRest(t, { bodyLimit: 1024 })
  const malformed = await call(base, 'POST', '/connectors', '{"name": "x", "config": {', { 'content-type': 'application/json' })
  assert.equal(malformed.status, 400)
  assert.equal(malformed.headers.get('content-type'), 'application/json')
  assert.equal(malformed.body.error_code, 400)
  assert.match(malformed.body.message, /^Malformed JSON in request body: /)
  // Bodies are JSON whatever the content type says (or without one).
  assert.equal((await call(base, 'PUT', '/connectors/x/config', JSON.stringify({ 'connector.class': SOURCE_CLASS }), { 'content-type': 'text/plain' })).status, 201)
  assert.deepEqual((await call(base, 'PUT', '/connectors/y/config', '', { 'content-type': 'application/json' })).body,
    json(400, 'The connector config must be a JSON object of string keys and string values'))
  const big = await call(base, 'PUT', '/connectors/x/config', JSON.stringify({ blob: 'x'.repeat(2000) }), { 'content-type': 'application/json' })
  assert.deepEqual([big.status, big.body], [413, json(413, 'Request body is larger than the limit of 1024 bytes')])
  const badUrl = await call(base, 'GET', '/connectors/%zz')
  assert.deepEqual([badUrl.status, badUrl.body], [400, json(400, 'Request path is not a valid URL (bad percent-encoding)')])
  assert.equal(badUrl.headers.get('content-type'), 'application/json')
})

test('herder failures: 500 with the message and no stack; non-Error throws; request timeout', async (t) => {
  const herder = new MemoryHerder()
  Object.assign(herder, {
    connectorInfo: async () => { throw new Error('boom') },
    connectorConfig: async () => { throw new Error('') },
    taskConfigs: () => new Promise(() => {}),
    connectorStatus: () => { throw 'plain string' as unknown as Error }
  })
  const { base, logs } = await startRest(t, { requestTimeoutMs: 100 }, herder)
  const boom = await call(base, 'GET', '/connectors/x')
  assert.deepEqual([boom.status, boom.text], [500, '{"error_code":500,"message":"boom"}'])
  assert.deepEqual((await call(base, 'GET', '/connectors/x/config')).body, json(500, null as unknown as string))
  assert.deepEqual((await call(base, 'GET', '/connectors/x/status')).body, json(500, 'plain string'))
  const started = Date.now()
  assert.deepEqual((await call(base, 'GET', '/connectors/x/tasks')).body, json(500, 'Request timed out'))
  assert.ok(Date.now() - started < 3000)
  assert.match(logs(), /Uncaught exception in REST call/)
})

test('CORS: off without allow.origin; allowed origins get headers, others none; preflight per Jetty rules', async (t) => {
  const off = await startRest(t)
  assert.equal((await call(off.base, 'GET', '/connectors', undefined, { origin: 'http://ui.example' })).headers.get('access-control-allow-origin'), null)

  const { base } = await startRest(t, { accessControlAllowOrigin: 'http://ui.example, https://*.corp.example', accessControlAllowMethods: 'GET,POST,PUT,DELETE' })
  const get = await call(base, 'GET', '/connectors', undefined, { origin: 'http://ui.example' })
  assert.equal(get.status, 200)
  assert.equal(get.headers.get('access-control-allow-origin'), 'http://ui.example')
  assert.equal(get.headers.get('access-control-allow-credentials'), 'true')
  assert.equal(get.headers.get('vary'), 'Origin')
  assert.equal(get.headers.get('access-control-allow-methods'), null)
  assert.equal((await call(base, 'GET', '/connectors', undefined, { origin: 'https://a.corp.example' })).headers.get('access-control-allow-origin'), 'https://a.corp.example')
  assert.equal((await call(base, 'GET', '/connectors', undefined, { origin: 'http://evil.example' })).headers.get('access-control-allow-origin'), null)
  assert.equal((await call(base, 'GET', '/connectors')).headers.get('access-control-allow-origin'), null)
  // Errors carry the headers too.
  assert.equal((await call(base, 'GET', '/nowhere', undefined, { origin: 'http://ui.example' })).headers.get('access-control-allow-origin'), 'http://ui.example')

  const pre = await call(base, 'OPTIONS', '/connectors', undefined, { origin: 'http://ui.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' })
  assert.equal(pre.status, 200)
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://ui.example')
  assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,POST,PUT,DELETE')
  assert.equal(pre.headers.get('access-control-allow-headers'), 'X-Requested-With,Content-Type,Accept,Origin')
  assert.equal(pre.headers.get('access-control-max-age'), '1800')
  const badMethod = await call(base, 'OPTIONS', '/connectors', undefined, { origin: 'http://ui.example', 'access-control-request-method': 'PATCH' })
  assert.equal(badMethod.headers.get('access-control-allow-origin'), null)
  const badHeader = await call(base, 'OPTIONS', '/connectors', undefined, { origin: 'http://ui.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Secret' })
  assert.equal(badHeader.headers.get('access-control-allow-origin'), null)

  const any = await startRest(t, { accessControlAllowOrigin: '*' })
  const anyGet = await call(any.base, 'GET', '/', undefined, { origin: 'http://x.example' })
  assert.equal(anyGet.headers.get('access-control-allow-origin'), 'http://x.example')
  assert.equal(anyGet.headers.get('vary'), null)
  const anyPre = await call(any.base, 'OPTIONS', '/connectors', undefined, { origin: 'http://x.example', 'access-control-request-method': 'POST' })
  assert.equal(anyPre.headers.get('access-control-allow-methods'), 'GET,POST,HEAD')
})

test('response.http.headers.config: set, add, setDate, addDate on every response (errors included)', async (t) => {
  const { base } = await startRest(t, {
    responseHttpHeaders: 'set X-Frame-Options: DENY, "add Cache-Control: no-cache, no-store", add Cache-Control: must-revalidate, ' +
      'SETDATE Expires: 3600000, addDate X-When: 0, add X-List: "a, b"'
  })
  for (const path of ['/connectors', '/nowhere', '/connectors/none']) {
    const r = await call(base, 'GET', path)
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path)
    assert.equal(r.headers.get('cache-control'), 'no-cache, no-store, must-revalidate', path)
    assert.equal(r.headers.get('x-list'), 'a, b')
    const expires = Date.parse(r.headers.get('expires')!)
    assert.ok(Math.abs(expires - (Date.now() + 3600000)) < 5000, r.headers.get('expires')!)
    assert.match(r.headers.get('x-when')!, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
  }
  assert.deepEqual(splitRules('set A: 1, "add B: x, y", add C: "p, q",,'), ['set A: 1', 'add B: x, y', 'add C: "p, q"'])
  assert.deepEqual(parseHeaderRules('add C: "p, q"'), [{ action: 'add', name: 'C', value: 'p, q' }])
  assert.deepEqual(parseHeaderRules(' '), [])
  assert.throws(() => parseHeaderRules('put X: y'), /Invalid header config action: 'put'. Expected one of \[set, add, setDate, addDate\]/)
  assert.throws(() => parseHeaderRules('set X'), /Invalid format of header name and header value pair 'X'/)
  assert.throws(() => parseHeaderRules('set'), /Invalid format of header config 'set'/)
  assert.throws(() => parseHeaderRules('setDate Expires: tomorrow'), /needs an offset in milliseconds/)
  await assert.rejects(createRestServer({ herder: new MemoryHerder(), listeners: ['http://127.0.0.1:0'], responseHttpHeaders: 'bogus X: y' }), /Invalid header config action/)
})

test('listeners: every entry served; empty host = all interfaces; https and bad formats refused', async (t) => {
  const server = await createRestServer({ herder: new MemoryHerder(), listeners: ['http://127.0.0.1:0', 'HTTP://:0', 'http://localhost:0'] })
  t.after(() => server.close())
  assert.equal(server.urls.length, 3)
  assert.equal(server.url, server.urls[0])
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/)
  assert.equal(server.host, '127.0.0.1')
  assert.ok(server.port > 0)
  assert.match(server.urls[1]!, /^http:\/\/127\.0\.0\.1:\d+\/$/) // all interfaces: reachable on loopback
  for (const url of server.urls) assert.deepEqual((await call(url.replace(/\/$/, ''), 'GET', '/connectors')).body, [], url)
  assert.match(server.urls[2]!, /^http:\/\/localhost:\d+\/$/)

  assert.deepEqual(parseListener('http://:8083'), { protocol: 'http', host: '', port: 8083 })
  assert.deepEqual(parseListener('http://[::1]:80'), { protocol: 'http', host: '::1', port: 80 })
  assert.throws(() => parseListener('https://:8443'), /https listeners are not supported yet/)
  assert.throws(() => parseListener('ftp://:21'), /Listener protocol must be either "http" or "https"/)
  assert.throws(() => parseListener('localhost:8083'), /doesn't have the right format \(protocol:\/\/hostname:port\)/)
  assert.throws(() => parseListener('http://:99999'), /port must be between 0 and 65535/)
  await assert.rejects(createRestServer({ herder: new MemoryHerder(), listeners: [] }), /At least one REST listener/)
  await assert.rejects(createRestServer({ herder: new MemoryHerder(), listeners: [server.url.replace(/\/$/, '')] }), /Unable to start the REST server on http:\/\/127\.0\.0\.1:\d+/)
})

test('admin.listeners: unset = /admin on the API listeners; own listeners = only there; empty = disabled', async (t) => {
  const separate = await startRest(t, { adminListeners: ['http://127.0.0.1:0'] })
  assert.equal(separate.server.adminUrls.length, 1)
  const admin = separate.server.adminUrls[0]!.replace(/\/$/, '')
  assert.equal((await call(admin, 'GET', '/admin/loggers')).status, 200)
  assert.deepEqual((await call(admin, 'GET', '/connectors')).body, json(404, 'HTTP 404 Not Found'))
  assert.deepEqual((await call(separate.base, 'GET', '/admin/loggers')).body, json(404, 'HTTP 404 Not Found'))
  assert.equal((await call(separate.base, 'GET', '/connectors')).status, 200)

  const disabled = await startRest(t, { adminListeners: [] })
  assert.deepEqual(disabled.server.adminUrls, [])
  assert.equal((await call(disabled.base, 'GET', '/admin/loggers')).status, 404)
  const shared = await startRest(t)
  assert.equal((await call(shared.base, 'GET', '/admin/loggers')).status, 200)
})

test('GET /metrics: the provided text and content type; 404 without a source', async (t) => {
  const { base } = await startRest(t, { metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'x_total 1\n' }) })
  const m = await call(base, 'GET', '/metrics')
  assert.deepEqual([m.status, m.text, m.headers.get('content-type')], [200, 'x_total 1\n', 'text/plain; version=0.0.4; charset=utf-8'])
  const none = await startRest(t)
  assert.deepEqual((await call(none.base, 'GET', '/metrics')).body, json(404, 'HTTP 404 Not Found'))
})

test('request log at debug: method, URL and status; request bodies (and their secrets) never logged', async (t) => {
  const { base, logs } = await startRest(t)
  const secret = 'hunter2-very-secret'
  await call(base, 'PUT', '/connectors/db/config', { 'connector.class': SOURCE_CLASS, 'connection.password': secret })
  await call(base, 'POST', '/connectors', { name: 'db2', config: { 'connector.class': SOURCE_CLASS, 'connection.password': secret } })
  await call(base, 'PUT', '/connector-plugins/MemorySource/config/validate', { 'connector.class': 'MemorySource', 'connection.password': secret })
  await call(base, 'PUT', '/connectors/db/config', `{"connection.password": "${secret}", oops}`, { 'content-type': 'application/json' })
  await call(base, 'PUT', '/connectors/db3/config', { 'connection.password': secret })
  const lines = logs().split('\n').filter(l => l !== '').map(l => JSON.parse(l) as Record<string, unknown>)
  const requests = lines.filter(l => l.msg === 'REST request')
  assert.ok(requests.some(l => l.method === 'PUT' && l.url === '/connectors/db/config' && l.status === 201 && l.level === 20), JSON.stringify(requests))
  assert.ok(requests.some(l => l.status === 400))
  assert.ok(!logs().includes(secret), logs())
})
