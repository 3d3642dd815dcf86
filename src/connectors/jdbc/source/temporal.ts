// Dates, times and timestamps between database text and instants, in the zone of `db.timezone` (Confluent reads
// TIMESTAMP columns with rs.getTimestamp(col, Calendar(db.timezone)), binds timestamp criteria the same way, reads
// DATE in UTC and TIME in db.timezone). Instants are kept as epoch nanoseconds (bigint), so the microseconds a database
// stores survive into offsets (`timestamp_nanos`) exactly. Calendars are proleptic Gregorian.
import { ConnectError } from '../../../api/index.ts'

export const NANOS_PER_MILLI = 1_000_000n
export const NANOS_PER_SECOND = 1_000_000_000n
const MILLIS_PER_DAY = 86_400_000

/** Java's ZoneId.SHORT_IDS, which Confluent's db.timezone validator falls back to. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin', AET: 'Australia/Sydney', AGT: 'America/Argentina/Buenos_Aires', ART: 'Africa/Cairo',
  AST: 'America/Anchorage', BET: 'America/Sao_Paulo', BST: 'Asia/Dhaka', CAT: 'Africa/Harare', CNT: 'America/St_Johns',
  CST: 'America/Chicago', CTT: 'Asia/Shanghai', EAT: 'Africa/Addis_Ababa', ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis', IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', MIT: 'Pacific/Apia', NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland', PLT: 'Asia/Karachi', PNT: 'America/Phoenix', PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles', SST: 'Pacific/Guadalcanal', VST: 'Asia/Ho_Chi_Minh', EST: '-05:00', MST: '-07:00',
  HST: '-10:00'
}

function normalizeOffset (sign: string, hours: string, minutes: string | undefined): string | null {
  const h = Number(hours)
  const m = minutes === undefined ? 0 : Number(minutes)
  if (h > 18 || m > 59) return null
  if (h === 0 && m === 0) return 'UTC'
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}

/**
 * The zone a `db.timezone` value names, as Intl understands it (an IANA name, `UTC` or `±HH:MM`), or null when Java
 * would not accept it either: IANA names, UTC/GMT/UT, `Z`, offsets (`+02`, `+0200`, `+02:00`, `UTC+2`, `GMT-05:30`) and
 * Java's short ids (EST, PST, …).
 */
export function resolveZone (text: string): string | null {
  const t = text.trim()
  if (t === '') return null
  if (Object.hasOwn(SHORT_IDS, t)) return resolveZone(SHORT_IDS[t]!)
  if (t === 'Z' || t === 'UTC' || t === 'GMT' || t === 'UT') return 'UTC'
  const off = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t)
  if (off !== null) return normalizeOffset(off[1]!, off[2]!, off[3])
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter (zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric'
    })
    formatters.set(zone, f)
  }
  return f
}

/** The zone's offset from UTC (ms) at an instant. */
export function zoneOffsetMs (zone: string, epochMs: number): number {
  if (zone === 'UTC') return 0
  const fixed = /^([+-])(\d{2}):(\d{2})$/.exec(zone)
  if (fixed !== null) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 3_600_000 + Number(fixed[3]) * 60_000)
  const wholeSecond = Math.floor(epochMs / 1000) * 1000
  const parts: Record<string, string> = {}
  for (const p of formatter(zone).formatToParts(new Date(wholeSecond))) parts[p.type] = p.value
  let year = Number(parts.year)
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year
  const local = utcMillis(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return local - wholeSecond
}

/** Milliseconds since the epoch of a proleptic Gregorian date-time read as UTC (years below 100 included). */
export function utcMillis (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, milli = 0): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hour, minute, second, milli)
  return d.getTime()
}

/** The instant (ms) of a wall-clock time (given as if it were UTC) in a zone; gaps resolve forward, overlaps earlier. */
export function localToEpochMs (zone: string, localMs: number): number {
  if (zone === 'UTC') return localMs
  const first = zoneOffsetMs(zone, localMs)
  const guess = localMs - first
  const second = zoneOffsetMs(zone, guess)
  if (first === second) return guess
  const alt = localMs - second
  return zoneOffsetMs(zone, alt) === second ? Math.min(guess, alt) : Math.max(guess, alt)
}

export function floorDiv (a: bigint, b: bigint): bigint {
  const q = a / b
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q
}

export function floorMod (a: bigint, b: bigint): bigint {
  return a - floorDiv(a, b) * b
}

/** A parsed date-time text: the wall clock (as if UTC, ms), the sub-millisecond nanos, and the offset if given. */
export interface ParsedDateTime {
  readonly localMs: number
  /** Nanoseconds within the millisecond (0..999999). */
  readonly subMilliNanos: number
  /** Offset from UTC in ms when the text carried one. */
  readonly offsetMs: number | null
}

const DATE_TIME = /^(\d{1,6})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?)?(\s+BC)?$/i

function fraction (text: string | undefined): { milli: number, subMilliNanos: number } {
  if (text === undefined) return { milli: 0, subMilliNanos: 0 }
  const nanos = Number(text.padEnd(9, '0'))
  return { milli: Math.floor(nanos / 1_000_000), subMilliNanos: nanos % 1_000_000 }
}

function parseOffset (text: string): number {
  if (text.toUpperCase() === 'Z') return 0
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text)!
  const ms = Number(m[2]) * 3_600_000 + Number(m[3] ?? 0) * 60_000 + Number(m[4] ?? 0) * 1000
  return m[1] === '-' ? -ms : ms
}

/** Parses `YYYY-MM-DD[ HH:MM[:SS[.fffffffff]]][offset][ BC]`; null when the text is not such a value. */
export function parseDateTime (text: string): ParsedDateTime | null {
  const m = DATE_TIME.exec(text.trim())
  if (m === null) return null
  let year = Number(m[1])
  if (m[9] !== undefined) year = 1 - year
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const { milli, subMilliNanos } = fraction(m[7])
  const localMs = utcMillis(year, month, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), milli)
  if (!Number.isFinite(localMs)) return null
  return { localMs, subMilliNanos, offsetMs: m[8] === undefined ? null : parseOffset(m[8]) }
}

/** Epoch nanoseconds of a parsed date-time: its own offset if it has one, else the wall clock in `zone`. */
export function toEpochNanos (p: ParsedDateTime, zone: string): bigint {
  const epochMs = p.offsetMs !== null ? p.localMs - p.offsetMs : localToEpochMs(zone, p.localMs)
  return BigInt(epochMs) * NANOS_PER_MILLI + BigInt(p.subMilliNanos)
}

/** Parses `[-]HH:MM:SS[.f][offset]` into milliseconds since midnight (may fall outside one day) and the offset. */
export function parseTimeOfDay (text: string): { millis: number, offsetMs: number | null } | null {
  const m = /^(-)?(\d{1,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?)?$/i.exec(text.trim())
  if (m === null) return null
  const { milli } = fraction(m[5])
  const millis = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000 + milli
  return { millis: m[1] === '-' ? -millis : millis, offsetMs: m[6] === undefined ? null : parseOffset(m[6]) }
}

/** Connect Time value (ms since midnight UTC, 0 ≤ v < 86400000) of a wall-clock time in `zone` on 1970-01-01. */
export function timeOfDayToConnect (millis: number, offsetMs: number | null, zone: string): number {
  const offset = offsetMs ?? zoneOffsetMs(zone, millis)
  return (((millis - offset) % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY
}

const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0')

/** The wall clock of an instant in a zone: `YYYY-MM-DD HH:MM:SS.ffffff` (fraction digits as asked, 0 = none). */
export function formatLocal (epochNanos: bigint, zone: string, fractionDigits = 6): string {
  const epochMs = Number(floorDiv(epochNanos, NANOS_PER_MILLI))
  const local = new Date(epochMs + zoneOffsetMs(zone, epochMs))
  const year = local.getUTCFullYear()
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4)
  let out = `${yearText}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} ` +
    `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`
  if (fractionDigits > 0) {
    const nanosOfSecond = floorMod(epochNanos, NANOS_PER_SECOND)
    out += '.' + pad(nanosOfSecond, 9).slice(0, fractionDigits)
  }
  return out
}

/** `±HH:MM` of a zone at an instant. */
export function formatOffset (epochNanos: bigint, zone: string): string {
  const offset = zoneOffsetMs(zone, Number(floorDiv(epochNanos, NANOS_PER_MILLI)))
  const abs = Math.abs(offset)
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3_600_000), 2)}:${pad(Math.floor(abs / 60_000) % 60, 2)}`
}

/** A JS Date (ms precision) of an instant in epoch nanoseconds, or a ConnectError when it is outside a Date's range. */
export function epochNanosToDate (epochNanos: bigint): Date {
  const d = new Date(Number(floorDiv(epochNanos, NANOS_PER_MILLI)))
  if (Number.isNaN(d.getTime())) throw new ConnectError(`timestamp ${epochNanos}ns is outside the range of a JavaScript Date`)
  return d
}

/** The UTC midnight Date of a day number (Connect's Date logical value). */
export function dayToDate (epochDay: number): Date {
  return new Date(epochDay * MILLIS_PER_DAY)
}
