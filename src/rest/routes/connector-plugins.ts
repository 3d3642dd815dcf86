// /connector-plugins: list (connectors only unless connectorsOnly=false), a plugin's config keys, and validation.
import { connectorClassOf } from '../../runtime/connector-validation.ts'
import { BadRequestError } from '../../runtime/errors.ts'
import { pluginInfo } from '../entities.ts'
import { boolParam, configMap, type RouteContext } from './context.ts'

const SUFFIX = 'Connector'

/** Kafka's normalizedPluginName: strip a trailing `Connector` when something precedes it. */
function normalize (s: string): string {
  return s.length > SUFFIX.length && s.endsWith(SUFFIX) ? s.slice(0, -SUFFIX.length) : s
}

export function pluginRoutes ({ herder, route, call }: RouteContext): void {
  route('GET', '/connector-plugins', async (req) => herder.plugins(boolParam(req.query.connectorsOnly, true)).map(pluginInfo))

  route('GET', '/connector-plugins/:plugin/config', async (req) => call(() => herder.pluginConfig(req.params.plugin!)))

  route('PUT', '/connector-plugins/:plugin/config/validate', async (req) => {
    const config = configMap(req.body, 'The connector config', true)
    const plugin = req.params.plugin!
    const cls = config['connector.class']
    // The path's plugin is only checked against connector.class, never injected in its place.
    if (cls !== undefined && cls !== null && !normalize(cls).endsWith(normalize(plugin))) {
      throw new BadRequestError(`Included connector type ${cls} does not match request type ${plugin}`)
    }
    connectorClassOf(config) // 400 `Connector config {…} contains no connector type`
    return call(() => herder.validateConnectorConfig(config))
  })
}
