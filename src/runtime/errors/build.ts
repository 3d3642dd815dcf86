// Builds a task's error handling from its connector config: the tolerance operator with a log reporter
// (errors.log.enable) and a dead letter queue (errors.deadletterqueue.topic.name; created on start if missing).
import { ConnectError } from '../../api/errors.ts'
import { deriveAdminProps, deriveDlqProducerProps } from '../../kafka/client-overrides.ts'
import type { ClientFactory } from '../clients.ts'
import type { ConnectorTaskId } from '../entities.ts'
import type { Logger } from '../logger.ts'
import { DeadLetterQueueReporter } from './dead-letter-queue.ts'
import { LogReporter } from './log-reporter.ts'
import { RetryWithToleranceOperator, toleranceConfig } from './retry-with-tolerance.ts'
import { ErrorMetrics, type ErrorReporter } from './stage.ts'

const flag = (config: Readonly<Record<string, string>>, key: string): boolean => (config[key] ?? 'false').trim().toLowerCase() === 'true'

export async function buildErrorHandling (id: ConnectorTaskId, workerProps: Readonly<Record<string, string>>, config: Readonly<Record<string, string>>,
  clients: ClientFactory, log: Logger, stopped: () => boolean): Promise<RetryWithToleranceOperator> {
  const metrics = new ErrorMetrics()
  const reporters: ErrorReporter[] = []
  const dlqTopic = (config['errors.deadletterqueue.topic.name'] ?? '').trim()
  if (dlqTopic !== '') {
    const input = { workerProps, connectorProps: config, connector: id.connector, task: id.task }
    const rf = Number(config['errors.deadletterqueue.topic.replication.factor'] ?? 3)
    const admin = await clients.admin(deriveAdminProps(input))
    try {
      const result = await admin.createTopics([{ name: dlqTopic, partitions: 1, replicationFactor: rf }])
      if (result.created.includes(dlqTopic)) log.info(`Topic ${dlqTopic} doesn't exist. Will attempt to create topic.`)
    } catch (err) {
      throw new ConnectError(`Could not initialize dead letter queue with topic=${dlqTopic}`, { cause: err })
    } finally {
      await admin.close()
    }
    const producer = await clients.producer(deriveDlqProducerProps(input))
    reporters.push(new DeadLetterQueueReporter({
      topic: dlqTopic, contextHeaders: flag(config, 'errors.deadletterqueue.context.headers.enable'), connector: id.connector, task: id.task, producer, log, metrics
    }))
  }
  if (flag(config, 'errors.log.enable')) {
    reporters.unshift(new LogReporter(`${id.connector}-${id.task}`, flag(config, 'errors.log.include.messages'), log, metrics))
  }
  return new RetryWithToleranceOperator(toleranceConfig(config), reporters, metrics, stopped)
}
