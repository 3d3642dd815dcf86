// The logger the log accepts: pino-compatible (pino's Logger satisfies it), silent by default.
/** A pino-compatible logger (pino's Logger satisfies it). */
export interface LogLogger {
  info (obj: object, msg?: string): void
  warn (obj: object, msg?: string): void
  error (obj: object, msg?: string): void
  debug (obj: object, msg?: string): void
  child (bindings: Record<string, unknown>): LogLogger
}

const noop = (): void => {}
export const silentLogger: LogLogger = { info: noop, warn: noop, error: noop, debug: noop, child: () => silentLogger }
