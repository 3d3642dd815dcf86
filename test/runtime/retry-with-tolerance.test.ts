import { test } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { Writable } from 'node:stream'
import { RetriableError, DataError } from '../../src/api/errors.ts'
import { RetryWithToleranceOperator, SKIPPED, toleranceConfig } from '../../src/runtime/errors/retry-with-tolerance.ts'
import { LogReporter } from '../../src/runtime/errors/log-reporter.ts'
import { ErrorMetrics, type ProcessingFailure } from '../../src/runtime/errors/stage.ts'

const collect = (): { reporter: { report (f: ProcessingFailure): Promise<void> }, seen: ProcessingFailure[] } => {
  const seen: ProcessingFailure[] = []
  return { seen, reporter: { report: async f => { seen.push(f) } } }
}

test('the happy path is synchronous and untouched', () => {
  const op = new RetryWithToleranceOperator(toleranceConfig({}), [])
  assert.equal(op.run('VALUE_CONVERTER', 'X', () => 42), 42)
})

test('retriable errors are retried with backoff until the operation succeeds', async () => {
  const op = new RetryWithToleranceOperator(toleranceConfig({ 'errors.retry.timeout': '5000', 'errors.retry.delay.max.ms': '100' }), [])
  let calls = 0
  const started = Date.now()
  const r = op.run('TRANSFORMATION', 'X', () => { if (++calls < 3) throw new RetriableError('later'); return 'ok' })
  assert.ok(r instanceof Promise)
  assert.equal(await r, 'ok')
  assert.equal(calls, 3)
  assert.equal(op.metrics.totalRetries, 2)
  assert.ok(Date.now() - started < 2000)
})

test('errors.retry.timeout bounds the retries; then tolerance decides', async () => {
  const { reporter, seen } = collect()
  const op = new RetryWithToleranceOperator(toleranceConfig({ 'errors.retry.timeout': '400', 'errors.tolerance': 'all' }), [reporter])
  const started = Date.now()
  assert.equal(await op.run('VALUE_CONVERTER', 'X', () => { throw new RetriableError('never') }), SKIPPED)
  assert.ok(Date.now() - started < 1500)
  assert.equal(seen.length, 1)
  assert.equal(op.metrics.totalRecordsSkipped, 1)
})

test('tolerance none: "Tolerance exceeded in error handler"; non-tolerable stage: "Unhandled exception in error handler"', async () => {
  const op = new RetryWithToleranceOperator(toleranceConfig({}), [])
  await assert.rejects(async () => op.run('KEY_CONVERTER', 'X', () => { throw new DataError('bad') }), /Tolerance exceeded in error handler/)
  const all = new RetryWithToleranceOperator(toleranceConfig({ 'errors.tolerance': 'all' }), [])
  await assert.rejects(async () => all.run('TASK_POLL', 'X', () => { throw new Error('boom') }), /Unhandled exception in error handler/)
})

test('log reporter: Kafka\'s message, record only with include.messages', () => {
  const log = pino({ level: 'silent' }, new Writable({ write (_c, _e, cb) { cb() } }))
  const consumed = { topic: 't', partition: 0, offset: 7, timestamp: 1, timestampType: 'CreateTime' as const, key: null, value: null, headers: [] }
  const f: ProcessingFailure = { stage: 'VALUE_CONVERTER', className: 'org.apache.kafka.connect.json.JsonConverter', error: new Error('x'), consumed }
  assert.equal(new LogReporter('c-0', false, log, new ErrorMetrics()).message(f), "Error encountered in task c-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter'.")
  assert.equal(new LogReporter('c-0', true, log, new ErrorMetrics()).message(f),
    "Error encountered in task c-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='t', partition=0, offset=7, timestamp=1, timestampType=CreateTime}.")
})
