// Unique names so tests sharing a broker never collide.
import { randomBytes } from 'node:crypto'

export function uniqueName (prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`
}
