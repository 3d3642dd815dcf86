// `listeners` entries (`http://host:port`), matched as Kafka's RestServer matches them.
const LISTENER = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)/

export interface Listener { protocol: 'http' | 'https', host: string, port: number }

export function parseListener (text: string): Listener {
  const m = LISTENER.exec(text.trim())
  if (m === null) throw new Error(`Could not parse listener ${text}; expected <protocol>://<host>:<port>`)
  const protocol = m[1]!.toLowerCase()
  if (protocol !== 'http' && protocol !== 'https') throw new Error(`Listener protocol must be either "http" or "https", but is ${m[1]}`)
  if (protocol === 'https') throw new Error(`Listener ${text}: https listeners are not supported yet; terminate TLS in front of the worker`)
  return { protocol, host: m[2]!, port: Number(m[3]) }
}
