// CreatePartitions v0-3: grow a topic's partition count (never shrink); one result per requested topic.
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../protocol/types/create-partitions.ts'
import type { BrokerContext } from '../context.ts'

export async function handleCreatePartitions (ctx: BrokerContext, req: CreatePartitionsRequest): Promise<CreatePartitionsResponse> {
  const results = []
  for (const t of req.topics) {
    const result = await ctx.logs.createPartitions(t.name, t.count, req.validateOnly)
    results.push({ name: t.name, errorCode: result.errorCode, errorMessage: result.errorMessage ?? null })
  }
  return { throttleTimeMs: 0, results }
}
