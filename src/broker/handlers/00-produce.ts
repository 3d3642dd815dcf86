// Produce v0-9. v0-2 are advertised because librdkafka 2.0.2 enables gzip/snappy/lz4 only when the Produce range
// reaches v0 (as Apache Kafka 3.x's does); every current client then sends v3+ with record batches v2. Legacy
// message sets (magic 0/1, which v0-2 carry) get UNSUPPORTED_FOR_MESSAGE_FORMAT, as a Kafka 4 broker answers. acks -1 and 1 are the same on one node (answer after the append is written, and fsynced when the
// flush policy asks); acks 0 sends no response at all; other values get INVALID_REQUIRED_ACKS. Produce never
// creates topics. Transactional batches are refused until the transaction coordinator exists (not advertised).
import type { ProduceRequest, ProduceResponse } from '../protocol/types/produce.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

type PartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number]

function failed (index: number, errorCode: number, errorMessage: string | null = null): PartitionResponse {
  return { index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage }
}

export async function handleProduce (ctx: BrokerContext, req: ProduceRequest): Promise<ProduceResponse | null> {
  const acks = req.acks
  const badAcks = acks !== 0 && acks !== 1 && acks !== -1
  const responses = await Promise.all(req.topicData.map(async topic => ({
    name: topic.name,
    partitionResponses: await Promise.all(topic.partitionData.map(async (data): Promise<PartitionResponse> => {
      if (badAcks) return failed(data.index, ErrorCodes.INVALID_REQUIRED_ACKS.code)
      if (req.transactionalId !== null) {
        return failed(data.index, ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code, 'transactions are not supported by this broker yet')
      }
      const partition = ctx.logs.partition(topic.name, data.index)
      if (partition === undefined) return failed(data.index, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code)
      if (data.records === null || data.records.length === 0) return failed(data.index, ErrorCodes.CORRUPT_MESSAGE.code, 'no records')
      // Byte 16 of a record batch or a legacy message set entry is its magic.
      if (data.records.length > 16 && data.records[16] !== 2) {
        return failed(data.index, ErrorCodes.UNSUPPORTED_FOR_MESSAGE_FORMAT.code, `message format v${data.records[16]} is not supported; use record batches (magic 2)`)
      }
      const result = await partition.append(data.records)
      if (result.errorCode !== 0) return failed(data.index, result.errorCode, result.errorMessage ?? null)
      return {
        index: data.index,
        errorCode: 0,
        baseOffset: BigInt(result.baseOffset),
        logAppendTimeMs: BigInt(result.logAppendTimeMs),
        logStartOffset: BigInt(result.logStartOffset),
        recordErrors: [],
        errorMessage: null
      }
    }))
  })))
  if (acks === 0) return null
  return { responses, throttleTimeMs: 0 }
}
