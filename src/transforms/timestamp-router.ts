// TimestampRouter (org.apache.kafka.connect.transforms.TimestampRouter): topic = `topic.format` with `${topic}` and
// `${timestamp}` (the record timestamp in `timestamp.format`, a java.text.SimpleDateFormat pattern, in UTC) replaced.
import type { ConnectRecord, Transformation } from '../api/index.ts'
import { DataError, defineConfig } from '../api/index.ts'
import { SMT_VERSION } from './b-common.ts'
import { TRANSFORMS_PACKAGE, stringProps } from './base.ts'
import { JavaDateFormat } from './java-date-format.ts'


// ---------------------------------------------------------------------------------------------------------------

const CONFIG_DEF = defineConfig({
  'topic.format': {
    type: 'STRING',
    default: '${topic}-${timestamp}',
    importance: 'HIGH',
    doc: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.'
  },
  'timestamp.format': {
    type: 'STRING',
    default: 'yyyyMMdd',
    importance: 'HIGH',
    doc: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.'
  }
})

export class TimestampRouter<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.TimestampRouter`
  static readonly OVERVIEW_DOC = 'Update the record\'s topic field as a function of the original topic value and the record timestamp.' +
    '<p/>This is mainly useful for sink connectors, since the topic field is often used to determine the equivalent ' +
    'entity name in the destination system(e.g. database table or search index name).'

  #topicFormat = ''
  /** The formatter, or the error Java's SimpleDateFormat constructor throws (when the first record is routed). */
  #timestampFormat: JavaDateFormat | Error | null = null

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#topicFormat = config['topic.format']
    try {
      this.#timestampFormat = new JavaDateFormat(config['timestamp.format'])
    } catch (err) {
      this.#timestampFormat = err as Error
    }
  }

  apply (record: R): R {
    const timestamp = record.timestamp
    if (timestamp === null || timestamp === undefined) throw new DataError(`Timestamp missing on record: ${String(record)}`)
    const format = this.#timestampFormat!
    if (format instanceof Error) throw format
    const formatted = format.format(new Date(timestamp))
    const topic = this.#topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted)
    return record.newRecord(topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value,
      record.timestamp)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }
}
