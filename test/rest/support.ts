// Shared by the REST tests: a server on a random port over a MemoryHerder (closed in t.after), and a bounded fetch.
import type { TestContext } from 'node:test'
import { Writable } from 'node:stream'
import { createRestServer, type RestServer, type RestServerOptions } from '../../src/rest/server.ts'
import { LoggerRegistry } from '../../src/runtime/loggers.ts'
import { MemoryHerder } from '../helpers/memory-herder.ts'

export interface Rest {
  /** Base URL without the trailing slash. */
  base: string
  herder: MemoryHerder
  server: RestServer
  loggers: LoggerRegistry
  /** Everything the server's loggers wrote. */
  logs (): string
}

export interface Answer {
  status: number
  headers: Headers
  text: string
  /** The parsed JSON body (undefined when empty). */
  body: any
}

export async function startRest (t: TestContext, opts: Partial<RestServerOptions> = {}, herder = new MemoryHerder()): Promise<Rest> {
  let out = ''
  const destination = new Writable({ write (chunk, _enc, cb) { out += String(chunk); cb() } })
  const loggers = new LoggerRegistry({ level: 'trace', destination })
  const server = await createRestServer({
    herder,
    listeners: ['http://127.0.0.1:0'],
    loggers,
    logger: loggers.logger('org.apache.kafka.connect.runtime.rest.RestServer'),
    ...opts
  })
  t.after(() => server.close())
  return { base: server.url.replace(/\/$/, ''), herder, server, loggers, logs: () => out }
}

/** One request (5 s bound); an object body is sent as JSON, a string as is. */
export async function call (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers }, signal: AbortSignal.timeout(5000) }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    if (typeof body !== 'string') (init.headers as Record<string, string>)['content-type'] = 'application/json'
  }
  const res = await fetch(`${base}${path}`, init)
  const text = await res.text()
  let parsed: unknown
  if (text !== '' && (res.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text)
  return { status: res.status, headers: res.headers, text, body: parsed }
}

export const json = (status: number, message: string): { error_code: number, message: string } => ({ error_code: status, message })
