// Options of the embedded broker and their defaults. Server-level settings use Kafka's broker config names in
// the docs (`num.partitions`, `auto.create.topics.enable`, …) so a user can map one onto the other.
import type { Logger } from 'pino'

export interface BrokerOptions {
  /** Interface to bind; 127.0.0.1 by default (the broker is for local use). */
  host?: string
  /** TCP port; 0 picks a free one. Default 9092. */
  port?: number
  /** Where data lives; undefined keeps everything in memory (fast tests). */
  dataDir?: string
  /** `HOST:PORT` put in Metadata responses; defaults to the bound address (127.0.0.1, not localhost). */
  advertisedListener?: string
  /** `node.id`, default 1. */
  nodeId?: number
  /** `num.partitions` for auto-created topics and CreateTopics with -1. Default 1. */
  numPartitions?: number
  /** `auto.create.topics.enable`, default true. */
  autoCreateTopics?: boolean
  /** Broker-wide topic config defaults (`log.retention.ms` style keys are not used: give topic keys). */
  topicDefaults?: Record<string, string>
  /** `log.flush.interval.messages`: fsync after this many messages; undefined leaves it to the OS. */
  flushIntervalMessages?: number
  /** `log.flush.interval.ms`: fsync at least this often; undefined leaves it to the OS. */
  flushIntervalMs?: number
  /** `group.min.session.timeout.ms` (6000) and `group.max.session.timeout.ms` (1800000). */
  groupMinSessionTimeoutMs?: number
  groupMaxSessionTimeoutMs?: number
  /** `group.initial.rebalance.delay.ms`; Kafka uses 3000, the embedded broker 0. */
  groupInitialRebalanceDelayMs?: number
  /** `socket.request.max.bytes`: larger frames close the connection. Default 100 MiB. */
  maxRequestBytes?: number
  /** How often retention and compaction run (ms). Default 30000. */
  logCleanupIntervalMs?: number
  logger?: Logger
}

export const brokerDefaults = {
  host: '127.0.0.1',
  port: 9092,
  nodeId: 1,
  numPartitions: 1,
  autoCreateTopics: true,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1800000,
  groupInitialRebalanceDelayMs: 0,
  maxRequestBytes: 100 * 1024 * 1024,
  logCleanupIntervalMs: 30000
} as const
