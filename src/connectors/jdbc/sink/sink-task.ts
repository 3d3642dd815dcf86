// io.confluent.connect.jdbc.sink.JdbcSinkTask: each put() is written in one database transaction. A transient
// failure (connection lost, server down, deadlock) closes the connection, asks the runtime to wait retry.backoff.ms
// and throws a RetriableError, so the same records come again — up to max.retries times in a row, then the task
// fails. Other failures (constraint violations, bad values, missing tables) fail the task at once with a ConnectError
// naming the table and column; with an errant record reporter (errors.tolerance=all) the put is instead retried record
// by record and the records that still fail are reported.
import { ConnectError, RetriableError, SinkTask, type OffsetAndMetadata, type Props, type SinkRecord, type TopicPartition } from '../../../api/index.ts'
import { DIALECT_NAMES, JDBC_SINK_VERSION, parseJdbcSinkConfig, type DialectKind, type JdbcSinkConfig } from './config.ts'
import { dialectKindOf, parseJdbcUrl, sanitizeJdbcUrl } from './connection-url.ts'
import type { Dialect } from './dialect.ts'
import { MySqlDialect } from './mysql.ts'
import { PostgresDialect } from './postgres.ts'
import { SqliteDialect } from './sqlite.ts'
import { JdbcWriter } from './writer.ts'

export function createDialect (config: JdbcSinkConfig, kind: DialectKind): Dialect {
  switch (kind) {
    case 'postgresql': return new PostgresDialect(config)
    case 'mysql': return new MySqlDialect(config)
    case 'sqlite': return new SqliteDialect(config)
  }
}

/** The dialect dialect.name names, else the one the URL selects (DatabaseDialects.findBestFor). */
export function dialectKindFor (config: JdbcSinkConfig): DialectKind {
  if (config.dialectName !== '') return DIALECT_NAMES[config.dialectName as keyof typeof DIALECT_NAMES]
  const kind = dialectKindOf(config.connectionUrl)
  if (kind === null) {
    throw new ConnectError(`Unable to find a dialect for the JDBC URL '${sanitizeJdbcUrl(config.connectionUrl)}': kconnect's JDBC ` +
      'sink supports jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: and jdbc:sqlite: URLs')
  }
  return kind
}

export class JdbcSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.jdbc.sink.JdbcSinkTask'

  #config: JdbcSinkConfig | null = null
  #writer: JdbcWriter | null = null
  #remainingRetries = 0
  /** Retries were used up and the current put is being written record by record. */
  #unrolling = false

  version (): string {
    return JDBC_SINK_VERSION
  }

  start (props: Props): void {
    const config = parseJdbcSinkConfig(props)
    const kind = dialectKindFor(config)
    const url = parseJdbcUrl(config.connectionUrl, kind)
    this.#config = config
    this.#writer = new JdbcWriter(config, createDialect(config, kind), url)
    this.#remainingRetries = config.maxRetries
  }

  async put (records: SinkRecord[]): Promise<void> {
    const writer = this.#writer
    const config = this.#config
    if (writer === null || config === null) throw new ConnectError('JdbcSinkTask.put() called before start()')
    if (records.length === 0) return
    try {
      await writer.write(records)
    } catch (err) {
      try {
        await this.#failed(writer, config, records, err)
      } finally {
        this.#unrolling = false
      }
      return
    }
    this.#remainingRetries = config.maxRetries
  }

  async #failed (writer: JdbcWriter, config: JdbcSinkConfig, records: SinkRecord[], err: unknown): Promise<void> {
    const reporter = this.context?.errantRecordReporter() ?? null
    if (err instanceof RetriableError) {
      await writer.reset()
      this.#retryOrFail(config, err)
    } else {
      // forget cached table definitions: the failure may come from a table changed behind our back
      writer.forgetTables()
      if (reporter === null) throw err
    }
    // unrollAndRetry: one record per transaction; what still fails goes to the reporter
    for (const record of records) {
      try {
        await writer.write([record])
      } catch (one) {
        if (one instanceof RetriableError) {
          await writer.reset()
          this.#retryOrFail(config, one)
        }
        writer.forgetTables()
        await reporter!(record, one as Error)
      }
    }
    this.#remainingRetries = config.maxRetries
  }

  /**
   * A transient failure: throw it as a RetriableError while retries remain (the runtime waits retry.backoff.ms and
   * redelivers the records); once they are used up, fail the task — unless an errant record reporter takes the
   * records (the caller then writes them one by one).
   */
  #retryOrFail (config: JdbcSinkConfig, err: RetriableError): void {
    if (this.#remainingRetries > 0) {
      this.#remainingRetries--
      this.context?.timeout(config.retryBackoffMs)
      throw err
    }
    if (this.#unrolling || this.context?.errantRecordReporter() == null) {
      throw new ConnectError(`Failing task after exhausting retries (max.retries=${config.maxRetries}): ${err.message}`, { cause: err })
    }
    this.#unrolling = true
  }

  override flush (_offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): void {
    // every put() is committed before it returns
  }

  async stop (): Promise<void> {
    const writer = this.#writer
    this.#writer = null
    if (writer !== null) await writer.close()
  }
}
