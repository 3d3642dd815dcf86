// A FIFO lock for async sections (appends of one partition, maintenance of one partition, registry changes).
/** Serializes async sections (FIFO). */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve()

  run<T> (fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn)
    this.#tail = result.catch(() => {})
    return result
  }
}
