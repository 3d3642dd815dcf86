// Small pieces the handlers share.
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

/** Converts a wire int64 offset to the log's JS number; offsets beyond 2^53 cannot exist in this broker. */
export function toOffset (value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}
