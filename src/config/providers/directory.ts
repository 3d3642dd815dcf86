// DirectoryConfigProvider (org.apache.kafka.common.config.provider.DirectoryConfigProvider):
// `${directory:/run/secrets:db-password}` is the whole UTF-8 content of the regular file `db-password` directly in
// that directory (symbolic links to regular files count, as Files.isRegularFile follows them). Same `allowed.paths`
// rule as the file provider; a path that is not a directory gives nothing (and a warning).
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigException } from '../errors.ts'
import { ALLOWED_PATHS_CONFIG, AllowedPaths } from './allowed-paths.ts'
import { configData, type ConfigData, type ConfigProvider, type ProviderLogger } from './config-provider.ts'

async function isDirectory (p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}

async function isRegularFile (p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

export class DirectoryConfigProvider implements ConfigProvider {
  #allowed: AllowedPaths | null = null
  readonly #logger: ProviderLogger | undefined

  constructor (opts: { logger?: ProviderLogger } = {}) {
    this.#logger = opts.logger
  }

  configure (params: Readonly<Record<string, string>>): void {
    this.#allowed = new AllowedPaths(params[ALLOWED_PATHS_CONFIG])
  }

  async get (path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (this.#allowed === null) throw new Error('The provider has not been configured yet.')
    if (path === '') return configData([])
    const dir = this.#allowed.parseUntrustedPath(path)
    if (dir === null) {
      this.#logger?.warn(`The path ${path} is not allowed to be accessed`)
      return configData([])
    }
    if (!await isDirectory(dir)) {
      this.#logger?.warn(`The path ${path} is not a directory`)
      return configData([])
    }
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (err) {
      throw new ConfigException(`Could not list directory ${dir}`, { cause: err })
    }
    const found: Array<[string, string]> = []
    for (const name of names.sort()) {
      if (keys !== undefined && !keys.has(name)) continue
      const file = join(dir, name)
      if (!await isRegularFile(file)) continue
      try {
        found.push([name, await readFile(file, 'utf8')])
      } catch (err) {
        throw new ConfigException(`Could not read file ${file} for property ${name}`, { cause: err })
      }
    }
    return configData(found)
  }
}
