// Kafka's ConfigDef validators with their exact messages and "Valid Values" texts: Range (atLeast, between),
// ValidString.in, CaseInsensitiveValidString.in, ValidList.in, NonNullValidator, NonEmptyString,
// NonEmptyStringWithoutControlChars, ListSize, CompositeValidator, LambdaValidator; plus a few Connect ones
// (unique aliases, valid regex, listeners URLs) and `validatorOf()` for bare functions.
import { ConfigException } from './errors.ts'
import { javaFullMatchRegex, javaHashSetOrder, javaString } from './java-text.ts'
import type { Validator, ValidatorFn } from './types.ts'

function validator (ensureValid: (name: string, value: unknown) => void, description: string): Validator {
  return { ensureValid, toString: () => description }
}

function numberText (n: number | bigint): string {
  return javaString(n)
}

function range (min: number | bigint | null, max: number | bigint | null): Validator {
  const text = min === null && max === null
    ? '[...]'
    : min === null ? `[...,${numberText(max!)}]` : max === null ? `[${numberText(min)},...]` : `[${numberText(min)},...,${numberText(max)}]`
  return validator((name, value) => {
    if (value === null || value === undefined) throw ConfigException.invalid(name, null, 'Value must be non-null')
    const n = Number(value)
    if (min !== null && n < Number(min)) throw ConfigException.invalid(name, value, `Value must be at least ${numberText(min)}`)
    if (max !== null && n > Number(max)) throw ConfigException.invalid(name, value, `Value must be no more than ${numberText(max)}`)
  }, text)
}

/** Range.atLeast(min): `Value must be at least <min>`; null is rejected (`Value must be non-null`). */
export function atLeast (min: number | bigint): Validator {
  return range(min, null)
}

/** Range.between(min, max), both inclusive. */
export function between (min: number | bigint, max: number | bigint): Validator {
  return range(min, max)
}

/** ValidString.in(...): exact match; `String must be one of: a, b`. */
export function oneOf (...validStrings: string[]): Validator {
  return validator((name, value) => {
    if (typeof value !== 'string' || !validStrings.includes(value)) {
      throw ConfigException.invalid(name, value, `String must be one of: ${validStrings.join(', ')}`)
    }
  }, `[${validStrings.join(', ')}]`)
}

/**
 * CaseInsensitiveValidString.in(...): null is rejected too. Like Kafka, the message lists the upper-cased values in
 * java.util.HashSet order.
 */
export function oneOfIgnoreCase (...validStrings: string[]): Validator {
  const upper = javaHashSetOrder(validStrings.map(s => s.toUpperCase()))
  const set = new Set(upper)
  return validator((name, value) => {
    if (typeof value !== 'string' || !set.has(value.toUpperCase())) {
      throw ConfigException.invalid(name, value, `String must be one of (case insensitive): ${upper.join(', ')}`)
    }
  }, `(case insensitive) [${upper.join(', ')}]`)
}

/** ValidList.in(...): every item of a LIST must be one of the values. */
export function listOf (...validStrings: string[]): Validator {
  const item = oneOf(...validStrings)
  return validator((name, value) => {
    for (const s of (value as unknown[] | null) ?? []) item.ensureValid(name, s)
  }, item.toString())
}

/** NonNullValidator: `Invalid value null for configuration <k>: entry must be non null`. */
export function nonNull (): Validator {
  return validator((name, value) => {
    if (value === null || value === undefined) throw ConfigException.invalid(name, 'null', 'entry must be non null')
  }, 'non-null string')
}

/** NonEmptyString: rejects "" (null passes). */
export function nonEmptyString (): Validator {
  return validator((name, value) => {
    if (value === '') throw ConfigException.invalid(name, value, 'String must be non-empty')
  }, 'non-empty string')
}

/** NonEmptyStringWithoutControlChars (connector `name`): null passes, "" and ISO control characters do not. */
export function nonEmptyStringWithoutControlChars (): Validator {
  return validator((name, value) => {
    if (value === null || value === undefined) return
    const s = String(value)
    if (s.length === 0) throw ConfigException.invalid(name, value, 'String may not be empty')
    const found: number[] = []
    for (let i = 0; i < s.length; i++) {
      const c = s.codePointAt(i)!
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) found.push(c)
    }
    if (found.length > 0) {
      throw ConfigException.invalid(name, value, `String may not contain control sequences but had the following ASCII chars: ${found.join(', ')}`)
    }
  }, 'non-empty string without ISO control characters')
}

/** ListSize.atMostOfSize(n). */
export function listSizeAtMost (maxSize: number): Validator {
  return validator((name, value) => {
    if (Array.isArray(value) && value.length > maxSize) {
      throw ConfigException.invalid(name, value, `exceeds maximum list size of [${maxSize}].`)
    }
  }, `List containing maximum of ${maxSize} elements`)
}

/** CompositeValidator.of(...): runs each in turn; description joined by ", ". */
export function composite (...validators: Array<Validator | ValidatorFn>): Validator {
  const list = validators.map(v => validatorOf(v))
  return validator((name, value) => {
    for (const v of list) v.ensureValid(name, value)
  }, list.map(v => v.toString()).join(', '))
}

/** LambdaValidator.with(fn, description); `fn` may throw or return a reason string. */
export function lambda (fn: ValidatorFn, description = ''): Validator {
  return validator((name, value) => {
    const reason = fn(name, value)
    if (typeof reason === 'string') throw ConfigException.invalid(name, value, reason)
  }, description)
}

/** Accepts null for the inner validator (Connect's "unset or valid" keys such as transaction.boundary.interval.ms). */
export function optional (inner: Validator | ValidatorFn): Validator {
  const v = validatorOf(inner)
  return validator((name, value) => {
    if (value !== null && value !== undefined) v.ensureValid(name, value)
  }, v.toString())
}

/** A Validator from either form; a bare function's description is empty. */
export function validatorOf (v: Validator | ValidatorFn): Validator {
  return typeof v === 'function' ? lambda(v) : v
}

/** Connect's alias lists (transforms, predicates, topic.creation.groups): non-null and no duplicates. */
export function uniqueAliases (kind: string): Validator {
  return composite(nonNull(), lambda((name, value) => {
    const list = value as unknown[]
    if (list.length > new Set(list).size) throw ConfigException.invalid(name, value, 'Duplicate alias provided.')
  }, `unique ${kind} aliases`))
}

/** Connect's RegexValidator: `Invalid regex: <reason>` (JS regex syntax stands in for java.util.regex). */
export function validRegex (): Validator {
  return validator((name, value) => {
    if (typeof value !== 'string') return
    try {
      javaFullMatchRegex(value)
    } catch (err) {
      throw ConfigException.invalid(name, value, `Invalid regex: ${(err as Error).message}`)
    }
  }, 'valid regex')
}

/** RestServerConfig's listeners validator: a non-empty list of non-blank URLs. */
export function listenersList (key: string, allowNull: boolean): Validator {
  return validator((_name, value) => {
    if (value === null || value === undefined) {
      if (allowNull) return
      throw new ConfigException(`Invalid value type for ${key} (expected list of URLs , ex: http://localhost:8080,https://localhost:8443).`, { key })
    }
    if (!Array.isArray(value)) throw new ConfigException(`Invalid value type for ${key} (expected list).`, { key })
    if (value.length === 0) {
      if (allowNull) return
      throw new ConfigException(`Invalid value for ${key}, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.`, { key })
    }
    for (const item of value) {
      if (typeof item !== 'string') throw new ConfigException(`Invalid type for ${key} (expected String).`, { key })
      if (item.trim().length === 0) throw new ConfigException(`Empty URL found when parsing ${key} list.`, { key })
    }
  }, 'List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.')
}

/** TopicCreationConfig.PARTITIONS_VALIDATOR: positive, or -1 for the broker default. */
export function partitionsValidator (): Validator {
  return validator((name, value) => {
    if (typeof value === 'number' && value !== -1 && value < 1) {
      throw ConfigException.invalid(name, value, "Number of partitions must be positive, or -1 to use the broker's default")
    }
  }, "Positive number, or -1 to use the broker's default")
}

/** TopicCreationConfig.REPLICATION_FACTOR_VALIDATOR: positive, or -1 for the broker default. */
export function replicationFactorValidator (): Validator {
  return validator((name, value) => {
    if (typeof value === 'number' && value !== -1 && value < 1) {
      throw ConfigException.invalid(name, value, "Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default")
    }
  }, "Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default")
}
