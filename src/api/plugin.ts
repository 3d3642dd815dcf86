// How a plugin package tells kconnect what it provides: its main module exports `kconnectPlugins`, a list of
// classes tagged with their kind. Each class's `className` (a Java-style name, e.g. `com.acme.MySinkConnector`) is
// what configs name; its simple name, and for connectors the simple name without `Connector`, work as aliases.
import type { Converter, HeaderConverter } from './converter.ts'
import type { SinkConnectorClass, SourceConnectorClass } from './connector.ts'
import type { PredicateClass, TransformationClass } from './transformation.ts'

export type PluginType = 'source' | 'sink' | 'converter' | 'header_converter' | 'transformation' | 'predicate'

export type PluginDescriptor =
  | { type: 'source', class: SourceConnectorClass, version?: string }
  | { type: 'sink', class: SinkConnectorClass, version?: string }
  | { type: 'converter', class: { new (): Converter, readonly className?: string }, version?: string }
  | { type: 'header_converter', class: { new (): HeaderConverter, readonly className?: string }, version?: string }
  | { type: 'transformation', class: TransformationClass, version?: string }
  | { type: 'predicate', class: PredicateClass, version?: string }

/** The name configs use for a plugin class: its static `className`, else the JS class name. */
export function pluginClassName (cls: { readonly name: string, readonly className?: string }): string {
  return cls.className ?? cls.name
}
