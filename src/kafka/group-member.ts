// A member of the Connect worker group (kafka-connect-behavior.md §5.1; Kafka's WorkerGroupMember and the
// classic-protocol half of AbstractCoordinator): FindCoordinator, JoinGroup with protocol type `connect` and the
// protocols the worker offers (KIP-394: a first JoinGroup without member id is answered MEMBER_ID_REQUIRED with
// one, and sent again with it), SyncGroup (the leader sends the assignments its callback computed), heartbeats
// every heartbeat.interval.ms from the moment an assignment is received (REBALANCE_IN_PROGRESS and friends →
// rejoin), LeaveGroup on stop. The bytes inside are opaque here: connect-protocol.ts encodes them and the herder
// decides what they mean.
//
// Requests go through @platformatic/kafka's codecs and connection pools (the highest version the broker and the
// library share), as src/kafka does: JoinGroup and SyncGroup (which the coordinator may hold for up to the
// rebalance timeout) on the client's pool, heartbeats and LeaveGroup on a pool of their own so a held JoinGroup
// never delays them (a broker answers the requests of one connection in order).
import { Base, ConnectionPool, kGetApi, kGetBootstrapConnection, type API, type Broker, type Connection } from '@platformatic/kafka'
import type { BaseClientOptions } from './client-config.ts'
import { KafkaClientError, protocolErrorCodes } from './errors.ts'
import type { Logger } from 'pino'

export const CONNECT_PROTOCOL_TYPE = 'connect'

/** One protocol offered in JoinGroup, in preference order (`sessioned`, `compatible`, `default`). */
export interface GroupProtocolMetadata { name: string, metadata: Buffer }

export interface GroupMemberMetadata { memberId: string, metadata: Buffer }

/** What the leader's assign callback gets. */
export interface LeaderContext {
  leaderId: string
  generationId: number
  /** The protocol the coordinator chose (every member offered it). */
  protocol: string
  /** The last generation this worker completed before this one (-1 if none): the assignor's memory check. */
  lastCompletedGenerationId: number
  /** Every member with its metadata for the chosen protocol, as the coordinator listed them. */
  members: GroupMemberMetadata[]
}

/** A completed rebalance, as onAssign gets it. */
export interface GroupAssignment {
  memberId: string
  generationId: number
  leaderId: string
  isLeader: boolean
  protocol: string
  /** This member's assignment bytes from SyncGroup. */
  assignment: Buffer
}

export interface ConnectGroupMemberOptions {
  bootstrapServers: string | readonly string[]
  /** `group.id`. */
  groupId: string
  /** `client.id` (Connect uses `connect-<n>` when unset). */
  clientId?: string
  /** `session.timeout.ms`, default 10000. */
  sessionTimeoutMs?: number
  /** `rebalance.timeout.ms`, default 60000. */
  rebalanceTimeoutMs?: number
  /** `heartbeat.interval.ms`, default 3000. */
  heartbeatIntervalMs?: number
  /** `request.timeout.ms`, default 40000 (JoinGroup waits at least the rebalance timeout + 5 s). */
  requestTimeoutMs?: number
  /** `retry.backoff.ms`, default 100: pause before retrying after a failure. */
  retryBackoffMs?: number
  /** TLS / SASL / connect timeout of the worker's Kafka settings. */
  client?: Partial<Pick<BaseClientOptions, 'tls' | 'sasl' | 'connectTimeout'>>
  /** The protocols to offer, with this worker's metadata for each; asked before every JoinGroup. */
  metadata: () => GroupProtocolMetadata[] | Promise<GroupProtocolMetadata[]>
  /** Leader only: the assignment of every member (member id → bytes). */
  assign: (context: LeaderContext) => Map<string, Buffer> | Promise<Map<string, Buffer>>
  /** A rebalance completed. Heartbeats go on while it runs; a rejoin waits for it. */
  onAssign: (assignment: GroupAssignment) => void | Promise<void>
  /** Before (re)joining, once per rebalance (eager members stop their work here). */
  onJoinPrepare?: (previous: { memberId: string, generationId: number }) => void | Promise<void>
  /** The membership ended with an error retrying cannot fix (e.g. inconsistent group protocol). */
  onError?: (err: Error) => void
  logger?: Logger
}

export type GroupMemberState = 'created' | 'joining' | 'stable' | 'stopped'

/** Errors a retry of the same step fixes once the coordinator is found again. */
const COORDINATOR_ERRORS = new Set([14, 15, 16])
const MEMBER_ID_REQUIRED = 79
const UNKNOWN_MEMBER_ID = 25
const ILLEGAL_GENERATION = 22
const REBALANCE_IN_PROGRESS = 27
/** INCONSISTENT_GROUP_PROTOCOL, INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT, GROUP_AUTHORIZATION_FAILED, UNSUPPORTED_VERSION, GROUP_MAX_SIZE_REACHED. */
const FATAL_ERRORS = new Set([23, 24, 26, 30, 35, 81])

type AnyApi = API<any[], any>

let memberCounter = 0

export class ConnectGroupMember {
  readonly groupId: string
  readonly clientId: string
  readonly #o: ConnectGroupMemberOptions
  readonly #sessionTimeoutMs: number
  readonly #rebalanceTimeoutMs: number
  readonly #heartbeatIntervalMs: number
  readonly #retryBackoffMs: number
  readonly #client: Base
  readonly #control: ConnectionPool
  readonly #logger: Logger | undefined
  readonly #apis = new Map<string, Promise<AnyApi>>()

  #state: GroupMemberState = 'created'
  #memberId = ''
  #generationId = -1
  #lastCompletedGenerationId = -1
  #leaderId = ''
  #protocol = ''
  #coordinator: Broker | null = null
  #rejoinNeeded = true
  #rejoinReason = 'initial join'
  #needsJoinPrepare = true
  /** Heartbeats run while a generation is held and no JoinGroup/SyncGroup is in flight. */
  #heartbeating = false
  /** Incremented with every JoinGroup: answers to heartbeats sent before it are ignored. */
  #joinEpoch = 0
  #lastHeartbeatOk = 0
  #stopping = false
  #wake: (() => void) | null = null
  #hbWake: (() => void) | null = null
  #loop: Promise<void> | null = null
  #hbLoop: Promise<void> | null = null

  constructor (options: ConnectGroupMemberOptions) {
    this.#o = options
    this.groupId = options.groupId
    this.clientId = options.clientId ?? `connect-${++memberCounter}`
    this.#sessionTimeoutMs = options.sessionTimeoutMs ?? 10000
    this.#rebalanceTimeoutMs = options.rebalanceTimeoutMs ?? 60000
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000
    this.#retryBackoffMs = options.retryBackoffMs ?? 100
    this.#logger = options.logger?.child({ groupId: this.groupId, clientId: this.clientId })
    if (this.#heartbeatIntervalMs >= this.#sessionTimeoutMs) throw new RangeError('heartbeat.interval.ms must be lower than session.timeout.ms')
    const requestTimeout = options.requestTimeoutMs ?? 40000
    const bootstrapBrokers = typeof options.bootstrapServers === 'string'
      ? options.bootstrapServers.split(',').map(s => s.trim()).filter(s => s !== '')
      : [...options.bootstrapServers]
    const security = {
      ...(options.client?.tls === undefined ? {} : { tls: options.client.tls }),
      ...(options.client?.sasl === undefined ? {} : { sasl: options.client.sasl })
    }
    const connectTimeout = options.client?.connectTimeout ?? 10000
    this.#client = new Base({
      clientId: this.clientId,
      bootstrapBrokers,
      connectTimeout,
      requestTimeout: Math.max(requestTimeout, this.#rebalanceTimeoutMs + 5000),
      retries: 0,
      ...security
    })
    this.#control = new ConnectionPool(`${this.clientId}-heartbeat`, {
      connectTimeout,
      requestTimeout: Math.min(requestTimeout, this.#sessionTimeoutMs),
      ...security
    })
  }

  get state (): GroupMemberState { return this.#state }
  get memberId (): string { return this.#memberId }
  get generationId (): number { return this.#generationId }
  get leaderId (): string { return this.#leaderId }
  get isLeader (): boolean { return this.#memberId !== '' && this.#leaderId === this.#memberId }
  /** The protocol the coordinator chose in the last completed rebalance. */
  get protocol (): string { return this.#protocol }

  /** Starts membership in the background; onAssign reports each completed rebalance. */
  start (): void {
    if (this.#loop !== null) throw new Error('ConnectGroupMember already started')
    this.#loop = this.#run()
    this.#hbLoop = this.#heartbeatLoop()
  }

  /** Rejoin the group as soon as possible (after onAssign, if one is running). */
  requestRejoin (reason = 'requested by the worker'): void {
    this.#needRejoin(reason)
  }

  /**
   * Leaves the group (LeaveGroup, so the others rebalance at once) and closes the connections. With
   * `leaveGroup: false` the member just goes silent, as a crashed worker does: the coordinator notices only when
   * its session times out.
   */
  async stop (options: { leaveGroup?: boolean, timeoutMs?: number } = {}): Promise<void> {
    if (this.#stopping) {
      await this.#loop
      return
    }
    this.#stopping = true
    this.#heartbeating = false
    this.#wake?.()
    this.#hbWake?.()
    const timeoutMs = options.timeoutMs ?? 5000
    if ((options.leaveGroup ?? true) && this.#memberId !== '' && this.#coordinator !== null) {
      try {
        await withTimeout(this.#leaveGroup(this.#coordinator), timeoutMs)
      } catch (err) {
        this.#logger?.debug({ err }, 'LeaveGroup failed')
      }
    }
    await Promise.allSettled([this.#control.close(), this.#client.close()])
    await withTimeout(Promise.allSettled([this.#loop, this.#hbLoop]), timeoutMs).catch(() => {})
    this.#state = 'stopped'
  }

  #needRejoin (reason: string): void {
    if (!this.#rejoinNeeded) this.#rejoinReason = reason
    this.#rejoinNeeded = true
    this.#wake?.()
  }

  /** Sleeps until woken (rejoin, stop) or `ms` elapse. */
  #sleep (ms: number, slot: 'main' | 'hb'): Promise<void> {
    return new Promise(resolve => {
      const done = (): void => {
        clearTimeout(timer)
        if (slot === 'main' && this.#wake === done) this.#wake = null
        if (slot === 'hb' && this.#hbWake === done) this.#hbWake = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      if (slot === 'main') this.#wake = done
      else this.#hbWake = done
    })
  }

  async #run (): Promise<void> {
    while (!this.#stopping) {
      if (!this.#rejoinNeeded) {
        await this.#sleep(this.#sessionTimeoutMs, 'main')
        continue
      }
      try {
        await this.#rebalance()
      } catch (err) {
        if (this.#stopping) break
        const codes = protocolErrorCodes(err)
        if (codes.some(c => FATAL_ERRORS.has(c))) {
          this.#heartbeating = false
          this.#logger?.error({ err }, 'Group membership failed')
          this.#state = 'stopped'
          try {
            this.#o.onError?.(new KafkaClientError(`Group membership of ${this.groupId} failed: ${(err as Error).message}`, { cause: err }))
          } catch (callbackErr) {
            this.#logger?.error({ err: callbackErr }, 'onError failed')
          }
          return
        }
        // MEMBER_ID_REQUIRED (KIP-394), UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS: join again now.
        let reason: string
        if (codes.includes(MEMBER_ID_REQUIRED)) {
          reason = 'need to re-join with the given member-id'
        } else if (codes.includes(UNKNOWN_MEMBER_ID)) {
          this.#resetMember()
          reason = 'member id is no longer valid'
        } else if (codes.includes(ILLEGAL_GENERATION)) {
          this.#generationId = -1
          reason = 'generation is no longer current'
        } else if (codes.includes(REBALANCE_IN_PROGRESS)) {
          reason = 'group is rebalancing'
        } else {
          if (codes.length === 0 || codes.some(c => COORDINATOR_ERRORS.has(c))) this.#coordinator = null
          this.#logger?.info({ err }, 'Rebalance attempt failed; retrying')
          await this.#sleep(this.#retryBackoffMs, 'main')
          reason = `rebalance failed: ${(err as Error).message}`
        }
        this.#needRejoin(reason)
      }
    }
  }

  /** One JoinGroup + SyncGroup round; throws what should be retried (the caller decides how). */
  async #rebalance (): Promise<void> {
    const coordinator = await this.#ensureCoordinator()
    if (this.#needsJoinPrepare) {
      this.#needsJoinPrepare = false
      try {
        await this.#o.onJoinPrepare?.({ memberId: this.#memberId, generationId: this.#generationId })
      } catch (err) {
        this.#logger?.error({ err }, 'onJoinPrepare failed')
      }
    }
    if (this.#stopping) return
    const protocols = await this.#o.metadata()
    const join = await this.#api('JoinGroup')
    const reason = this.#rejoinReason
    this.#rejoinNeeded = false
    this.#heartbeating = false
    this.#joinEpoch++
    this.#state = 'joining'
    this.#logger?.info({ memberId: this.#memberId, reason }, '(Re-)joining group')
    const connection = await this.#client.connections.get(coordinator)
    let joined: JoinResponse
    try {
      joined = await join.async(connection, this.groupId, this.#sessionTimeoutMs, this.#rebalanceTimeoutMs, this.#memberId, null,
        CONNECT_PROTOCOL_TYPE, protocols.map(p => ({ name: p.name, metadata: p.metadata })), reason) as JoinResponse
    } catch (err) {
      const memberId = (err as { response?: { memberId?: string } }).response?.memberId
      // KIP-394: join again right away with the member id the coordinator handed out.
      if (protocolErrorCodes(err).includes(MEMBER_ID_REQUIRED) && typeof memberId === 'string' && memberId !== '') this.#memberId = memberId
      throw err
    }
    if (this.#stopping) return
    this.#memberId = joined.memberId
    this.#generationId = joined.generationId
    this.#leaderId = joined.leader
    const protocol = joined.protocolName ?? ''
    const isLeader = joined.leader === joined.memberId
    this.#logger?.info({ memberId: joined.memberId, generationId: joined.generationId, protocol, leader: joined.leader }, 'Successfully joined group')
    let assignments: Array<{ memberId: string, assignment: Buffer }> = []
    if (isLeader) {
      const computed = await this.#o.assign({
        leaderId: joined.leader,
        generationId: joined.generationId,
        protocol,
        lastCompletedGenerationId: this.#lastCompletedGenerationId,
        members: joined.members.map(m => ({ memberId: m.memberId, metadata: m.metadata }))
      })
      assignments = [...computed].map(([memberId, assignment]) => ({ memberId, assignment }))
    }
    const sync = await this.#api('SyncGroup')
    const synced = await sync.async(await this.#client.connections.get(coordinator), this.groupId, joined.generationId, joined.memberId, null,
      CONNECT_PROTOCOL_TYPE, protocol, assignments) as { assignment: Buffer }
    if (this.#stopping) return
    this.#protocol = protocol
    this.#lastCompletedGenerationId = joined.generationId
    this.#needsJoinPrepare = true
    this.#state = 'stable'
    this.#lastHeartbeatOk = Date.now()
    this.#heartbeating = true
    this.#logger?.info({ generationId: joined.generationId }, 'Successfully synced group')
    try {
      await this.#o.onAssign({ memberId: joined.memberId, generationId: joined.generationId, leaderId: joined.leader, isLeader, protocol, assignment: synced.assignment ?? Buffer.alloc(0) })
    } catch (err) {
      this.#logger?.error({ err }, 'onAssign failed')
    }
  }

  /** Heartbeats every heartbeat.interval.ms while a generation is held; rebalance errors ask the main loop to rejoin. */
  async #heartbeatLoop (): Promise<void> {
    while (!this.#stopping) {
      await this.#sleep(this.#heartbeatIntervalMs, 'hb')
      if (this.#stopping) return
      if (!this.#heartbeating) continue
      const epoch = this.#joinEpoch
      const generationId = this.#generationId
      const memberId = this.#memberId
      try {
        const coordinator = await this.#ensureCoordinator()
        const api = await this.#api('Heartbeat')
        await api.async(await this.#control.get(coordinator), this.groupId, generationId, memberId, null)
        if (epoch === this.#joinEpoch) this.#lastHeartbeatOk = Date.now()
      } catch (err) {
        if (this.#stopping || epoch !== this.#joinEpoch || !this.#heartbeating) continue
        const codes = protocolErrorCodes(err)
        if (codes.includes(REBALANCE_IN_PROGRESS)) {
          this.#logger?.info('Attempt to heartbeat failed since group is rebalancing')
          this.#needRejoin('group is rebalancing')
        } else if (codes.includes(UNKNOWN_MEMBER_ID)) {
          this.#logger?.info('Attempt to heartbeat failed since member id is not valid')
          this.#heartbeating = false
          this.#resetMember()
          this.#needRejoin('member id is no longer valid')
        } else if (codes.includes(ILLEGAL_GENERATION)) {
          this.#logger?.info('Attempt to heartbeat failed since generation is not current')
          this.#heartbeating = false
          this.#generationId = -1
          this.#needRejoin('generation is no longer current')
        } else {
          this.#logger?.debug({ err }, 'Heartbeat failed')
          if (codes.length === 0 || codes.some(c => COORDINATOR_ERRORS.has(c))) this.#coordinator = null
          if (Date.now() - this.#lastHeartbeatOk > this.#sessionTimeoutMs) {
            // The coordinator has surely expired this member by now.
            this.#heartbeating = false
            this.#needRejoin('session timed out without a successful heartbeat')
          }
        }
      }
    }
  }

  #resetMember (): void {
    this.#memberId = ''
    this.#generationId = -1
  }

  async #ensureCoordinator (): Promise<Broker> {
    if (this.#coordinator !== null) return this.#coordinator
    const api = await this.#api('FindCoordinator')
    const connection = await new Promise<Connection>((resolve, reject) => {
      this.#client[kGetBootstrapConnection]((err: Error | null, c?: Connection) => err !== null ? reject(err) : resolve(c!))
    })
    const response = await api.async(connection, 0, [this.groupId]) as { coordinators: Array<{ key?: string, host: string, port: number, errorCode: number }> }
    const found = response.coordinators.find(c => c.key === this.groupId || c.key === undefined) ?? response.coordinators[0]
    if (found === undefined) throw new KafkaClientError(`FindCoordinator returned no coordinator for group ${this.groupId}`)
    this.#coordinator = { host: found.host, port: found.port }
    this.#logger?.debug({ coordinator: this.#coordinator }, 'Discovered group coordinator')
    return this.#coordinator
  }

  async #leaveGroup (coordinator: Broker): Promise<void> {
    const api = await this.#api('LeaveGroup')
    const memberId = this.#memberId
    this.#logger?.info({ memberId }, 'Member sending LeaveGroup request to coordinator')
    try {
      await api.async(await this.#control.get(coordinator), this.groupId, [{ memberId, groupInstanceId: null, reason: 'the consumer is being closed' }])
    } catch (err) {
      // Already gone (e.g. its session expired) is as good as left.
      if (!protocolErrorCodes(err).includes(UNKNOWN_MEMBER_ID)) throw err
    }
    this.#resetMember()
  }

  /** The library's codec of an API at the highest version the broker and the library share (cached). */
  #api (name: string): Promise<AnyApi> {
    let p = this.#apis.get(name)
    if (p === undefined) {
      p = new Promise<AnyApi>((resolve, reject) => {
        this.#client[kGetApi]<any[], any>(name, ((err: Error | null, api?: AnyApi) => err !== null ? reject(err) : resolve(api!)) as never)
      })
      p.catch(() => this.#apis.delete(name))
      this.#apis.set(name, p)
    }
    return p
  }
}

interface JoinResponse {
  generationId: number
  protocolName: string | null
  leader: string
  memberId: string
  members: Array<{ memberId: string, metadata: Buffer }>
}

function withTimeout<T> (p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
    p.then(v => { clearTimeout(timer); resolve(v) }, err => { clearTimeout(timer); reject(err) })
  })
}
