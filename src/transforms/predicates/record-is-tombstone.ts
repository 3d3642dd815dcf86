// RecordIsTombstone (org.apache.kafka.connect.transforms.predicates.RecordIsTombstone): true when the value is null.
import type { ConnectRecord, Predicate } from '../../api/index.ts'
import { defineConfig } from '../../api/index.ts'
import { PREDICATES_PACKAGE, SMT_VERSION } from '../b-common.ts'

const CONFIG_DEF = defineConfig({})

export class RecordIsTombstone<R extends ConnectRecord<R> = any> implements Predicate<R> {
  static readonly className = `${PREDICATES_PACKAGE}.RecordIsTombstone`
  static readonly OVERVIEW_DOC = 'A predicate which is true for records which are tombstones (i.e. have null value).'

  configure (_props: Readonly<Record<string, unknown>>): void {}

  test (record: R): boolean {
    return record.value === null || record.value === undefined
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }

  toString (): string {
    return 'RecordIsTombstone{}'
  }
}
