// Fetch v4-15. Long poll: answer when min_bytes are available, when max_wait_ms has passed, or at once on an error;
// in between, wait for an append to any requested partition (no polling loop). Whole batches only, from the batch
// holding the fetch offset; the first partition with data gets at least one batch even above the byte limits
// (KIP-74). read_committed reads up to the last stable offset (= high watermark while there are no transactions)
// with an empty aborted-transaction list. Fetch sessions are declined (session id 0), which every client accepts.
// v13+ names topics by id.
import type { FetchRequest, FetchResponse } from '../protocol/types/fetch.ts'
import type { RequestHeader } from '../protocol/headers.ts'
import type { Connection } from '../connection.ts'
import type { BrokerContext } from '../context.ts'
import type { PartitionLog } from '../log/log-manager.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'
import { toOffset } from './common.ts'

const EMPTY = Buffer.alloc(0)

type TopicResponse = FetchResponse['responses'][number]
type PartitionResponse = TopicResponse['partitions'][number]

interface Pass { response: FetchResponse, bytes: number, failed: boolean, logs: PartitionLog[] }

function errorPartition (partitionIndex: number, errorCode: number): PartitionResponse {
  return { partitionIndex, errorCode, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY }
}

async function readOnce (ctx: BrokerContext, req: FetchRequest, byId: boolean): Promise<Pass> {
  const committed = req.isolationLevel === 1
  let budget = req.maxBytes
  let bytes = 0
  let failed = false
  const logs: PartitionLog[] = []
  const responses: TopicResponse[] = []
  for (const wanted of req.topics) {
    const topic = byId ? ctx.logs.topicById(wanted.topicId) : ctx.logs.topic(wanted.topic)
    const partitions: PartitionResponse[] = []
    for (const p of wanted.partitions) {
      const log = topic === undefined ? undefined : ctx.logs.partition(topic.name, p.partition)
      if (log === undefined) {
        failed = true
        partitions.push(errorPartition(p.partition, topic === undefined && byId ? ErrorCodes.UNKNOWN_TOPIC_ID.code : ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code))
        continue
      }
      logs.push(log)
      const limit = Math.max(0, Math.min(p.partitionMaxBytes, budget))
      const read = await log.read(toOffset(p.fetchOffset), limit, { minOneBatch: bytes === 0, committed })
      if (read.errorCode !== 0) failed = true
      const size = read.records?.length ?? 0
      bytes += size
      budget -= size
      partitions.push({
        partitionIndex: p.partition,
        errorCode: read.errorCode,
        highWatermark: BigInt(read.highWatermark),
        lastStableOffset: BigInt(read.lastStableOffset),
        logStartOffset: BigInt(read.logStartOffset),
        abortedTransactions: committed ? [] : null,
        preferredReadReplica: -1,
        records: read.records ?? EMPTY
      })
    }
    responses.push({ topic: topic?.name ?? wanted.topic, topicId: topic?.id ?? wanted.topicId, partitions })
  }
  return { response: { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, failed, logs }
}

/** Resolves when any of the logs gets an append, after `ms`, or when the connection closes. */
function waitForAppend (logs: PartitionLog[], ms: number, conn: Connection): Promise<void> {
  return new Promise(resolve => {
    const unsubscribes: Array<() => void> = []
    const done = (): void => {
      clearTimeout(timer)
      for (const u of unsubscribes) u()
      resolve()
    }
    const timer = setTimeout(done, ms)
    for (const log of logs) unsubscribes.push(log.onAppend(done))
    if (conn.closed) done()
  })
}

export async function handleFetch (ctx: BrokerContext, req: FetchRequest, header: RequestHeader, conn: Connection): Promise<FetchResponse> {
  const byId = header.apiVersion >= 13
  const deadline = Date.now() + req.maxWaitMs
  while (true) {
    const pass = await readOnce(ctx, req, byId)
    const left = deadline - Date.now()
    if (pass.bytes >= req.minBytes || pass.failed || left <= 0 || pass.logs.length === 0 || conn.closed) {
      return pass.response
    }
    await waitForAppend(pass.logs, left, conn)
  }
}
