// Single message transforms and predicates (Kafka: Transformation, Predicate). Beyond Kafka, a transformation may
// return several records (an array) as well as one or none (null drops the record).
import type { ConfigDef } from '../config/config-def.ts'
import type { ConnectRecord } from './records.ts'

export type TransformResult<R> = R | R[] | null

export interface Transformation<R extends ConnectRecord<R> = any> {
  configure (props: Readonly<Record<string, unknown>>): void
  apply (record: R): TransformResult<R>
  config (): ConfigDef
  close? (): void
  version? (): string
}

export interface Predicate<R extends ConnectRecord<R> = any> {
  configure (props: Readonly<Record<string, unknown>>): void
  test (record: R): boolean
  config (): ConfigDef
  close? (): void
  version? (): string
}

export interface TransformationClass {
  new (): Transformation
  readonly className?: string
}
export interface PredicateClass {
  new (): Predicate
  readonly className?: string
}
