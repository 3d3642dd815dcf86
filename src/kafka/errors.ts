// Failures of the Kafka clients, as Connect errors: RetriableError when every error in the library's chain may
// succeed on retry (network, coordinator moves, leadership changes), KafkaClientError otherwise. Messages never
// carry config values (they may be secrets).
import { ConnectError, RetriableError } from '../api/errors.ts'

/** A Kafka client operation failed and retrying it as is will not help (Kafka's KafkaException). */
export class KafkaClientError extends ConnectError {
  override readonly code: string = 'KC_KAFKA'
}

/**
 * An offset commit was refused because the group rebalanced (Kafka's CommitFailedException /
 * RebalanceInProgressException): the partitions may belong to another member now. Retrying is pointless; the
 * revocation callback runs on the next poll.
 */
export class CommitFailedError extends KafkaClientError {
  override readonly code: string = 'KC_KAFKA_COMMIT_FAILED'
}

interface ChainLink { canRetry?: unknown, errors?: unknown, cause?: unknown }

/** True when no error in the chain (AggregateError members and causes included) says `canRetry: false`. */
export function isRetriable (err: unknown): boolean {
  const seen = new Set<unknown>()
  const walk = (e: unknown, depth: number): boolean => {
    if (e === null || typeof e !== 'object' || seen.has(e) || depth > 8) return true
    seen.add(e)
    const link = e as ChainLink
    if (link.canRetry === false) return false
    if (Array.isArray(link.errors) && !link.errors.every(x => walk(x, depth + 1))) return false
    return walk(link.cause, depth + 1)
  }
  return walk(err, 0)
}

/** The Kafka protocol error codes found in the chain (`apiCode` of @platformatic/kafka's ProtocolError). */
export function protocolErrorCodes (err: unknown): number[] {
  const out: number[] = []
  const seen = new Set<unknown>()
  const walk = (e: unknown, depth: number): void => {
    if (e === null || typeof e !== 'object' || seen.has(e) || depth > 8) return
    seen.add(e)
    const link = e as ChainLink & { apiCode?: unknown }
    if (typeof link.apiCode === 'number') out.push(link.apiCode)
    if (Array.isArray(link.errors)) for (const x of link.errors) walk(x, depth + 1)
    walk(link.cause, depth + 1)
  }
  walk(err, 0)
  return out
}

/** Wraps a library error: `<what>: <library message>`, the original as cause. */
export function toConnectError (err: unknown, what: string): ConnectError {
  if (err instanceof ConnectError) return err
  const detail = err instanceof Error ? err.message : String(err)
  const message = `${what}: ${detail}`
  return isRetriable(err) ? new RetriableError(message, { cause: err }) : new KafkaClientError(message, { cause: err })
}
