// Base64 as Jackson reads it from a JSON string (Base64Variants.MIME_NO_LINEFEEDS): standard alphabet, padding
// required, whitespace allowed only between 4-character groups, and data may continue after a padded group.
const INVALID = -1
const PADDING = -2
const CODES = new Int8Array(128).fill(INVALID)
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i
CODES[61] = PADDING // '='

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function code (ch: number): number {
  return ch < 128 ? CODES[ch]! : INVALID
}

function invalid (ch: number, index: number, extra?: string): Error {
  let msg: string
  if (ch <= 32) {
    msg = `Illegal white space character (code 0x${ch.toString(16)}) as character #${index + 1} of 4-char base64 unit: can only used between units`
  } else if (ch === 61) {
    msg = `Unexpected padding character ('=') as character #${index + 1} of 4-char base64 unit: padding only legal as 3rd or 4th character`
  } else {
    msg = `Illegal character '${String.fromCharCode(ch)}' (code 0x${ch.toString(16)}) in base64 content`
  }
  return new Error(extra === undefined ? msg : `${msg}: ${extra}`)
}

function eof (): Error {
  return new Error("Unexpected end of base64-encoded String: base64 variant 'MIME-NO-LINEFEEDS' expects padding (one or more '=' characters) at the end")
}

/** Decodes like Jackson's Base64Variant.decode; throws an Error with Jackson's reason on bad input. */
export function decodeBase64 (str: string): Buffer {
  if (STRICT.test(str)) return Buffer.from(str, 'base64')
  const out: number[] = []
  let ptr = 0
  const len = str.length
  while (true) {
    let ch: number
    do {
      if (ptr >= len) return Buffer.from(out)
      ch = str.charCodeAt(ptr++)
    } while (ch <= 32)
    let bits = code(ch)
    if (bits < 0) throw invalid(ch, 0)
    let data = bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = code(ch)
    if (bits < 0) throw invalid(ch, 1)
    data = (data << 6) | bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = code(ch)
    if (bits < 0) {
      if (bits !== PADDING) throw invalid(ch, 2)
      if (ptr >= len) throw eof()
      ch = str.charCodeAt(ptr++)
      if (ch !== 61) throw invalid(ch, 3, "expected padding character '='")
      out.push(data >> 4)
      continue
    }
    data = (data << 6) | bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = code(ch)
    if (bits < 0) {
      if (bits !== PADDING) throw invalid(ch, 3)
      data >>= 2
      out.push((data >> 8) & 0xff, data & 0xff)
    } else {
      data = (data << 6) | bits
      out.push((data >> 16) & 0xff, (data >> 8) & 0xff, data & 0xff)
    }
  }
}
