// Which closed segments retention deletes (the active segment never is; it is rolled first once segment.ms has
// passed, so an idle partition's data can still expire):
// - below the log start offset (after DeleteRecords): segments whose every offset is below it;
// - by time (retention.ms >= 0): the oldest segments whose newest timestamp is more than retention.ms old;
// - by size (retention.bytes >= 0): the oldest segments while the partition would still hold at least
//   retention.bytes without them (total size - retention.bytes >= that segment's size), as Kafka does.
// Time and size only apply with cleanup.policy delete (compact-only topics are exempt; `compact,delete` gets both).
import type { Segment } from './segment.ts'
import type { TopicConfig } from './topic-config.ts'

export interface RetentionPlan {
  /** How many of the oldest segments to delete. */
  count: number
  reasons: string[]
}

export function planRetention (segments: readonly Segment[], logStartOffset: number, config: TopicConfig, now: number): RetentionPlan {
  const closed = segments.length - 1
  let count = 0
  const reasons: string[] = []
  while (count < closed && segments[count + 1].baseOffset <= logStartOffset) count++
  if (count > 0) reasons.push(`below the log start offset ${logStartOffset}`)
  if (!config.delete) return { count, reasons }
  if (config.retentionMs >= 0) {
    const before = count
    while (count < closed && segments[count].maxTimestamp < now - config.retentionMs) count++
    if (count > before) reasons.push(`older than retention.ms ${config.retentionMs}`)
  }
  if (config.retentionBytes >= 0) {
    const before = count
    let total = 0
    for (let i = count; i < segments.length; i++) total += segments[i].size
    let excess = total - config.retentionBytes
    while (count < closed && excess >= segments[count].size) {
      excess -= segments[count].size
      count++
    }
    if (count > before) reasons.push(`partition above retention.bytes ${config.retentionBytes}`)
  }
  return { count, reasons }
}

/** Whether the active segment should be closed by a maintenance pass (segment.ms passed, not empty). */
export function activeSegmentExpired (active: Segment, config: TopicConfig, now: number): boolean {
  return !active.empty && active.rollStartMs !== undefined && now - active.rollStartMs >= config.segmentMs
}
