// The Java charsets StringConverter accepts (by Java name or alias, case-insensitive), with Java's encoding
// behaviour: characters a charset cannot hold (and lone surrogates) become '?'; malformed input decodes to U+FFFD.

export interface Charset {
  readonly name: string
  encode (s: string): Buffer
  decode (b: Uint8Array): string
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function wellFormed (s: string): string {
  return s.isWellFormed() ? s : s.replace(LONE_SURROGATE, '?')
}

function view (b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

function swap16 (b: Buffer): Buffer {
  const out = Buffer.from(b)
  for (let i = 0; i + 1 < out.length; i += 2) {
    const t = out[i]!
    out[i] = out[i + 1]!
    out[i + 1] = t
  }
  return out
}

function singleByte (name: string, max: number): Charset {
  const unmappable = max === 0x7f ? /[^\p{ASCII}]/gu : /[^\p{ASCII}\u0080-\u00ff]/gu
  return {
    name,
    encode: s => Buffer.from(s.replace(unmappable, '?'), 'latin1'),
    decode: b => max === 0xff ? view(b).toString('latin1') : view(b).toString('latin1').replace(/[\u0080-\u00ff]/g, '\ufffd')
  }
}

const UTF_8: Charset = {
  name: 'UTF-8',
  encode: s => Buffer.from(wellFormed(s), 'utf8'),
  decode: b => view(b).toString('utf8')
}

const UTF_16LE: Charset = {
  name: 'UTF-16LE',
  encode: s => Buffer.from(s, 'utf16le'),
  decode: b => view(b).toString('utf16le') + (b.length % 2 === 1 ? '\ufffd' : '')
}

const UTF_16BE: Charset = {
  name: 'UTF-16BE',
  encode: s => swap16(Buffer.from(s, 'utf16le')),
  decode: b => UTF_16LE.decode(swap16(view(b)))
}

const UTF_16: Charset = {
  name: 'UTF-16',
  encode: s => Buffer.concat([Buffer.from([0xfe, 0xff]), UTF_16BE.encode(s)]),
  decode: b => {
    if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return UTF_16LE.decode(b.subarray(2))
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return UTF_16BE.decode(b.subarray(2))
    return UTF_16BE.decode(b)
  }
}

const ISO_8859_1 = singleByte('ISO-8859-1', 0xff)
const US_ASCII = singleByte('US-ASCII', 0x7f)

const BY_NAME: Record<string, Charset> = {
  'utf-8': UTF_8,
  utf8: UTF_8,
  unicode11utf8: UTF_8,
  'utf-16': UTF_16,
  utf16: UTF_16,
  utf_16: UTF_16,
  unicode: UTF_16,
  'utf-16be': UTF_16BE,
  utf_16be: UTF_16BE,
  'iso-10646-ucs-2': UTF_16BE,
  unicodebigunmarked: UTF_16BE,
  'utf-16le': UTF_16LE,
  utf_16le: UTF_16LE,
  unicodelittleunmarked: UTF_16LE,
  'iso-8859-1': ISO_8859_1,
  iso8859_1: ISO_8859_1,
  'iso_8859-1': ISO_8859_1,
  'iso_8859_1': ISO_8859_1,
  iso8859: ISO_8859_1,
  latin1: ISO_8859_1,
  l1: ISO_8859_1,
  cp819: ISO_8859_1,
  ibm819: ISO_8859_1,
  'us-ascii': US_ASCII,
  ascii: US_ASCII,
  ascii7: US_ASCII,
  us: US_ASCII,
  iso646_us: US_ASCII,
  'iso_646.irv:1991': US_ASCII,
  default: US_ASCII
}

/** The charset for a Java charset name, or null when kconnect does not support it. */
export function charsetFor (name: string): Charset | null {
  return BY_NAME[name.toLowerCase()] ?? null
}

export const UTF8_CHARSET = UTF_8
