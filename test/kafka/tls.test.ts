// security.protocol=SSL end to end: a TLS terminator (requiring a client certificate) in front of the embedded
// broker, which advertises the terminator's address. The PEM trust store and key store mapping, inline and from
// files, and ssl.endpoint.identification.algorithm are exercised with real handshakes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { connect, type Socket } from 'node:net'
import { createServer } from 'node:tls'
import { once } from 'node:events'
import { startBroker, tempDir } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { KafkaAdmin, KafkaConsumer, KafkaProducer } from '../../src/kafka/index.ts'
import { pollUntil, str } from './helpers.ts'

const run = promisify(execFile)

/** Every `code` in an error's cause / AggregateError chain. */
function codes (err: unknown, depth = 0): string[] {
  if (err === null || typeof err !== 'object' || depth > 10) return []
  const e = err as { code?: unknown, cause?: unknown, errors?: unknown[] }
  return [...(typeof e.code === 'string' ? [e.code] : []), ...codes(e.cause, depth + 1), ...(e.errors ?? []).flatMap(x => codes(x, depth + 1))]
}

test('SSL: PEM trust store and client key store, hostname verification on and off', { timeout: 60000 }, async t => {
  const dir = await tempDir(t, 'kconnect-tls-')
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { timeout: 20000 })
  const keyPem = await readFile(key, 'utf8')
  const certPem = await readFile(cert, 'utf8')

  let brokerPort = 0
  const sockets = new Set<Socket>()
  const server = createServer({ key: keyPem, cert: certPem, ca: certPem, requestCert: true, rejectUnauthorized: true }, client => {
    const upstream = connect(brokerPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => { sockets.delete(s) })
    }
    client.pipe(upstream).pipe(client)
  })
  server.on('tlsClientError', () => {})
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(async () => {
    for (const s of sockets) s.destroy()
    await new Promise(resolve => server.close(resolve))
  })
  const tlsPort = (server.address() as { port: number }).port
  const broker = await startBroker(t, { advertisedListener: `localhost:${tlsPort}` })
  brokerPort = broker.port

  const oneLine = (pem: string): string => pem.replace(/\n/g, ' ')
  const ssl = {
    'security.protocol': 'SSL',
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.certificates': oneLine(certPem),
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.key': keyPem,
    'ssl.keystore.certificate.chain': certPem,
    'default.api.timeout.ms': '2000'
  }
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': `localhost:${tlsPort}`, ...ssl })
  t.after(() => admin.close())
  assert.equal(await admin.clusterId(), broker.clusterId)
  const topic = uniqueName('tls')
  await admin.createTopics([{ name: topic }])

  const fileStores = { 'security.protocol': 'SSL', 'ssl.truststore.location': cert, 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': join(dir, 'both.pem') }
  await run('sh', ['-c', `cat '${key}' '${cert}' > '${join(dir, 'both.pem')}'`])
  const producer = await KafkaProducer.create({ 'bootstrap.servers': `localhost:${tlsPort}`, ...fileStores })
  t.after(() => producer.close())
  const [meta] = await producer.send([{ topic, key: Buffer.from('k'), value: Buffer.from('over tls'), headers: [] }])
  assert.equal(meta!.offset, 0)
  const consumer = await KafkaConsumer.create({ 'bootstrap.servers': `localhost:${tlsPort}`, ...ssl, 'group.id': uniqueName('g'), 'fetch.max.wait.ms': '100' })
  t.after(() => consumer.close())
  consumer.subscribe([topic])
  assert.deepEqual((await pollUntil(consumer, 1)).map(r => str(r.value)), ['over tls'])

  // 127.0.0.1 is not in the certificate: refused with the hostname check, accepted without it.
  const byIp = await KafkaAdmin.create({ 'bootstrap.servers': `127.0.0.1:${tlsPort}`, ...ssl, retries: '0' })
  t.after(() => byIp.close())
  await assert.rejects(byIp.clusterId(), (e: unknown) => codes(e).includes('ERR_TLS_CERT_ALTNAME_INVALID'))
  const noCheck = await KafkaAdmin.create({ 'bootstrap.servers': `127.0.0.1:${tlsPort}`, ...ssl, 'ssl.endpoint.identification.algorithm': '' })
  t.after(() => noCheck.close())
  assert.equal(await noCheck.clusterId(), broker.clusterId)
  // Without the client certificate the terminator refuses the handshake.
  const anonymous = await KafkaAdmin.create({ 'bootstrap.servers': `localhost:${tlsPort}`, 'security.protocol': 'SSL', 'ssl.truststore.certificates': certPem, 'ssl.truststore.type': 'PEM', retries: '0' })
  t.after(() => anonymous.close())
  await assert.rejects(anonymous.clusterId(), (e: unknown) => codes(e).includes('PLT_KFK_NETWORK'))
})
