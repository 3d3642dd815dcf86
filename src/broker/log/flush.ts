// fsync policy of one partition (Kafka's flush.messages / flush.ms, broker defaults log.flush.interval.messages /
// log.flush.interval.ms). Data is always written to the file before a produce is acknowledged, so kill -9 loses
// nothing acknowledged; fsync only protects against power loss or a kernel crash.
// - flush.messages: once that many messages were written since the last fsync, the append waits for an fsync.
// - flush.ms: a timer fsyncs data written that long ago.
// Group commit: appends waiting at the same time share one fsync; an fsync covers everything written before it
// started, across every segment written since the previous one.
import type { Segment } from './segment.ts'

const noop = (): void => {}

export class Flusher {
  #dirty = new Set<Segment>()
  #unflushedMessages = 0
  #running: Promise<void> | undefined
  #pending: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  readonly #onError: (err: unknown) => void

  constructor (onError: (err: unknown) => void) {
    this.#onError = onError
  }

  /**
   * Notes `messages` written to `segment`; returns a promise to await before acknowledging when the policy asks
   * for an fsync now, else undefined (and arms the flush.ms timer when that is finite).
   */
  written (segment: Segment, messages: number, flushMessages: number, flushMs: number): Promise<void> | undefined {
    this.#dirty.add(segment)
    this.#unflushedMessages += messages
    if (this.#unflushedMessages >= flushMessages) return this.sync()
    if (flushMs < Number.MAX_SAFE_INTEGER && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.sync().catch(this.#onError)
      }, Math.max(0, flushMs))
      this.#timer.unref()
    }
    return undefined
  }

  /** fsyncs everything written so far (joining a queued fsync when there is one). */
  sync (): Promise<void> {
    this.#pending ??= (this.#running ?? Promise.resolve()).catch(() => {}).then(() => {
      this.#pending = undefined
      const segments = [...this.#dirty]
      this.#dirty.clear()
      this.#unflushedMessages = 0
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer)
        this.#timer = undefined
      }
      const running = Promise.all(segments.map(s => s.io.sync())).then(() => {})
      const settled: Promise<void> = running.then(noop, noop).finally(() => { if (this.#running === settled) this.#running = undefined })
      this.#running = settled
      return running
    })
    return this.#pending
  }

  /** Forgets a segment that is being deleted. */
  forget (segment: Segment): void {
    this.#dirty.delete(segment)
  }

  stop (): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
