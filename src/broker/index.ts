// startBroker(): the embedded single-node Kafka-protocol broker, for `kconnect broker`, `kconnect dev` and tests.
import pino from 'pino'
import { brokerDefaults, type BrokerOptions } from './config.ts'
import { listen } from './server.ts'
import { createDispatcher } from './dispatch.ts'
import { handlers } from './handlers/index.ts'
import { LogManager } from './log/log-manager.ts'
import { GroupCoordinator } from './coord/group-coordinator.ts'
import { loadOrCreateClusterId } from './meta.ts'
import type { BrokerContext } from './context.ts'
import type { Connection } from './connection.ts'

export type { BrokerOptions }

export interface RunningBroker {
  /** `host:port` to give clients. */
  readonly bootstrapServers: string
  readonly port: number
  readonly clusterId: string
  /** Runs log compaction now (tests). */
  compactNow (topic?: string): Promise<void>
  /** Runs time/size retention now (tests). */
  runRetentionNow (topic?: string): Promise<void>
  close (): Promise<void>
}

function parseListener (listener: string): { host: string, port: number } {
  const at = listener.lastIndexOf(':')
  const port = Number(listener.slice(at + 1))
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`advertised listener must be HOST:PORT, got '${listener}'`)
  return { host: listener.slice(0, at).replace(/^\[|\]$/g, ''), port }
}

export async function startBroker (options: BrokerOptions = {}): Promise<RunningBroker> {
  const logger = options.logger ?? pino({ level: process.env.KCONNECT_LOG_LEVEL ?? 'warn' })
  const nodeId = options.nodeId ?? brokerDefaults.nodeId
  const numPartitions = options.numPartitions ?? brokerDefaults.numPartitions
  const clusterId = await loadOrCreateClusterId(options.dataDir, nodeId)
  const logs = await LogManager.open({
    dataDir: options.dataDir,
    numPartitions,
    topicDefaults: options.topicDefaults,
    flushIntervalMessages: options.flushIntervalMessages,
    flushIntervalMs: options.flushIntervalMs,
    cleanupIntervalMs: options.logCleanupIntervalMs ?? brokerDefaults.logCleanupIntervalMs,
    logger: logger.child({ component: 'log' })
  })
  const groups = await GroupCoordinator.open({
    dataDir: options.dataDir,
    logger: logger.child({ component: 'coordinator' }),
    minSessionTimeoutMs: options.groupMinSessionTimeoutMs ?? brokerDefaults.groupMinSessionTimeoutMs,
    maxSessionTimeoutMs: options.groupMaxSessionTimeoutMs ?? brokerDefaults.groupMaxSessionTimeoutMs,
    initialRebalanceDelayMs: options.groupInitialRebalanceDelayMs ?? brokerDefaults.groupInitialRebalanceDelayMs
  })
  // The dispatcher needs the bound port (for port 0), so the listener forwards to it once it exists.
  const route: { dispatch?: (frame: Buffer, conn: Connection) => Promise<Buffer | null> } = {}
  const host = options.host ?? brokerDefaults.host
  const listener = await listen(host, options.port ?? brokerDefaults.port, async (frame, conn) => route.dispatch === undefined ? null : route.dispatch(frame, conn),
    options.maxRequestBytes ?? brokerDefaults.maxRequestBytes, logger.child({ component: 'network' }))
  const advertised = options.advertisedListener !== undefined
    ? parseListener(options.advertisedListener)
    : { host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port: listener.port }
  const ctx: BrokerContext = { nodeId, clusterId, advertised, autoCreateTopics: options.autoCreateTopics ?? brokerDefaults.autoCreateTopics, numPartitions, logs, groups, logger }
  route.dispatch = createDispatcher(ctx, handlers, logger.child({ component: 'dispatch' }))
  logger.info({ host, port: listener.port, dataDir: options.dataDir ?? null }, 'broker started')
  let closing: Promise<void> | undefined
  return {
    bootstrapServers: `${advertised.host}:${advertised.port}`,
    port: listener.port,
    clusterId,
    compactNow: async topic => { await logs.compactNow(topic) },
    runRetentionNow: async topic => { await logs.runRetentionNow(topic) },
    close: () => {
      closing ??= (async () => {
        await listener.close()
        await groups.close()
        await logs.close()
      })()
      return closing
    }
  }
}
