// Java regular expressions (java.util.regex.Pattern), as RegexRouter and TopicNameMatches configs hold them, translated
// into JS RegExps (`v` flag) with Java's meaning: full-match (`matches()`) and first-match (`find()`) forms, Java's
// error messages (PatternSyntaxException text), and Java's `$1` / `${name}` replacement syntax (Matcher.replaceFirst).
//
// What is translated: `\Q…\E` quoting; possessive quantifiers (`a*+`) and atomic groups (`(?>…)`) through the
// lookahead-capture idiom `(?=(X))\k`; POSIX, java.lang.Character and Unicode classes (`\p{Alpha}`, `\p{javaLowerCase}`,
// `\p{IsLatin}`, `\p{sc=Greek}`, `\p{gc=Lu}`); class unions and intersections (`[a-z&&[^aeiou]]`); Java's line
// terminators for `.`, `^`, `$`, `\Z`; ASCII `\s`; `\h`, `\v`, `\R`; inline flags `(?idmsxuU-…)` and `(?i:…)`; comments
// mode. Rejected (Java accepts them, JS has no equivalent): `\p{InBlock}` / `\p{blk=…}` Unicode blocks, `\X`, `\N{…}`.
// Known differences: case-insensitive matching folds Unicode letters too (Java: ASCII only unless `u`); a backreference
// to a group that has not matched matches the empty string (Java: fails); `\b` is ASCII (as in Java 19+).

/** Java's PatternSyntaxException: `getMessage()` is `<desc> near index <i>\n<pattern>\n<caret>`. */
export class JavaPatternSyntaxError extends SyntaxError {
  readonly description: string
  readonly index: number
  readonly pattern: string

  constructor (description: string, pattern: string, index: number) {
    let msg = description
    if (index >= 0) msg += ` near index ${index}`
    msg += `\n${pattern}`
    if (index >= 0 && index < pattern.length) msg += `\n${' '.repeat(index)}^`
    super(msg)
    this.name = 'JavaPatternSyntaxError'
    this.description = description
    this.index = index
    this.pattern = pattern
  }
}

/** A bad replacement string, thrown when it is used (Java: IllegalArgumentException / IndexOutOfBoundsException). */
export class JavaReplacementError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'JavaReplacementError'
  }
}

interface Flags {
  /** CASE_INSENSITIVE */ i: boolean
  /** MULTILINE */ m: boolean
  /** DOTALL */ s: boolean
  /** UNIX_LINES */ d: boolean
  /** COMMENTS */ x: boolean
  /** UNICODE_CASE */ u: boolean
  /** UNICODE_CHARACTER_CLASS */ U: boolean
}

type GroupKind = 'capture' | 'plain' | 'ahead' | 'notAhead' | 'behind' | 'notBehind' | 'atomic'

type Node =
  | { t: 'seq', items: Node[] }
  | { t: 'alt', alts: Node[] }
  /** One quantifiable JS unit; `ci` is the case-insensitivity it needs (null: not case-sensitive). */
  | { t: 'atom', js: string, ci: boolean | null, zeroWidth: boolean }
  | { t: 'group', kind: GroupKind, name: string | null, javaIndex: number, jsIndex: number, body: Node }
  | { t: 'quant', body: Node, min: number, max: number, mode: 'greedy' | 'lazy' | 'possessive', jsIndex: number }
  | { t: 'backref', javaIndex: number, ci: boolean }

// ---------------------------------------------------------------------------------------------------------------
// Character sets

const LINE_TERMINATORS = '\\n\\r\\u{85}\\u{2028}\\u{2029}'
const JAVA_SPACE = '[\\t\\n\\x0B\\f\\r ]'
const H_SPACE = '[ \\t\\xA0\\u{1680}\\u{180E}\\u{2000}-\\u{200A}\\u{202F}\\u{205F}\\u{3000}]'
const V_SPACE = '[\\n\\x0B\\f\\r\\u{85}\\u{2028}\\u{2029}]'
const U_WORD = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]'

function negate (set: string): string {
  if (set.startsWith('\\p{')) return `\\P${set.slice(2)}`
  if (set.startsWith('\\P{')) return `\\p${set.slice(2)}`
  return `[^${set}]`
}

const POSIX_ASCII: Record<string, string> = {
  Lower: '[a-z]',
  Upper: '[A-Z]',
  ASCII: '[\\x00-\\x7F]',
  Alpha: '[a-zA-Z]',
  Digit: '[0-9]',
  Alnum: '[a-zA-Z0-9]',
  Punct: '[\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E]',
  Graph: '[\\x21-\\x7E]',
  Print: '[\\x20-\\x7E]',
  Blank: '[ \\t]',
  Cntrl: '[\\x00-\\x1F\\x7F]',
  XDigit: '[0-9a-fA-F]',
  Space: JAVA_SPACE
}

/** Java's UnicodeProp binary properties (`\p{IsAlphabetic}`), by upper-case name. */
const UNICODE_PROPS: Record<string, string> = {
  ALPHABETIC: '\\p{Alphabetic}',
  LETTER: '\\p{L}',
  IDEOGRAPHIC: '\\p{Ideographic}',
  LOWERCASE: '\\p{Lowercase}',
  UPPERCASE: '\\p{Uppercase}',
  TITLECASE: '\\p{Lt}',
  WHITE_SPACE: '\\p{White_Space}',
  CONTROL: '\\p{Cc}',
  PUNCTUATION: '\\p{P}',
  HEX_DIGIT: '\\p{Hex_Digit}',
  ASSIGNED: '\\P{Cn}',
  NONCHARACTER_CODE_POINT: '\\p{Noncharacter_Code_Point}',
  DIGIT: '\\p{Nd}',
  ALNUM: '[\\p{Alphabetic}\\p{Nd}]',
  BLANK: '[\\p{Zs}\\t]',
  GRAPH: '[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]',
  PRINT: '[[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]\\p{Zs}]',
  WORD: U_WORD,
  JOIN_CONTROL: '\\p{Join_Control}',
  EMOJI: '\\p{Emoji}',
  EMOJI_PRESENTATION: '\\p{Emoji_Presentation}',
  EMOJI_MODIFIER: '\\p{Emoji_Modifier}',
  EMOJI_MODIFIER_BASE: '\\p{Emoji_Modifier_Base}',
  EMOJI_COMPONENT: '\\p{Emoji_Component}',
  EXTENDED_PICTOGRAPHIC: '\\p{Extended_Pictographic}'
}
const UNICODE_PROP_ALIASES: Record<string, string> = {
  WHITESPACE: 'WHITE_SPACE',
  HEXDIGIT: 'HEX_DIGIT',
  NONCHARACTERCODEPOINT: 'NONCHARACTER_CODE_POINT',
  JOINCONTROL: 'JOIN_CONTROL'
}

/** POSIX names under UNICODE_CHARACTER_CLASS. */
const POSIX_UNICODE: Record<string, string> = {
  Lower: 'LOWERCASE',
  Upper: 'UPPERCASE',
  Alpha: 'ALPHABETIC',
  Digit: 'DIGIT',
  Alnum: 'ALNUM',
  Punct: 'PUNCTUATION',
  Graph: 'GRAPH',
  Print: 'PRINT',
  Blank: 'BLANK',
  Cntrl: 'CONTROL',
  XDigit: 'HEX_DIGIT',
  Space: 'WHITE_SPACE'
}

const JAVA_IGNORABLE = '\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}'
const JAVA_CHARACTER: Record<string, string> = {
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaTitleCase: '\\p{Lt}',
  javaDigit: '\\p{Nd}',
  javaDefined: '\\P{Cn}',
  javaLetter: '\\p{L}',
  javaLetterOrDigit: '[\\p{L}\\p{Nd}]',
  javaAlphabetic: '\\p{Alphabetic}',
  javaIdeographic: '\\p{Ideographic}',
  javaJavaIdentifierStart: '[\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}]',
  javaJavaIdentifierPart: `[\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}\\p{Nd}\\p{Mn}\\p{Mc}${JAVA_IGNORABLE}]`,
  javaUnicodeIdentifierStart: '\\p{ID_Start}',
  javaUnicodeIdentifierPart: `[\\p{ID_Continue}${JAVA_IGNORABLE}]`,
  javaIdentifierIgnorable: `[${JAVA_IGNORABLE}]`,
  javaSpaceChar: '[\\p{Zs}\\p{Zl}\\p{Zp}]',
  javaWhitespace: '[[\\t-\\r\\x1C-\\x1F\\p{Zs}\\p{Zl}\\p{Zp}]--[\\xA0\\u{2007}\\u{202F}]]',
  javaMirrored: '\\p{Bidi_Mirrored}',
  javaISOControl: '[\\x00-\\x1F\\x7F-\\x9F]'
}

const GENERAL_CATEGORIES = new Set([
  'Cn', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Me', 'Mc', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cs',
  'Pd', 'Ps', 'Pe', 'Pc', 'Po', 'Sm', 'Sc', 'Sk', 'So', 'Pi', 'Pf', 'L', 'M', 'N', 'Z', 'C', 'P', 'S', 'LC'
])

function supported (jsSet: string): boolean {
  try {
    new RegExp(jsSet, 'v')
    return true
  } catch {
    return false
  }
}

/** Java's CharPredicates.forProperty: general categories, POSIX names and java.lang.Character methods. */
function forProperty (name: string): string | null {
  if (GENERAL_CATEGORIES.has(name)) return `\\p{${name}}`
  switch (name) {
    case 'LD': return '[\\p{L}\\p{Nd}]'
    case 'L1': return '[\\x00-\\xFF]'
    case 'all': return '[\\s\\S]'
  }
  return POSIX_ASCII[name] ?? JAVA_CHARACTER[name] ?? null
}

function forUnicodeProperty (name: string): string | null {
  let upper = name.toUpperCase()
  upper = UNICODE_PROP_ALIASES[upper] ?? upper
  return UNICODE_PROPS[upper] ?? null
}

const SCRIPT_SPELLINGS: Record<string, string> = { SIGNWRITING: 'SignWriting', NKO: 'Nko', PHAGS_PA: 'Phags_Pa' }

/** Java's Character.UnicodeScript.forName (case-insensitive names and aliases) as a JS `\p{Script=…}`. */
function forUnicodeScript (name: string): string | null {
  const upper = name.toUpperCase()
  const candidates = [
    SCRIPT_SPELLINGS[upper],
    upper.split('_').map(w => w.charAt(0) + w.slice(1).toLowerCase()).join('_'),
    name
  ]
  for (const c of candidates) {
    if (c === undefined || !/^[A-Za-z_]+$/.test(c)) continue
    const js = `\\p{Script=${c}}`
    if (supported(js)) return js
  }
  return null
}

// ---------------------------------------------------------------------------------------------------------------
// Pre-processing: \Q…\E becomes escaped characters, as Java's RemoveQEQuoting does.

function isAsciiAlnum (c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c)
}

function removeQuoting (p: string): string {
  if (!p.includes('\\Q')) return p
  let out = ''
  let i = 0
  while (i < p.length) {
    const c = p[i]!
    if (c !== '\\' || i + 1 >= p.length) { out += c; i++; continue }
    const n = p[i + 1]!
    if (n !== 'Q') { out += c + n; i += 2; continue }
    i += 2
    while (i < p.length) {
      if (p[i] === '\\' && p[i + 1] === 'E') { i += 2; break }
      const q = p[i]!
      out += isAsciiAlnum(q) || q.charCodeAt(0) >= 0x80 ? q : `\\${q}`
      i++
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Parser: Java syntax → tree

function hex (cp: number): string {
  return cp.toString(16).toUpperCase()
}

/** A code point as a JS (v-mode) literal usable inside and outside classes. */
function literal (cp: number): string {
  const ch = String.fromCodePoint(cp)
  return isAsciiAlnum(ch) ? ch : `\\u{${hex(cp)}}`
}

function hasCase (cp: number): boolean {
  const ch = String.fromCodePoint(cp)
  return ch.toLowerCase() !== ch.toUpperCase()
}

const FLAG_LETTERS = 'idmsuxU'
const ASCII_SPACE = ' \t\n\x0B\f\r'

type ClassItem = { cp: number } | { set: string }

class Parser {
  readonly #p: string
  readonly #original: string
  #i = 0
  #flags: Flags = { i: false, m: false, s: false, d: false, x: false, u: false, U: false }
  groupCount = 0
  readonly names = new Map<string, number>()

  constructor (pattern: string) {
    this.#original = pattern
    this.#p = removeQuoting(pattern)
  }

  #error (description: string, index = this.#i - 1): never {
    throw new JavaPatternSyntaxError(description, this.#original, Math.min(index, this.#original.length))
  }

  parse (): Node {
    const node = this.#alternation()
    if (this.#i < this.#p.length) {
      this.#i++
      this.#error("Unmatched closing ')'", this.#i - 2)
    }
    return node
  }

  // Reading

  #read (): number {
    const cp = this.#p.codePointAt(this.#i)
    if (cp === undefined) return 0
    this.#i += cp > 0xffff ? 2 : 1
    return cp
  }

  /** Skips whitespace and `#` comments in COMMENTS mode. */
  #skipComments (): void {
    if (!this.#flags.x) return
    for (;;) {
      const c = this.#p[this.#i]
      if (c !== undefined && ASCII_SPACE.includes(c)) { this.#i++; continue }
      if (c === '#') {
        while (this.#i < this.#p.length && !this.#isLineTerminator(this.#p[this.#i]!)) this.#i++
        continue
      }
      return
    }
  }

  #isLineTerminator (c: string): boolean {
    if (this.#flags.d) return c === '\n'
    return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029'
  }

  #peek (): string | undefined {
    this.#skipComments()
    return this.#p[this.#i]
  }

  // Structure

  #alternation (): Node {
    const alts = [this.#sequence()]
    while (this.#peek() === '|') {
      this.#i++
      alts.push(this.#sequence())
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts }
  }

  #sequence (): Node {
    const items: Node[] = []
    for (;;) {
      const c = this.#peek()
      if (c === undefined || c === '|' || c === ')') break
      let node: Node
      switch (c) {
        case '(': {
          const g = this.#group()
          if (g === null) continue
          node = g
          break
        }
        case '[':
          node = { t: 'atom', js: this.#charClass(), ci: this.#flags.i, zeroWidth: false }
          break
        case '\\':
          node = this.#escape()
          break
        case '^':
          this.#i++
          node = { t: 'atom', js: this.#caret(), ci: null, zeroWidth: true }
          break
        case '$':
          this.#i++
          node = { t: 'atom', js: this.#dollar(this.#flags.m), ci: null, zeroWidth: true }
          break
        case '.':
          this.#i++
          node = { t: 'atom', js: this.#flags.s ? '[\\s\\S]' : this.#flags.d ? '[^\\n]' : `[^${LINE_TERMINATORS}]`, ci: null, zeroWidth: false }
          break
        case '*': case '+': case '?':
          this.#i++
          this.#error(`Dangling meta character '${c}'`)
          break
        case '{':
          this.#error('Illegal repetition', this.#i - 1)
          break
        default: {
          const cp = this.#read()
          node = { t: 'atom', js: literal(cp), ci: hasCase(cp) ? this.#flags.i : null, zeroWidth: false }
        }
      }
      items.push(this.#quantifier(node))
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items }
  }

  #caret (): string {
    if (!this.#flags.m) return '^'
    if (this.#flags.d) return '(?:^|(?<=\\n))(?=[\\s\\S])'
    return '(?:^|(?<=[\\n\\u{85}\\u{2028}\\u{2029}]|\\r(?!\\n)))(?=[\\s\\S])'
  }

  #dollar (multiline: boolean): string {
    if (this.#flags.d) return multiline ? '(?=\\n|$)' : '(?=\\n?$)'
    if (multiline) return '(?=(?<!\\r)\\n|[\\r\\u{85}\\u{2028}\\u{2029}]|$)'
    return '(?=(?:\\r\\n|(?<!\\r)\\n|[\\r\\u{85}\\u{2028}\\u{2029}])?$)'
  }

  #quantifier (node: Node): Node {
    const c = this.#peek()
    let min: number
    let max: number
    switch (c) {
      case '*': this.#i++; min = 0; max = Infinity; break
      case '+': this.#i++; min = 1; max = Infinity; break
      case '?': this.#i++; min = 0; max = 1; break
      case '{': {
        if (!/[0-9]/.test(this.#p[this.#i + 1] ?? '')) this.#error('Illegal repetition', this.#i - 1)
        this.#i++
        let digits = ''
        while (/[0-9]/.test(this.#p[this.#i] ?? '')) digits += this.#p[this.#i++]
        min = Number(digits)
        max = min
        if (this.#p[this.#i] === ',') {
          this.#i++
          if (this.#p[this.#i] === '}') max = Infinity
          else {
            let d2 = ''
            while (/[0-9]/.test(this.#p[this.#i] ?? '')) d2 += this.#p[this.#i++]
            max = d2 === '' ? 0 : Number(d2)
          }
        }
        if (this.#p[this.#i] !== '}') {
          this.#i++
          this.#error('Unclosed counted closure')
        }
        this.#i++
        if (max < min || min > 0x7fffffff || (max !== Infinity && max > 0x7fffffff)) this.#error('Illegal repetition range')
        break
      }
      default:
        return node
    }
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy'
    const m = this.#peek()
    if (m === '?') { this.#i++; mode = 'lazy' } else if (m === '+') { this.#i++; mode = 'possessive' }
    return { t: 'quant', body: node, min, max, mode, jsIndex: 0 }
  }

  #group (): Node | null {
    this.#i++ // (
    const saved = { ...this.#flags }
    let kind: GroupKind = 'capture'
    let name: string | null = null
    if (this.#p[this.#i] === '?') {
      this.#i++
      const c = this.#p[this.#i++]
      switch (c) {
        case ':': kind = 'plain'; break
        case '=': kind = 'ahead'; break
        case '!': kind = 'notAhead'; break
        case '>': kind = 'atomic'; break
        case '<': {
          const c2 = this.#p[this.#i]
          if (c2 === '=') { this.#i++; kind = 'behind' } else if (c2 === '!') { this.#i++; kind = 'notBehind' } else name = this.#groupName()
          break
        }
        case '$': case '@':
          this.#error('Unknown group type')
          break
        default: {
          this.#i--
          if (this.#inlineFlags()) {
            this.#i++
            return null
          }
          this.#i++
          kind = 'plain'
        }
      }
    }
    let javaIndex = 0
    if (kind === 'capture') {
      javaIndex = ++this.groupCount
      if (name !== null) {
        if (this.names.has(name)) this.#error(`Named capturing group <${name}> is already defined`)
        this.names.set(name, javaIndex)
      }
    }
    const body = this.#alternation()
    if (this.#p[this.#i] !== ')') this.#error('Unclosed group', this.#p.length)
    this.#i++
    this.#flags = saved
    if ((kind === 'behind' || kind === 'notBehind') && !boundedLength(body)) {
      this.#error('Look-behind group does not have an obvious maximum length')
    }
    return { t: 'group', kind, name, javaIndex, jsIndex: 0, body }
  }

  /** `(?idmsuxU-idmsuxU)` (returns true) or the flags of `(?flags:X)` (returns false, at ':'). */
  #inlineFlags (): boolean {
    let on = true
    for (;;) {
      const c = this.#p[this.#i]
      if (c !== undefined && FLAG_LETTERS.includes(c)) {
        const key = c as keyof Flags
        this.#flags[key] = on
        if (c === 'U' && on) this.#flags.u = true
        this.#i++
        continue
      }
      if (c === '-' && on) { on = false; this.#i++; continue }
      if (c === ')') return true
      if (c === ':') return false
      this.#i++
      this.#error('Unknown inline modifier')
    }
  }

  #groupName (): string {
    const first = this.#p[this.#i++] ?? ''
    if (!/[A-Za-z]/.test(first)) this.#error('capturing group name does not start with a Latin letter')
    let name = first
    while (/[A-Za-z0-9]/.test(this.#p[this.#i] ?? '')) name += this.#p[this.#i++]
    if (this.#p[this.#i] !== '>') {
      this.#i++
      this.#error("named capturing group is missing trailing '>'")
    }
    this.#i++
    return name
  }

  // Escapes

  #escape (): Node {
    this.#i++ // backslash
    if (this.#i >= this.#p.length) this.#error('Unescaped trailing backslash', this.#p.length - 1)
    const c = String.fromCodePoint(this.#read())
    const atom = (js: string, zeroWidth = false): Node => ({ t: 'atom', js, ci: null, zeroWidth })
    switch (c) {
      case 'b': return atom(this.#flags.U ? `(?:(?<=${U_WORD})(?!${U_WORD})|(?<!${U_WORD})(?=${U_WORD}))` : '\\b', true)
      case 'B': return atom(this.#flags.U ? `(?:(?<=${U_WORD})(?=${U_WORD})|(?<!${U_WORD})(?!${U_WORD}))` : '\\B', true)
      case 'A': case 'G': return atom('^', true)
      case 'z': return atom('$', true)
      case 'Z': return atom(this.#dollar(false), true)
      case 'R': return atom('(?:\\r\\n|[\\n\\x0B\\f\\r\\u{85}\\u{2028}\\u{2029}])')
      case 'k': {
        if (this.#p[this.#i] !== '<') {
          this.#i++
          this.#error("\\k is not followed by '<' for named capturing group")
        }
        this.#i++
        const name = this.#groupName()
        const index = this.names.get(name)
        if (index === undefined) this.#error(`named capturing group <${name}> does not exist`)
        return { t: 'backref', javaIndex: index, ci: this.#flags.i }
      }
      case 'X': this.#error('\\X (grapheme cluster) is not supported'); break
      case 'N': this.#error('\\N{name} is not supported'); break
    }
    if (c >= '1' && c <= '9') {
      let ref = c.charCodeAt(0) - 48
      for (;;) {
        const d = this.#p[this.#i]
        if (d === undefined || d < '0' || d > '9') break
        const next = ref * 10 + (d.charCodeAt(0) - 48)
        if (this.groupCount < next) break
        ref = next
        this.#i++
      }
      return { t: 'backref', javaIndex: ref, ci: this.#flags.i }
    }
    const item = this.#escapeCommon(c)
    if ('set' in item) return { t: 'atom', js: item.set, ci: c === 'p' || c === 'P' ? this.#flags.i : null, zeroWidth: false }
    return { t: 'atom', js: literal(item.cp), ci: hasCase(item.cp) ? this.#flags.i : null, zeroWidth: false }
  }

  /** Escapes valid both inside and outside classes; `c` is the character after the backslash (already read). */
  #escapeCommon (c: string): ClassItem {
    const U = this.#flags.U
    switch (c) {
      case '0': return { cp: this.#octal() }
      case 'a': return { cp: 0x07 }
      case 'e': return { cp: 0x1b }
      case 'f': return { cp: 0x0c }
      case 'n': return { cp: 0x0a }
      case 'r': return { cp: 0x0d }
      case 't': return { cp: 0x09 }
      case 'c': {
        if (this.#i >= this.#p.length) this.#error('Illegal control escape sequence')
        return { cp: this.#read() ^ 64 }
      }
      case 'u': return { cp: this.#unicodeEscape() }
      case 'x': return { cp: this.#hexEscape() }
      case 'd': return { set: U ? '\\p{Nd}' : '\\d' }
      case 'D': return { set: U ? '\\P{Nd}' : '\\D' }
      case 'w': return { set: U ? U_WORD : '\\w' }
      case 'W': return { set: U ? negate(U_WORD) : '\\W' }
      case 's': return { set: U ? '\\p{White_Space}' : JAVA_SPACE }
      case 'S': return { set: U ? '\\P{White_Space}' : negate(JAVA_SPACE) }
      case 'h': return { set: H_SPACE }
      case 'H': return { set: negate(H_SPACE) }
      case 'v': return { set: V_SPACE }
      case 'V': return { set: negate(V_SPACE) }
      case 'p': case 'P': {
        const set = this.#property()
        return { set: c === 'P' ? negate(set) : set }
      }
    }
    if (/[A-Za-z0-9]/.test(c)) this.#error('Illegal/unsupported escape sequence')
    return { cp: c.codePointAt(0)! }
  }

  #octal (): number {
    const isOct = (s: string | undefined): boolean => s !== undefined && s >= '0' && s <= '7'
    const n = this.#p[this.#i]
    if (!isOct(n)) this.#error('Illegal octal escape sequence')
    this.#i++
    let v = Number(n)
    if (isOct(this.#p[this.#i])) {
      v = v * 8 + Number(this.#p[this.#i++])
      if (Number(n) <= 3 && isOct(this.#p[this.#i])) v = v * 8 + Number(this.#p[this.#i++])
    }
    return v
  }

  #hex4 (): number | null {
    const s = this.#p.slice(this.#i, this.#i + 4)
    if (!/^[0-9a-fA-F]{4}$/.test(s)) return null
    this.#i += 4
    return parseInt(s, 16)
  }

  #unicodeEscape (): number {
    const v = this.#hex4()
    if (v === null) this.#error('Illegal Unicode escape sequence')
    if (v >= 0xd800 && v <= 0xdbff && this.#p.startsWith('\\u', this.#i)) {
      const save = this.#i
      this.#i += 2
      const lo = this.#hex4()
      if (lo !== null && lo >= 0xdc00 && lo <= 0xdfff) return 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00)
      this.#i = save
    }
    return v
  }

  #hexEscape (): number {
    const s = this.#p.slice(this.#i, this.#i + 2)
    if (/^[0-9a-fA-F]{2}$/.test(s)) {
      this.#i += 2
      return parseInt(s, 16)
    }
    if (this.#p[this.#i] === '{') {
      const end = this.#p.indexOf('}', this.#i)
      const digits = end < 0 ? '' : this.#p.slice(this.#i + 1, end)
      if (/^[0-9a-fA-F]+$/.test(digits)) {
        this.#i = end + 1
        const v = parseInt(digits, 16)
        if (v > 0x10ffff) this.#error('Hexadecimal codepoint is too big')
        return v
      }
      this.#i++
      this.#error('Unclosed hexadecimal escape sequence')
    }
    this.#error('Illegal hexadecimal escape sequence')
  }

  #property (): string {
    let name: string
    if (this.#p[this.#i] === '{') {
      const end = this.#p.indexOf('}', this.#i)
      if (end < 0) {
        this.#i = this.#p.length
        this.#error('Unclosed character family')
      }
      name = this.#p.slice(this.#i + 1, end)
      this.#i = end + 1
      if (name === '') this.#error('Empty character family')
    } else {
      if (this.#i >= this.#p.length) this.#error('Illegal character family')
      name = String.fromCodePoint(this.#read())
    }
    const eq = name.indexOf('=')
    if (eq >= 0) {
      const value = name.slice(eq + 1)
      const key = name.slice(0, eq).toLowerCase()
      let set: string | null = null
      switch (key) {
        case 'sc': case 'script': set = forUnicodeScript(value); break
        case 'blk': case 'block': this.#error(`Unicode blocks are not supported: {${name}}`); break
        case 'gc': case 'general_category': set = forProperty(value); break
      }
      if (set === null) this.#error(`Unknown Unicode property {name=<${key}>, value=<${value}>}`)
      return set
    }
    let set: string | null = null
    if (name.startsWith('In')) this.#error(`Unicode blocks are not supported: {${name}}`)
    if (name.startsWith('Is')) {
      const short = name.slice(2)
      set = forUnicodeProperty(short) ?? forProperty(short) ?? forUnicodeScript(short)
    } else {
      if (this.#flags.U && POSIX_UNICODE[name] !== undefined) set = UNICODE_PROPS[POSIX_UNICODE[name]]!
      set ??= forProperty(name)
    }
    if (set === null) this.#error(`Unknown character property name {${name}}`)
    return set
  }

  // Character classes

  #skipClassComments (): void {
    if (this.#flags.x) this.#skipComments()
  }

  /** Parses `[...]` (the current char is '[') into a v-mode class. */
  #charClass (): string {
    this.#i++
    let negated = false
    if (this.#p[this.#i] === '^') { negated = true; this.#i++ }
    const operands: string[][] = [[]]
    let first = true
    for (;;) {
      this.#skipClassComments()
      if (this.#i >= this.#p.length) this.#error('Unclosed character class', this.#p.length - 1)
      const c = this.#p[this.#i]!
      const items = operands[operands.length - 1]!
      if (c === ']' && !first) { this.#i++; break }
      first = false
      if (c === '[') { items.push(this.#charClass()); continue }
      if (c === '&' && this.#p[this.#i + 1] === '&') { this.#i += 2; operands.push([]); continue }
      const lo = this.#classItem()
      if ('set' in lo) { items.push(lo.set); continue }
      this.#skipClassComments()
      const after = this.#p[this.#i + 1]
      if (this.#p[this.#i] === '-' && after !== undefined && after !== ']' && after !== '[') {
        this.#i++
        this.#skipClassComments()
        const hi = this.#classItem()
        if ('set' in hi || hi.cp < lo.cp) this.#error('Illegal character range')
        items.push(`${literal(lo.cp)}-${literal(hi.cp)}`)
      } else {
        items.push(literal(lo.cp))
      }
    }
    const used = operands.filter(o => o.length > 0)
    const body = used.length <= 1 ? (used[0] ?? []).join('') : used.map(o => `[${o.join('')}]`).join('&&')
    return `[${negated ? '^' : ''}${body}]`
  }

  #classItem (): ClassItem {
    if (this.#p[this.#i] !== '\\') return { cp: this.#read() }
    this.#i++
    if (this.#i >= this.#p.length) this.#error('Unescaped trailing backslash', this.#p.length - 1)
    const c = String.fromCodePoint(this.#read())
    return this.#escapeCommon(c)
  }
}

/** Java requires look-behind bodies of bounded length; backreferences and unbounded quantifiers are not. */
function boundedLength (node: Node): boolean {
  switch (node.t) {
    case 'seq': return node.items.every(boundedLength)
    case 'alt': return node.alts.every(boundedLength)
    case 'atom': return true
    case 'backref': return false
    case 'group': return boundedLength(node.body)
    case 'quant': return node.max !== Infinity && boundedLength(node.body)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Emitter: tree → JS source

/** Assigns JS group numbers (synthetic groups for atomic/possessive come before their body's groups). */
function numberGroups (node: Node, state: { next: number, map: number[] }): void {
  switch (node.t) {
    case 'seq': for (const n of node.items) numberGroups(n, state); break
    case 'alt': for (const n of node.alts) numberGroups(n, state); break
    case 'group':
      if (node.kind === 'capture') {
        node.jsIndex = ++state.next
        state.map[node.javaIndex] = node.jsIndex
      } else if (node.kind === 'atomic') {
        node.jsIndex = ++state.next
      }
      numberGroups(node.body, state)
      break
    case 'quant':
      if (node.mode === 'possessive') node.jsIndex = ++state.next
      numberGroups(node.body, state)
      break
  }
}

function firstCi (node: Node): boolean | null {
  switch (node.t) {
    case 'seq': for (const n of node.items) { const c = firstCi(n); if (c !== null) return c } return null
    case 'alt': for (const n of node.alts) { const c = firstCi(n); if (c !== null) return c } return null
    case 'atom': case 'backref': return node.ci
    case 'group': case 'quant': return firstCi(node.body)
  }
}

function withCase (js: string, ci: boolean | null, ctx: boolean): string {
  if (ci === null || ci === ctx) return js
  return ci ? `(?i:${js})` : `(?-i:${js})`
}

function emit (node: Node, ctx: boolean, map: readonly number[]): string {
  switch (node.t) {
    case 'seq': {
      // Runs of atoms needing the other case mode share one modifier group.
      let out = ''
      let i = 0
      while (i < node.items.length) {
        const n = node.items[i]!
        const ci = n.t === 'atom' || n.t === 'backref' ? n.ci : null
        if (ci === null || ci === ctx) { out += emit(n, ctx, map); i++; continue }
        let run = ''
        while (i < node.items.length) {
          const m = node.items[i]!
          if ((m.t !== 'atom' && m.t !== 'backref') || m.ci !== ci) break
          run += emit(m, ci, map)
          i++
        }
        out += withCase(run, ci, ctx)
      }
      return out
    }
    case 'alt': return node.alts.map(n => emit(n, ctx, map)).join('|')
    case 'atom': return withCase(node.js, node.ci, ctx)
    case 'backref': {
      const js = map[node.javaIndex]
      return js === undefined ? '[]' : withCase(`(?:\\${js})`, node.ci, ctx)
    }
    case 'group': {
      const body = emit(node.body, ctx, map)
      switch (node.kind) {
        case 'capture': return node.name === null ? `(${body})` : `(?<${node.name}>${body})`
        case 'plain': return `(?:${body})`
        case 'ahead': return `(?=${body})`
        case 'notAhead': return `(?!${body})`
        case 'behind': return `(?<=${body})`
        case 'notBehind': return `(?<!${body})`
        case 'atomic': return `(?:(?=(${body}))\\${node.jsIndex})`
      }
      break
    }
    case 'quant': {
      let body = emit(node.body, ctx, map)
      const b = node.body
      if ((b.t === 'atom' && b.zeroWidth) || (b.t === 'group' && b.kind !== 'capture' && b.kind !== 'plain' && b.kind !== 'atomic')) {
        body = `(?:${body})`
      }
      let q = node.min === 0 && node.max === Infinity
        ? '*'
        : node.min === 1 && node.max === Infinity
          ? '+'
          : node.min === 0 && node.max === 1
            ? '?'
            : node.max === Infinity ? `{${node.min},}` : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`
      if (node.mode === 'lazy') q += '?'
      if (node.mode === 'possessive') return `(?:(?=(${body}${q}))\\${node.jsIndex})`
      return body + q
    }
  }
  return ''
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/** A compiled Java pattern (java.util.regex.Pattern). */
export class JavaPattern {
  /** The Java source. */
  readonly pattern: string
  /** Capturing groups of the Java pattern (Matcher.groupCount()). */
  readonly groupCount: number
  /** Named groups → Java group numbers. */
  readonly groupNames: ReadonlyMap<string, number>
  /** Anchored: `Matcher.matches()`. */
  readonly full: RegExp
  /** Unanchored, first match: `Matcher.find()`. */
  readonly find: RegExp
  readonly #jsIndex: readonly number[]

  /** @internal use compileJavaRegex */
  constructor (pattern: string, source: string, flags: string, groupCount: number, names: ReadonlyMap<string, number>, jsIndex: readonly number[]) {
    this.pattern = pattern
    this.groupCount = groupCount
    this.groupNames = names
    this.#jsIndex = jsIndex
    try {
      this.full = new RegExp(`^(?:${source})$`, flags)
      this.find = new RegExp(`(?:${source})`, flags)
    } catch (err) {
      throw new JavaPatternSyntaxError(`Cannot translate to a JavaScript regular expression (${(err as Error).message})`, pattern, -1)
    }
  }

  /** The JS group number of a Java group (0 is the whole match). */
  jsGroup (javaGroup: number): number {
    return javaGroup === 0 ? 0 : this.#jsIndex[javaGroup]!
  }

  /** `Pattern.matcher(input).matches()`: the whole input matches. */
  matches (input: string): boolean {
    return this.full.test(input)
  }

  /**
   * `Matcher.replaceFirst(replacement)`: the first match (searching from the start) replaced by the expansion of
   * `replacement` (Java syntax, or already parsed); the input unchanged when nothing matches.
   */
  replaceFirst (input: string, replacement: string | JavaReplacement): string {
    const m = this.find.exec(input)
    if (m === null) return input
    const r = typeof replacement === 'string' ? JavaReplacement.parse(replacement, this) : replacement
    const groups: Array<string | null> = []
    for (let g = 0; g <= this.groupCount; g++) groups.push(m[this.jsGroup(g)] ?? null)
    return input.slice(0, m.index) + r.expand(groups) + input.slice(m.index + m[0].length)
  }

  toString (): string {
    return this.pattern
  }
}

/** Compiles a Java regex; throws JavaPatternSyntaxError with Java's message for invalid (or untranslatable) ones. */
export function compileJavaRegex (pattern: string): JavaPattern {
  const parser = new Parser(pattern)
  const tree = parser.parse()
  const state = { next: 0, map: [0] as number[] }
  numberGroups(tree, state)
  const ci = firstCi(tree) === true
  const source = emit(tree, ci, state.map)
  return new JavaPattern(pattern, source, ci ? 'iv' : 'v', parser.groupCount, parser.names, state.map)
}

/** A parsed Java replacement string (Matcher.appendReplacement syntax): literal text and group references. */
export class JavaReplacement {
  readonly #parts: ReadonlyArray<string | number>
  readonly #pattern: JavaPattern

  private constructor (parts: ReadonlyArray<string | number>, pattern: JavaPattern) {
    this.#parts = parts
    this.#pattern = pattern
  }

  /**
   * Parses `replacement` for use with `pattern`: `\x` is a literal x, `$n` a group (further digits are taken while
   * the group exists), `${name}` a named group. Throws JavaReplacementError with Java's messages.
   */
  static parse (replacement: string, pattern: JavaPattern): JavaReplacement {
    const parts: Array<string | number> = []
    let text = ''
    let i = 0
    while (i < replacement.length) {
      const c = replacement[i]!
      if (c === '\\') {
        i++
        if (i === replacement.length) throw new JavaReplacementError('character to be escaped is missing')
        text += replacement[i]
        i++
      } else if (c === '$') {
        i++
        if (i === replacement.length) throw new JavaReplacementError('Illegal group reference: group index is missing')
        let ref: number
        if (replacement[i] === '{') {
          i++
          let name = ''
          while (i < replacement.length && /[A-Za-z0-9]/.test(replacement[i]!)) name += replacement[i++]
          if (name.length === 0) throw new JavaReplacementError('named capturing group has 0 length name')
          if (replacement[i] !== '}') throw new JavaReplacementError("named capturing group is missing trailing '}'")
          if (/[0-9]/.test(name[0]!)) throw new JavaReplacementError(`capturing group name {${name}} starts with digit character`)
          const g = pattern.groupNames.get(name)
          if (g === undefined) throw new JavaReplacementError(`No group with name {${name}}`)
          ref = g
          i++
        } else {
          const d = replacement.charCodeAt(i) - 48
          if (d < 0 || d > 9) throw new JavaReplacementError('Illegal group reference')
          ref = d
          i++
          while (i < replacement.length) {
            const nd = replacement.charCodeAt(i) - 48
            if (nd < 0 || nd > 9) break
            const next = ref * 10 + nd
            if (pattern.groupCount < next) break
            ref = next
            i++
          }
          if (ref > pattern.groupCount) throw new JavaReplacementError(`No group ${ref}`)
        }
        if (text !== '') { parts.push(text); text = '' }
        parts.push(ref)
      } else {
        text += c
        i++
      }
    }
    if (text !== '') parts.push(text)
    return new JavaReplacement(parts, pattern)
  }

  /** The replacement for a match whose Java groups (0 = whole match; null = did not participate) are given. */
  expand (groups: ReadonlyArray<string | null | undefined>): string {
    let out = ''
    for (const p of this.#parts) out += typeof p === 'string' ? p : groups[p] ?? ''
    return out
  }

  /**
   * The same replacement in JS `String.prototype.replace` syntax for `pattern.find` / `pattern.full` (`$$`, `$&`,
   * two-digit `$nn`); null when a group number beyond 99 would be needed.
   */
  toJs (): string | null {
    let out = ''
    for (const p of this.#parts) {
      if (typeof p === 'string') { out += p.replaceAll('$', '$$$$'); continue }
      const js = this.#pattern.jsGroup(p)
      if (js === 0) out += '$&'
      else if (js > 99) return null
      else out += `$${String(js).padStart(2, '0')}`
    }
    return out
  }
}

/** Translates a Java replacement string for `pattern` into JS replacement syntax (see JavaReplacement.toJs). */
export function javaReplacementToJs (replacement: string, pattern: JavaPattern): string | null {
  return JavaReplacement.parse(replacement, pattern).toJs()
}
