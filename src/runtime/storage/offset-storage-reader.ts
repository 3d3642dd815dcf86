// A connector's view of its committed source offsets (the SDK's OffsetStorageReader).
import type { SourceMap } from '../../api/records.ts'
import type { OffsetStorageReader } from '../../api/task.ts'
import { offsetKey, type OffsetBackingStore } from './offset-store.ts'

export class ConnectorOffsetReader implements OffsetStorageReader {
  readonly #connector: string
  readonly #store: OffsetBackingStore

  constructor (connector: string, store: OffsetBackingStore) {
    this.#connector = connector
    this.#store = store
  }

  async offset (partition: SourceMap): Promise<SourceMap | null> {
    const found = await this.offsets([partition])
    return found.get(partition) ?? null
  }

  async offsets (partitions: readonly SourceMap[]): Promise<Map<SourceMap, SourceMap>> {
    const keys = partitions.map(p => offsetKey(this.#connector, p))
    const values = await this.#store.get(keys)
    const out = new Map<SourceMap, SourceMap>()
    partitions.forEach((p, i) => {
      const v = values.get(keys[i]!)
      if (v !== undefined) out.set(p, JSON.parse(v) as SourceMap)
    })
    return out
  }
}
