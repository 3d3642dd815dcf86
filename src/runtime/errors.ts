// Errors the runtime raises with an HTTP status attached (Kafka's ConnectRestException and BadRequestException).
import { ConnectError } from '../api/errors.ts'

export class ConnectRestError extends ConnectError {
  override readonly code: string = 'KC_REST'
  readonly status: number

  constructor (status: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.status = status
  }
}

export class BadRequestError extends ConnectRestError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(400, message, options)
  }
}
