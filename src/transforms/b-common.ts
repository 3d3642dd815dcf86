// Helpers shared by DropHeaders, HeaderFrom, RegexRouter, ReplaceField, ValueToKey, TopicNameMatches...: Kafka's
// NonEmptyListValidator and RegexValidator (with Java regex syntax), SchemaUtil.copySchemaBasics, the SMT version.
import { ConfigException } from '../api/index.ts'
import { compileJavaRegex } from './java-regex.ts'

/** What `version()` reports for the built-in SMTs and predicates (the Kafka release they follow). */
export const SMT_VERSION = '4.0.0'

export const PREDICATES_PACKAGE = 'org.apache.kafka.connect.transforms.predicates'

type ValidatorLike = { ensureValid (name: string, value: unknown): void, toString (): string }

/** Kafka's NonEmptyListValidator: `Invalid value [] for configuration <k>: Empty list`. */
export function nonEmptyList (): ValidatorLike {
  return {
    ensureValid (name: string, value: unknown): void {
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
        throw ConfigException.invalid(name, value ?? null, 'Empty list')
      }
    },
    toString: () => 'non-empty list'
  }
}

/** Kafka's transforms RegexValidator (java.util.regex syntax): `… Invalid regex: <PatternSyntaxException message>`. */
export function javaRegex (): ValidatorLike {
  return {
    ensureValid (name: string, value: unknown): void {
      try {
        if (typeof value !== 'string') throw new TypeError(`Cannot compile ${String(value)} as a regex`)
        compileJavaRegex(value)
      } catch (err) {
        throw ConfigException.invalid(name, value ?? null, `Invalid regex: ${(err as Error).message}`)
      }
    },
    toString: () => 'valid regex'
  }
}

export { copySchemaBasics } from './a-schema-util.ts'
