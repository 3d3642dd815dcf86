// The errors the data model throws. They live here because src/data imports nothing else from src/; src/api/errors.ts
// re-exports them next to the rest of the SDK's errors (Kafka: org.apache.kafka.connect.errors).

/** Base of every Connect error (Kafka's ConnectException). */
export class ConnectError extends Error {
  readonly code: string = 'KC_CONNECT'

  constructor (message?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Bad data: a value that does not match its schema, bytes a converter cannot read (Kafka's DataException). */
export class DataError extends ConnectError {
  override readonly code: string = 'KC_DATA'
}

/** An invalid SchemaBuilder call (Kafka's SchemaBuilderException). */
export class SchemaBuilderError extends DataError {
  override readonly code: string = 'KC_SCHEMA_BUILDER'
}

/** A value that cannot be projected onto another schema (Kafka's SchemaProjectorException). */
export class SchemaProjectorError extends DataError {
  override readonly code: string = 'KC_SCHEMA_PROJECTOR'
}
