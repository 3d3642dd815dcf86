// Shared bits of the JDBC sink tests: one harness per database (the machine's real PostgreSQL and MariaDB, SQLite
// temp files) that gives a connection URL, runs SQL, reads rows back as text and drops the tables a test made; a
// SinkTaskContext that records timeout() and can carry an errant record reporter; record builders.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { TestContext } from 'node:test'
import mysql from 'mysql2/promise'
import pg from 'pg'
import {
  SinkRecord, type ErrantRecordReporter, type Schema, type SinkTaskContext, type TopicPartition
} from '../../../../src/api/index.ts'
import { JdbcSinkTask } from '../../../../src/connectors/jdbc/sink-index.ts'

export type Kind = 'postgresql' | 'mysql' | 'sqlite'

/** A value read back, normalized: null, a string (numbers, text, dates) or `x:<hex>` for binary. */
export type Cell = string | null

export interface Harness {
  readonly kind: Kind
  readonly url: string
  /** Runs SQL (setup, checks); `?` placeholders for every database. */
  exec (sql: string, params?: unknown[]): Promise<void>
  /** All rows of a table ordered by the given columns, every value normalized. */
  rows (table: string, orderBy: string): Promise<Array<Record<string, Cell>>>
  /** Column names of a table, in order. */
  columns (table: string): Promise<string[]>
  /** Quotes an identifier for this database. */
  q (name: string): string
  close (): Promise<void>
}

const START = {
  postgresql: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  mysql: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'
}

function norm (v: unknown): Cell {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return 'x:' + v.toString('hex')
  if (v instanceof Uint8Array) return 'x:' + Buffer.from(v).toString('hex')
  return String(v)
}

let counter = 0
/** A table name no other test (or earlier run) uses. */
export function uniqueName (prefix: string): string {
  return `kc_${prefix}_${process.pid}_${Date.now() % 1_000_000}_${++counter}`
}

async function postgres (): Promise<Harness> {
  // every value as the server's text, so numbers, dates and bytea compare exactly
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', types: { getTypeParser: () => (v: string) => v } as never })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, database test): ${(err as Error).message}. ` +
      `Start it with: ${START.postgresql}`)
  }
  client.on('error', () => {})
  const toPg = (sql: string): string => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`) }
  return {
    kind: 'postgresql',
    url: 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres',
    async exec (sql, params = []) { await client.query(toPg(sql), params) },
    async rows (table, orderBy) {
      const res = await client.query(`SELECT * FROM "${table}" ORDER BY ${orderBy}`)
      return res.rows.map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])))
    },
    async columns (table) {
      const res = await client.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [table])
      return res.rows.map(r => String(r.column_name))
    },
    q: name => `"${name}"`,
    async close () { await client.end() }
  }
}

async function mariadb (): Promise<Harness> {
  let conn: mysql.Connection
  try {
    conn = await mysql.createConnection({
      host: '127.0.0.1', port: 3306, user: 'root', database: 'test', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true, decimalNumbers: false
    })
  } catch (err) {
    throw new Error(`MariaDB is not reachable at 127.0.0.1:3306 (root, no password, database test): ${(err as Error).message}. ` +
      `Start it with: ${START.mysql}`)
  }
  return {
    kind: 'mysql',
    url: 'jdbc:mysql://127.0.0.1:3306/test?user=root',
    async exec (sql, params = []) { await conn.query(sql, params) },
    async rows (table, orderBy) {
      const [rows] = await conn.query(`SELECT * FROM \`${table}\` ORDER BY ${orderBy.replaceAll('"', '`')}`)
      return (rows as Array<Record<string, unknown>>).map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])))
    },
    async columns (table) {
      const [rows] = await conn.query('SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [table])
      return (rows as Array<{ c: string }>).map(r => r.c)
    },
    q: name => `\`${name}\``,
    async close () { await conn.end() }
  }
}

async function sqlite (t: TestContext): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-jdbc-sink-'))
  const file = join(dir, 'test.db')
  const db = new DatabaseSync(file, { readBigInts: true })
  t.after(async () => {
    if (db.isOpen) db.close()
    await rm(dir, { recursive: true, force: true })
  })
  return {
    kind: 'sqlite',
    url: `jdbc:sqlite:${file}`,
    async exec (sql, params = []) {
      if (params.length === 0) db.exec(sql)
      else db.prepare(sql).run(...(params as Array<string | number | bigint | null>))
    },
    async rows (table, orderBy) {
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY ${orderBy}`).all() as Array<Record<string, unknown>>
      return rows.map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])))
    },
    async columns (table) {
      return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map(r => r.name)
    },
    q: name => `"${name}"`,
    async close () { if (db.isOpen) db.close() }
  }
}

/** A harness for the database, closed after the test; tables named in `tables` are dropped after the test. */
export async function harness (t: TestContext, kind: Kind): Promise<Harness & { table (prefix?: string): string }> {
  const h = kind === 'postgresql' ? await postgres() : kind === 'mysql' ? await mariadb() : await sqlite(t)
  const made: string[] = []
  t.after(async () => {
    for (const name of made) await h.exec(`DROP TABLE IF EXISTS ${h.q(name)}`).catch(() => {})
    await h.close()
  })
  return Object.assign(h, {
    table (prefix = 't'): string {
      const name = uniqueName(prefix)
      made.push(name)
      return name
    }
  })
}

export interface TestContextRecorder extends SinkTaskContext {
  readonly timeouts: number[]
  readonly reported: Array<{ record: SinkRecord, error: Error }>
}

export function sinkContext (props: Record<string, string>, withReporter = false): TestContextRecorder {
  const timeouts: number[] = []
  const reported: Array<{ record: SinkRecord, error: Error }> = []
  const reporter: ErrantRecordReporter = async (record, error) => { reported.push({ record, error }) }
  return {
    timeouts,
    reported,
    configs: () => props,
    offset: () => {},
    timeout: ms => { timeouts.push(ms) },
    assignment: (): TopicPartition[] => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => withReporter ? reporter : null
  }
}

/** A started JdbcSinkTask for these props (plus `name`), stopped after the test. */
export function startTask (t: TestContext, props: Record<string, string>, withReporter = false): { task: JdbcSinkTask, context: TestContextRecorder } {
  const all = { name: 'jdbc-sink-test', ...props }
  const task = new JdbcSinkTask()
  const context = sinkContext(all, withReporter)
  task.initialize(context)
  task.start(all)
  t.after(() => task.stop())
  return { task, context }
}

let nextOffset = 0
export interface RecordInit {
  topic: string
  key?: unknown
  keySchema?: Schema | null
  value: unknown
  valueSchema?: Schema | null
  partition?: number
  offset?: number
}

export function rec (init: RecordInit): SinkRecord {
  return new SinkRecord({
    topic: init.topic,
    kafkaPartition: init.partition ?? 0,
    kafkaOffset: init.offset ?? nextOffset++,
    key: init.key ?? null,
    keySchema: init.keySchema ?? null,
    value: init.value,
    valueSchema: init.valueSchema ?? null,
    timestamp: 1_700_000_000_000
  })
}
