// DropHeaders (org.apache.kafka.connect.transforms.DropHeaders): removes every header whose key is listed.
import type { ConnectRecord, Transformation } from '../api/index.ts'
import { ConnectHeaders, defineConfig } from '../api/index.ts'
import { SMT_VERSION, nonEmptyList } from './b-common.ts'
import { TRANSFORMS_PACKAGE, stringProps } from './base.ts'

const CONFIG_DEF = defineConfig({
  headers: { type: 'LIST', validator: nonEmptyList(), importance: 'HIGH', doc: 'The name of the headers to be removed.' }
})

export class DropHeaders<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.DropHeaders`
  static readonly OVERVIEW_DOC = 'Removes one or more headers from each record.'
  #headers: ReadonlySet<string> = new Set()

  configure (props: Readonly<Record<string, unknown>>): void {
    this.#headers = new Set(CONFIG_DEF.parse(stringProps(props)).headers)
  }

  apply (record: R): R {
    const updated = new ConnectHeaders()
    for (const h of record.headers) if (!this.#headers.has(h.key())) updated.add(h)
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
