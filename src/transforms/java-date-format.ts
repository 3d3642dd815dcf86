// The part of java.text.SimpleDateFormat (English locale, UTC, lenient) that TimestampConverter needs:
//
//   letters  G (era), y (year; yy = two digits), M/L (month; MMM/MMMM names), d (day), D (day of year),
//            E (weekday name), u (weekday number), a (AM/PM), H (0-23), k (1-24), K (0-11), h (1-12), m, s,
//            S (milliseconds), z/Z/X (zone: formatted as UTC — `UTC`, `+0000`, `Z`; parsed offsets are applied)
//   quoting  'text' is literal, '' is a single quote; any other non-letter is literal
//
// Parsing is lenient like SimpleDateFormat's default: numbers may overflow into the next field (month 13 is January
// of the next year), whitespace before a field is skipped, trailing text after the pattern is ignored, and a numeric
// field directly followed by another numeric field takes exactly its pattern width (`yyyyMMdd`). `yy` with exactly two
// digits is read in the century window starting 80 years ago. The week-based letters w, W, F and Y are not supported
// (the constructor throws, as it does for letters Java rejects).

/** Java's IllegalArgumentException from `new SimpleDateFormat(pattern)`. */
export class IllegalPatternError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'IllegalArgumentException'
  }
}

type Token =
  | { readonly kind: 'literal', readonly text: string }
  | { readonly kind: 'field', readonly letter: string, readonly count: number }

const JAVA_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL'
const UNSUPPORTED_LETTERS = 'wWFY'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MILLIS_PER_DAY = 86400000

function isLetter (c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

function compile (pattern: string): Token[] {
  const tokens: Token[] = []
  let literal = ''
  const flush = (): void => {
    if (literal.length > 0) tokens.push({ kind: 'literal', text: literal })
    literal = ''
  }
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]!
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'"
        i += 2
        continue
      }
      i++
      while (true) {
        if (i >= pattern.length) throw new IllegalPatternError('Unterminated quote')
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            literal += "'"
            i += 2
            continue
          }
          i++
          break
        }
        literal += pattern[i]
        i++
      }
      continue
    }
    if (!isLetter(c)) {
      literal += c
      i++
      continue
    }
    if (!JAVA_LETTERS.includes(c)) throw new IllegalPatternError(`Illegal pattern character '${c}'`)
    if (UNSUPPORTED_LETTERS.includes(c)) throw new IllegalPatternError(`Unsupported pattern character '${c}'`)
    let count = 1
    while (pattern[i + count] === c) count++
    if (c === 'X' && count > 3) throw new IllegalPatternError(`invalid ISO 8601 format: length=${count}`)
    flush()
    tokens.push({ kind: 'field', letter: c, count })
    i += count
  }
  flush()
  return tokens
}

function isNumericField (t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'field') return false
  switch (t.letter) {
    case 'M': case 'L': return t.count <= 2
    case 'y': case 'd': case 'D': case 'u': case 'H': case 'k': case 'K': case 'h': case 'm': case 's': case 'S': return true
    default: return false
  }
}

function pad (n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0')
  return n < 0 ? '-' + s : s
}

interface ParseState {
  era: number // 1 = AD, 0 = BC
  year: number
  month: number // 0-based
  day: number
  dayOfYear: number | null
  hourOfDay: number
  hour12: number | null // h/K value, combined with AM/PM
  pm: boolean
  minute: number
  second: number
  millis: number
  offsetMinutes: number
}

/** A compiled SimpleDateFormat pattern working in UTC. */
export class JavaDateFormat {
  readonly #pattern: string
  readonly #tokens: readonly Token[]

  /** Throws an IllegalPatternError for patterns SimpleDateFormat rejects (or this subset does not support). */
  constructor (pattern: string) {
    this.#pattern = pattern
    this.#tokens = compile(pattern)
  }

  toPattern (): string {
    return this.#pattern
  }

  format (date: Date): string {
    const t = date.getTime()
    let out = ''
    for (const token of this.#tokens) {
      if (token.kind === 'literal') {
        out += token.text
        continue
      }
      const n = token.count
      const year = date.getUTCFullYear()
      const hour = date.getUTCHours()
      switch (token.letter) {
        case 'G': out += year > 0 ? 'AD' : 'BC'; break
        case 'y': {
          const yearOfEra = year > 0 ? year : 1 - year
          out += n === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, n)
          break
        }
        case 'M': case 'L': {
          const month = date.getUTCMonth()
          out += n >= 4 ? MONTHS[month]! : n === 3 ? MONTHS[month]!.slice(0, 3) : pad(month + 1, n)
          break
        }
        case 'd': out += pad(date.getUTCDate(), n); break
        case 'D': out += pad(Math.floor((t - Date.UTC(year, 0, 1)) / MILLIS_PER_DAY) + 1, n); break
        case 'E': {
          const name = WEEKDAYS[date.getUTCDay()]!
          out += n >= 4 ? name : name.slice(0, 3)
          break
        }
        case 'u': out += pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), n); break
        case 'a': out += hour < 12 ? 'AM' : 'PM'; break
        case 'H': out += pad(hour, n); break
        case 'k': out += pad(hour === 0 ? 24 : hour, n); break
        case 'K': out += pad(hour % 12, n); break
        case 'h': out += pad(hour % 12 === 0 ? 12 : hour % 12, n); break
        case 'm': out += pad(date.getUTCMinutes(), n); break
        case 's': out += pad(date.getUTCSeconds(), n); break
        case 'S': out += pad(date.getUTCMilliseconds(), n); break
        case 'z': out += n >= 4 ? 'Coordinated Universal Time' : 'UTC'; break
        case 'Z': out += '+0000'; break
        case 'X': out += 'Z'; break
      }
    }
    return out
  }

  /** Parses `text` from its start (trailing text is ignored); null where SimpleDateFormat throws a ParseException. */
  parse (text: string): Date | null {
    const st: ParseState = {
      era: 1, year: 1970, month: 0, day: 1, dayOfYear: null, hourOfDay: 0, hour12: null, pm: false, minute: 0, second: 0, millis: 0, offsetMinutes: 0
    }
    let pos = 0
    for (let i = 0; i < this.#tokens.length; i++) {
      const token = this.#tokens[i]!
      if (token.kind === 'literal') {
        if (!text.startsWith(token.text, pos)) return null
        pos += token.text.length
        continue
      }
      while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++
      if (pos >= text.length) return null
      const next = parseField(text, pos, token.letter, token.count, isNumericField(this.#tokens[i + 1]), st)
      if (next === null) return null
      pos = next
    }
    return resolve(st)
  }
}

function matchName (text: string, pos: number, names: readonly string[]): [number, number] | null {
  const rest = text.slice(pos).toLowerCase()
  let best: [number, number] | null = null
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!.toLowerCase()
    if (rest.startsWith(name) && (best === null || name.length > best[1])) best = [i, name.length]
  }
  return best
}

function matchFullOrShort (text: string, pos: number, names: readonly string[]): [number, number] | null {
  return matchName(text, pos, names) ?? matchName(text, pos, names.map(n => n.slice(0, 3)))
}

/** Reads a (possibly negative) decimal number; with `maxLen`, at most that many characters. */
function readNumber (text: string, pos: number, maxLen: number | null): [number, number] | null {
  const end = maxLen === null ? text.length : Math.min(text.length, pos + maxLen)
  let i = pos
  const negative = text[i] === '-'
  if (negative) i++
  const digitsStart = i
  while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  if (i === digitsStart) return null
  const value = Number(text.slice(digitsStart, i))
  return [negative ? -value : value, i]
}

/** A zone: `Z`, GMT/UTC optionally with an offset, or ±hh, ±hhmm, ±hh:mm. Returns [offset minutes, end]. */
function readZone (text: string, pos: number): [number, number] | null {
  if (text[pos] === 'Z') return [0, pos + 1]
  let i = pos
  const upper = text.slice(pos, pos + 3).toUpperCase()
  if (upper === 'GMT' || upper === 'UTC') {
    i += 3
    if (text[i] !== '+' && text[i] !== '-') return [0, i]
  }
  const sign = text[i]
  if (sign !== '+' && sign !== '-') return null
  i++
  const digits = (from: number, max: number): [number, number] | null => {
    let j = from
    while (j < text.length && j - from < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++
    return j === from ? null : [Number(text.slice(from, j)), j]
  }
  const h = digits(i, 2)
  if (h === null) return null
  let hours = h[0]
  let minutes = 0
  i = h[1]
  if (text[i] === ':') {
    const m = digits(i + 1, 2)
    if (m === null) return null
    minutes = m[0]
    i = m[1]
  } else {
    const m = digits(i, 2)
    if (m !== null && m[1] - i === 2) {
      minutes = m[0]
      i = m[1]
    }
  }
  if (hours > 23 || minutes > 59) return null
  hours = hours * 60 + minutes
  return [sign === '-' ? -hours : hours, i]
}

function twoDigitYear (value: number): number {
  const startYear = new Date().getUTCFullYear() - 80
  const ambiguous = startYear % 100
  return value + Math.floor(startYear / 100) * 100 + (value < ambiguous ? 100 : 0)
}

function parseField (text: string, pos: number, letter: string, count: number, obeyCount: boolean, st: ParseState): number | null {
  switch (letter) {
    case 'G': {
      const m = matchName(text, pos, ['BC', 'AD'])
      if (m === null) return null
      st.era = m[0]
      return pos + m[1]
    }
    case 'M': case 'L':
      if (count >= 3) {
        const m = matchFullOrShort(text, pos, MONTHS)
        if (m === null) return null
        st.month = m[0]
        return pos + m[1]
      }
      break
    case 'E': {
      const m = matchFullOrShort(text, pos, WEEKDAYS)
      return m === null ? null : pos + m[1]
    }
    case 'a': {
      const m = matchName(text, pos, ['AM', 'PM'])
      if (m === null) return null
      st.pm = m[0] === 1
      return pos + m[1]
    }
    case 'z': case 'Z': case 'X': {
      const z = readZone(text, pos)
      if (z === null) return null
      st.offsetMinutes = z[0]
      return z[1]
    }
  }
  const num = readNumber(text, pos, obeyCount ? count : null)
  if (num === null) return null
  const [value, end] = num
  switch (letter) {
    case 'y': {
      const twoDigits = count <= 2 && end - pos === 2 && /^[0-9]{2}$/.test(text.slice(pos, end))
      st.year = twoDigits ? twoDigitYear(value) : value
      break
    }
    case 'M': case 'L': st.month = value - 1; break
    case 'd': st.day = value; st.dayOfYear = null; break
    case 'D': st.dayOfYear = value; break
    case 'u': break
    case 'H': st.hourOfDay = value; st.hour12 = null; break
    case 'k': st.hourOfDay = value === 24 ? 0 : value; st.hour12 = null; break
    case 'K': st.hour12 = value; break
    case 'h': st.hour12 = value === 12 ? 0 : value; break
    case 'm': st.minute = value; break
    case 's': st.second = value; break
    case 'S': st.millis = value; break
  }
  return end
}

function resolve (st: ParseState): Date | null {
  const year = st.era === 1 ? st.year : 1 - st.year
  const hour = st.hour12 !== null ? st.hour12 + (st.pm ? 12 : 0) : st.hourOfDay
  const d = new Date(0)
  if (st.dayOfYear !== null) d.setUTCFullYear(year, 0, st.dayOfYear)
  else d.setUTCFullYear(year, st.month, st.day)
  d.setUTCHours(hour, st.minute, st.second, st.millis)
  const t = d.getTime() - st.offsetMinutes * 60000
  return Number.isNaN(t) ? null : new Date(t)
}
