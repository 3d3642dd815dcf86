// Confluent's TableMonitorThread: lists the database's tables every table.poll.interval.ms, filters them
// (table.whitelist / table.blacklist by exact name, or table.include.list / table.exclude.list by regex on the
// unquoted qualified name) and asks the runtime for new task configs when the set changed. A listing that fails with
// a SQL error is skipped until the next interval; a database that stays unreachable for connection.attempts tries
// fails the connector, as Confluent's monitor does.
import { ConnectError, RetriableError } from '../../../api/index.ts'
import { javaFullMatch } from './config.ts'
import {
  errorText, openSessionWithRetries, type ConnectOptions, type DbSession, type TableListing
} from './dialect.ts'
import { qualifiedName, sameTable, unquotedName, type TableId } from './table-id.ts'

export interface TableFilters {
  readonly whitelist: readonly string[]
  readonly blacklist: readonly string[]
  readonly include: readonly string[]
  readonly exclude: readonly string[]
}

export interface TableMonitorOptions {
  readonly connect: ConnectOptions
  readonly attempts: number
  readonly backoffMs: number
  readonly pollMs: number
  readonly listing: TableListing
  readonly filters: TableFilters
  /** The table set changed (not called for the first listing). */
  readonly onChange: () => void
  /** The monitor gave up (the connector should fail). */
  readonly onError: (err: Error) => void
}

/** Applies the connector's table filters to the database's tables, keeping their order. */
export function filterTables (tables: readonly TableId[], filters: TableFilters, quote: string): TableId[] {
  if (filters.include.length > 0 || filters.exclude.length > 0) {
    const include = filters.include.map(r => javaFullMatch(r.trim()))
    const exclude = filters.exclude.map(r => javaFullMatch(r.trim()))
    const out: TableId[] = []
    for (const t of tables) {
      const name = unquotedName(t)
      if (include.some(r => r.test(name)) && !exclude.some(r => r.test(name)) && !out.some(o => sameTable(o, t))) out.push(t)
    }
    return out
  }
  const names = (t: TableId): string[] => [unquotedName(t), qualifiedName(t, quote), t.table]
  if (filters.whitelist.length > 0) {
    const set = new Set(filters.whitelist.map(s => s.trim()))
    return tables.filter(t => names(t).some(n => set.has(n)))
  }
  if (filters.blacklist.length > 0) {
    const set = new Set(filters.blacklist.map(s => s.trim()))
    return tables.filter(t => !names(t).some(n => set.has(n)))
  }
  return [...tables]
}

function sameTables (a: readonly TableId[] | null, b: readonly TableId[]): boolean {
  return a !== null && a.length === b.length && a.every((t, i) => sameTable(t, b[i]!))
}

export class TableMonitor {
  readonly #opts: TableMonitorOptions
  #session: DbSession | null = null
  #tables: TableId[] | null = null
  #timer: NodeJS.Timeout | undefined
  #stopped = new AbortController()
  #running: Promise<void> | null = null
  #quote = '"'

  constructor (opts: TableMonitorOptions) {
    this.#opts = opts
  }

  /** The filtered tables of the last successful listing; null before the first. */
  tables (): TableId[] | null {
    return this.#tables === null ? null : [...this.#tables]
  }

  get quote (): string {
    return this.#quote
  }

  /** Connects and reads the table list once (a failure here fails the connector's start). */
  async start (): Promise<void> {
    this.#stopped = new AbortController()
    await this.#update(true)
    this.#schedule()
  }

  #schedule (): void {
    if (this.#stopped.signal.aborted) return
    this.#timer = setTimeout(() => {
      this.#running = this.#tick().finally(() => { this.#running = null })
    }, this.#opts.pollMs)
    this.#timer.unref()
  }

  async #tick (): Promise<void> {
    try {
      if (await this.#update(false)) this.#opts.onChange()
    } catch (err) {
      if (this.#stopped.signal.aborted) return
      const error = new ConnectError(`Encountered an unrecoverable error while reading tables from the database: ${errorText(err)}`, { cause: err })
      this.#opts.onError(error)
      return
    }
    this.#schedule()
  }

  /** Lists and filters the tables; true when the set changed. */
  async #update (first: boolean): Promise<boolean> {
    if (this.#session === null) {
      this.#session = await openSessionWithRetries(this.#opts.connect, this.#opts.attempts, this.#opts.backoffMs, this.#stopped.signal)
      this.#quote = this.#session.quote
    }
    let all: TableId[]
    try {
      all = await this.#session.listTables(this.#opts.listing)
    } catch (err) {
      await this.#closeSession()
      if (first) {
        if (err instanceof ConnectError) throw err
        throw new RetriableError(`JDBC source connector '${this.#opts.connect.connector}': could not list the tables: ${errorText(err)}`, { cause: err })
      }
      console.warn(`JDBC source connector '${this.#opts.connect.connector}': error while trying to get updated table list, ` +
        `ignoring and waiting for next table poll interval: ${errorText(err)}`)
      return false
    }
    const filtered = filterTables(all, this.#opts.filters, this.#quote)
    const changed = !sameTables(this.#tables, filtered)
    this.#tables = filtered
    return changed
  }

  async #closeSession (): Promise<void> {
    const s = this.#session
    this.#session = null
    await s?.close().catch(() => {})
  }

  async stop (): Promise<void> {
    this.#stopped.abort()
    clearTimeout(this.#timer)
    await this.#running?.catch(() => {})
    await this.#closeSession()
  }
}
