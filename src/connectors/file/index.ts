// The file connectors (Kafka's connect-file): FileStreamSource reads lines of a file or stdin into a topic,
// FileStreamSink writes record values as lines to a file or stdout.
import type { PluginDescriptor } from '../../api/index.ts'
import { FILE_CONNECTOR_VERSION } from './config.ts'
import { FileStreamSinkConnector } from './sink-connector.ts'
import { FileStreamSourceConnector } from './source-connector.ts'

export { FileStreamSourceConnector } from './source-connector.ts'
export { FileStreamSourceTask } from './source-task.ts'
export { FileStreamSinkConnector } from './sink-connector.ts'
export { FileStreamSinkTask } from './sink-task.ts'
export { fileSourceConfigDef, fileSinkConfigDef } from './config.ts'

export const kconnectPlugins: PluginDescriptor[] = [
  { type: 'source', class: FileStreamSourceConnector, version: FILE_CONNECTOR_VERSION },
  { type: 'sink', class: FileStreamSinkConnector, version: FILE_CONNECTOR_VERSION }
]
