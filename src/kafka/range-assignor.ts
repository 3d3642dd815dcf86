// Kafka's RangeAssignor (the Java consumer's default, eager): for each topic, the members subscribed to it sorted
// by member id, each given a contiguous range of partitions, the first `partitions % members` one more.
import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssignments } from '@platformatic/kafka'

export function rangeAssigner (_current: string, members: Map<string, ExtendedGroupProtocolSubscription>, topics: Set<string>,
  metadata: ClusterMetadata): GroupPartitionsAssignments[] {
  const result = new Map<string, Map<string, GroupAssignment>>()
  for (const id of members.keys()) result.set(id, new Map())
  for (const topic of [...topics].sort()) {
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0
    const subscribers = [...members].filter(([, m]) => m.topics?.includes(topic) === true).map(([id]) => id).sort()
    if (count === 0 || subscribers.length === 0) continue
    const per = Math.floor(count / subscribers.length)
    const extra = count % subscribers.length
    let next = 0
    subscribers.forEach((id, i) => {
      const n = per + (i < extra ? 1 : 0)
      if (n === 0) return
      result.get(id)!.set(topic, { topic, partitions: Array.from({ length: n }, (_, j) => next + j) })
      next += n
    })
  }
  return [...result].map(([memberId, assignments]) => ({ memberId, assignments }))
}
