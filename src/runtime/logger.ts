// The runtime's logger type (pino). Connector and task loggers are children carrying `connector` and `task`.
import type { Logger as PinoLogger } from 'pino'

export type Logger = PinoLogger
