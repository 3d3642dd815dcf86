// Plugins from outside the repo: every directory of `plugin.path` (a package directory, a directory of packages, or
// .js/.mjs/.ts modules) and npm packages in node_modules whose package.json lists the keyword `kconnect-plugin`. A
// plugin module exports `kconnectPlugins: PluginDescriptor[]`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PluginDescriptor } from '../../api/plugin.ts'
import type { PluginRegistry } from './registry.ts'

export interface LoadReport { loaded: Array<{ origin: string, count: number }>, failed: Array<{ origin: string, error: string }> }

const MODULE = /\.(m?js|ts)$/

function packageMain (dir: string): string | null {
  const pj = join(dir, 'package.json')
  if (!existsSync(pj)) return null
  const meta = JSON.parse(readFileSync(pj, 'utf8')) as { main?: string, exports?: unknown }
  const main = typeof meta.exports === 'string' ? meta.exports : meta.main ?? 'index.js'
  return join(dir, main)
}

async function importPlugins (file: string): Promise<PluginDescriptor[]> {
  const mod = await import(pathToFileURL(file).href) as { kconnectPlugins?: unknown, default?: { kconnectPlugins?: unknown } }
  const list = mod.kconnectPlugins ?? mod.default?.kconnectPlugins
  if (!Array.isArray(list)) throw new Error(`${file} does not export kconnectPlugins`)
  return list as PluginDescriptor[]
}

/** The module files a `plugin.path` entry designates. */
export function pluginModules (entry: string): string[] {
  const dir = resolve(entry)
  if (!existsSync(dir)) return []
  if (statSync(dir).isFile()) return MODULE.test(dir) ? [dir] : []
  const main = packageMain(dir)
  if (main !== null) return [main]
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      const m = packageMain(p)
      if (m !== null) out.push(m)
    } else if (MODULE.test(name) && !name.endsWith('.d.ts')) {
      out.push(p)
    }
  }
  return out
}

/** Packages under `nodeModules` tagged with the `kconnect-plugin` keyword. */
export function npmPluginModules (nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return []
  const dirs: string[] = []
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue
    if (name.startsWith('@')) {
      for (const sub of readdirSync(join(nodeModules, name))) dirs.push(join(nodeModules, name, sub))
    } else {
      dirs.push(join(nodeModules, name))
    }
  }
  const out: string[] = []
  for (const dir of dirs) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { keywords?: unknown }
      if (Array.isArray(meta.keywords) && meta.keywords.includes('kconnect-plugin')) {
        const main = packageMain(dir)
        if (main !== null) out.push(main)
      }
    } catch {
      // not a package
    }
  }
  return out
}

export async function loadPlugins (registry: PluginRegistry, pluginPath: readonly string[], nodeModules: string | null): Promise<LoadReport> {
  const report: LoadReport = { loaded: [], failed: [] }
  const files = [...pluginPath.flatMap(pluginModules), ...(nodeModules === null ? [] : npmPluginModules(nodeModules))]
  for (const file of files) {
    try {
      const list = await importPlugins(file)
      registry.register(list, file)
      report.loaded.push({ origin: file, count: list.length })
    } catch (err) {
      report.failed.push({ origin: file, error: (err as Error).message })
    }
  }
  return report
}
