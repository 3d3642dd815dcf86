// DescribeConfigs v1-4 for topics (resource type 2) and this broker (type 4). Topic entries carry every known key
// with its value, source (DYNAMIC_TOPIC_CONFIG 1 when set on the topic, DEFAULT_CONFIG 5 otherwise), read-only and
// sensitive flags, and on v3+ the type and documentation when asked. Asking for specific keys filters the list.
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../protocol/types/describe-configs.ts'
import type { BrokerContext } from '../context.ts'
import { ErrorCodes } from '../protocol/error-codes.ts'

const TOPIC = 2
const BROKER = 4
const DEFAULT_CONFIG = 5

type Result = DescribeConfigsResponse['results'][number]

function brokerEntries (ctx: BrokerContext) {
  const entries: Array<[string, string, number]> = [
    ['auto.create.topics.enable', String(ctx.autoCreateTopics), 1],
    ['num.partitions', String(ctx.numPartitions), 3],
    ['default.replication.factor', '1', 3],
    ['broker.id', String(ctx.nodeId), 3],
    ['node.id', String(ctx.nodeId), 3]
  ]
  return entries.map(([name, value, configType]) => ({ name, value, readOnly: true, isDefault: false, configSource: DEFAULT_CONFIG, isSensitive: false, synonyms: [], configType, documentation: null }))
}

export function handleDescribeConfigs (ctx: BrokerContext, req: DescribeConfigsRequest): DescribeConfigsResponse {
  const results: Result[] = req.resources.map(resource => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName }
    let configs
    if (resource.resourceType === TOPIC) {
      const described = ctx.logs.describeTopicConfigs(resource.resourceName)
      if (described === undefined) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: `Topic ${resource.resourceName} does not exist`, configs: [] }
      configs = described.map(c => ({
        name: c.name,
        value: c.sensitive ? null : c.value,
        readOnly: c.readOnly,
        isDefault: c.source === DEFAULT_CONFIG,
        configSource: c.source,
        isSensitive: c.sensitive,
        synonyms: [],
        configType: c.configType,
        documentation: req.includeDocumentation ? c.documentation : null
      }))
    } else if (resource.resourceType === BROKER && (resource.resourceName === '' || resource.resourceName === String(ctx.nodeId))) {
      configs = brokerEntries(ctx)
    } else {
      return { ...base, errorCode: ErrorCodes.INVALID_REQUEST.code, errorMessage: `unsupported resource ${resource.resourceType}/${resource.resourceName}`, configs: [] }
    }
    const keys = resource.configurationKeys
    return { ...base, errorCode: 0, errorMessage: null, configs: keys === null || keys.length === 0 ? configs : configs.filter(c => keys.includes(c.name)) }
  })
  return { throttleTimeMs: 0, results }
}
