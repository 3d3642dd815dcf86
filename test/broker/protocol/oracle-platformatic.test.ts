// Oracle tests against @platformatic/kafka 2.12.1, an independent implementation of the same wire formats.
// Requests: platformatic's createRequest(...) writes a body (no header); our decodeRequest must read exactly the
// values it was given (fields a version lacks come back as defaults). Responses: our encodeResponse output must
// parse with platformatic's parseResponse to the same field values, for every field the version carries.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as plt from '@platformatic/kafka'
import { advertisedApis } from '../../../src/broker/versions.ts'
import { codecFor } from '../../../src/broker/protocol/messages/index.ts'
import { Reader } from '../../../src/broker/protocol/reader.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'
import { loadSpec, Model, rng } from './spec-model.ts'
import { checkWithPlatformatic, pltModule } from './platformatic-compare.ts'

type Obj = Record<string, any>
const U1 = '5f0c6b2e-3c1d-4a7b-9e2f-0123456789ab'
const U2 = 'ffffffff-0000-4000-8000-00000000000f'

/** One request per API: platformatic's arguments for version v and the full request value they stand for. */
const requests: Record<string, (v: number) => { args: unknown[], value: Obj }> = {
  Produce: () => ({
    // platformatic groups messages by topic, then by partition (integer object keys: ascending order)
    args: [-1, 1500, [{ topic: 't1', partition: 2, key: Buffer.from('k'), value: Buffer.from('v1') }, { topic: 't1', partition: 0, value: Buffer.from('v2') },
      { topic: 'ünï', partition: 1, value: Buffer.from('v3') }], { transactionalId: 'tx-1' }],
    value: { transactionalId: 'tx-1', acks: -1, timeoutMs: 1500, topicData: [{ name: 't1', partitionData: [{ index: 0 }, { index: 2 }] }, { name: 'ünï', partitionData: [{ index: 1 }] }] }
  }),
  Fetch: (v) => ({
    args: [500, 1, 1048576, 1, 7, 3, [{ topicId: v >= 13 ? U1 : 'topic-a', partitions: [{ partition: 4, currentLeaderEpoch: 5, fetchOffset: 123n, lastFetchedEpoch: 2, partitionMaxBytes: 65536 }] }],
      [{ topicId: v >= 13 ? U2 : 'gone', partitions: [1, 2] }], 'rack-1'],
    value: {
      replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1048576, isolationLevel: 1, sessionId: 7, sessionEpoch: 3,
      topics: [{ topic: 'topic-a', topicId: U1, partitions: [{ partition: 4, currentLeaderEpoch: 5, fetchOffset: 123n, lastFetchedEpoch: 2, logStartOffset: -1n, partitionMaxBytes: 65536 }] }],
      forgottenTopicsData: [{ topic: 'gone', topicId: U2, partitions: [1, 2] }], rackId: 'rack-1'
    }
  }),
  ListOffsets: () => ({
    args: [-1, 1, [{ name: 't', partitions: [{ partitionIndex: 3, currentLeaderEpoch: 9, timestamp: -2n }] }]],
    value: { replicaId: -1, isolationLevel: 1, topics: [{ name: 't', partitions: [{ partitionIndex: 3, currentLeaderEpoch: 9, timestamp: -2n }] }] }
  }),
  Metadata: () => ({
    args: [['a', 'bé'], false, true, true],
    value: { topics: [{ name: 'a' }, { name: 'bé' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true }
  }),
  OffsetCommit: () => ({
    args: ['g', 12, 'm-1', 'inst', [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 99n, committedLeaderEpoch: 4, committedMetadata: 'meta' }] }]],
    value: { groupId: 'g', generationIdOrMemberEpoch: 12, memberId: 'm-1', groupInstanceId: 'inst', topics: [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 99n, committedLeaderEpoch: 4, committedMetadata: 'meta' }] }] }
  }),
  OffsetFetch: () => ({
    args: [[{ groupId: 'g1', topics: [{ name: 't', partitionIndexes: [0, 5] }] }], true],
    value: { groupId: 'g1', topics: [{ name: 't', partitionIndexes: [0, 5] }], groups: [{ groupId: 'g1', topics: [{ name: 't', partitionIndexes: [0, 5] }] }], requireStable: true }
  }),
  FindCoordinator: () => ({ args: [1, ['tx-9']], value: { key: 'tx-9', keyType: 1, coordinatorKeys: ['tx-9'] } }),
  JoinGroup: () => ({
    args: ['g', 30000, 60000, 'm', 'inst', 'consumer', [{ name: 'range', metadata: Buffer.from([0, 1, 2]) }, { name: 'rr', metadata: Buffer.alloc(0) }], 'why'],
    value: { groupId: 'g', sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: 'm', groupInstanceId: 'inst', protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 2]) }, { name: 'rr', metadata: Buffer.alloc(0) }], reason: 'why' }
  }),
  Heartbeat: () => ({ args: ['g', 3, 'm', 'inst'], value: { groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: 'inst' } }),
  LeaveGroup: () => ({
    args: ['g', [{ memberId: 'm1', groupInstanceId: 'i1', reason: 'bye' }]],
    value: { groupId: 'g', memberId: 'm1', members: [{ memberId: 'm1', groupInstanceId: 'i1', reason: 'bye' }] }
  }),
  SyncGroup: () => ({
    args: ['g', 3, 'm', 'inst', 'consumer', 'range', [{ memberId: 'm', assignment: Buffer.from([9, 9]) }]],
    value: { groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: 'inst', protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: 'm', assignment: Buffer.from([9, 9]) }] }
  }),
  DescribeGroups: () => ({ args: [['g1', 'g2'], true], value: { groups: ['g1', 'g2'], includeAuthorizedOperations: true } }),
  ListGroups: () => ({ args: [['STABLE', 'EMPTY']], value: { statesFilter: ['Stable', 'Empty'] } }),
  ApiVersions: () => ({ args: ['kconnect-test', '0.1.0'], value: { clientSoftwareName: 'kconnect-test', clientSoftwareVersion: '0.1.0' } }),
  CreateTopics: () => ({
    args: [[{ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }], configs: [{ name: 'cleanup.policy', value: 'compact' }] }], 5000, true],
    value: { topics: [{ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }], configs: [{ name: 'cleanup.policy', value: 'compact' }] }], timeoutMs: 5000, validateOnly: true }
  }),
  DeleteTopics: () => ({
    args: [[{ name: 'a', topicId: U1 }, { name: 'b' }], 4000],
    value: { topics: [{ name: 'a', topicId: U1 }, { name: 'b' }], topicNames: ['a', 'b'], timeoutMs: 4000 }
  }),
  DeleteRecords: () => ({
    args: [[{ name: 't', partitions: [{ partitionIndex: 0, offset: 10n }, { partitionIndex: 1, offset: -1n }] }], 3000],
    value: { topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 10n }, { partitionIndex: 1, offset: -1n }] }], timeoutMs: 3000 }
  }),
  InitProducerId: () => ({
    args: ['tx', 60000, 42n, 3],
    value: { transactionalId: 'tx', transactionTimeoutMs: 60000, producerId: 42n, producerEpoch: 3 }
  }),
  DescribeConfigs: () => ({
    args: [[{ resourceType: 2, resourceName: 't', configurationKeys: ['retention.ms'] }, { resourceType: 4, resourceName: '1', configurationKeys: null }], true, true],
    value: { resources: [{ resourceType: 2, resourceName: 't', configurationKeys: ['retention.ms'] }, { resourceType: 4, resourceName: '1', configurationKeys: null }], includeSynonyms: true, includeDocumentation: true }
  }),
  CreatePartitions: () => ({
    args: [[{ name: 't', count: 6, assignments: [{ brokerIds: [1] }] }, { name: 'u', count: 2, assignments: null }], 2000, true],
    value: { topics: [{ name: 't', count: 6, assignments: [{ brokerIds: [1] }] }, { name: 'u', count: 2, assignments: null }], timeoutMs: 2000, validateOnly: true }
  }),
  DeleteGroups: () => ({ args: [['g1', 'ü']], value: { groupsNames: ['g1', 'ü'] } })
}

/** Checks that a produce request carries one record batch (magic 2, consistent length) per partition. */
function checkBatches (decoded: Obj): void {
  for (const t of decoded.topicData) {
    for (const p of t.partitionData) {
      const b: Buffer = p.records
      assert.ok(Buffer.isBuffer(b) && b.length > 61, 'a record batch')
      assert.equal(b.readInt8(16), 2, 'magic 2')
      assert.equal(b.readInt32BE(8), b.length - 12, 'batch length')
      const batches = plt.readRecordsBatches(plt.Reader.from(b))
      assert.equal(batches.length, 1)
      p.records = null
    }
  }
}

let requestPairs = 0
let responsePairs = 0
for (const [key, { name, min, max }] of Object.entries(advertisedApis)) {
  const apiKey = Number(key)
  const reqModel = new Model(loadSpec(`${name}Request.json`), min, max)
  const resModel = new Model(loadSpec(`${name}Response.json`), min, max)

  test(`${name}: platformatic requests decode to the values they were built from`, () => {
    for (let v = min; v <= max; v++) {
      const mod = pltModule(name, v)
      if (mod === undefined) continue
      const { args, value } = requests[name](v)
      const bytes: Buffer = mod.createRequest(...structuredClone(args)).buffer
      const r = new Reader(bytes)
      const decoded = codecFor(apiKey, v)!.decodeRequest(r) as Obj
      assert.equal(r.remaining, 0, `${name} v${v}: all bytes consumed`)
      if (name === 'Produce') checkBatches(decoded)
      assert.deepStrictEqual(decoded, reqModel.project(value, v), `${name} v${v}`)
      requestPairs++
    }
  })

  test(`${name}: our responses parse with platformatic`, () => {
    for (let v = min; v <= max; v++) {
      const mod = pltModule(name, v)
      if (mod === undefined) continue
      for (let seed = 1; seed <= 10; seed++) {
        assert.deepEqual(checkWithPlatformatic(resModel, name, apiKey, v, rng(seed * 31 + v)), [], `${name} v${v} seed ${seed}`)
      }
      responsePairs++
    }
  })
}

test('platformatic covered most pairs', (t) => {
  // Not a codec check: guards against the oracle silently finding no modules.
  t.diagnostic(`platformatic oracle: ${requestPairs} request and ${responsePairs} response (key, version) pairs`)
  assert.ok(requestPairs >= 120, `request pairs checked: ${requestPairs}`)
  assert.ok(responsePairs >= 120, `response pairs checked: ${responsePairs}`)
})

test('a Fetch response carrying a real record batch parses with platformatic (v4, v11, v15)', () => {
  const batch: Buffer = plt.createRecordsBatch([{ key: Buffer.from('k'), value: Buffer.from('hello'), topic: 't', partition: 0, timestamp: 1700000000000n }], {}).buffer
  for (const v of [4, 11, 15]) {
    const w = new Writer()
    codecFor(1, v)!.encodeResponse(w, {
      throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: [{ topic: 't', topicId: U1, partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1n, lastStableOffset: 1n, logStartOffset: 0n, abortedTransactions: null, records: batch }] }]
    })
    const parsed = pltModule('Fetch', v)!.parseResponse(1, 1, v, plt.Reader.from(w.toBuffer()))
    const records = parsed.responses[0].partitions[0].records
    assert.equal(records.length, 1, `v${v}: one batch`)
    assert.equal(records[0].records.length, 1)
    assert.deepEqual(records[0].records[0].value, Buffer.from('hello'))
    assert.equal(parsed.responses[0].partitions[0].highWatermark, 1n)
  }
})

test('error codes and retriable flags agree with platformatic\'s table (generated from Kafka)', async () => {
  const { ErrorCodes } = await import('../../../src/broker/protocol/error-codes.ts')
  const theirs = (plt as Obj).protocolErrors as Record<string, { code: number, canRetry: boolean }>
  for (const [name, { code, retriable }] of Object.entries(ErrorCodes)) {
    assert.ok(theirs[name] !== undefined, `${name} known to platformatic`)
    assert.equal(theirs[name].code, code, `${name} code`)
    assert.equal(theirs[name].canRetry, retriable, `${name} retriable`)
  }
})
