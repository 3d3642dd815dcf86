// `listeners` / `admin.listeners` entries (`http://host:port`), matched as Kafka's RestServer matches them. An empty
// host means every interface; port 0 lets the OS choose.
const LISTENER = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/

export interface Listener { protocol: 'http' | 'https', host: string, port: number }

export function parseListener (text: string): Listener {
  const m = LISTENER.exec(text.trim())
  if (m === null) throw new Error(`Listener ${text} doesn't have the right format (protocol://hostname:port).`)
  const protocol = m[1]!.toLowerCase()
  if (protocol !== 'http' && protocol !== 'https') throw new Error('Listener protocol must be either "http" or "https".')
  if (protocol === 'https') throw new Error(`Listener ${text}: https listeners are not supported yet; terminate TLS in front of the worker`)
  const port = Number(m[3])
  if (port < 0 || port > 65535) throw new Error(`Listener ${text}: port must be between 0 and 65535`)
  return { protocol, host: m[2]!, port }
}
