// Kafka error codes the coordinator returns (numbers as in Kafka's Errors.java). Kept local so coord/ does not depend
// on the protocol codec; they are the same numbers as protocol/error-codes.ts.
export const CoordErrors = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_METADATA_TOO_LARGE: 12,
  COORDINATOR_NOT_AVAILABLE: 15,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
  FENCED_INSTANCE_ID: 82
} as const

export type CoordErrorCode = typeof CoordErrors[keyof typeof CoordErrors]
