// The three ISO-8601 texts Values reads and writes for Date, Time and Timestamp values: `yyyy-MM-dd`,
// `HH:mm:ss.SSS'Z'` and `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`. Parsing is as lenient as Java's SimpleDateFormat (fields take
// any number of digits and overflow into the next field). Kafka formats and parses in the JVM's default time zone;
// kconnect always uses UTC (the zone Kafka Connect's images run in).
import { MILLIS_PER_DAY } from './logical/names.ts'

export const ISO_8601_DATE_FORMAT_PATTERN = 'yyyy-MM-dd'
export const ISO_8601_TIME_FORMAT_PATTERN = "HH:mm:ss.SSS'Z'"
export const ISO_8601_TIMESTAMP_FORMAT_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"

export const ISO_8601_DATE_LENGTH = 10
export const ISO_8601_TIME_LENGTH = 13
export const ISO_8601_TIMESTAMP_LENGTH = 24

type Pattern = Array<string | 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S'>

const DATE: Pattern = ['y', '-', 'M', '-', 'd']
const TIME: Pattern = ['H', ':', 'm', ':', 's', '.', 'S', 'Z']
const TIMESTAMP: Pattern = [...DATE, 'T', ...TIME]

export type TemporalKind = 'date' | 'time' | 'timestamp'

const PATTERNS: Record<TemporalKind, Pattern> = { date: DATE, time: TIME, timestamp: TIMESTAMP }
const FIELDS = new Set(['y', 'M', 'd', 'H', 'm', 's', 'S'])

/**
 * Parses `text` against one of the patterns like a lenient SimpleDateFormat in UTC: success once every pattern
 * element matched (trailing text is ignored); null when a literal or number is missing.
 */
export function parseTemporal (text: string, kind: TemporalKind): Date | null {
  const values: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 }
  let pos = 0
  for (const part of PATTERNS[kind]) {
    if (FIELDS.has(part)) {
      while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++
      const start = pos
      while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++
      if (pos === start) return null
      values[part] = Number(text.slice(start, pos))
    } else {
      if (text[pos] !== part) return null
      pos++
    }
  }
  const d = new Date(0)
  d.setUTCFullYear(values.y!, values.M! - 1, values.d!)
  d.setUTCHours(values.H!, values.m!, values.s!, values.S!)
  return Number.isNaN(d.getTime()) ? null : d
}

function pad (n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function formatDate (d: Date): string {
  const y = d.getUTCFullYear()
  const yearOfEra = y > 0 ? y : 1 - y
  return `${pad(yearOfEra, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
}

function formatTime (d: Date): string {
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`
}

/** Which text Values.convertToString uses for a Date: time below one day, date on day boundaries, else timestamp. */
export function temporalKindFor (d: Date): TemporalKind {
  const t = d.getTime()
  if (t < MILLIS_PER_DAY) return 'time'
  if (t % MILLIS_PER_DAY === 0) return 'date'
  return 'timestamp'
}

/** Kafka's `Values.dateFormatFor(value).format(value)`, in UTC. */
export function formatTemporal (d: Date): string {
  switch (temporalKindFor(d)) {
    case 'time': return formatTime(d)
    case 'date': return formatDate(d)
    default: return `${formatDate(d)}T${formatTime(d)}`
  }
}
