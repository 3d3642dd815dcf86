// The per-partition state of a KafkaConsumer: where poll() continues (position), where fetching continues
// (fetchPosition, ahead by what is buffered), pause flags, the buffered records, and the lookups that give a
// partition its first position (committed offset, else `auto.offset.reset`) or a new one (seekToBeginning/End,
// out-of-range fetch). An epoch per partition, bumped by every seek and reset, lets late answers be dropped.
import type { Consumer } from '@platformatic/kafka'
import type { Logger } from 'pino'
import { KafkaClientError, isRetriable, toConnectError } from './errors.ts'
import { tpKey, type ConsumerRecord, type OffsetResetPolicy, type TopicPartition } from './types.ts'

/** committed: the group's offset, else the policy; policy: `auto.offset.reset`. */
export type ResetMode = 'committed' | 'earliest' | 'latest' | 'policy'

export interface PartitionState {
  readonly topic: string
  readonly partition: number
  readonly key: string
  /** Offset of the next record poll() returns; null until looked up. */
  position: number | null
  /** Offset of the next record to fetch; null until looked up. */
  fetchPosition: number | null
  paused: boolean
  buffer: ConsumerRecord[]
  bufferIndex: number
  epoch: number
  /** Non-null: the position is to be looked up this way. */
  resetMode: ResetMode | null
  resolving: boolean
  backoffUntil: number
}

export interface PartitionPositionsOptions {
  client: Consumer
  hasGroup: boolean
  policy: OffsetResetPolicy
  isolationLevel: 0 | 1
  backoffMs: () => number
  /** A position or buffer changed: wake poll() and fetch. */
  onChange: () => void
  onFatal: (err: Error) => void
  logger?: Logger | undefined
}

export class PartitionPositions {
  readonly #o: PartitionPositionsOptions
  #states = new Map<string, PartitionState>()
  #cursor = 0

  constructor (options: PartitionPositionsOptions) {
    this.#o = options
  }

  /** The new assignment; partitions kept from the previous one keep their positions and buffers. */
  setAssignment (partitions: readonly TopicPartition[]): void {
    const next = new Map<string, PartitionState>()
    for (const { topic, partition } of partitions) {
      const key = tpKey(topic, partition)
      next.set(key, this.#states.get(key) ?? {
        topic, partition, key, position: null, fetchPosition: null, paused: false, buffer: [], bufferIndex: 0, epoch: 0,
        resetMode: this.#o.hasGroup ? 'committed' : 'policy', resolving: false, backoffUntil: 0
      })
    }
    // Late answers for dropped partitions find a different (or no) state object and are ignored.
    for (const [key, s] of this.#states) if (!next.has(key)) s.epoch++
    this.#states = next
    this.#cursor = 0
  }

  clear (): void {
    this.setAssignment([])
  }

  get (key: string): PartitionState | undefined {
    return this.#states.get(key)
  }

  all (): PartitionState[] {
    return [...this.#states.values()]
  }

  partitions (): TopicPartition[] {
    return this.all().map(s => ({ topic: s.topic, partition: s.partition }))
  }

  fetchable (s: PartitionState, now: number, maxBuffered: number): boolean {
    return !s.paused && s.fetchPosition !== null && s.resetMode === null && now >= s.backoffUntil && s.buffer.length - s.bufferIndex < maxBuffered
  }

  seek (s: PartitionState, offset: number): void {
    s.position = offset
    s.fetchPosition = offset
    s.buffer = []
    s.bufferIndex = 0
    s.epoch++
    s.resetMode = null
    s.resolving = false
    s.backoffUntil = 0
  }

  reset (s: PartitionState, mode: ResetMode): void {
    s.position = null
    s.fetchPosition = null
    s.buffer = []
    s.bufferIndex = 0
    s.epoch++
    s.resetMode = mode
    s.resolving = false
    s.backoffUntil = 0
  }

  /** Records fetched from s.fetchPosition; nextOffset: the offset after the last batch of the response. */
  append (s: PartitionState, records: ConsumerRecord[], nextOffset: number | null): void {
    if (records.length > 0) {
      if (s.bufferIndex >= s.buffer.length) {
        s.buffer = records
      } else {
        s.buffer = s.buffer.slice(s.bufferIndex).concat(records)
      }
      s.bufferIndex = 0
    }
    if (nextOffset !== null && s.fetchPosition !== null && nextOffset > s.fetchPosition) s.fetchPosition = nextOffset
    // Only control records or compacted gaps: the position moves past them too.
    if (s.bufferIndex >= s.buffer.length) s.position = s.fetchPosition
  }

  /** Up to max buffered records of unpaused partitions, partition by partition, starting after the last served one. */
  drain (max: number): ConsumerRecord[] {
    const out: ConsumerRecord[] = []
    const list = this.all()
    const n = list.length
    for (let k = 0; k < n && out.length < max; k++) {
      const index = (this.#cursor + k) % n
      const s = list[index]!
      const available = s.buffer.length - s.bufferIndex
      if (s.paused || available === 0) continue
      const take = Math.min(max - out.length, available)
      const end = s.bufferIndex + take
      for (let i = s.bufferIndex; i < end; i++) out.push(s.buffer[i]!)
      s.bufferIndex = end
      if (end >= s.buffer.length) {
        s.buffer = []
        s.bufferIndex = 0
        s.position = s.fetchPosition
      } else {
        s.position = s.buffer[end]!.offset
      }
      this.#cursor = (index + 1) % n
    }
    return out
  }

  /** Starts the lookups of positions that are due (not already running, not backing off). */
  resolveMissing (): void {
    const now = Date.now()
    const due = this.all().filter(s => s.resetMode !== null && !s.resolving && now >= s.backoffUntil)
    if (due.length === 0) return
    const epochs = new Map(due.map(s => [s.key, s.epoch]))
    for (const s of due) s.resolving = true
    this.#resolve(due, epochs).catch((err: unknown) => {
      const backoff = this.#o.backoffMs()
      for (const s of due) {
        if (s.epoch !== epochs.get(s.key)) continue
        s.resolving = false
        s.backoffUntil = Date.now() + backoff
      }
      this.#o.logger?.debug({ err }, 'offset lookup failed')
      if (!isRetriable(err)) this.#o.onFatal(toConnectError(err, 'Cannot look up the consumer positions'))
      setTimeout(() => { this.resolveMissing(); this.#o.onChange() }, backoff).unref()
    })
  }

  async #resolve (due: PartitionState[], epochs: Map<string, number>): Promise<void> {
    const found = new Map<string, number>()
    const byMode = { earliest: [] as PartitionState[], latest: [] as PartitionState[] }
    const undefinedOffsets: PartitionState[] = []
    const viaPolicy = (s: PartitionState): void => {
      if (this.#o.policy === 'none') undefinedOffsets.push(s)
      else byMode[this.#o.policy].push(s)
    }
    const committed = due.filter(s => s.resetMode === 'committed')
    if (committed.length > 0) {
      const result = await this.#o.client.listCommittedOffsets({ topics: groupByTopic(committed).map(([topic, partitions]) => ({ topic, partitions })) })
      for (const s of committed) {
        const offset = result.get(s.topic)?.[s.partition]
        if (offset !== undefined && offset >= 0n) found.set(s.key, Number(offset))
        else viaPolicy(s)
      }
    }
    for (const s of due) {
      if (s.resetMode === 'earliest' || s.resetMode === 'latest') byMode[s.resetMode].push(s)
      else if (s.resetMode === 'policy') viaPolicy(s)
    }
    for (const mode of ['earliest', 'latest'] as const) {
      if (byMode[mode].length === 0) continue
      const offsets = await this.listOffsets(byMode[mode], mode)
      for (const s of byMode[mode]) {
        const offset = offsets.get(s.key)
        if (offset !== undefined) found.set(s.key, offset)
      }
    }
    for (const s of due) {
      if (this.#states.get(s.key) !== s || s.epoch !== epochs.get(s.key)) continue
      s.resolving = false
      const offset = found.get(s.key)
      if (offset === undefined) continue
      s.position = offset
      s.fetchPosition = offset
      s.resetMode = null
    }
    if (undefinedOffsets.length > 0) {
      for (const s of undefinedOffsets) s.backoffUntil = Number.POSITIVE_INFINITY
      this.#o.onFatal(new KafkaClientError(`Undefined offset with no reset policy for partitions: [${undefinedOffsets.map(s => `${s.topic}-${s.partition}`).join(', ')}]`))
    }
    this.#o.onChange()
  }

  /** First (earliest) or next-to-be-written (latest; the last stable offset under read_committed) offsets. */
  async listOffsets (partitions: readonly TopicPartition[], mode: 'earliest' | 'latest'): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    if (partitions.length === 0) return out
    const groups = groupByTopic(partitions)
    const result = await this.#o.client.listOffsets({
      topics: groups.map(([topic]) => topic),
      partitions: Object.fromEntries(groups),
      timestamp: mode === 'earliest' ? -2n : -1n,
      isolationLevel: this.#o.isolationLevel
    })
    for (const { topic, partition } of partitions) {
      const offset = result.get(topic)?.[partition]
      if (offset !== undefined && offset >= 0n) out.set(tpKey(topic, partition), Number(offset))
    }
    return out
  }
}

function groupByTopic (partitions: readonly TopicPartition[]): Array<[string, number[]]> {
  const map = new Map<string, number[]>()
  for (const { topic, partition } of partitions) {
    let list = map.get(topic)
    if (list === undefined) map.set(topic, list = [])
    list.push(partition)
  }
  return [...map]
}
