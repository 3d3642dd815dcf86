// Connector configs given on the command line: `.properties` files or JSON (a flat map, or
// {"name","config","initial_state"}), as connect-standalone reads them.
import { readFile } from 'node:fs/promises'
import { parseProperties } from '../config/properties.ts'
import type { InitialState } from '../runtime/entities.ts'

export interface ConnectorFile {
  path: string
  name: string
  config: Record<string, string>
  initialState?: InitialState
}

function missingName (path: string): Error {
  return new Error(`Connector configuration at '${path}' is missing the mandatory 'name' configuration`)
}

function stringMap (path: string, obj: unknown): Record<string, string> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${path}: the connector config must be a JSON object`)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') throw new Error(`${path}: the value of '${k}' must be a string, got ${JSON.stringify(v)}`)
    out[k] = v
  }
  return out
}

export async function readConnectorFile (path: string): Promise<ConnectorFile> {
  const text = await readFile(path, 'utf8')
  if (path.endsWith('.json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw new Error(`${path}: not valid JSON (${(err as Error).message})`)
    }
    const obj = parsed as Record<string, unknown>
    if (obj !== null && typeof obj === 'object' && 'config' in obj && typeof obj.config === 'object') {
      const config = stringMap(path, obj.config)
      const name = typeof obj.name === 'string' ? obj.name : config.name
      if (name === undefined) throw missingName(path)
      const state = typeof obj.initial_state === 'string' ? obj.initial_state.toUpperCase() : undefined
      if (state !== undefined && !['RUNNING', 'PAUSED', 'STOPPED'].includes(state)) {
        throw new Error(`${path}: initial_state must be RUNNING, PAUSED or STOPPED, got '${String(obj.initial_state)}'`)
      }
      return { path, name, config: { ...config, name }, initialState: state as InitialState | undefined }
    }
    const config = stringMap(path, parsed)
    if (config.name === undefined) throw missingName(path)
    return { path, name: config.name, config }
  }
  const config = Object.fromEntries(parseProperties(text, { fileName: path }))
  if (config.name === undefined) throw missingName(path)
  return { path, name: config.name, config }
}
