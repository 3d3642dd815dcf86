// ConfigDef.parseType and convertToString: turning a raw value (usually a string from a properties file or REST
// JSON) into the typed value of a key, with Kafka's error messages, and back into the string a REST body shows.
//
// LONG decision: a LONG parses to a JS `number`, not a bigint. Every LONG key Connect defines is a duration, size or
// count used in arithmetic and timers, where bigint would force conversions everywhere. Input is range-checked as
// Java's Long.parseLong does (so `9223372036854775807` is accepted, `9223372036854775808` is "Not a number of type
// LONG"), and values beyond ±2^53 are rounded to the nearest double; a bigint input is accepted and converted.
import { ConfigException } from './errors.ts'
import { inJavaRange, javaClassName, javaDoubleToString, javaString, javaTrim, parseJavaDouble, parseJavaInteger } from './java-text.ts'
import { Password } from './password.ts'
import type { ConfigType, ParseOptions } from './types.ts'

// Java regex \s is ASCII whitespace only
const COMMA_WITH_WHITESPACE = /[ \t\n\v\f\r]*,[ \t\n\v\f\r]*/

/** Kafka's LIST parse of a string: trimmed, empty → [], else split on `\s*,\s*` keeping empty items. */
export function parseList (value: string): string[] {
  const trimmed = javaTrim(value)
  return trimmed.length === 0 ? [] : trimmed.split(COMMA_WITH_WHITESPACE)
}

export function parseType (name: string, value: unknown, type: ConfigType, opts?: ParseOptions): unknown {
  if (value === null || value === undefined) return null
  const str = typeof value === 'string' ? value : undefined
  const trimmed = str === undefined ? '' : javaTrim(str)
  const notNumber = (): ConfigException => ConfigException.invalid(name, value, `Not a number of type ${type}`)
  switch (type) {
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value
      if (str !== undefined) {
        const lower = trimmed.toLowerCase()
        if (lower === 'true') return true
        if (lower === 'false') return false
      }
      throw ConfigException.invalid(name, value, 'Expected value to be either true or false')
    case 'PASSWORD':
      if (value instanceof Password) return value
      if (str !== undefined) return new Password(trimmed)
      throw ConfigException.invalid(name, value, `Expected value to be a string, but it was a ${javaClassName(value)}`)
    case 'STRING':
      if (str !== undefined) return trimmed
      throw ConfigException.invalid(name, value, `Expected value to be a string, but it was a ${javaClassName(value)}`)
    case 'INT':
    case 'SHORT': {
      if (typeof value === 'number' && inJavaRange(value, type)) return value
      if (str !== undefined) {
        const n = parseJavaInteger(trimmed, type)
        if (n === undefined) throw notNumber()
        return Number(n)
      }
      const what = type === 'INT' ? 'a 32-bit integer' : 'a 16-bit integer (short)'
      throw ConfigException.invalid(name, value, `Expected value to be ${what}, but it was a ${javaClassName(value)}`)
    }
    case 'LONG':
      if ((typeof value === 'number' || typeof value === 'bigint') && inJavaRange(value, 'LONG')) return Number(value)
      if (str !== undefined) {
        const n = parseJavaInteger(trimmed, 'LONG')
        if (n === undefined) throw notNumber()
        return Number(n)
      }
      throw ConfigException.invalid(name, value, `Expected value to be a 64-bit integer (long), but it was a ${javaClassName(value)}`)
    case 'DOUBLE':
      if (typeof value === 'number') return value
      if (typeof value === 'bigint') return Number(value)
      if (str !== undefined) {
        const d = parseJavaDouble(trimmed)
        if (d === undefined) throw notNumber()
        return d
      }
      throw ConfigException.invalid(name, value, `Expected value to be a double, but it was a ${javaClassName(value)}`)
    case 'LIST':
      if (Array.isArray(value)) return value
      if (str !== undefined) return parseList(str)
      throw ConfigException.invalid(name, value, 'Expected a comma separated list.')
    case 'CLASS':
      if (str !== undefined) {
        if (opts?.classExists !== undefined && !opts.classExists(trimmed, name)) {
          throw ConfigException.invalid(name, value, `Class ${str} could not be found.`)
        }
        return trimmed
      }
      throw ConfigException.invalid(name, value, 'Expected a Class instance or class name.')
    default:
      throw new Error(`Unknown type ${String(type)}`)
  }
}

/** ConfigDef.convertToString: the text of a parsed value (REST bodies, docs). PASSWORD is always `[hidden]`. */
export function convertToString (value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined) return null
  switch (type) {
    case null:
      return javaString(value)
    case 'PASSWORD':
      return Password.HIDDEN
    case 'LIST':
      return Array.isArray(value) ? value.map(javaString).join(',') : javaString(value)
    case 'DOUBLE':
      return typeof value === 'number' ? javaDoubleToString(value) : javaString(value)
    case 'INT': case 'SHORT': case 'LONG':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value).toString() : javaString(value)
    default:
      return javaString(value)
  }
}
