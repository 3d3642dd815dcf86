// Shared bits of the Redis connector tests: a raw node-redis client on the real local server (127.0.0.1:6379) that
// fails with the command to start Redis when it is down, and unique key prefixes removed after each test. Task
// contexts and the TCP proxy come from contexts.ts.
import type { TestContext } from 'node:test'
import { createClient } from 'redis'
import { uniqueName } from '../../helpers/names.ts'

export { closedPort, memoryOffsets, sinkContext, sourceContext, tcpProxy, type Proxy, type TestSinkContext } from './contexts.ts'

export const REDIS_HOST = '127.0.0.1'
export const REDIS_PORT = 6379
export const REDIS_URI = `redis://${REDIS_HOST}:${REDIS_PORT}`

const START_HINT = 'start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" ' +
  '--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'

export type RawClient = ReturnType<typeof makeRaw>

function makeRaw () {
  return createClient({ url: REDIS_URI, RESP: 2, socket: { connectTimeout: 2000, reconnectStrategy: false } })
}

/** A connected client for assertions; closed after the test. Fails clearly when no Redis server runs. */
export async function redis (t: TestContext): Promise<RawClient> {
  const client = makeRaw()
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    throw new Error(`These tests need the local Redis server at ${REDIS_HOST}:${REDIS_PORT} (${(err as Error).message}); ${START_HINT}`)
  }
  t.after(async () => { if (client.isOpen) await client.close() })
  return client
}

/** Runs `fn` with a fresh connection after the test (the test's own clients may already be closed by then). */
export function afterWithRedis (t: TestContext, fn: (client: RawClient) => Promise<unknown>): void {
  t.after(async () => {
    const client = makeRaw()
    client.on('error', () => {})
    await client.connect()
    try {
      await fn(client)
    } finally {
      await client.close()
    }
  })
}

/** A unique key prefix; every key under it is deleted after the test. */
export function keyPrefix (t: TestContext): string {
  const prefix = `kc-test:${uniqueName('r')}`
  afterWithRedis(t, async client => {
    const keys: string[] = []
    for await (const page of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...page)
    if (keys.length > 0) await client.del(keys)
  })
  return prefix
}

