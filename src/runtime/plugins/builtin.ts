// The plugins every worker has: the file connectors, Kafka's SMTs and predicates, and Kafka's converters, under
// their Java class names.
import type { PluginDescriptor } from '../../api/plugin.ts'
import type { Converter, HeaderConverter } from '../../api/converter.ts'
import { converterClasses, headerConverterClasses } from '../../converters/index.ts'
import { kconnectPlugins as filePlugins } from '../../connectors/file/index.ts'
import { kconnectPlugins as jdbcSinkPlugins } from '../../connectors/jdbc/sink-index.ts'
import { kconnectPlugins as jdbcSourcePlugins } from '../../connectors/jdbc/source-index.ts'
import { kconnectPlugins as mqttPlugins } from '../../connectors/mqtt/index.ts'
import { kconnectPlugins as redisPlugins } from '../../connectors/redis/index.ts'
import { transformsA } from '../../transforms/plugins-a.ts'
import { transformsB } from '../../transforms/plugins-b.ts'

// The converters live in a table of factories keyed by Java name and simple name; wrap each full name in a class
// carrying that name, so the registry sees them as it sees any other plugin.
function named<T> (className: string, make: () => T): { new (): T, readonly className: string } {
  const cls = function (this: unknown) { return make() } as unknown as { new (): T, className: string }
  Object.defineProperty(cls, 'className', { value: className })
  return cls
}

function converterDescriptors (): PluginDescriptor[] {
  const out: PluginDescriptor[] = []
  for (const [name, make] of Object.entries(converterClasses)) {
    if (name.includes('.')) out.push({ type: 'converter', class: named<Converter>(name, make) })
  }
  for (const [name, make] of Object.entries(headerConverterClasses)) {
    if (name.includes('.')) out.push({ type: 'header_converter', class: named<HeaderConverter>(name, make) })
  }
  return out
}

export function builtinPlugins (): PluginDescriptor[] {
  return [...filePlugins, ...jdbcSinkPlugins, ...jdbcSourcePlugins, ...redisPlugins, ...mqttPlugins, ...transformsA, ...transformsB, ...converterDescriptors()]
}
