// `sasl.jaas.config` parsing, as Kafka's JaasConfig does it (a java.io.StreamTokenizer with `//` and `/* */`
// comments, `"` quoted strings with backslash escapes, words made of letters, digits and `.-_$`):
//   <LoginModuleClass> <required|requisite|sufficient|optional> [key=value ...];
// Error messages are Kafka's and never contain option values (passwords live there).

export type LoginModuleControlFlag = 'required' | 'requisite' | 'sufficient' | 'optional'

export interface JaasLoginModule {
  loginModule: string
  controlFlag: LoginModuleControlFlag
  options: Record<string, string>
}

export class JaasConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'JaasConfigError'
  }
}

type Token = { kind: 'word' | 'quoted', text: string } | { kind: 'char', text: string }

const isWordChar = (c: string): boolean => /[A-Za-z0-9.\-_$]/.test(c) || c.charCodeAt(0) >= 128

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }

function tokenize (text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) { i++; continue }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++
      continue
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
      continue
    }
    if (c === '"') {
      let out = ''
      i++
      while (i < text.length && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r') {
        let ch = text[i]!
        if (ch === '\\' && i + 1 < text.length) {
          i++
          ch = text[i]!
          if (/[0-7]/.test(ch)) {
            // Up to three octal digits (at most two when the first is above 3), as StreamTokenizer reads them.
            let digits = ch
            const max = ch <= '3' ? 3 : 2
            while (digits.length < max && /[0-7]/.test(text[i + 1] ?? '')) digits += text[++i]
            ch = String.fromCharCode(parseInt(digits, 8))
          } else {
            ch = ESCAPES[ch] ?? ch
          }
        }
        out += ch
        i++
      }
      if (text[i] === '"') i++
      tokens.push({ kind: 'quoted', text: out })
      continue
    }
    if (isWordChar(c)) {
      let j = i
      while (j < text.length && isWordChar(text[j]!)) j++
      tokens.push({ kind: 'word', text: text.slice(i, j) })
      i = j
      continue
    }
    tokens.push({ kind: 'char', text: c })
    i++
  }
  return tokens
}

function controlFlag (token: Token | undefined): LoginModuleControlFlag {
  if (token === undefined) throw new JaasConfigError('Login module control flag not specified in JAAS config')
  const flag = token.kind === 'char' ? '' : token.text.toLowerCase()
  if (flag === 'required' || flag === 'requisite' || flag === 'sufficient' || flag === 'optional') return flag
  throw new JaasConfigError(`Invalid login module control flag '${token.text}' in JAAS config`)
}

/** Every login module of a JAAS config string. */
export function parseJaasConfig (text: string): JaasLoginModule[] {
  const tokens = tokenize(text)
  const modules: JaasLoginModule[] = []
  let i = 0
  while (i < tokens.length) {
    const name = tokens[i++]!
    if (name.kind === 'char') throw new JaasConfigError(`Unexpected '${name.text}' in JAAS config: expected a login module class name`)
    const flag = controlFlag(tokens[i++])
    const options: Record<string, string> = {}
    let terminated = false
    while (i < tokens.length) {
      const key = tokens[i++]!
      if (key.kind === 'char' && key.text === ';') { terminated = true; break }
      if (key.kind === 'char') throw new JaasConfigError(`Unexpected '${key.text}' in JAAS config`)
      const eq = tokens[i++]
      const value = tokens[i++]
      if (eq === undefined || eq.kind !== 'char' || eq.text !== '=' || value === undefined || value.kind === 'char') {
        throw new JaasConfigError(`Value not specified for key '${key.text}' in JAAS config`)
      }
      options[key.text] = value.text
    }
    if (!terminated) throw new JaasConfigError('JAAS config entry not terminated by semi-colon')
    modules.push({ loginModule: name.text, controlFlag: flag, options })
  }
  return modules
}

/** The single login module a client's `sasl.jaas.config` must hold (Kafka's JaasContext.loadClientContext). */
export function parseClientJaasConfig (text: string): JaasLoginModule {
  const modules = parseJaasConfig(text)
  if (modules.length === 0) throw new JaasConfigError('JAAS config property does not contain any login modules')
  if (modules.length !== 1) throw new JaasConfigError(`JAAS config property contains ${modules.length} login modules, should be 1 module`)
  return modules[0]!
}
