// Group coordinator of the embedded broker: classic-protocol groups of any protocol type ("consumer", "connect", ...;
// metadata and assignments are opaque bytes), committed offsets, producer-id allocation, and their persistence in
// <dataDir>/coord.log. Kafka-level failures are error codes in the results (see errors.ts), never exceptions.
//
// API (all shapes in types.ts):
//   GroupCoordinator.open(options?): Promise<GroupCoordinator>      replays coord.log when options.dataDir is set
//   join(JoinGroupParams): Promise<JoinGroupResult>                  resolves when the join phase completes
//   sync(SyncGroupParams): Promise<SyncGroupResult>                  followers wait for the leader's assignment
//   heartbeat(HeartbeatParams): { errorCode }
//   leave(groupId, LeaveMember[]): LeaveGroupResult                  per-member error codes
//   describe(groupIds): DescribedGroup[]                             unknown group -> state 'Dead', error 0
//   list(statesFilter?): ListedGroup[]                               filter is case-insensitive; empty = all
//   deleteGroups(groupIds): Promise<DeleteGroupResult[]>             Empty groups only; drops their offsets
//   commitOffsets(OffsetCommitParams): Promise<OffsetCommitResult[]> one result per entry, in order; durable first
//   fetchOffsets(groupId, TopicPartition[] | null): OffsetFetchResult  null = all of the group's, sorted
//   deleteTopicOffsets(topic): Promise<void>                         when a topic is deleted
//   allocateProducerId(): Promise<bigint>                            never reused, also across restarts; rejects
//                                                                    after close() or if coord.log cannot be written
//   compact(): Promise<void>                                         snapshot coord.log now (tests, tools)
//   close(): Promise<void>                                           stops timers, answers parked joins/syncs with
//                                                                    COORDINATOR_NOT_AVAILABLE, flushes coord.log
// After close() every call answers COORDINATOR_NOT_AVAILABLE (15).
//
// Rules follow Kafka's classic group coordinator: session timeout bounds (26); protocol type and a common protocol
// (23); KIP-394 MEMBER_ID_REQUIRED (79) only when requireKnownMemberId; the join phase ends when every member
// rejoined or after the largest rebalance timeout (members that did not rejoin are dropped); an initial delay for an
// empty group's first rebalance; protocol by vote; the leader (kept if it rejoined) alone gets the member list;
// static members (KIP-345) are replaced on rejoin and stale ids are fenced (82); a leader rejoining a Stable group,
// or a member with changed metadata, triggers a rebalance; members that never send SyncGroup are dropped after the
// rebalance timeout. Group membership is not persisted: after a restart groups are Empty (generation kept) and
// members get UNKNOWN_MEMBER_ID and rejoin. Committed offsets and producer-id blocks are persisted before the call
// resolves.
import type { Scheduler } from './clock.ts'
import { systemScheduler } from './clock.ts'
import { ClassicGroup } from './classic-group.ts'
import { CoordErrors } from './errors.ts'
import { Membership } from './membership.ts'
import { OffsetStore } from './offset-store.ts'
import { noOffset, offsetRecord, toFetched, validateOffsetCommit } from './offsets.ts'
import { ProducerIdAllocator } from './producer-ids.ts'
import { Rebalancer, joinError } from './rebalancer.ts'
import { CoordStore } from './coord-store.ts'
import type { CoordRecord, GroupRecord } from './coord-store.ts'
import type {
  CoordLogger, DeleteGroupResult, DescribedGroup, HeartbeatParams, JoinGroupParams, JoinGroupResult, LeaveGroupResult,
  LeaveMember, ListedGroup, OffsetCommitParams, OffsetCommitResult, OffsetFetchResult, SyncGroupParams,
  SyncGroupResult, TopicPartition
} from './types.ts'

export interface GroupCoordinatorOptions {
  /** Where coord.log lives; undefined keeps everything in memory. */
  dataDir?: string
  logger?: CoordLogger
  /** Clock and timers; defaults to Date.now and unref'd setTimeout. */
  scheduler?: Scheduler
  /** `group.min.session.timeout.ms`, default 6000. */
  minSessionTimeoutMs?: number
  /** `group.max.session.timeout.ms`, default 1800000. */
  maxSessionTimeoutMs?: number
  /** `group.initial.rebalance.delay.ms`, default 0 (Kafka: 3000). */
  initialRebalanceDelayMs?: number
  /** How long a new member may wait in its first JoinGroup, default 300000 (Kafka's fixed value). */
  newMemberJoinTimeoutMs?: number
  /** `offset.metadata.max.bytes`, default 4096 (UTF-8 bytes). */
  maxMetadataBytes?: number
  /** Producer ids reserved per coord.log write, default 1000. */
  producerIdBlockSize?: number
  /** fsync coord.log before acknowledging (default false: kill -9 safe, not power-loss safe). */
  syncWrites?: boolean
  /** coord.log is snapshotted once above max(this, 2 x last snapshot); default 1 MiB. */
  compactMinBytes?: number
}

const EMPTY = Buffer.alloc(0)
const noop = (): void => {}
const silentLogger: CoordLogger = { info: noop, warn: noop, error: noop, debug: noop, child: () => silentLogger }

function groupRecord (g: ClassicGroup): GroupRecord {
  return { type: 'group', groupId: g.groupId, protocolType: g.protocolType, protocolName: g.protocolName, generationId: g.generationId }
}

export class GroupCoordinator {
  readonly #groups = new Map<string, ClassicGroup>()
  readonly #offsets = new OffsetStore()
  readonly #scheduler: Scheduler
  readonly #log: CoordLogger
  readonly #maxMetadataBytes: number
  readonly #rebalancer: Rebalancer
  readonly #membership: Membership
  readonly #pids: ProducerIdAllocator
  #store: CoordStore | null = null
  #closed = false

  private constructor (opts: GroupCoordinatorOptions) {
    this.#scheduler = opts.scheduler ?? systemScheduler()
    this.#log = (opts.logger ?? silentLogger).child({ component: 'group-coordinator' })
    this.#maxMetadataBytes = opts.maxMetadataBytes ?? 4096
    const persistGroup = (g: ClassicGroup): Promise<void> => this.#persist([groupRecord(g)])
    const newMemberJoinTimeoutMs = opts.newMemberJoinTimeoutMs ?? 300000
    this.#rebalancer = new Rebalancer({
      scheduler: this.#scheduler,
      logger: this.#log,
      initialRebalanceDelayMs: opts.initialRebalanceDelayMs ?? 0,
      newMemberJoinTimeoutMs,
      persistGroup
    })
    this.#membership = new Membership({
      groups: this.#groups,
      rebalancer: this.#rebalancer,
      scheduler: this.#scheduler,
      logger: this.#log,
      minSessionTimeoutMs: opts.minSessionTimeoutMs ?? 6000,
      maxSessionTimeoutMs: opts.maxSessionTimeoutMs ?? 1800000,
      newMemberJoinTimeoutMs,
      persistGroup
    })
    this.#pids = new ProducerIdAllocator({
      blockSize: opts.producerIdBlockSize ?? 1000,
      persistBlock: end => this.#store!.append([{ type: 'producer-id-block', end: end.toString() }])
    })
  }

  static async open (opts: GroupCoordinatorOptions = {}): Promise<GroupCoordinator> {
    const coord = new GroupCoordinator(opts)
    const { store, records } = await CoordStore.open({
      dataDir: opts.dataDir,
      logger: coord.#log,
      syncWrites: opts.syncWrites,
      compactMinBytes: opts.compactMinBytes,
      snapshot: () => coord.#snapshot()
    })
    coord.#store = store
    coord.#replay(records)
    if (opts.dataDir !== undefined) {
      coord.#log.info({ groups: coord.#groups.size, producerIdBlockEnd: coord.#pids.reservedEnd.toString(), bytes: store.size }, 'coord.log replayed')
    }
    return coord
  }

  #persist (records: CoordRecord[]): Promise<void> {
    return this.#store?.appendQuietly(records) ?? Promise.resolve()
  }

  #replay (records: CoordRecord[]): void {
    const now = this.#scheduler.now()
    const groupFor = (id: string): ClassicGroup => {
      let g = this.#groups.get(id)
      if (g === undefined) this.#groups.set(id, g = new ClassicGroup(id, now))
      return g
    }
    for (const r of records) {
      switch (r.type) {
        case 'group': {
          const g = groupFor(r.groupId)
          g.protocolType = r.protocolType
          // generations never go back (a snapshot may be ahead of re-appended records)
          g.generationId = Math.max(g.generationId, r.generationId)
          break
        }
        case 'group-delete':
          this.#groups.delete(r.groupId)
          this.#offsets.deleteGroup(r.groupId)
          break
        case 'offset':
          groupFor(r.groupId)
          this.#offsets.put(r.groupId, r.topic, r.partition, {
            offset: BigInt(r.offset), leaderEpoch: r.leaderEpoch, metadata: r.metadata, commitTimestamp: r.commitTimestamp
          })
          break
        case 'topic-delete':
          this.#offsets.deleteTopic(r.topic)
          break
        case 'producer-id-block':
          this.#pids.restore(BigInt(r.end))
          break
      }
    }
  }

  /** The live state as records: what a coord.log snapshot holds. */
  #snapshot (): CoordRecord[] {
    const out: CoordRecord[] = []
    for (const g of this.#groups.values()) {
      if (g.generationId > 0 || g.protocolType === null || this.#offsets.hasOffsets(g.groupId)) out.push(groupRecord(g))
    }
    for (const groupId of this.#offsets.groupIds()) {
      for (const o of this.#offsets.list(groupId)) out.push(offsetRecord(groupId, o))
    }
    out.push({ type: 'producer-id-block', end: this.#pids.reservedEnd.toString() })
    return out
  }

  join (params: JoinGroupParams): Promise<JoinGroupResult> {
    if (this.#closed) return Promise.resolve(joinError(params.memberId, CoordErrors.COORDINATOR_NOT_AVAILABLE))
    return this.#membership.join(params).catch(err => {
      this.#log.error({ err, groupId: params.groupId }, 'JoinGroup failed')
      return joinError(params.memberId, CoordErrors.UNKNOWN_SERVER_ERROR)
    })
  }

  sync (params: SyncGroupParams): Promise<SyncGroupResult> {
    if (this.#closed) return Promise.resolve({ errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE, protocolType: null, protocolName: null, assignment: EMPTY })
    return this.#membership.sync(params).catch(err => {
      this.#log.error({ err, groupId: params.groupId }, 'SyncGroup failed')
      return { errorCode: CoordErrors.UNKNOWN_SERVER_ERROR, protocolType: null, protocolName: null, assignment: EMPTY }
    })
  }

  heartbeat (params: HeartbeatParams): { errorCode: number } {
    if (this.#closed) return { errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE }
    return { errorCode: this.#membership.heartbeat(params) }
  }

  leave (groupId: string, members: LeaveMember[]): LeaveGroupResult {
    if (this.#closed) return { errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE, members: [] }
    return this.#membership.leave(groupId, members)
  }

  describe (groupIds: string[]): DescribedGroup[] {
    return groupIds.map(groupId => {
      const g = this.#groups.get(groupId)
      if (this.#closed) return { groupId, errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE, groupState: 'Dead', protocolType: '', protocolData: '', members: [] }
      if (g === undefined) return { groupId, errorCode: CoordErrors.NONE, groupState: 'Dead', protocolType: '', protocolData: '', members: [] }
      // like Kafka: metadata, assignment and protocol only while Stable
      const stable = g.is('Stable')
      return {
        groupId,
        errorCode: CoordErrors.NONE,
        groupState: g.state,
        protocolType: g.protocolType ?? '',
        protocolData: stable ? (g.protocolName ?? '') : '',
        members: [...g.members.values()].map(m => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          metadata: stable ? m.metadataFor(g.protocolName) : EMPTY,
          assignment: stable ? m.assignment : EMPTY
        }))
      }
    })
  }

  list (statesFilter?: string[] | null): ListedGroup[] {
    if (this.#closed) return []
    const wanted = new Set((statesFilter ?? []).map(s => s.toLowerCase()))
    const out: ListedGroup[] = []
    for (const g of this.#groups.values()) {
      if (wanted.size > 0 && !wanted.has(g.state.toLowerCase())) continue
      out.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state })
    }
    return out
  }

  async deleteGroups (groupIds: string[]): Promise<DeleteGroupResult[]> {
    if (this.#closed) return groupIds.map(groupId => ({ groupId, errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE }))
    const results: DeleteGroupResult[] = []
    const records: CoordRecord[] = []
    for (const groupId of groupIds) {
      const g = this.#groups.get(groupId)
      if (g === undefined || g.is('Dead')) {
        results.push({ groupId, errorCode: CoordErrors.GROUP_ID_NOT_FOUND })
      } else if (!g.is('Empty')) {
        results.push({ groupId, errorCode: CoordErrors.NON_EMPTY_GROUP })
      } else {
        this.#rebalancer.shutdown(g, CoordErrors.UNKNOWN_MEMBER_ID)
        g.transitionTo('Dead', this.#scheduler.now())
        this.#groups.delete(groupId)
        this.#offsets.deleteGroup(groupId)
        records.push({ type: 'group-delete', groupId })
        results.push({ groupId, errorCode: CoordErrors.NONE })
        this.#log.info({ groupId }, 'group deleted')
      }
    }
    try {
      await this.#store!.append(records)
    } catch {
      return results.map(r => r.errorCode === CoordErrors.NONE ? { ...r, errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE } : r)
    }
    return results
  }

  async commitOffsets (p: OffsetCommitParams): Promise<OffsetCommitResult[]> {
    const all = (errorCode: number): OffsetCommitResult[] => p.offsets.map(o => ({ topic: o.topic, partition: o.partition, errorCode }))
    if (this.#closed) return all(CoordErrors.COORDINATOR_NOT_AVAILABLE)
    let group = this.#groups.get(p.groupId)
    let created = false
    if (group === undefined) {
      // a group nobody joined: only simple commits (generation -1) may create it
      if (p.generationId >= 0) return all(CoordErrors.ILLEGAL_GENERATION)
      group = new ClassicGroup(p.groupId, this.#scheduler.now())
      created = true
    }
    const error = validateOffsetCommit(group, p)
    if (error !== CoordErrors.NONE) return all(error)
    const now = this.#scheduler.now()
    const records: CoordRecord[] = []
    const results = p.offsets.map(o => {
      const metadata = o.metadata ?? ''
      if (Buffer.byteLength(metadata, 'utf8') > this.#maxMetadataBytes) {
        return { topic: o.topic, partition: o.partition, errorCode: CoordErrors.OFFSET_METADATA_TOO_LARGE }
      }
      const value = { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata, commitTimestamp: now }
      this.#offsets.put(p.groupId, o.topic, o.partition, value)
      records.push(offsetRecord(p.groupId, { topic: o.topic, partition: o.partition, ...value }))
      return { topic: o.topic, partition: o.partition, errorCode: CoordErrors.NONE }
    })
    if (records.length === 0) return results
    if (created) {
      this.#groups.set(group.groupId, group)
      records.unshift(groupRecord(group))
    }
    try {
      await this.#store!.append(records)
    } catch {
      return results.map(r => r.errorCode === CoordErrors.NONE ? { ...r, errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE } : r)
    }
    return results
  }

  fetchOffsets (groupId: string, partitions: TopicPartition[] | null): OffsetFetchResult {
    if (this.#closed) return { errorCode: CoordErrors.COORDINATOR_NOT_AVAILABLE, offsets: [] }
    if (partitions === null) return { errorCode: CoordErrors.NONE, offsets: this.#offsets.list(groupId).map(toFetched) }
    return {
      errorCode: CoordErrors.NONE,
      offsets: partitions.map(({ topic, partition }) => {
        const o = this.#offsets.get(groupId, topic, partition)
        return o === undefined ? noOffset(topic, partition) : toFetched({ topic, partition, ...o })
      })
    }
  }

  async deleteTopicOffsets (topic: string): Promise<void> {
    if (this.#closed) return
    if (this.#offsets.deleteTopic(topic) > 0) await this.#persist([{ type: 'topic-delete', topic }])
  }

  allocateProducerId (): Promise<bigint> {
    if (this.#closed) return Promise.reject(new Error('group coordinator is closed'))
    return this.#pids.allocate()
  }

  async compact (): Promise<void> {
    await this.#store?.compact()
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const g of this.#groups.values()) {
      this.#rebalancer.shutdown(g, CoordErrors.COORDINATOR_NOT_AVAILABLE)
      g.transitionTo('Dead', this.#scheduler.now())
    }
    await this.#store?.close()
    this.#log.info({}, 'group coordinator closed')
  }
}
