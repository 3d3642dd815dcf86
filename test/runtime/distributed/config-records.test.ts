import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigState, configKeys, configValues, parseTaskStatusKey, statusKeys, statusValue, topicStatusValue } from '../../../src/runtime/distributed/config-records.ts'

test('values are Kafka Connect\'s JSON, byte for byte (spec §4.1 example sequence)', () => {
  const props = { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: 'a.txt', topic: 't', name: 'fs' }
  assert.equal(configValues.targetState('STARTED'), '{"state":"STARTED","state.v2":"STARTED"}')
  assert.equal(configValues.targetState('STOPPED'), '{"state":"PAUSED","state.v2":"STOPPED"}')
  assert.equal(configValues.connector(props), '{"properties":{"connector.class":"FileStreamSource","tasks.max":"1","file":"a.txt","topic":"t","name":"fs"}}')
  assert.equal(configValues.commit(1), '{"tasks":1}')
  assert.equal(configValues.restart(true, false), '{"include-tasks":true,"only-failed":false}')
  assert.equal(configValues.sessionKey('AAEC', 'HmacSHA256', 1700000000000), '{"key":"AAEC","algorithm":"HmacSHA256","creation-timestamp":1700000000000}')
  assert.equal(configKeys.task('my-conn', 3), 'task-my-conn-3')
  assert.equal(statusValue('RUNNING', null, '10.0.0.5:8083', 7), '{"state":"RUNNING","trace":null,"worker_id":"10.0.0.5:8083","generation":7}')
  assert.equal(topicStatusValue('t', 'c', 0, 1700000000000), '{"topic":{"name":"t","connector":"c","task":0,"discoverTimestamp":1700000000000}}')
  assert.equal(statusKeys.topic('t', 'c'), 'status-topic-t:connector-c')
  assert.deepEqual(parseTaskStatusKey('status-task-my-conn-12'), { connector: 'my-conn', task: 12 })
  assert.equal(parseTaskStatusKey('status-connector-x'), null)
})

test('replay: task configs apply only with a complete commit; connector names with dashes', () => {
  const s = new ConfigState()
  let o = 0n
  const put = (k: string, v: string | null): string | null => s.apply(k, v, o++)
  put(configKeys.targetState('my-conn'), configValues.targetState('PAUSED')) // may precede its connector
  put(configKeys.connector('my-conn'), configValues.connector({ name: 'my-conn' }))
  assert.equal(s.targetStates.get('my-conn'), 'PAUSED')
  put(configKeys.task('my-conn', 0), configValues.task({ a: '0' }))
  put(configKeys.task('my-conn', 1), configValues.task({ a: '1' }))
  assert.equal(s.taskConfigs.get('my-conn'), undefined, 'not visible before the commit')
  assert.equal(put(configKeys.commit('my-conn'), configValues.commit(2)), 'tasks-committed')
  assert.deepEqual(s.taskConfigs.get('my-conn'), [{ a: '0' }, { a: '1' }])
  // A commit whose task records were compacted away or never written: inconsistent, old configs kept.
  put(configKeys.task('my-conn', 0), configValues.task({ a: 'new' }))
  assert.equal(put(configKeys.commit('my-conn'), configValues.commit(2)), 'tasks-inconsistent')
  assert.ok(s.inconsistent.has('my-conn'))
  assert.equal(s.offset, o)
})

test('replay: deletion, unknown keys and unparsable values are recorded, not fatal', () => {
  const s = new ConfigState()
  s.apply(configKeys.connector('c'), configValues.connector({ name: 'c' }), 0n)
  assert.equal(s.targetStates.get('c'), 'STARTED')
  s.apply(configKeys.connector('c'), null, 1n)
  s.apply(configKeys.targetState('c'), null, 2n)
  assert.equal(s.connectors.size, 0)
  assert.equal(s.targetStates.size, 0)
  s.apply('mystery-key', '{}', 3n)
  s.apply(configKeys.connector('d'), '{not json', 4n)
  assert.equal(s.problems.length, 2)
  s.apply(configKeys.commit('gone'), configValues.commit(1), 5n)
  assert.equal(s.taskConfigs.has('gone'), false)
  s.apply(configKeys.restart('c'), configValues.restart(true, true), 6n)
  assert.deepEqual(s.restarts, [{ connector: 'c', includeTasks: true, onlyFailed: true }])
})
