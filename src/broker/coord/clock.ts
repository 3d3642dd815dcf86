// Time for the coordinator: `now()` plus one-shot timers, injectable so tests drive session and rebalance timeouts
// without sleeping. `systemScheduler` uses unref'd setTimeout; `ManualScheduler` only moves when told to.

/** Cancels a scheduled timer; calling it after the timer ran (or twice) does nothing. */
export type CancelTimer = () => void

export interface Scheduler {
  now (): number
  /** Runs `fn` once, `delayMs` (>= 0) from now. */
  schedule (delayMs: number, fn: () => void): CancelTimer
}

const MAX_TIMEOUT = 2 ** 31 - 1

export function systemScheduler (): Scheduler {
  return {
    now: () => Date.now(),
    schedule (delayMs, fn) {
      const timer = setTimeout(fn, Math.min(Math.max(0, delayMs), MAX_TIMEOUT))
      timer.unref()
      return () => clearTimeout(timer)
    }
  }
}

interface ManualTimer { due: number, seq: number, fn: () => void }

/** A fake clock for tests: timers run only inside `advance()`, in due-time order, with `now()` set to their due time. */
export class ManualScheduler implements Scheduler {
  #now: number
  #seq = 0
  #timers = new Set<ManualTimer>()

  constructor (startMs = 1_700_000_000_000) {
    this.#now = startMs
  }

  now (): number {
    return this.#now
  }

  schedule (delayMs: number, fn: () => void): CancelTimer {
    const timer: ManualTimer = { due: this.#now + Math.max(0, delayMs), seq: this.#seq++, fn }
    this.#timers.add(timer)
    return () => { this.#timers.delete(timer) }
  }

  /** Number of timers not yet run or cancelled. */
  get pending (): number {
    return this.#timers.size
  }

  /** Moves time forward by `ms`, running every timer that falls due (also those scheduled by timers on the way). */
  advance (ms = 0): void {
    const target = this.#now + ms
    while (true) {
      let next: ManualTimer | undefined
      for (const t of this.#timers) {
        if (t.due <= target && (next === undefined || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t
      }
      if (next === undefined) break
      this.#timers.delete(next)
      this.#now = Math.max(this.#now, next.due)
      next.fn()
    }
    this.#now = target
  }
}
