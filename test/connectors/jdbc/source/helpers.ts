// Shared bits of the JDBC source tests: connections to the machine's PostgreSQL and MariaDB (failing with the command
// that starts a stopped server, never skipping), unique table names dropped after each test, an in-memory offset store
// that round-trips offsets through JSON as the runtime does, and drivers for the connector and task.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type {
  OffsetStorageReader, Props, SourceConnectorContext, SourceMap, SourceRecord, SourceTaskContext
} from '../../../../src/api/index.ts'
import { JdbcSourceConnector, JdbcSourceTask } from '../../../../src/connectors/jdbc/source-index.ts'

export const PG_URL = 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres'
export const MYSQL_URL = 'jdbc:mysql://127.0.0.1:3306/test?user=root'
export const MARIADB_URL = 'jdbc:mariadb://127.0.0.1:3306/test'

const cleanups = new WeakMap<TestContext, Array<() => unknown>>()

/** Registers cleanup work that runs after the test, last registered first (t.after runs hooks in order). */
export function onCleanup (t: TestContext, fn: () => unknown): void {
  let stack = cleanups.get(t)
  if (stack === undefined) {
    const s: Array<() => unknown> = []
    stack = s
    cleanups.set(t, s)
    t.after(async () => {
      while (s.length > 0) {
        try {
          await s.pop()!()
        } catch {
          // keep cleaning up
        }
      }
    })
  }
  stack.push(fn)
}

export function uniqueTable (prefix = 'kc_src'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`
}

/** A PostgreSQL client on database `test`; fails the test with the start command when the server is down. */
export async function pgClient (t: TestContext): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable on 127.0.0.1:5432 (${(err as Error).message}); start it with ` +
      "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'", { cause: err })
  }
  onCleanup(t, () => client.end())
  return client
}

/** A MariaDB connection on database `test`; fails the test with the start command when the server is down. */
export async function mysqlConn (t: TestContext): Promise<mysql.Connection> {
  let conn: mysql.Connection
  try {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test', multipleStatements: true })
  } catch (err) {
    throw new Error(`MariaDB is not reachable on 127.0.0.1:3306 (${(err as Error).message}); start it with ` +
      "'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'", { cause: err })
  }
  onCleanup(t, () => conn.end())
  return conn
}

export async function pgTable (t: TestContext, client: pg.Client, ddl: (name: string) => string, prefix?: string): Promise<string> {
  const name = uniqueTable(prefix)
  await client.query(ddl(name))
  onCleanup(t, () => client.query(`DROP TABLE IF EXISTS "${name}"`))
  return name
}

export async function mysqlTable (t: TestContext, conn: mysql.Connection, ddl: (name: string) => string, prefix?: string): Promise<string> {
  const name = uniqueTable(prefix)
  await conn.query(ddl(name))
  onCleanup(t, () => conn.query(`DROP TABLE IF EXISTS \`${name}\``))
  return name
}

export async function tempDir (t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-jdbc-'))
  onCleanup(t, () => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Offsets as the runtime keeps them: by partition JSON, values round-tripped through JSON. */
export class MemoryOffsets implements OffsetStorageReader {
  readonly #store = new Map<string, string>()

  async offset (partition: SourceMap): Promise<SourceMap | null> {
    const v = this.#store.get(JSON.stringify(partition))
    return v === undefined ? null : JSON.parse(v) as SourceMap
  }

  async offsets (partitions: readonly SourceMap[]): Promise<Map<SourceMap, SourceMap>> {
    const out = new Map<SourceMap, SourceMap>()
    for (const p of partitions) {
      const v = await this.offset(p)
      if (v !== null) out.set(p, v)
    }
    return out
  }

  /** Commits the offsets of these records (the last one per partition wins). */
  commit (records: readonly SourceRecord[]): void {
    for (const r of records) {
      if (r.sourcePartition !== null && r.sourceOffset !== null) this.#store.set(JSON.stringify(r.sourcePartition), JSON.stringify(r.sourceOffset))
    }
  }

  set (partition: SourceMap, offset: SourceMap): void {
    this.#store.set(JSON.stringify(partition), JSON.stringify(offset))
  }

  entries (): Array<[SourceMap, SourceMap]> {
    return [...this.#store].map(([k, v]) => [JSON.parse(k) as SourceMap, JSON.parse(v) as SourceMap])
  }
}

export function taskContext (props: Props, offsets: MemoryOffsets): SourceTaskContext {
  return { configs: () => props, offsetStorageReader: offsets }
}

/** Starts a task on these props (stopped after the test). */
export async function startTask (t: TestContext, props: Props, offsets = new MemoryOffsets()): Promise<JdbcSourceTask> {
  const task = new JdbcSourceTask()
  task.initialize(taskContext(props, offsets))
  onCleanup(t, () => task.stop())
  await task.start(props)
  return task
}

/** Polls until at least `count` records arrived (or `timeoutMs` passed), then polls `extraPolls` more times. */
export async function pollRecords (task: JdbcSourceTask, count: number, opts: { timeoutMs?: number, extraPolls?: number } = {}): Promise<SourceRecord[]> {
  const signal = new AbortController().signal
  const out: SourceRecord[] = []
  const deadline = Date.now() + (opts.timeoutMs ?? 15000)
  while (out.length < count && Date.now() < deadline) {
    const batch = await task.poll(signal)
    if (batch !== null) out.push(...batch)
  }
  for (let i = 0; i < (opts.extraPolls ?? 0); i++) {
    const batch = await task.poll(signal)
    if (batch !== null) out.push(...batch)
  }
  return out
}

export interface ConnectorHarness {
  readonly connector: JdbcSourceConnector
  readonly reconfigurations: () => number
  readonly errors: Error[]
}

/** Starts a connector with a context that counts reconfiguration requests (stopped after the test). */
export async function startConnector (t: TestContext, props: Props): Promise<ConnectorHarness> {
  const connector = new JdbcSourceConnector()
  let reconfigurations = 0
  const errors: Error[] = []
  const context: SourceConnectorContext = {
    requestTaskReconfiguration: () => { reconfigurations++ },
    raiseError: (err: Error) => { errors.push(err) },
    offsetStorageReader: new MemoryOffsets()
  }
  connector.initialize(context)
  onCleanup(t, () => connector.stop())
  await connector.start(props)
  return { connector, reconfigurations: () => reconfigurations, errors }
}

/** The value struct's fields as a plain object. */
export function valueOf (r: SourceRecord): Record<string, unknown> {
  const struct = r.value as { schema (): { fields (): Array<{ name (): string }> }, get (f: string): unknown }
  const out: Record<string, unknown> = {}
  for (const f of struct.schema().fields()) out[f.name()] = struct.get(f.name())
  return out
}

export async function waitFor (predicate: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
