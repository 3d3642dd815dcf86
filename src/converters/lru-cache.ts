// A small least-recently-used cache (Kafka's LRUCache) on Map's insertion order.
export class LruCache<K, V> {
  readonly #max: number
  readonly #map = new Map<K, V>()

  constructor (maxSize: number) {
    this.#max = Math.max(0, maxSize)
  }

  get size (): number {
    return this.#map.size
  }

  get (key: K): V | undefined {
    const v = this.#map.get(key)
    // Recency only matters once the cache is full; re-inserting on every hit would cost more than the lookup.
    if (v !== undefined && this.#map.size >= this.#max) {
      this.#map.delete(key)
      this.#map.set(key, v)
    }
    return v
  }

  set (key: K, value: V): void {
    if (this.#max === 0) return
    this.#map.delete(key)
    this.#map.set(key, value)
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as K)
  }
}
