// What plugin authors throw and catch (Kafka: org.apache.kafka.connect.errors). ConnectError, DataError and the
// schema errors are defined in src/data (which imports nothing else) and re-exported here.
import { ConnectError } from '../data/errors.ts'

export { ConnectError, DataError, SchemaBuilderError, SchemaProjectorError } from '../data/errors.ts'

/** A failure that may succeed on retry; the runtime retries the operation (Kafka's RetriableException). */
export class RetriableError extends ConnectError {
  override readonly code: string = 'KC_RETRIABLE'
}

/** A connector, task or other resource does not exist (Kafka's NotFoundException). */
export class NotFoundError extends ConnectError {
  override readonly code: string = 'KC_NOT_FOUND'
}

/** A resource being created already exists (Kafka's AlreadyExistsException). */
export class AlreadyExistsError extends ConnectError {
  override readonly code: string = 'KC_ALREADY_EXISTS'
}

/** The worker is in a state where the operation is not allowed (Kafka's IllegalWorkerStateException). */
export class IllegalWorkerStateError extends ConnectError {
  override readonly code: string = 'KC_ILLEGAL_WORKER_STATE'
}
