// Java `.properties` files, read exactly as java.util.Properties.load does (a port of its LineReader and
// loadConvert) and written as Properties.store escapes them.
//
// Reading: natural lines end at \n, \r or \r\n; leading spaces, tabs and form feeds are skipped; a line whose first
// other character is # or ! is a comment; a line ending in an odd number of backslashes continues on the next line
// (whose leading whitespace is skipped); the key ends at the first unescaped `=`, `:` or whitespace, and whitespace
// plus at most one `=`/`:` separates it from the value; \t \n \r \f and \uXXXX are escapes, any other escaped
// character stands for itself. The last duplicate wins; keys keep their first position. A malformed \u escape is a
// PropertiesError with the file name and line. Files are read as UTF-8 by default (Java's load(InputStream) reads
// ISO-8859-1: pass `encoding: 'latin1'` for that).
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

export class PropertiesError extends Error {
  readonly code = 'KC_PROPERTIES'
  readonly fileName: string | undefined
  readonly line: number
  readonly column: number

  constructor (reason: string, fileName: string | undefined, line: number, column: number) {
    super(`${fileName ?? '<properties>'}:${line}:${column}: ${reason}`)
    this.name = 'PropertiesError'
    this.fileName = fileName
    this.line = line
    this.column = column
  }
}

export interface ParsePropertiesOptions {
  /** Named in error messages. */
  fileName?: string
}

interface LogicalLine {
  chars: string[]
  /** Offset in the text of each char (for error positions). */
  offsets: number[]
}

function* logicalLines (text: string): Generator<LogicalLine> {
  const limit = text.length
  let off = 0
  while (true) {
    const chars: string[] = []
    const offsets: number[] = []
    let skipWhiteSpace = true
    let appendedLineBegin = false
    let precedingBackslash = false
    let done = false
    while (!done) {
      if (off >= limit) {
        if (chars.length === 0) return
        if (precedingBackslash) { chars.pop(); offsets.pop() }
        yield { chars, offsets }
        return
      }
      const c = text[off++]!
      if (skipWhiteSpace) {
        if (c === ' ' || c === '\t' || c === '\f') continue
        if (!appendedLineBegin && (c === '\r' || c === '\n')) continue
        skipWhiteSpace = false
        appendedLineBegin = false
      }
      if (chars.length === 0 && (c === '#' || c === '!')) {
        while (true) {
          if (off >= limit) return
          const d = text[off++]
          if (d === '\n' || d === '\r') break
        }
        skipWhiteSpace = true
        continue
      }
      if (c !== '\n' && c !== '\r') {
        chars.push(c)
        offsets.push(off - 1)
        precedingBackslash = c === '\\' ? !precedingBackslash : false
        continue
      }
      if (chars.length === 0) {
        skipWhiteSpace = true
        continue
      }
      if (off >= limit) {
        if (precedingBackslash) { chars.pop(); offsets.pop() }
        yield { chars, offsets }
        return
      }
      if (precedingBackslash) {
        chars.pop()
        offsets.pop()
        skipWhiteSpace = true
        appendedLineBegin = true
        precedingBackslash = false
        if (c === '\r' && text[off] === '\n') off++
      } else {
        done = true
      }
    }
    yield { chars, offsets }
  }
}

function position (text: string, offset: number): { line: number, column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

const ESCAPES: Record<string, string> = { t: '\t', r: '\r', n: '\n', f: '\f' }

function loadConvert (ln: LogicalLine, start: number, end: number, fail: (at: number) => never): string {
  let out = ''
  let i = start
  while (i < end) {
    const c = ln.chars[i++]!
    if (c !== '\\') {
      out += c
      continue
    }
    const e = ln.chars[i++]
    if (e === undefined) break
    if (e !== 'u') {
      out += ESCAPES[e] ?? e
      continue
    }
    const backslash = i - 2
    if (i > end - 4) fail(backslash)
    let value = 0
    for (let k = 0; k < 4; k++) {
      const h = ln.chars[i++]!
      const digit = /^[0-9a-fA-F]$/.test(h) ? parseInt(h, 16) : -1
      if (digit < 0) fail(backslash)
      value = (value << 4) + digit
    }
    out += String.fromCharCode(value)
  }
  return out
}

/** Parses properties text; keys in first-appearance order, last value wins. */
export function parseProperties (text: string, opts: ParsePropertiesOptions = {}): Map<string, string> {
  const result = new Map<string, string>()
  for (const ln of logicalLines(text)) {
    const limit = ln.chars.length
    let keyLen = 0
    let valueStart = limit
    let hasSep = false
    let precedingBackslash = false
    while (keyLen < limit) {
      const c = ln.chars[keyLen]!
      if ((c === '=' || c === ':') && !precedingBackslash) {
        valueStart = keyLen + 1
        hasSep = true
        break
      } else if ((c === ' ' || c === '\t' || c === '\f') && !precedingBackslash) {
        valueStart = keyLen + 1
        break
      }
      precedingBackslash = c === '\\' ? !precedingBackslash : false
      keyLen++
    }
    while (valueStart < limit) {
      const c = ln.chars[valueStart]!
      if (c !== ' ' && c !== '\t' && c !== '\f') {
        if (!hasSep && (c === '=' || c === ':')) hasSep = true
        else break
      }
      valueStart++
    }
    const fail = (at: number): never => {
      const { line, column } = position(text, ln.offsets[at] ?? text.length)
      throw new PropertiesError('Malformed \\uxxxx encoding.', opts.fileName, line, column)
    }
    const key = loadConvert(ln, 0, keyLen, fail)
    const value = loadConvert(ln, valueStart, limit, fail)
    result.set(key, value)
  }
  return result
}

export interface ReadPropertiesOptions {
  /** 'utf8' (default) or 'latin1' (what Java's Properties.load(InputStream) assumes). */
  encoding?: 'utf8' | 'latin1'
}

/** Reads and parses a properties file; errors name the file. */
export async function readPropertiesFile (path: string, opts: ReadPropertiesOptions = {}): Promise<Map<string, string>> {
  return parseProperties(await readFile(path, opts.encoding ?? 'utf8'), { fileName: path })
}

export function readPropertiesFileSync (path: string, opts: ReadPropertiesOptions = {}): Map<string, string> {
  return parseProperties(readFileSync(path, opts.encoding ?? 'utf8'), { fileName: path })
}

function unicodeEscape (code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
}

function saveConvert (s: string, escapeSpace: boolean, escapeUnicode: boolean): string {
  let out = ''
  for (let x = 0; x < s.length; x++) {
    const c = s[x]!
    const code = s.charCodeAt(x)
    if (code > 61 && code < 127) {
      out += c === '\\' ? '\\\\' : c
      continue
    }
    switch (c) {
      case ' ': out += x === 0 || escapeSpace ? '\\ ' : ' '; break
      case '\t': out += '\\t'; break
      case '\n': out += '\\n'; break
      case '\r': out += '\\r'; break
      case '\f': out += '\\f'; break
      case '=': case ':': case '#': case '!': out += `\\${c}`; break
      default:
        out += (code < 0x20 || code > 0x7e) && escapeUnicode ? unicodeEscape(code) : c
    }
  }
  return out
}

export interface FormatPropertiesOptions {
  /** Written first as `#` comment lines. */
  comments?: string
  /** Escape characters outside printable ASCII as \uXXXX (default true, like store(OutputStream)). */
  escapeUnicode?: boolean
}

/** Writes properties as Properties.store escapes them (no date line); parseProperties reads them back unchanged. */
export function formatProperties (props: ReadonlyMap<string, string> | Readonly<Record<string, string>>, opts: FormatPropertiesOptions = {}): string {
  const escapeUnicode = opts.escapeUnicode ?? true
  const lines: string[] = []
  if (opts.comments !== undefined) {
    for (const c of opts.comments.split(/\r\n|\r|\n/)) lines.push(`#${escapeUnicode ? c.replace(/[\u007f-\uffff]/g, ch => unicodeEscape(ch.charCodeAt(0))) : c}`)
  }
  const entries = props instanceof Map ? [...props] : Object.entries(props)
  for (const [k, v] of entries) lines.push(`${saveConvert(k, true, escapeUnicode)}=${saveConvert(v, false, escapeUnicode)}`)
  return lines.map(l => `${l}\n`).join('')
}
