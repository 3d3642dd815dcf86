// InsertHeader (org.apache.kafka.connect.transforms.InsertHeader): adds a header whose value is `value.literal`
// read by Values.parseString (so `42` is an INT8, `true` a BOOLEAN, `[1,2]` an array...).
import type { ConnectRecord, SchemaAndValue, Transformation } from '../api/index.ts'
import { Values, defineConfig, validators } from '../api/index.ts'
import { SMT_VERSION } from './b-common.ts'
import { TRANSFORMS_PACKAGE, stringProps } from './base.ts'

const CONFIG_DEF = defineConfig({
  header: { type: 'STRING', validator: validators.nonNull(), importance: 'HIGH', doc: 'The name of the header.' },
  'value.literal': {
    type: 'STRING',
    validator: validators.nonNull(),
    importance: 'HIGH',
    doc: 'The literal value that is to be set as the header value on all records.'
  }
})

export class InsertHeader<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.InsertHeader`
  static readonly OVERVIEW_DOC = 'Add a header to each record.'
  #header = ''
  #literal: SchemaAndValue | null = null

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#header = config.header
    this.#literal = Values.parseString(config['value.literal'])
  }

  apply (record: R): R {
    const updated = record.headers.duplicate()
    updated.add(this.#header, this.#literal)
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema,
      record.value, record.timestamp, updated)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }
}
