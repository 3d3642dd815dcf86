// org.apache.kafka.connect.file.FileStreamSourceConnector: one task reading a file (or the standard input) line by
// line into a topic. Only one input stream makes sense, so there is always exactly one task config.
import {
  ConnectError, SourceConnector, type ConfigDef, type ExactlyOnceSupport, type OffsetsToAlter, type Props,
  type SourceTaskClass
} from '../../api/index.ts'
import {
  FILE_CONFIG, FILE_CONNECTOR_VERSION, FILENAME_FIELD, POSITION_FIELD, fileOrNull, fileSourceConfigDef
} from './config.ts'
import { FileStreamSourceTask } from './source-task.ts'

export class FileStreamSourceConnector extends SourceConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceConnector'

  #props: Props = {}

  version (): string {
    return FILE_CONNECTOR_VERSION
  }

  start (props: Props): void {
    fileSourceConfigDef.parse(props)
    this.#props = props
  }

  taskClass (): SourceTaskClass {
    return FileStreamSourceTask
  }

  taskConfigs (_maxTasks: number): Props[] {
    return [this.#props]
  }

  stop (): void {}

  config (): ConfigDef {
    return fileSourceConfigDef
  }

  /** Exactly-once needs tracked offsets, which only a real file has (stdin has none). */
  override exactlyOnceSupport (props: Props): ExactlyOnceSupport {
    return fileOrNull(fileSourceConfigDef.parse(props).file) !== null ? 'SUPPORTED' : 'UNSUPPORTED'
  }

  /**
   * Checks offsets given to `PATCH /connectors/{c}/offsets` with Kafka's messages. Tombstones (null offsets) are
   * allowed for any partition, so stale offsets can be cleaned up; whether a position fits the file is left to the
   * task when it starts.
   */
  override alterOffsets (props: Props, offsets: OffsetsToAlter): boolean {
    const file = fileOrNull(fileSourceConfigDef.parse(props).file)
    if (file === null) {
      throw new ConnectError(`Offsets cannot be modified if the '${FILE_CONFIG}' configuration is unspecified. ` +
        'This is because stdin is used for input and offsets are not tracked.')
    }
    for (const [partition, offset] of offsets) {
      if (offset == null) continue
      if (!Object.hasOwn(offset, POSITION_FIELD)) {
        throw new ConnectError(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`)
      }
      const position = offset[POSITION_FIELD]
      if (!(typeof position === 'bigint' || (typeof position === 'number' && Number.isSafeInteger(position)))) {
        throw new ConnectError(`The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`)
      }
      if (position < 0) {
        throw new ConnectError(`The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`)
      }
      if (partition == null) throw new ConnectError('Partition objects cannot be null')
      if (!Object.hasOwn(partition, FILENAME_FIELD)) {
        throw new ConnectError(`Partition objects should contain the key '${FILENAME_FIELD}'`)
      }
    }
    return true
  }
}
