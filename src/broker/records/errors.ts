// Kafka error codes produced by record validation (numbers from Kafka's Errors.java; unified with
// protocol/error-codes.ts later).
export const RecordErrors = {
  NONE: 0,
  CORRUPT_MESSAGE: 2,
  MESSAGE_TOO_LARGE: 10,
  INVALID_RECORD: 87
} as const
