// An abortable pause: what Kafka's file task does with `this.wait(1000)`, which stop() interrupts with notify().

/** Stops watching for data; returned by an `arm` function. */
export type Disarm = () => void

/**
 * Resolves after `ms`, when any of `signals` aborts, or when the watcher `arm` sets up calls its `wake` —
 * whichever comes first. Never rejects; everything it set up is released before it resolves.
 */
export function pause (ms: number, signals: readonly AbortSignal[], arm?: (wake: () => void) => Disarm): Promise<void> {
  return new Promise(resolve => {
    if (signals.some(s => s.aborted)) {
      resolve()
      return
    }
    let disarm: Disarm | undefined
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      for (const s of signals) s.removeEventListener('abort', finish)
      disarm?.()
      resolve()
    }
    const timer = setTimeout(finish, ms)
    for (const s of signals) s.addEventListener('abort', finish, { once: true })
    if (arm !== undefined) {
      const d = arm(finish)
      if (done) d()
      else disarm = d
    }
  })
}
