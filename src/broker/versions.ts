// The API keys and version ranges the embedded broker advertises in ApiVersions ("Profile K" of
// ../shared/reference/embedded-broker-scope.md §1.5: Kafka 3.5.2 maxima, floors low enough for
// kafkajs, librdkafka 2.0.2 and kafka-python 2.0.2). scripts/gen-protocol.ts generates a codec for
// exactly these (key, version) pairs. Transactions (24, 25, 26, 28) and SASL (17, 36) come later:
// an API is listed here only when the broker implements it.

export interface ApiRange { readonly name: string, readonly min: number, readonly max: number }

export const advertisedApis: Readonly<Record<number, ApiRange>> = {
  0: { name: 'Produce', min: 0, max: 9 },
  1: { name: 'Fetch', min: 4, max: 15 },
  2: { name: 'ListOffsets', min: 1, max: 8 },
  3: { name: 'Metadata', min: 0, max: 12 },
  8: { name: 'OffsetCommit', min: 2, max: 8 },
  9: { name: 'OffsetFetch', min: 1, max: 8 },
  10: { name: 'FindCoordinator', min: 0, max: 4 },
  11: { name: 'JoinGroup', min: 0, max: 9 },
  12: { name: 'Heartbeat', min: 0, max: 4 },
  13: { name: 'LeaveGroup', min: 0, max: 5 },
  14: { name: 'SyncGroup', min: 0, max: 5 },
  15: { name: 'DescribeGroups', min: 0, max: 5 },
  16: { name: 'ListGroups', min: 0, max: 4 },
  18: { name: 'ApiVersions', min: 0, max: 3 },
  19: { name: 'CreateTopics', min: 2, max: 7 },
  20: { name: 'DeleteTopics', min: 1, max: 6 },
  21: { name: 'DeleteRecords', min: 0, max: 2 },
  22: { name: 'InitProducerId', min: 0, max: 4 },
  32: { name: 'DescribeConfigs', min: 1, max: 4 },
  37: { name: 'CreatePartitions', min: 0, max: 3 },
  42: { name: 'DeleteGroups', min: 0, max: 2 }
}
