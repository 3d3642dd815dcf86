// The handler table: one entry per advertised API key.
import type { HandlerTable } from '../dispatch.ts'
import { handleProduce } from './00-produce.ts'
import { handleFetch } from './01-fetch.ts'
import { handleListOffsets } from './02-list-offsets.ts'
import { handleMetadata } from './03-metadata.ts'
import { handleOffsetCommit, handleOffsetFetch } from './offsets.ts'
import { handleFindCoordinator } from './10-find-coordinator.ts'
import { handleJoinGroup, handleHeartbeat, handleLeaveGroup, handleSyncGroup, handleDescribeGroups, handleListGroups, handleDeleteGroups } from './groups.ts'
import { handleApiVersions } from './18-api-versions.ts'
import { handleCreateTopics } from './19-create-topics.ts'
import { handleDeleteTopics } from './20-delete-topics.ts'
import { handleDeleteRecords } from './21-delete-records.ts'
import { handleInitProducerId } from './22-init-producer-id.ts'
import { handleDescribeConfigs } from './32-describe-configs.ts'
import { handleCreatePartitions } from './37-create-partitions.ts'

export const handlers: HandlerTable = {
  0: handleProduce,
  1: handleFetch,
  2: handleListOffsets,
  3: handleMetadata,
  8: handleOffsetCommit,
  9: handleOffsetFetch,
  10: handleFindCoordinator,
  11: handleJoinGroup,
  12: handleHeartbeat,
  13: handleLeaveGroup,
  14: handleSyncGroup,
  15: handleDescribeGroups,
  16: handleListGroups,
  18: handleApiVersions,
  19: handleCreateTopics,
  20: handleDeleteTopics,
  21: handleDeleteRecords,
  22: handleInitProducerId,
  32: handleDescribeConfigs,
  37: handleCreatePartitions,
  42: handleDeleteGroups
}
