// The config keys of the file connectors (Kafka's FileStreamSourceConnector.CONFIG_DEF and
// FileStreamSinkConnector.CONFIG_DEF): same names, types, defaults, importance and documentation, since the validate
// endpoint shows them. Sink topics come from the framework keys `topics` / `topics.regex`.
import { defineConfig, validators } from '../../api/index.ts'

export const FILE_CONFIG = 'file'
export const TOPIC_CONFIG = 'topic'
export const TASK_BATCH_SIZE_CONFIG = 'batch.size'
export const DEFAULT_TASK_BATCH_SIZE = 2000

/** Source partition key: the file name as configured. */
export const FILENAME_FIELD = 'filename'
/** Source offset key: the byte position after the last line returned. */
export const POSITION_FIELD = 'position'

/** The version both connectors and their tasks report. */
export const FILE_CONNECTOR_VERSION = '4.0.0'

export const fileSourceConfigDef = defineConfig({
  [FILE_CONFIG]: {
    type: 'STRING', default: null, importance: 'HIGH',
    doc: 'Source filename. If not specified, the standard input will be used'
  },
  [TOPIC_CONFIG]: {
    type: 'STRING', validator: validators.nonEmptyString(), importance: 'HIGH',
    doc: 'The topic to publish data to'
  },
  [TASK_BATCH_SIZE_CONFIG]: {
    type: 'INT', default: DEFAULT_TASK_BATCH_SIZE, importance: 'LOW',
    doc: 'The maximum number of records the source task can read from the file each time it is polled'
  }
})

export const fileSinkConfigDef = defineConfig({
  [FILE_CONFIG]: {
    type: 'STRING', default: null, importance: 'HIGH',
    doc: 'Destination filename. If not specified, the standard output will be used'
  }
})

/** The configured file, or null for stdin/stdout (Kafka treats null and "" alike). */
export function fileOrNull (file: string | null): string | null {
  return file === null || file === '' ? null : file
}
