// Connectors: the plugin that describes a job and splits it into task configs (Kafka: Connector, SourceConnector,
// SinkConnector and their contexts). The runtime calls initialize → start → taskConfigs… → stop; start may be called
// again after stop (pause/resume, reconfiguration).
import type { ConfigDef } from '../config/config-def.ts'
import type { ConfigValue } from '../config/config-value.ts'
import type { SourceMap } from './records.ts'
import type { OffsetStorageReader, SinkTaskClass, SourceTaskClass } from './task.ts'

/** String-to-string configuration as a connector or task receives it (config providers already resolved). */
export type Props = Readonly<Record<string, string>>

/** What a running connector may ask of the runtime. */
export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again (e.g. a new table appeared); ignored when not running. */
  requestTaskReconfiguration (): void
  /** Fail the connector with this error (status FAILED, trace shown by REST). */
  raiseError (error: Error): void
}

export interface SourceConnectorContext extends ConnectorContext {
  /** Read the offsets the connector's tasks committed (e.g. to plan work). */
  readonly offsetStorageReader: OffsetStorageReader
}

export type SinkConnectorContext = ConnectorContext

/** Kafka's ExactlyOnceSupport. */
export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED'

/** Offsets as `PATCH /connectors/{c}/offsets` hands them to a connector's alterOffsets hook (null offset = reset). */
export type OffsetsToAlter = ReadonlyMap<SourceMap, SourceMap | null>

/** Common part of source and sink connectors. */
export abstract class Connector {
  /** The context; set by initialize() before start(). */
  protected context!: ConnectorContext

  initialize (context: ConnectorContext): void {
    this.context = context
  }

  /** The plugin version shown by `GET /connector-plugins`. */
  abstract version (): string
  /** Start with the connector's config; may be async. Throwing fails the connector. */
  abstract start (props: Props): void | Promise<void>
  /** Up to `maxTasks` configs, one per task to run. */
  abstract taskConfigs (maxTasks: number): Props[] | Promise<Props[]>
  /** Release resources; called on pause, stop, reconfiguration and deletion. */
  abstract stop (): void | Promise<void>
  /** The connector's own config keys (besides the framework's), for validation and docs. */
  abstract config (): ConfigDef

  /**
   * Validate a config: the default runs config().validate(); override to add cross-field checks. Return one
   * ConfigValue per key with the error messages attached.
   */
  validate (props: Props): ConfigValue[] {
    return this.config().validate(props)
  }

  /**
   * Hook for `PATCH`/`DELETE /connectors/{c}/offsets`. Return true when the connector altered offsets it keeps
   * outside Kafka Connect too, false when only the framework's offsets matter; throw to refuse.
   */
  alterOffsets (_props: Props, _offsets: OffsetsToAlter): boolean | Promise<boolean> {
    return false
  }
}

export abstract class SourceConnector extends Connector {
  declare protected context: SourceConnectorContext
  /** The task class (its static `className` names it in task configs as `task.class`). */
  abstract taskClass (): SourceTaskClass
  /** Whether the connector supports exactly-once delivery with this config; null = unknown. */
  exactlyOnceSupport (_props: Props): ExactlyOnceSupport | null {
    return null
  }
}

export abstract class SinkConnector extends Connector {
  declare protected context: SinkConnectorContext
  abstract taskClass (): SinkTaskClass
}

/** A connector constructor as a plugin registers it; `className` is the Java-style name (falls back to `name`). */
export interface SourceConnectorClass {
  new (): SourceConnector
  readonly className?: string
}
export interface SinkConnectorClass {
  new (): SinkConnector
  readonly className?: string
}
export type ConnectorClass = SourceConnectorClass | SinkConnectorClass
