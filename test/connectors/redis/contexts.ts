// Task contexts and network tools shared by the Redis and MQTT connector tests (no driver imported here): an
// in-memory offset reader, source and sink task contexts that record what a task asked for, a TCP proxy a test can
// cut or hold to simulate outages, and a port nothing listens on.
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { TestContext } from 'node:test'
import type {
  ErrantRecordReporter, OffsetStorageReader, SinkRecord, SinkTaskContext, SourceMap, SourceTaskContext, TopicPartition
} from '../../../src/api/index.ts'

/** An OffsetStorageReader over a map keyed by the JSON of the partition. */
export function memoryOffsets (entries: Array<[SourceMap, SourceMap]> = []): OffsetStorageReader & { set (p: SourceMap, o: SourceMap): void } {
  const store = new Map<string, SourceMap>(entries.map(([p, o]) => [JSON.stringify(p), o]))
  return {
    set (p, o) { store.set(JSON.stringify(p), o) },
    async offset (partition) { return store.get(JSON.stringify(partition)) ?? null },
    async offsets (partitions) {
      const out = new Map<SourceMap, SourceMap>()
      for (const p of partitions) {
        const o = store.get(JSON.stringify(p))
        if (o !== undefined) out.set(p, o)
      }
      return out
    }
  }
}

export function sourceContext (props: Record<string, string>, offsets: OffsetStorageReader = memoryOffsets()): SourceTaskContext {
  return { configs: () => props, offsetStorageReader: offsets }
}

export interface TestSinkContext extends SinkTaskContext {
  readonly rewound: Array<[TopicPartition, number]>
  readonly reported: Array<[SinkRecord, Error]>
}

/** A sink task context recording offset() calls and, with `withReporter`, errant records. */
export function sinkContext (props: Record<string, string>, withReporter = false): TestSinkContext {
  const rewound: Array<[TopicPartition, number]> = []
  const reported: Array<[SinkRecord, Error]> = []
  const reporter: ErrantRecordReporter = async (record, error) => { reported.push([record, error]) }
  return {
    rewound,
    reported,
    configs: () => props,
    offset (offsets, offset) {
      if (offset !== undefined) rewound.push([offsets as TopicPartition, offset])
      else for (const [tp, o] of offsets as ReadonlyMap<TopicPartition, number>) rewound.push([tp, o])
    },
    timeout () {},
    assignment: () => [],
    pause () {},
    resume () {},
    requestCommit () {},
    errantRecordReporter: () => withReporter ? reporter : null
  }
}

/**
 * A TCP proxy to a target port that the test can cut (close every connection, refuse new ones) and restore, or whose
 * server-to-client direction it can hold (replies wait in the proxy) and release.
 */
export interface Proxy {
  readonly port: number
  /** Stops forwarding one direction: 'down' = server to client (default), 'up' = client to server. */
  hold (direction?: 'up' | 'down'): void
  release (direction?: 'up' | 'down'): void
  cut (): Promise<void>
  restore (): Promise<void>
  close (): Promise<void>
}

export async function tcpProxy (t: TestContext, targetPort: number, targetHost = '127.0.0.1'): Promise<Proxy> {
  const sockets = new Set<Socket>()
  const pairs = new Set<[Socket, Socket]>()
  const held = { up: false, down: false }
  let server: Server | null = null
  let port = 0
  const listen = (): Promise<void> => new Promise((resolve, reject) => {
    const s = createServer(client => {
      const upstream = connect(targetPort, targetHost)
      sockets.add(client)
      sockets.add(upstream)
      const pair: [Socket, Socket] = [client, upstream]
      pairs.add(pair)
      const drop = (): void => {
        client.destroy()
        upstream.destroy()
        sockets.delete(client)
        sockets.delete(upstream)
        pairs.delete(pair)
      }
      client.on('error', drop).on('close', drop)
      upstream.on('error', drop).on('close', drop)
      if (!held.up) client.pipe(upstream)
      else client.pause()
      if (!held.down) upstream.pipe(client)
    })
    s.once('error', reject)
    s.listen(port, '127.0.0.1', () => {
      port = (s.address() as { port: number }).port
      server = s
      resolve()
    })
  })
  const stop = (): Promise<void> => new Promise(resolve => {
    for (const s of sockets) s.destroy()
    sockets.clear()
    if (server === null) return resolve()
    server.close(() => resolve())
    server = null
  })
  await listen()
  const proxy: Proxy = {
    get port () { return port },
    hold (direction = 'down') {
      held[direction] = true
      for (const [client, upstream] of pairs) {
        if (direction === 'down') upstream.unpipe(client)
        else {
          client.unpipe(upstream)
          client.pause()
        }
      }
    },
    release (direction = 'down') {
      held[direction] = false
      for (const [client, upstream] of pairs) {
        if (direction === 'down') upstream.pipe(client)
        else client.pipe(upstream)
      }
    },
    cut: stop,
    restore: listen,
    close: stop
  }
  t.after(() => proxy.close())
  return proxy
}

/** A local port nothing listens on. */
export async function closedPort (): Promise<number> {
  const s = createServer()
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise<void>(resolve => s.close(() => resolve()))
  return port
}
