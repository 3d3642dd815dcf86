// Calendar fields of an instant in a time zone, as the JDBC drivers' setDate/setTime/setTimestamp(…, Calendar) see
// them: Confluent binds Connect Date, Time and Timestamp values with a calendar in db.timezone (Date: date.timezone),
// so the database receives the wall-clock text of that zone. UTC uses Date's UTC getters; other zones Intl (cached).

export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millis: number
  /** Offset from UTC in minutes at that instant. */
  offsetMinutes: number
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu'])

const pad2 = (n: number): string => n < 10 ? `0${n}` : String(n)
const pad3 = (n: number): string => n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n)
function pad4 (n: number): string {
  const s = String(n)
  return s.length >= 4 ? s : '0'.repeat(4 - s.length) + s
}

export class ZoneClock {
  readonly zone: string
  readonly #utc: boolean
  readonly #format: Intl.DateTimeFormat | null

  constructor (zone: string) {
    this.zone = zone
    this.#utc = UTC_ZONES.has(zone) || /^[+-]00:?00$/.test(zone)
    this.#format = this.#utc
      ? null
      : new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric'
      })
  }

  wallClock (d: Date): WallClock {
    const t = d.getTime()
    if (Number.isNaN(t)) throw new RangeError('Invalid Date')
    const millis = ((t % 1000) + 1000) % 1000
    if (this.#format === null) {
      return {
        year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
        minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millis, offsetMinutes: 0
      }
    }
    let year = 0; let month = 0; let day = 0; let hour = 0; let minute = 0; let second = 0; let bc = false
    for (const p of this.#format.formatToParts(d)) {
      switch (p.type) {
        case 'year': year = Number(p.value); break
        case 'month': month = Number(p.value); break
        case 'day': day = Number(p.value); break
        case 'hour': hour = Number(p.value); break
        case 'minute': minute = Number(p.value); break
        case 'second': second = Number(p.value); break
        case 'era': bc = p.value === 'BC' || p.value === 'B'; break
      }
    }
    if (bc) year = 1 - year
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millis)
    const fixed = year >= 0 && year < 100 ? fixTwoDigitYear(asUtc, year) : asUtc
    const offsetMinutes = Math.round((fixed - t) / 60000)
    return { year, month, day, hour, minute, second, millis, offsetMinutes }
  }
}

/** Date.UTC maps years 0..99 to 1900..1999. */
function fixTwoDigitYear (asUtc: number, year: number): number {
  const d = new Date(asUtc)
  d.setUTCFullYear(year)
  return d.getTime()
}

/** `YYYY-MM-DD` (years before 1 as ISO-style negative/zero years are given as PostgreSQL's `… BC` by callers). */
export function dateText (w: WallClock): string {
  return `${pad4(w.year)}-${pad2(w.month)}-${pad2(w.day)}`
}

/** `HH:MM:SS.mmm`. */
export function timeText (w: WallClock): string {
  return `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}.${pad3(w.millis)}`
}

/** `YYYY-MM-DD HH:MM:SS.mmm`. */
export function dateTimeText (w: WallClock): string {
  return `${dateText(w)} ${timeText(w)}`
}

/** `+HH:MM`. */
export function offsetText (w: WallClock): string {
  const sign = w.offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(w.offsetMinutes)
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
}

/** PostgreSQL's form of a date, with `BC` for years ≤ 0 (year 0 is 1 BC). */
export function pgDateText (w: WallClock): string {
  if (w.year > 0) return dateText(w)
  return `${pad4(1 - w.year)}-${pad2(w.month)}-${pad2(w.day)} BC`
}

/** PostgreSQL timestamp text with the zone's offset: a `timestamp` column keeps the wall clock, `timestamptz` the instant. */
export function pgTimestampText (w: WallClock): string {
  if (w.year > 0) return `${dateText(w)} ${timeText(w)}${offsetText(w)}`
  return `${pad4(1 - w.year)}-${pad2(w.month)}-${pad2(w.day)} ${timeText(w)}${offsetText(w)} BC`
}
