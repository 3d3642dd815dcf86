// Committed offsets: group -> topic -> partition -> (offset, leader epoch, metadata, commit time). In memory;
// durability is coord.log's job.

export interface CommittedOffset {
  offset: bigint
  leaderEpoch: number
  metadata: string
  commitTimestamp: number
}

export interface StoredOffset extends CommittedOffset {
  topic: string
  partition: number
}

export class OffsetStore {
  readonly #byGroup = new Map<string, Map<string, Map<number, CommittedOffset>>>()

  put (groupId: string, topic: string, partition: number, value: CommittedOffset): void {
    let topics = this.#byGroup.get(groupId)
    if (topics === undefined) this.#byGroup.set(groupId, topics = new Map())
    let partitions = topics.get(topic)
    if (partitions === undefined) topics.set(topic, partitions = new Map())
    partitions.set(partition, value)
  }

  get (groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#byGroup.get(groupId)?.get(topic)?.get(partition)
  }

  /** Every committed offset of the group, sorted by topic then partition. */
  list (groupId: string): StoredOffset[] {
    const out: StoredOffset[] = []
    const topics = this.#byGroup.get(groupId)
    if (topics === undefined) return out
    for (const topic of [...topics.keys()].sort()) {
      const partitions = topics.get(topic)!
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) out.push({ topic, partition, ...partitions.get(partition)! })
    }
    return out
  }

  hasOffsets (groupId: string): boolean {
    return this.#byGroup.has(groupId)
  }

  groupIds (): string[] {
    return [...this.#byGroup.keys()]
  }

  deleteGroup (groupId: string): void {
    this.#byGroup.delete(groupId)
  }

  /** Drops the topic's offsets from every group; returns the number of partitions removed. */
  deleteTopic (topic: string): number {
    let removed = 0
    for (const [groupId, topics] of this.#byGroup) {
      const partitions = topics.get(topic)
      if (partitions === undefined) continue
      removed += partitions.size
      topics.delete(topic)
      if (topics.size === 0) this.#byGroup.delete(groupId)
    }
    return removed
  }
}
