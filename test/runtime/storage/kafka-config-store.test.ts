// The config topic store against the embedded broker. kcat reads the topic (one partition, so one global order) and
// compares it with the literal records Kafka Connect writes (kafka-connect-behavior.md §4.1), and writes records as a
// Java worker would to check the reader rules: task configs invisible until their commit, incomplete commits,
// deletions, session key, cluster logger levels, restart requests.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import pino from 'pino'
import { startBroker } from '../../helpers/broker.ts'
import { uniqueName } from '../../helpers/names.ts'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import { KafkaConfigBackingStore, type KafkaConfigStoreOptions } from '../../../src/runtime/storage/kafka-config-store.ts'

const log = pino({ level: 'silent' })

function kcat (args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 20000 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message} ${stderr}`))
      else resolve(stdout)
    })
    child.stdin?.end(input ?? '')
  })
}

/** The topic's records as `key|value` lines (NULL for a tombstone), in offset order. */
async function records (bootstrap: string, topic: string): Promise<string[]> {
  const out = await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%k|%s\n'])
  return out.split('\n').filter(l => l !== '')
}

/** Writes `key|value` lines as another client would (`key|` = tombstone). */
async function produce (bootstrap: string, topic: string, lines: string[]): Promise<void> {
  await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', '0', '-K|', '-Z', '-X', 'acks=all'], lines.join('\n') + '\n')
}

async function setup (t: TestContext) {
  const open: KafkaConfigBackingStore[] = []
  t.after(async () => { for (const s of open) await s.stop() }) // registered before the broker's: runs first
  const broker = await startBroker(t)
  const topic = uniqueName('connect-configs')
  const props = { 'bootstrap.servers': broker.bootstrapServers }
  const make = (extra: Partial<KafkaConfigStoreOptions> = {}): KafkaConfigBackingStore => {
    const s = new KafkaConfigBackingStore({ topic, replicationFactor: 1, producerProps: props, consumerProps: props, adminProps: props, log, ...extra })
    open.push(s)
    return s
  }
  return { bootstrap: broker.bootstrapServers, topic, make }
}

const conn = { 'connector.class': 'FileStreamSource', 'tasks.max': '2', file: 'a.txt', topic: 't', name: 'my-conn' }
const task = (n: number) => ({ ...conn, 'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask', n: String(n) })
const taskJson = (n: number) => `{"properties":{"connector.class":"FileStreamSource","tasks.max":"2","file":"a.txt","topic":"t","name":"my-conn","task.class":"org.apache.kafka.connect.file.FileStreamSourceTask","n":"${n}"}}`

test('a connector\'s whole life on the config topic is Kafka Connect\'s records, byte for byte', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const a = make()
  await a.start()
  await a.putConnectorConfig('my-conn', conn)
  await a.putTaskConfigs('my-conn', [task(0), task(1)])
  await a.putTargetState('my-conn', 'PAUSED')
  await a.putTargetState('my-conn', 'STARTED')
  // PUT /connectors/{c}/stop: an empty task-config set, then STOPPED (written as PAUSED for old readers).
  await a.putTaskConfigs('my-conn', [])
  await a.putTargetState('my-conn', 'STOPPED')
  await a.putRestartRequest('my-conn', true, false)
  await a.putRestartRequest('my-conn', false, true)
  assert.equal(a.state.targetStates.get('my-conn'), 'STOPPED')
  assert.deepEqual(a.state.taskConfigs.get('my-conn'), [])
  await a.removeConnectorConfig('my-conn')
  assert.deepEqual(await records(bootstrap, topic), [
    'connector-my-conn|{"properties":{"connector.class":"FileStreamSource","tasks.max":"2","file":"a.txt","topic":"t","name":"my-conn"}}',
    `task-my-conn-0|${taskJson(0)}`,
    `task-my-conn-1|${taskJson(1)}`,
    'commit-my-conn|{"tasks":2}',
    'target-state-my-conn|{"state":"PAUSED","state.v2":"PAUSED"}',
    'target-state-my-conn|{"state":"STARTED","state.v2":"STARTED"}',
    'commit-my-conn|{"tasks":0}',
    'target-state-my-conn|{"state":"PAUSED","state.v2":"STOPPED"}',
    'restart-connector-my-conn|{"include-tasks":true,"only-failed":false}',
    'restart-connector-my-conn|{"include-tasks":false,"only-failed":true}',
    'connector-my-conn|NULL',
    'target-state-my-conn|NULL'
  ])
  assert.equal(a.state.connectors.has('my-conn'), false)
  assert.equal(a.state.targetStates.has('my-conn'), false)
  assert.equal(a.state.offset, 12n)
})

test('a second store started on the topic recovers the same state and offset', { timeout: 60000 }, async (t) => {
  const { make } = await setup(t)
  const a = make()
  await a.start()
  await a.putConnectorConfig('my-conn', conn, 'PAUSED')
  await a.putTaskConfigs('my-conn', [task(0), task(1)])
  await a.putConnectorConfig('gone', { name: 'gone' })
  await a.putTaskConfigs('gone', [{ name: 'gone' }])
  await a.removeConnectorConfig('gone')
  await a.putConnectorConfig('stopped', { name: 'stopped' }, 'STOPPED')
  await a.putTaskConfigs('stopped', [])
  const b = make()
  await b.start()
  assert.deepEqual(b.state.connectors, a.state.connectors)
  assert.deepEqual(b.state.taskConfigs, a.state.taskConfigs)
  assert.deepEqual(b.state.targetStates, a.state.targetStates)
  assert.deepEqual([...b.state.connectors.keys()].sort(), ['my-conn', 'stopped'])
  assert.deepEqual(b.state.taskConfigs.get('my-conn'), [task(0), task(1)])
  assert.deepEqual(b.state.taskConfigs.get('stopped'), [])
  assert.equal(b.state.taskConfigs.has('gone'), false)
  assert.equal(b.state.targetStates.get('my-conn'), 'PAUSED')
  assert.equal(b.state.targetStates.get('stopped'), 'STOPPED')
  assert.equal(b.state.offset, a.state.offset)
  assert.equal(b.state.offset, 13n) // target, connector, 2 tasks, commit; connector, task, commit; 2 tombstones; target, connector, commit
})

test('task configs without their commit record are not visible; an incomplete commit marks the connector inconsistent', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const changes: string[] = []
  const a = make({ onChange: (change, key) => changes.push(`${change} ${key}`) })
  await a.start()
  await produce(bootstrap, topic, [
    `connector-my-conn|${JSON.stringify({ properties: conn })}`,
    `task-my-conn-0|${taskJson(0)}`,
    `task-my-conn-1|${taskJson(1)}`
  ])
  await a.readToEnd()
  assert.ok(a.state.connectors.has('my-conn'))
  assert.equal(a.state.taskConfigs.get('my-conn'), undefined, 'buffered until the commit')
  const late = make()
  await late.start()
  assert.equal(late.state.taskConfigs.get('my-conn'), undefined, 'not visible to a store replaying the topic either')

  await produce(bootstrap, topic, ['commit-my-conn|{"tasks":2}'])
  await a.readToEnd()
  assert.deepEqual(a.state.taskConfigs.get('my-conn'), [task(0), task(1)])
  assert.ok(changes.includes('tasks-committed commit-my-conn'))

  // A commit of 2 tasks of which only task 0 was rewritten (task 1 compacted away or never written): inconsistent,
  // the previous generation of task configs stays.
  await produce(bootstrap, topic, [`task-my-conn-0|${taskJson(7)}`, 'commit-my-conn|{"tasks":2}'])
  await a.readToEnd()
  assert.ok(a.state.inconsistent.has('my-conn'))
  assert.deepEqual(a.state.taskConfigs.get('my-conn'), [task(0), task(1)])
  assert.ok(changes.includes('tasks-inconsistent commit-my-conn'))

  // A complete commit (extra higher task ids tolerated) makes it consistent again.
  await produce(bootstrap, topic, [`task-my-conn-0|${taskJson(10)}`, `task-my-conn-1|${taskJson(11)}`, `task-my-conn-2|${taskJson(12)}`, 'commit-my-conn|{"tasks":2}'])
  await a.readToEnd()
  assert.equal(a.state.inconsistent.has('my-conn'), false)
  assert.deepEqual(a.state.taskConfigs.get('my-conn'), [task(10), task(11)])

  // Commit of a connector whose config is gone: ignored.
  await produce(bootstrap, topic, [`task-ghost-0|${taskJson(0)}`, 'commit-ghost|{"tasks":1}'])
  const replay = make()
  await replay.start()
  assert.equal(replay.state.taskConfigs.has('ghost'), false)
  assert.deepEqual(replay.state.taskConfigs.get('my-conn'), [task(10), task(11)])
  assert.deepEqual(replay.state.taskConfigs, a.state.taskConfigs)
})

test('records written by a Java worker are read: target state before its connector, session key, logger levels, restarts', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const a = make()
  await a.start()
  await produce(bootstrap, topic, [
    'target-state-early|{"state":"PAUSED","state.v2":"STOPPED"}',
    'target-state-old|{"state":"PAUSED"}',
    'connector-early|{"properties":{"name":"early"}}',
    'connector-old|{"properties":{"name":"old"}}',
    'connector-plain|{"properties":{"name":"plain"}}',
    'session-key|{"key":"3q2+7w==","algorithm":"HmacSHA256","creation-timestamp":1700000000000}',
    'logger-cluster-org.apache.kafka.connect|{"level":"DEBUG"}',
    'restart-connector-plain|{"include-tasks":true,"only-failed":true}',
    'tasks-fencing-plain|{"task-count":1}',
    'connector-broken|{not json'
  ])
  const b = make()
  await b.start()
  for (const s of [a, b]) {
    await s.readToEnd()
    assert.equal(s.state.targetStates.get('early'), 'STOPPED')
    assert.equal(s.state.targetStates.get('old'), 'PAUSED')
    assert.equal(s.state.targetStates.get('plain'), 'STARTED')
    assert.deepEqual(s.state.sessionKey, { key: '3q2+7w==', algorithm: 'HmacSHA256', creationTimestamp: 1700000000000 })
    assert.equal(s.state.loggerLevels.get('org.apache.kafka.connect'), 'DEBUG')
    assert.deepEqual(s.state.restarts, [{ connector: 'plain', includeTasks: true, onlyFailed: true }])
    assert.equal(s.state.connectors.has('broken'), false)
    assert.equal(s.state.offset, 10n)
  }
})

test('a config topic with more than one partition is refused with Kafka\'s message; a non-compacted one too', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const other = uniqueName('connect-configs')
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': bootstrap })
  try {
    await admin.createTopics([
      { name: topic, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
      { name: other, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } }
    ])
  } finally {
    await admin.close()
  }
  await assert.rejects(make().start(), {
    message: `Topic '${topic}' supplied via the 'config.storage.topic' property is required to have a single partition in order to guarantee consistency of connector configurations, but found 2 partitions.`
  })
  await assert.rejects(make({ topic: other }).start(), {
    message: `Topic '${other}' supplied via the 'config.storage.topic' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of connector configurations, but found the topic currently has 'cleanup.policy=delete'. Continuing would likely result in eventually losing connector configurations and problems restarting this Connect cluster in the future. Change the 'config.storage.topic' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`
  })
})
