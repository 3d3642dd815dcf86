// Prometheus metrics under Kafka Connect's names (kafka-connect-behavior.md §10): `kafka_connect_<group>_<metric>`
// with `-` → `_` and `connector`/`task` labels; string-valued metrics (status, type) become labels of a gauge set to
// 1. Values are read from the herder and the task runners at scrape time, so the hot paths only bump plain counters.
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { ConnectorStateInfo } from './entities.ts'
import type { Worker } from './worker.ts'
import type { ErrorMetrics } from './errors/stage.ts'
import { WorkerSinkTask } from './worker-sink-task.ts'
import { WorkerSourceTask } from './worker-source-task.ts'

interface HerderView {
  connectors (): string[]
  connectorStatus (name: string): ConnectorStateInfo
  readonly healing?: { restarts (): Array<{ connector: string, task: number, count: number }> }
}

export class ConnectMetrics {
  readonly registry = new Registry()
  #herder: HerderView | null = null
  #worker: Worker | null = null

  constructor () {
    collectDefaultMetrics({ register: this.registry, prefix: 'kconnect_' })
    const read = (): { herder: HerderView | null, worker: Worker | null } => ({ herder: this.#herder, worker: this.#worker })
    const gauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => void): void => {
      this.registry.registerMetric(new Gauge({ name, help, labelNames, registers: [], collect () { this.reset(); collect(this) } }))
    }
    gauge('kafka_connect_connect_worker_metrics_connector_count', 'The number of connectors run in this worker.', [], g => {
      g.set(read().worker?.connectorNames().length ?? 0)
    })
    gauge('kafka_connect_connect_worker_metrics_task_count', 'The number of tasks run in this worker.', [], g => {
      g.set(read().worker?.taskIds().length ?? 0)
    })
    gauge('kafka_connect_connector_metrics_status', 'The status of the connector (1 for the status label that applies).', ['connector', 'status', 'connector_type'], g => {
      for (const s of this.#statuses()) g.set({ connector: s.name, status: s.connector.state.toLowerCase(), connector_type: s.type }, 1)
    })
    gauge('kafka_connect_connector_task_metrics_status', 'The status of the connector task (1 for the status label that applies).', ['connector', 'task', 'status'], g => {
      for (const s of this.#statuses()) for (const t of s.tasks) g.set({ connector: s.name, task: String(t.id), status: t.state.toLowerCase() }, 1)
    })
    const perTask = (name: string, help: string, kind: 'source' | 'sink', pick: (t: WorkerSourceTask & WorkerSinkTask) => number): void => {
      gauge(name, help, ['connector', 'task'], g => {
        const w = read().worker
        if (w === null) return
        for (const id of w.taskIds()) {
          const t = w.task(id)
          if (kind === 'source' ? t instanceof WorkerSourceTask : t instanceof WorkerSinkTask) {
            g.set({ connector: id.connector, task: String(id.task) }, pick(t as WorkerSourceTask & WorkerSinkTask))
          }
        }
      })
    }
    perTask('kafka_connect_source_task_metrics_source_record_poll_total', 'The total number of records produced/polled (before transformation) by this task.', 'source', t => t.recordsPolled)
    perTask('kafka_connect_source_task_metrics_source_record_write_total', 'The number of records output written to Kafka for this task.', 'source', t => t.recordsWritten)
    perTask('kafka_connect_sink_task_metrics_sink_record_read_total', 'The total number of records read from Kafka by this task.', 'sink', t => t.recordsRead)
    perTask('kafka_connect_sink_task_metrics_sink_record_send_total', 'The total number of records output from the transformations and sent/put to this task.', 'sink', t => t.recordsPut)
    perTask('kafka_connect_sink_task_metrics_partition_count', 'The number of topic partitions assigned to this task.', 'sink', t => t.assignedCount)
    const errorMetric = (metric: string, help: string, field: keyof ErrorMetrics): void => {
      gauge(`kafka_connect_task_error_metrics_${metric}`, help, ['connector', 'task'], g => {
        const w = read().worker
        if (w === null) return
        for (const id of w.taskIds()) {
          const m = w.task(id)?.errorMetrics
          if (m !== undefined) g.set({ connector: id.connector, task: String(id.task) }, m[field])
        }
      })
    }
    errorMetric('total_record_failures', 'The number of record processing failures in this task.', 'totalRecordFailures')
    errorMetric('total_record_errors', 'The number of record processing errors in this task.', 'totalRecordErrors')
    errorMetric('total_records_skipped', 'The number of records skipped due to errors.', 'totalRecordsSkipped')
    errorMetric('total_retries', 'The number of operations retried.', 'totalRetries')
    errorMetric('total_errors_logged', 'The number of errors that were logged.', 'totalErrorsLogged')
    errorMetric('deadletterqueue_produce_requests', 'The number of attempted writes to the dead letter queue.', 'dlqProduceRequests')
    errorMetric('deadletterqueue_produce_failures', 'The number of failed writes to the dead letter queue.', 'dlqProduceFailures')
    errorMetric('last_error_timestamp', 'The epoch timestamp when this task last encountered an error.', 'lastErrorTimestamp')
    gauge('kconnect_task_auto_restarts_total', 'Automatic restarts of the task by kconnect self-healing (kconnect.restart.on.failure).', ['connector', 'task'], g => {
      for (const r of read().herder?.healing?.restarts() ?? []) g.set({ connector: r.connector, task: String(r.task) }, r.count)
    })
    gauge('kafka_connect_sink_task_metrics_consumer_lag', 'Records between the committed position of the sink task and the end of the partition (kconnect; Kafka Connect has no such metric).', ['connector', 'task', 'topic', 'partition'], g => {
      const w = read().worker
      if (w === null) return
      for (const id of w.taskIds()) {
        const t = w.task(id)
        if (!(t instanceof WorkerSinkTask)) continue
        for (const l of t.lag()) g.set({ connector: id.connector, task: String(id.task), topic: l.topic, partition: String(l.partition) }, l.lag)
      }
    })
  }

  *#statuses (): Generator<ConnectorStateInfo> {
    const h = this.#herder
    if (h === null) return
    for (const name of h.connectors()) {
      try {
        yield h.connectorStatus(name)
      } catch {
        // no status yet
      }
    }
  }

  attach (herder: HerderView, worker: Worker): void {
    this.#herder = herder
    this.#worker = worker
  }

  async render (): Promise<{ contentType: string, body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() }
  }
}
