// Filter (org.apache.kafka.connect.transforms.Filter): drops every record; meant to be used with a predicate.
import type { ConnectRecord, Transformation } from '../api/index.ts'
import { defineConfig } from '../api/index.ts'
import { SMT_VERSION } from './b-common.ts'
import { TRANSFORMS_PACKAGE } from './base.ts'

const CONFIG_DEF = defineConfig({})

export class Filter<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.Filter`
  static readonly OVERVIEW_DOC = 'Drops all records, filtering them from subsequent transformations in the chain. ' +
    'This is intended to be used conditionally to filter out records matching (or not matching) a particular Predicate.'

  configure (_props: Readonly<Record<string, unknown>>): void {}

  apply (_record: R): null {
    return null
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }
}
