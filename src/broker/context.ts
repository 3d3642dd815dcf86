// What every handler sees: this node's identity and address, broker settings, the logs and the coordinator.
import type { Logger } from 'pino'
import type { LogManager } from './log/log-manager.ts'
import type { GroupCoordinator } from './coord/group-coordinator.ts'

export interface BrokerContext {
  readonly nodeId: number
  readonly clusterId: string
  /** The address given to clients in Metadata and FindCoordinator. */
  readonly advertised: { readonly host: string, readonly port: number }
  readonly autoCreateTopics: boolean
  readonly numPartitions: number
  readonly logs: LogManager
  readonly groups: GroupCoordinator
  readonly logger: Logger
}
