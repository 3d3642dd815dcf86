// KafkaBasedLog against the embedded broker: topic creation (compacted, partitions, extra configs), the refusal of a
// non-compacted topic, reading from the beginning to the end on start, tailing, readToEnd, tombstones (checked with
// kcat, an independent client).
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import pino from 'pino'
import { startBroker } from '../../helpers/broker.ts'
import { uniqueName } from '../../helpers/names.ts'
import { KafkaAdmin } from '../../../src/kafka/admin.ts'
import type { ConsumerRecord } from '../../../src/kafka/types.ts'
import { KafkaBasedLog } from '../../../src/runtime/storage/kafka-based-log.ts'

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

async function setup (t: TestContext) {
  const open: KafkaBasedLog[] = []
  t.after(async () => { for (const l of open) await l.stop() }) // registered before the broker's: runs first
  const broker = await startBroker(t)
  const bootstrap = broker.bootstrapServers
  const props = { 'bootstrap.servers': bootstrap }
  const make = (topic: string, partitions: number, seen: string[], topicConfigs?: Record<string, string>): KafkaBasedLog => {
    const l = new KafkaBasedLog({
      topic,
      partitions,
      replicationFactor: 1,
      topicConfigs,
      producerProps: props,
      consumerProps: props,
      adminProps: props,
      log,
      property: 'offset.storage.topic',
      purpose: 'source connector offsets',
      onRecord: (r: ConsumerRecord) => { seen.push(`${r.partition}:${r.key?.toString() ?? 'NULL'}=${r.value?.toString() ?? 'NULL'}`) }
    })
    open.push(l)
    return l
  }
  const describe = async (topic: string) => {
    const admin = await KafkaAdmin.create(props)
    try {
      return (await admin.describeTopics([topic])).get(topic)
    } finally {
      await admin.close()
    }
  }
  return { bootstrap, make, describe }
}

test('start creates a compacted topic with the partitions and extra configs (cleanup.policy always compact)', { timeout: 60000 }, async (t) => {
  const { make, describe } = await setup(t)
  const topic = uniqueName('log')
  const l = make(topic, 3, [], { 'cleanup.policy': 'delete', 'min.compaction.lag.ms': '1234' })
  await l.start()
  assert.equal(l.partitionCount, 3)
  const d = await describe(topic)
  assert.equal(d?.partitions, 3)
  assert.equal(d?.configs['cleanup.policy'], 'compact')
  assert.equal(d?.configs['min.compaction.lag.ms'], '1234')
})

test('start reads existing records from the beginning to the end; tails; readToEnd waits for records written before the call', { timeout: 60000 }, async (t) => {
  const { bootstrap, make } = await setup(t)
  const topic = uniqueName('log')
  const seenA: string[] = []
  const a = make(topic, 2, seenA)
  await a.start()
  assert.equal(seenA.length, 0, 'an empty topic reads to its end at once')
  for (let i = 0; i < 20; i++) await a.send(`k${i % 4}`, `v${i}`, i % 2)
  await a.send('k0', null, 0)
  await a.readToEnd()
  assert.equal(seenA.length, 21, 'the writer reads its own records back')

  // A second log sees everything already on the topic once start() resolves, per partition in order.
  const seenB: string[] = []
  const b = make(topic, 2, seenB)
  await b.start()
  assert.equal(seenB.length, 21)
  for (const p of [0, 1]) {
    assert.deepEqual(seenB.filter(s => s.startsWith(`${p}:`)), seenA.filter(s => s.startsWith(`${p}:`)))
  }
  assert.ok(seenB.includes('0:k0=NULL'), 'the tombstone is handed to the callback with a null value')

  // Records written by another client (kcat) are there after readToEnd(), which resolves at the end of the moment.
  await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', '1', '-K|', '-X', 'acks=all'], 'from-kcat|hello\n')
  await b.readToEnd()
  assert.equal(seenB.at(-1), '1:from-kcat=hello')

  // What the topic holds, read by kcat: the tombstone is a real null value.
  const out = await kcat(['-b', bootstrap, '-C', '-t', topic, '-p', '0', '-e', '-q', '-Z', '-f', '%k|%s\n'])
  assert.equal(out.split('\n').filter(l => l !== '').at(-1), 'k0|NULL')
})

test('an existing topic that is not only compacted is refused with Kafka\'s message', { timeout: 60000 }, async (t) => {
  const { bootstrap, make } = await setup(t)
  const admin = await KafkaAdmin.create({ 'bootstrap.servers': bootstrap })
  const deleting = uniqueName('log')
  const both = uniqueName('log')
  try {
    await admin.createTopics([
      { name: deleting, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } },
      { name: both, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'compact,delete' } }
    ])
  } finally {
    await admin.close()
  }
  const seen: string[] = []
  await assert.rejects(make(deleting, 1, seen).start(), {
    message: `Topic '${deleting}' supplied via the 'offset.storage.topic' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of source connector offsets, but found the topic currently has 'cleanup.policy=delete'. Continuing would likely result in eventually losing source connector offsets and problems restarting this Connect cluster in the future. Change the 'offset.storage.topic' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`
  })
  await assert.rejects(make(both, 1, seen).start(), { message: /^Topic '.*' supplied via the 'offset.storage.topic' property is required to have 'cleanup.policy=compact' .* but found the topic currently has 'cleanup.policy=compact,delete'\./ })
  assert.deepEqual(seen, [])
})
