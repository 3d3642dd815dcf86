// The config store's listeners (only for records read after start, as Kafka's), its snapshot (Kafka's
// ClusterConfigState rules) and the records of its session-key, cluster logger and task-count writes, byte for byte.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import pino from 'pino'
import { startBroker } from '../../helpers/broker.ts'
import { uniqueName } from '../../helpers/names.ts'
import { KafkaConfigBackingStore, type ConfigUpdateListener, type KafkaConfigStoreOptions } from '../../../src/runtime/storage/kafka-config-store.ts'

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

function recorder (): { events: string[], listener: ConfigUpdateListener } {
  const events: string[] = []
  return {
    events,
    listener: {
      onConnectorConfigUpdate: c => events.push(`update ${c}`),
      onConnectorConfigRemove: c => events.push(`remove ${c}`),
      onTaskConfigUpdate: tasks => events.push(`tasks [${tasks.map(t => `${t.connector}-${t.task}`).join(',')}]`),
      onConnectorTargetStateChange: c => events.push(`target ${c}`),
      onSessionKeyUpdate: k => events.push(`session-key ${k.algorithm} ${k.creationTimestamp}`),
      onRestartRequest: r => events.push(`restart ${r.connector} ${r.includeTasks} ${r.onlyFailed}`),
      onLoggingLevelUpdate: (ns, level) => events.push(`logger ${ns} ${level}`)
    }
  }
}

test('listeners hear only records read after start; restarts and logger levels from before start are not acted on', { timeout: 60000 }, async (t) => {
  const { make } = await setup(t)
  const writer = make()
  await writer.start()
  await writer.putConnectorConfig('c', { name: 'c' })
  await writer.putTaskConfigs('c', [{ n: '0' }])
  await writer.putRestartRequest('c', true, true)
  await writer.putLoggerLevel('org.apache', 'DEBUG')
  await writer.putSessionKey({ key: 'AAEC', algorithm: 'HmacSHA256', creationTimestamp: 1700000000000 })

  const { events, listener } = recorder()
  const reader = make({ listener })
  await reader.start()
  assert.deepEqual(events, [], 'nothing replayed at start reaches the listeners')
  assert.equal(reader.state.loggerLevels.get('org.apache'), 'DEBUG')

  await writer.putConnectorConfig('c', { name: 'c', x: '1' })
  await writer.putTaskConfigs('c', [{ n: '0' }, { n: '1' }])
  await writer.putTargetState('c', 'PAUSED')
  await writer.putTargetState('c', 'PAUSED') // unchanged: no callback
  await writer.putTargetState('early', 'STOPPED') // no connector yet: no callback
  await writer.putRestartRequest('c', false, true)
  await writer.putLoggerLevel('org.apache', 'WARN')
  await writer.putSessionKey({ key: 'AAED', algorithm: 'HmacSHA256', creationTimestamp: 1700000000001 })
  await writer.putTaskConfigs('c', [])
  await writer.removeConnectorConfig('c')
  await reader.readToEnd()
  assert.deepEqual(events, [
    'update c',
    'tasks [c-0,c-1]',
    'target c',
    'restart c false true',
    'logger org.apache WARN',
    'session-key HmacSHA256 1700000000001',
    'tasks []',
    'remove c'
  ])
})

test('snapshot: committed tasks only, none for an inconsistent connector, counts, generations, applied configs, fencing', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const s = make()
  await s.start()
  await s.putConnectorConfig('c', { name: 'c', v: '1' })
  await s.putTaskConfigs('c', [{ n: '0' }, { n: '1' }])
  let snap = s.snapshot()
  assert.deepEqual(snap.taskConfigs.get('c'), [{ n: '0' }, { n: '1' }])
  assert.equal(snap.taskCounts.get('c'), 2)
  assert.equal(snap.taskConfigGenerations.get('c'), 0)
  assert.deepEqual(snap.appliedConnectorConfigs.get('c'), { name: 'c', v: '1' })
  assert.ok(snap.pendingFencing.has('c'))
  await s.putTaskCountRecord('c', 2)
  assert.equal(s.snapshot().pendingFencing.has('c'), false)
  assert.equal(s.snapshot().taskCountRecords.get('c'), 2)
  await s.putConnectorConfig('c', { name: 'c', v: '2' })
  await s.putTaskConfigs('c', [{ n: 'a' }])
  const before = snap
  snap = s.snapshot()
  assert.equal(snap.taskConfigGenerations.get('c'), 1)
  assert.deepEqual(snap.appliedConnectorConfigs.get('c'), { name: 'c', v: '2' })
  assert.deepEqual(before.taskConfigs.get('c'), [{ n: '0' }, { n: '1' }], 'a snapshot does not change afterwards')

  // A commit of 3 tasks with only task 0 written: inconsistent, no tasks in the snapshot, count 3.
  await produce(bootstrap, topic, ['task-c-0|{"properties":{"n":"x"}}', 'commit-c|{"tasks":3}'])
  await s.readToEnd()
  snap = s.snapshot()
  assert.ok(snap.inconsistent.has('c'))
  assert.deepEqual(snap.taskConfigs.get('c'), [])
  assert.equal(snap.taskCounts.get('c'), 3)
  assert.equal(snap.taskConfigGenerations.get('c'), 1)
  assert.equal(snap.offset, s.state.offset)
})

test('session key, cluster logger level and task-count records are Kafka Connect\'s bytes', { timeout: 60000 }, async (t) => {
  const { bootstrap, topic, make } = await setup(t)
  const s = make()
  await s.start()
  await s.putSessionKey({ key: 'q83vEjRWeJA=', algorithm: 'HmacSHA256', creationTimestamp: 1700000000000 })
  await s.putLoggerLevel('org.apache.kafka.connect', 'DEBUG')
  await s.putTaskCountRecord('my-conn', 3)
  const out = await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-Z', '-f', '%k|%s\n'])
  assert.equal(out, [
    'session-key|{"key":"q83vEjRWeJA=","algorithm":"HmacSHA256","creation-timestamp":1700000000000}',
    'logger-cluster-org.apache.kafka.connect|{"level":"DEBUG"}',
    'tasks-fencing-my-conn|{"task-count":3}',
    ''
  ].join('\n'))
  const b = make()
  await b.start()
  assert.deepEqual(b.snapshot().sessionKey, { key: 'q83vEjRWeJA=', algorithm: 'HmacSHA256', creationTimestamp: 1700000000000 })
  assert.equal(b.snapshot().taskCountRecords.get('my-conn'), 3)
})
