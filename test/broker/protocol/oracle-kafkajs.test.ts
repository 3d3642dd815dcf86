// Oracle tests against kafkajs 2.2.4's own request encoders and response decoders (non-flexible versions, which is
// all kafkajs speaks): Produce v3/v7, Fetch v4/v11, Metadata v0/v6, JoinGroup v5 requests; Metadata v0/v6 and
// JoinGroup v5 responses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { codecFor } from '../../../src/broker/protocol/messages/index.ts'
import { Reader } from '../../../src/broker/protocol/reader.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'

const require = createRequire(import.meta.url)
type Obj = Record<string, any>
const kafkajs = (path: string): any => require(`kafkajs/src/protocol/requests/${path}`)

async function encodeWithKafkajs (path: string, args: Obj): Promise<Buffer> {
  const req = kafkajs(`${path}/request.js`)(args)
  return (await req.encode()).buffer
}

function decodeOurs (apiKey: number, version: number, bytes: Buffer): Obj {
  const r = new Reader(bytes)
  const out = codecFor(apiKey, version)!.decodeRequest(r) as Obj
  assert.equal(r.remaining, 0, 'whole body consumed')
  return out
}

for (const v of [3, 7]) {
  test(`kafkajs Produce v${v} request`, async () => {
    const bytes = await encodeWithKafkajs(`produce/v${v}`, {
      acks: -1, timeout: 30000, transactionalId: v === 7 ? 'tx-1' : null,
      topicData: [{ topic: 'tópico', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v1' }, { value: 'v2' }] }, { partition: 3, messages: [{ value: 'x' }] }] }]
    })
    const req = decodeOurs(0, v, bytes)
    assert.equal(req.transactionalId, v === 7 ? 'tx-1' : null)
    assert.equal(req.acks, -1)
    assert.equal(req.timeoutMs, 30000)
    assert.equal(req.topicData.length, 1)
    assert.equal(req.topicData[0].name, 'tópico')
    assert.deepEqual(req.topicData[0].partitionData.map((p: Obj) => p.index), [0, 3])
    for (const p of req.topicData[0].partitionData) {
      const b: Buffer = p.records
      assert.equal(b.readInt8(16), 2, 'magic 2')
      assert.equal(b.readInt32BE(8), b.length - 12, 'batch length matches the bytes field')
    }
    assert.equal(req.topicData[0].partitionData[0].records.readInt32BE(57), 2, 'two records in the first batch')
  })
}

test('kafkajs Fetch v4 and v11 requests', async () => {
  const v4 = decodeOurs(1, 4, await encodeWithKafkajs('fetch/v4', {
    replicaId: -1, maxWaitTime: 500, minBytes: 1, maxBytes: 10485760, isolationLevel: 1,
    topics: [{ topic: 't', partitions: [{ partition: 2, fetchOffset: '9007199254740993', maxBytes: 1048576 }] }]
  }))
  assert.deepEqual(v4, {
    clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1n }, maxWaitMs: 500, minBytes: 1, maxBytes: 10485760,
    isolationLevel: 1, sessionId: 0, sessionEpoch: -1, rackId: '', forgottenTopicsData: [],
    topics: [{ topic: 't', topicId: '00000000-0000-0000-0000-000000000000', partitions: [{ partition: 2, currentLeaderEpoch: -1, fetchOffset: 9007199254740993n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }] }]
  })
  const v11 = decodeOurs(1, 11, await encodeWithKafkajs('fetch/v11', {
    replicaId: -1, maxWaitTime: 100, minBytes: 1, maxBytes: 500, isolationLevel: 0, sessionId: 12, sessionEpoch: 4, rackId: 'r1',
    topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: 3, fetchOffset: '7', logStartOffset: '2', maxBytes: 100 }] }],
    forgottenTopics: [{ topic: 'old', partitions: [5, 6] }]
  }))
  assert.equal(v11.sessionId, 12)
  assert.equal(v11.sessionEpoch, 4)
  assert.equal(v11.rackId, 'r1')
  assert.equal(v11.isolationLevel, 0)
  assert.deepEqual(v11.topics[0].partitions[0], { partition: 0, currentLeaderEpoch: 3, fetchOffset: 7n, lastFetchedEpoch: -1, logStartOffset: 2n, partitionMaxBytes: 100 })
  assert.deepEqual(v11.forgottenTopicsData, [{ topic: 'old', topicId: '00000000-0000-0000-0000-000000000000', partitions: [5, 6] }])
})

test('kafkajs Metadata v0 and v6 requests', async () => {
  assert.deepEqual(decodeOurs(3, 0, await encodeWithKafkajs('metadata/v0', { topics: ['a', 'b'] })), {
    topics: [{ topicId: '00000000-0000-0000-0000-000000000000', name: 'a' }, { topicId: '00000000-0000-0000-0000-000000000000', name: 'b' }],
    allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false
  })
  const v6 = decodeOurs(3, 6, await encodeWithKafkajs('metadata/v6', { topics: ['x'], allowAutoTopicCreation: false }))
  assert.deepEqual(v6.topics.map((t: Obj) => t.name), ['x'])
  assert.equal(v6.allowAutoTopicCreation, false)
  // from v1 on, kafkajs asks for every topic with a null array
  assert.equal(decodeOurs(3, 6, await encodeWithKafkajs('metadata/v6', { topics: [] })).topics, null)
})

test('kafkajs JoinGroup v5 request', async () => {
  const req = decodeOurs(11, 5, await encodeWithKafkajs('joinGroup/v5', {
    groupId: 'connect-cluster', sessionTimeout: 10000, rebalanceTimeout: 60000, memberId: '', groupInstanceId: null, protocolType: 'connect',
    groupProtocols: [{ name: 'sessioned', metadata: Buffer.from([0, 2, 1]) }, { name: 'default' }]
  }))
  assert.deepEqual(req, {
    groupId: 'connect-cluster', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 60000, memberId: '', groupInstanceId: null, protocolType: 'connect',
    protocols: [{ name: 'sessioned', metadata: Buffer.from([0, 2, 1]) }, { name: 'default', metadata: Buffer.alloc(0) }], reason: null
  })
})

async function decodeWithKafkajs (path: string, w: Writer): Promise<Obj> {
  return kafkajs(`${path}/response.js`).decode(w.toBuffer())
}

test('kafkajs decodes our Metadata v0 and v6 responses', async () => {
  const res = {
    throttleTimeMs: 5, clusterId: 'c-1', controllerId: 1,
    brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
    topics: [{ errorCode: 0, name: 'tópico', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }]
  }
  const w0 = new Writer()
  codecFor(3, 0)!.encodeResponse(w0, res)
  assert.deepEqual(await decodeWithKafkajs('metadata/v0', w0), {
    brokers: [{ nodeId: 1, host: 'localhost', port: 9092 }],
    topicMetadata: [{ topicErrorCode: 0, topic: 'tópico', partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] }] }]
  })
  const w6 = new Writer()
  codecFor(3, 6)!.encodeResponse(w6, res)
  const d6 = await decodeWithKafkajs('metadata/v6', w6)
  assert.equal(d6.clientSideThrottleTime, 5)
  assert.equal(d6.clusterId, 'c-1')
  assert.equal(d6.controllerId, 1)
  assert.deepEqual(d6.brokers, [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }])
  assert.deepEqual(d6.topicMetadata[0].partitionMetadata[0], { partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1], offlineReplicas: [] })
})

test('kafkajs decodes our JoinGroup v5 response', async () => {
  const w = new Writer()
  codecFor(11, 5)!.encodeResponse(w, {
    throttleTimeMs: 0, errorCode: 0, generationId: 7, protocolName: 'sessioned', leader: 'm-1', memberId: 'm-2',
    members: [{ memberId: 'm-1', groupInstanceId: null, metadata: Buffer.from([1, 2]) }, { memberId: 'm-2', groupInstanceId: 'i', metadata: Buffer.alloc(0) }]
  })
  const d = await decodeWithKafkajs('joinGroup/v5', w)
  assert.equal(d.generationId, 7)
  assert.equal(d.groupProtocol, 'sessioned')
  assert.equal(d.leaderId, 'm-1')
  assert.equal(d.memberId, 'm-2')
  assert.deepEqual(d.members, [{ memberId: 'm-1', groupInstanceId: null, memberMetadata: Buffer.from([1, 2]) }, { memberId: 'm-2', groupInstanceId: 'i', memberMetadata: Buffer.alloc(0) }])
})
