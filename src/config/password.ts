// A PASSWORD-typed config value. Everything that could end up in a log or a response body (toString, JSON,
// util.inspect, template literals) shows `[hidden]`; only value() gives the secret.
import { inspect } from 'node:util'

export class Password {
  static readonly HIDDEN = '[hidden]'
  readonly #value: string

  constructor (value: string) {
    this.#value = value
  }

  /** The secret itself. */
  value (): string {
    return this.#value
  }

  equals (other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value
  }

  toString (): string {
    return Password.HIDDEN
  }

  toJSON (): string {
    return Password.HIDDEN
  }

  [Symbol.toPrimitive] (): string {
    return Password.HIDDEN
  }

  [inspect.custom] (): string {
    return `Password(${Password.HIDDEN})`
  }
}
