// The storage behind a PartitionLog: memory (memory-store.ts) or a directory of segment files (file-store.ts).
import type { Segment } from './segment.ts'

/** Per-partition state kept beside the segments: the log start offset and where the cleaner stopped. */
export interface CheckpointState { logStartOffset: number, cleanerOffset: number }

export interface LoadedPartition {
  /** At least one segment; the last is the active one. */
  segments: Segment[]
  checkpoint: CheckpointState
  /** True when the data was closed cleanly and the indexes were trusted. */
  clean: boolean
}

/** Producer dedup state as saved on a clean close: valid for every batch below `offset`. */
export interface ProducerSnapshotData {
  offset: number
  producers: Array<{ producerId: string, epoch: number, batches: Array<[firstSeq: number, lastSeq: number, baseOffset: number]> }>
}

export interface PartitionStore {
  readonly kind: 'memory' | 'file'
  readonly name: string
  /** Opens or recovers the segments. Throws StorageError when the data cannot be read. */
  load (): Promise<LoadedPartition>
  createSegment (baseOffset: number): Promise<Segment>
  writeCheckpoint (state: CheckpointState): Promise<void>
  writeProducerSnapshot (snapshot: ProducerSnapshotData): Promise<void>
  readProducerSnapshot (): Promise<ProducerSnapshotData | undefined>
  /**
   * Starts writing a replacement for `old` (compaction): same base offset, new content. commit() swaps it in
   * atomically and returns the new segment; the caller then closes `old` with dispose('close') (never 'remove':
   * the new segment has the same file name). abort() throws the output away.
   */
  beginReplace (old: Segment, indexIntervalBytes: number): Promise<SegmentWriter>
  /** Deletes all data of the partition. */
  removeAll (): Promise<void>
  /** fsyncs the partition directory (after files were created, renamed or deleted). */
  syncDir (): Promise<void>
}

/** Output of a compaction for one segment. */
export interface SegmentWriter {
  write (data: Buffer): Promise<void>
  commit (): Promise<Segment>
  abort (): Promise<void>
}
