// Recommenders (Kafka's ConfigDef.Recommender): the values a UI may offer for a key and whether the key is visible,
// both computed from the parsed values of the whole definition.
import type { ParsedValues, Recommender } from './types.ts'

export interface RecommenderParts {
  validValues?: (name: string, parsed: ParsedValues) => unknown[]
  visible?: (name: string, parsed: ParsedValues) => boolean
}

/** A recommender from its parts: no values and always visible unless given. */
export function recommender (parts: RecommenderParts): Recommender {
  return {
    validValues: parts.validValues ?? (() => []),
    visible: parts.visible ?? (() => true)
  }
}

/** Always recommends the same values. */
export function recommendValues (...values: unknown[]): Recommender {
  return recommender({ validValues: () => [...values] })
}

/** Visible only while `key`'s parsed value is one of `values` (e.g. SSL keys shown only for security.protocol=SSL). */
export function visibleIf (key: string, ...values: unknown[]): Recommender {
  return recommender({ visible: (_name, parsed) => values.includes(parsed[key]) })
}
