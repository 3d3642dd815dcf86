// FileConfigProvider (org.apache.kafka.common.config.provider.FileConfigProvider): `${file:/path/to/x.properties:key}`
// reads `key` from a properties file. An empty path gives nothing; a path outside `allowed.paths` gives nothing (and
// a warning); a file that cannot be read is a ConfigException.
import { readFile } from 'node:fs/promises'
import { ConfigException } from '../errors.ts'
import { parseProperties } from '../properties.ts'
import { ALLOWED_PATHS_CONFIG, AllowedPaths } from './allowed-paths.ts'
import { configData, type ConfigData, type ConfigProvider, type ProviderLogger } from './config-provider.ts'

export class FileConfigProvider implements ConfigProvider {
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
    const filePath = this.#allowed.parseUntrustedPath(path)
    if (filePath === null) {
      this.#logger?.warn(`The path ${path} is not allowed to be accessed`)
      return configData([])
    }
    let text: string
    try {
      text = await readFile(filePath, 'utf8')
    } catch (err) {
      throw new ConfigException(`Could not read properties from file ${path}`, { cause: err })
    }
    const props = parseProperties(text, { fileName: path })
    if (keys === undefined) return configData(props)
    const found: Array<[string, string]> = []
    for (const k of keys) {
      const v = props.get(k)
      if (v !== undefined) found.push([k, v])
    }
    return configData(found)
  }
}
