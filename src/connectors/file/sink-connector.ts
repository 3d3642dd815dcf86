// org.apache.kafka.connect.file.FileStreamSinkConnector: tasks writing record values as lines to a file or stdout.
// Every task gets the same config (all of them append to the same file, as in Kafka).
import { SinkConnector, type ConfigDef, type OffsetsToAlter, type Props, type SinkTaskClass } from '../../api/index.ts'
import { FILE_CONNECTOR_VERSION, fileSinkConfigDef } from './config.ts'
import { FileStreamSinkTask } from './sink-task.ts'

export class FileStreamSinkConnector extends SinkConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkConnector'

  #props: Props = {}

  version (): string {
    return FILE_CONNECTOR_VERSION
  }

  start (props: Props): void {
    fileSinkConfigDef.parse(props)
    this.#props = props
  }

  taskClass (): SinkTaskClass {
    return FileStreamSinkTask
  }

  taskConfigs (maxTasks: number): Props[] {
    const configs: Props[] = []
    for (let i = 0; i < maxTasks; i++) configs.push({ ...this.#props })
    return configs
  }

  stop (): void {}

  config (): ConfigDef {
    return fileSinkConfigDef
  }

  /** Nothing is kept outside Kafka Connect's own offsets; any change is accepted. */
  override alterOffsets (_props: Props, _offsets: OffsetsToAlter): boolean {
    return true
  }
}
