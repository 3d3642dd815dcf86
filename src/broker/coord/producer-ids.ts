// Producer ids for InitProducerId without a transactional id. Ids are handed out from blocks; a block's end is made
// durable (coord.log) before any id of it is returned, and a restart continues after the last reserved block, so an
// id is never given out twice, even after kill -9 (unused ids of a block are skipped).

export interface ProducerIdOptions {
  blockSize: number
  /** Persists "ids below `end` are reserved"; resolves once durable. */
  persistBlock (end: bigint): Promise<void>
}

export class ProducerIdAllocator {
  readonly #opts: ProducerIdOptions
  #next = 0n
  /** End of the block ids are being handed out from. */
  #blockEnd = 0n
  /** End of the newest reserved block (>= #blockEnd while a reservation is being written). */
  #reservedEnd = 0n
  #reserving: Promise<void> | null = null

  constructor (opts: ProducerIdOptions) {
    this.#opts = opts
  }

  /** Replay: everything below `end` may have been handed out. */
  restore (end: bigint): void {
    if (end <= this.#reservedEnd) return
    this.#next = end
    this.#blockEnd = end
    this.#reservedEnd = end
  }

  /** The end to record in a snapshot. */
  get reservedEnd (): bigint {
    return this.#reservedEnd
  }

  async allocate (): Promise<bigint> {
    while (this.#next >= this.#blockEnd) {
      if (this.#reserving === null) {
        const end = this.#reservedEnd + BigInt(this.#opts.blockSize)
        this.#reservedEnd = end
        this.#reserving = this.#opts.persistBlock(end).then(
          () => {
            this.#next = end - BigInt(this.#opts.blockSize)
            this.#blockEnd = end
          }
        ).finally(() => { this.#reserving = null })
      }
      await this.#reserving
    }
    return this.#next++
  }
}
