// /connector-plugins: list, a plugin's config keys, and config validation.
import { BadRequestError } from '../../runtime/errors.ts'
import { connectorClassOf } from '../../runtime/connector-validation.ts'
import { boolParam, configMap, type RouteContext } from './context.ts'

/** Strip a trailing `Connector` (only from names longer than 9 characters, as Kafka does). */
function normalize (s: string): string {
  return s.length > 9 && s.endsWith('Connector') ? s.slice(0, -'Connector'.length) : s
}

export function pluginRoutes ({ app, herder, route }: RouteContext): void {
  route(/^\/connector-plugins$/)
  app.get<{ Querystring: { connectorsOnly?: string } }>('/connector-plugins', async (req) => herder.plugins(boolParam(req.query.connectorsOnly, true)))

  route(/^\/connector-plugins\/[^/]+\/config$/)
  app.get<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config', async (req) => herder.pluginConfig(req.params.plugin))

  route(/^\/connector-plugins\/[^/]+\/config\/validate$/)
  app.put<{ Params: { plugin: string }, Body: unknown }>('/connector-plugins/:plugin/config/validate', async (req) => {
    const config = configMap(req.body, 'The connector config', true)
    const plugin = req.params.plugin
    const cls = config['connector.class']
    if (cls === undefined || cls === null) connectorClassOf(config)
    if (!normalize(cls!).endsWith(normalize(plugin))) {
      throw new BadRequestError(`Included connector type ${cls} does not match request type ${plugin}`)
    }
    return herder.validateConnectorConfig(config)
  })
}
