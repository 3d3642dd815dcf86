// HasHeaderKey (org.apache.kafka.connect.transforms.predicates.HasHeaderKey): true when the record has at least one
// header with key `name`.
import type { ConnectRecord, Predicate } from '../../api/index.ts'
import { defineConfig, validators } from '../../api/index.ts'
import { PREDICATES_PACKAGE, SMT_VERSION } from '../b-common.ts'
import { stringProps } from '../base.ts'

const CONFIG_DEF = defineConfig({
  name: { type: 'STRING', validator: validators.nonEmptyString(), importance: 'MEDIUM', doc: 'The header name.' }
})

export class HasHeaderKey<R extends ConnectRecord<R> = any> implements Predicate<R> {
  static readonly className = `${PREDICATES_PACKAGE}.HasHeaderKey`
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with at least one header with the configured name.'
  #name = ''

  configure (props: Readonly<Record<string, unknown>>): void {
    this.#name = CONFIG_DEF.parse(stringProps(props)).name
  }

  test (record: R): boolean {
    return !record.headers.allWithName(this.#name).next().done
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }

  toString (): string {
    return `HasHeaderKey{name='${this.#name}'}`
  }
}
