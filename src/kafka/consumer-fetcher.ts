// The fetch loop of a KafkaConsumer: one Fetch in flight per leader, for the assigned partitions that are not
// paused, have a position, are not backing off and have less than one poll's worth of records buffered. Requests
// go through the library's Fetch codec (the highest version both sides know) on a connection pool of their own,
// without a fetch session; answers are checked against the partition's epoch and position so that a seek, a reset
// or a rebalance in the meantime drops them. Errors are per partition: out of range → auto.offset.reset, stale
// leadership → metadata refresh, anything else → back off (and fail the next poll if it cannot be retried).
import { kGetApi, type API, type Connection, type ConnectionPool, type Consumer, type fetchV17 } from '@platformatic/kafka'
import type { Logger } from 'pino'
import type { ConsumerSettings } from './client-config.ts'
import { KafkaClientError, isRetriable, toConnectError } from './errors.ts'
import { convertBatches } from './fetched-records.ts'
import type { PartitionPositions, PartitionState } from './consumer-positions.ts'
import { tpKey } from './types.ts'

export type AnyApi = API<any[], any>
type FetchRequestTopic = fetchV17.FetchRequestTopic
type FetchResponse = fetchV17.FetchResponse

/** Fetch partition errors after which metadata is refreshed and the partition retried. */
const STALE_METADATA_CODES = new Set([3, 5, 6, 74, 75, 76])

/** The library's codec of an API, at the highest version the broker and the library share. */
export function getApi (client: Consumer, name: string): Promise<AnyApi> {
  return new Promise((resolve, reject) => {
    client[kGetApi]<any[], any>(name, ((err: Error | null, api?: AnyApi) => err !== null ? reject(err) : resolve(api!)) as never)
  })
}

export interface FetcherOptions {
  client: Consumer
  pool: ConnectionPool
  settings: ConsumerSettings
  positions: PartitionPositions
  backoffMs: () => number
  /** Records arrived or positions changed: wake poll(). */
  onData: () => void
  onFatal: (err: Error) => void
  logger?: Logger | undefined
  clientId: string
}

interface Requested { epoch: number, offset: number }

export class Fetcher {
  readonly #o: FetcherOptions
  readonly #inflightNodes = new Set<number>()
  #metadataLoading = false
  #retryTimer: NodeJS.Timeout | null = null
  #closed = false

  constructor (options: FetcherOptions) {
    this.#o = options
  }

  close (): void {
    this.#closed = true
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
  }

  /** Sends a Fetch to every leader that has fetchable partitions and no Fetch in flight. */
  maybeFetch (): void {
    if (this.#closed) return
    const { client, positions, settings } = this.#o
    const md = client.currentMetadata
    const byNode = new Map<number, PartitionState[]>()
    let missing = false
    let backingOff = false
    const now = Date.now()
    for (const s of positions.all()) {
      if (!positions.fetchable(s, now, settings.maxPollRecords)) {
        if (s.backoffUntil > now && s.backoffUntil !== Number.POSITIVE_INFINITY) backingOff = true
        continue
      }
      const leader = md?.topics.get(s.topic)?.partitions[s.partition]?.leader
      if (leader === undefined || leader < 0) {
        missing = true
        continue
      }
      if (this.#inflightNodes.has(leader)) continue
      let list = byNode.get(leader)
      if (list === undefined) byNode.set(leader, list = [])
      list.push(s)
    }
    if (missing) this.#loadMetadata()
    if (backingOff) this.#retryLater()
    for (const [node, states] of byNode) this.#fetch(node, states)
  }

  #retryLater (): void {
    if (this.#retryTimer !== null || this.#closed) return
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      this.#o.positions.resolveMissing()
      this.maybeFetch()
    }, this.#o.backoffMs())
    this.#retryTimer.unref()
  }

  #loadMetadata (): void {
    if (this.#metadataLoading || this.#closed) return
    this.#metadataLoading = true
    const topics = [...new Set(this.#o.positions.all().map(s => s.topic))]
    this.#o.client.metadata({ topics, forceUpdate: true }, err => {
      this.#metadataLoading = false
      if (err) {
        this.#o.logger?.debug({ err, clientId: this.#o.clientId }, 'metadata refresh failed')
        const until = Date.now() + this.#o.backoffMs()
        for (const s of this.#o.positions.all()) s.backoffUntil = Math.max(s.backoffUntil, until)
      }
      this.maybeFetch()
    })
  }

  #fetch (node: number, states: PartitionState[]): void {
    const { client, pool, settings } = this.#o
    const md = client.currentMetadata!
    const broker = md.brokers.get(node)
    if (broker === undefined) {
      this.#loadMetadata()
      return
    }
    this.#inflightNodes.add(node)
    const requested = new Map<string, Requested>()
    for (const s of states) requested.set(s.key, { epoch: s.epoch, offset: s.fetchPosition! })
    const done = (err: Error | null, response: FetchResponse | undefined, names: Map<string, string>): void => {
      this.#inflightNodes.delete(node)
      if (this.#closed) return
      this.#onFetched(states, requested, err, response, names)
      this.maybeFetch()
    }
    getApi(client, 'Fetch').then(api => {
      // Fetch v13+ names topics by id, older versions by name.
      const useNames = api.version <= 12
      const names = new Map<string, string>()
      const topics = new Map<string, FetchRequestTopic>()
      for (const s of states) {
        const id = useNames ? s.topic : md.topics.get(s.topic)?.id ?? s.topic
        names.set(id, s.topic)
        let t = topics.get(id)
        if (t === undefined) topics.set(id, t = { topicId: id, partitions: [] })
        t.partitions.push({ partition: s.partition, fetchOffset: BigInt(s.fetchPosition!), currentLeaderEpoch: -1, lastFetchedEpoch: -1, partitionMaxBytes: settings.maxPartitionFetchBytes })
      }
      pool.get(broker, (err: Error | null, connection?: Connection) => {
        if (err !== null || connection === undefined) {
          done(err ?? new KafkaClientError('No connection'), undefined, names)
          return
        }
        // Session id 0 with epoch -1: a full fetch without a fetch session (KIP-227).
        api(connection, settings.fetchMaxWaitMs, settings.fetchMinBytes, settings.fetchMaxBytes, settings.isolationLevel, 0, -1, [...topics.values()], [], '',
          (error: Error | null, response: FetchResponse) => done(error, response, names))
      })
    }, (err: Error) => done(err, undefined, new Map()))
  }

  #onFetched (states: PartitionState[], requested: Map<string, Requested>, err: Error | null, response: FetchResponse | undefined, names: Map<string, string>): void {
    const { client, positions, settings, logger, clientId } = this.#o
    // A response with partition errors arrives as the error, the response attached.
    const body = response ?? (err as { response?: FetchResponse } | null)?.response
    const now = Date.now()
    const backoffUntil = now + this.#o.backoffMs()
    if (body === undefined || body.responses === undefined) {
      logger?.debug({ err, clientId }, 'fetch failed')
      for (const s of states) s.backoffUntil = backoffUntil
      if (err !== null && !isRetriable(err)) this.#o.onFatal(toConnectError(err, 'Fetch failed'))
      this.#retryLater()
      return
    }
    let staleMetadata = false
    for (const topic of body.responses) {
      const name = names.get(topic.topicId) ?? topic.topicId
      for (const p of topic.partitions) {
        const key = tpKey(name, p.partitionIndex)
        const req = requested.get(key)
        const s = positions.get(key)
        // Dropped: no longer assigned, or sought / reset since the request left.
        if (req === undefined || s === undefined || s.epoch !== req.epoch || s.fetchPosition !== req.offset) continue
        if (p.errorCode === 0) {
          const { records, nextOffset } = convertBatches(name, p.partitionIndex, req.offset, p.records ?? [], p.abortedTransactions, settings.isolationLevel === 1)
          positions.append(s, records, nextOffset)
        } else if (p.errorCode === 1) {
          logger?.info({ clientId, topic: name, partition: p.partitionIndex, offset: req.offset }, `Fetch position ${req.offset} is out of range; resetting offset (${settings.autoOffsetReset})`)
          positions.reset(s, 'policy')
        } else if (STALE_METADATA_CODES.has(p.errorCode)) {
          staleMetadata = true
          s.backoffUntil = backoffUntil
        } else {
          const codeErr = (err as AggregateError | null)?.errors?.find((e: { apiCode?: number }) => e.apiCode === p.errorCode) as Error | undefined
          if (codeErr !== undefined && !isRetriable(codeErr)) this.#o.onFatal(toConnectError(codeErr, `Fetch of ${name}-${p.partitionIndex} failed`))
          s.backoffUntil = backoffUntil
          this.#retryLater()
        }
      }
    }
    if (staleMetadata) {
      client.clearMetadata()
      this.#retryLater()
      setTimeout(() => this.#loadMetadata(), this.#o.backoffMs()).unref()
    }
    positions.resolveMissing()
    this.#o.onData()
  }
}
