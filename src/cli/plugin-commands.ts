// `kconnect plugins` and `kconnect validate`: offline views of what a worker would load and how it would judge a
// connector config (no broker needed).
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { readPropertiesFile } from '../config/properties.ts'
import { closeConfigProviders, resolveWorkerConfig } from '../config/providers/registry.ts'
import { ConfigTransformer } from '../config/providers/transformer.ts'
import { PluginRegistry } from '../runtime/plugins/registry.ts'
import { builtinPlugins } from '../runtime/plugins/builtin.ts'
import { loadPlugins } from '../runtime/plugins/loader.ts'
import { validateResolvedConfig } from '../runtime/connector-validation.ts'
import { readConnectorFile } from './connector-files.ts'

export const pluginsHelp = `Usage: kconnect plugins [options]

Lists the plugins a worker would load: built-ins, every --plugin-path entry, and npm packages in ./node_modules whose
package.json has the keyword 'kconnect-plugin'. Columns: type, class, version, origin.

Options:
  --plugin-path DIR   a plugin.path entry (repeatable; also read from --worker)
  --worker FILE       take plugin.path from this worker.properties
  --json              print GET /connector-plugins?connectorsOnly=false JSON instead of a table
  -h, --help          show this help`

export const validateHelp = `Usage: kconnect validate [options] connector.properties|connector.json

Validates a connector config as PUT /connector-plugins/{type}/config/validate does and prints each error
(exit status 1 when there are errors). \${provider:…} references are resolved with the worker's config providers.

Options:
  --worker FILE       worker.properties (config.providers, plugin.path)
  --json              print the full validate response body
  -h, --help          show this help`

async function registryFor (pluginPath: string[]): Promise<PluginRegistry> {
  const registry = new PluginRegistry()
  registry.register(builtinPlugins())
  const report = await loadPlugins(registry, pluginPath, join(process.cwd(), 'node_modules'))
  for (const f of report.failed) console.error(`warning: could not load plugins from ${f.origin}: ${f.error}`)
  return registry
}

async function workerProps (file: string | undefined): Promise<Record<string, string>> {
  return file === undefined ? {} : Object.fromEntries(await readPropertiesFile(file))
}

function pluginPathOf (props: Record<string, string>, extra: string[] = []): string[] {
  const fromWorker = (props['plugin.path'] ?? '').split(',').map(s => s.trim()).filter(s => s !== '')
  return [...fromWorker, ...extra]
}

export async function runPlugins (argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: true, options: { 'plugin-path': { type: 'string', multiple: true }, worker: { type: 'string' }, json: { type: 'boolean' } } })
  const registry = await registryFor(pluginPathOf(await workerProps(values.worker), values['plugin-path'] ?? []))
  if (values.json === true) {
    console.log(JSON.stringify(registry.list(false)))
    return
  }
  const rows = registry.entries().map(e => [e.type, e.className, e.version ?? '', e.origin])
  const widths = [0, 1, 2].map(i => Math.max(...rows.map(r => r[i]!.length), 4))
  for (const r of rows) console.log(r.map((c, i) => i < 3 ? c.padEnd(widths[i]!) : c).join('  '))
}

export async function runValidate (argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { worker: { type: 'string' }, json: { type: 'boolean' } } })
  if (positionals.length !== 1) throw new Error(`exactly one connector config file is required\n\n${validateHelp}`)
  const props = await workerProps(values.worker)
  const registry = await registryFor(pluginPathOf(props))
  const file = await readConnectorFile(positionals[0]!)
  const { providers } = await resolveWorkerConfig(props)
  try {
    const { data } = await new ConfigTransformer(providers).transform(file.config)
    const infos = validateResolvedConfig(registry, file.config, data)
    if (values.json === true) {
      console.log(JSON.stringify(infos))
    } else {
      for (const c of infos.configs) for (const e of c.value?.errors ?? []) console.log(`${c.value?.name ?? '?'}: ${e}`)
      console.log(`${file.path}: ${infos.error_count} error(s)`)
    }
    if (infos.error_count > 0) process.exitCode = 1
  } finally {
    await closeConfigProviders(providers)
  }
}
