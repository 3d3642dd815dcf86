// GET/PATCH/DELETE /connectors/{c}/offsets (KIP-875) for standalone: source offsets from the offset store, sink
// offsets from the connector's consumer group. Validation messages are Kafka's (kafka-connect-behavior.md §1.6).
import type { Connector, Props } from '../api/connector.ts'
import type { SourceMap } from '../api/records.ts'
import type { AdminClient } from './clients.ts'
import type { ConnectorOffset, ConnectorOffsets, Message } from './entities.ts'
import { BadRequestError, ConnectRestError } from './errors.ts'
import { offsetKey, parseOffsetKey, validateOffsetMap, type OffsetBackingStore } from './storage/offset-store.ts'

export function sinkGroupId (name: string, config: Readonly<Record<string, string>>): string {
  return config['consumer.override.group.id'] ?? `connect-${name}`
}

export async function sourceOffsets (store: OffsetBackingStore, name: string): Promise<ConnectorOffsets> {
  const keys = (await store.keys()).filter(k => parseOffsetKey(k)?.connector === name)
  const values = await store.get(keys)
  const offsets: ConnectorOffset[] = []
  for (const k of keys) {
    const v = values.get(k)
    if (v === undefined) continue
    offsets.push({ partition: parseOffsetKey(k)!.partition, offset: JSON.parse(v) as Record<string, unknown> })
  }
  return { offsets }
}

export async function sinkOffsets (admin: AdminClient, groupId: string): Promise<ConnectorOffsets> {
  const committed = await admin.listGroupOffsets(groupId)
  return {
    offsets: committed
      .sort((a, b) => a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)
      .map(o => ({ partition: { kafka_topic: o.topic, kafka_partition: o.partition }, offset: { kafka_offset: o.offset } }))
  }
}

function intOf (v: unknown, what: 'partition' | 'offset'): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN
  if (!Number.isInteger(n)) {
    throw new BadRequestError(what === 'partition'
      ? `Failed to parse the following Kafka partition value in the provided offsets: '${String(v)}'. Partition values for sink connectors need to be integers.`
      : `Failed to parse the following Kafka offset value in the provided offsets: '${String(v)}'. Offset values for sink connectors need to be integers.`)
  }
  return n
}

/** Parse sink offsets: partition {kafka_topic, kafka_partition}, offset {kafka_offset} or null. */
export function parseSinkOffsets (offsets: ConnectorOffset[]): Array<{ topic: string, partition: number, offset: number | null }> {
  return offsets.map(({ partition, offset }) => {
    if (partition === null || partition === undefined) throw new BadRequestError('The partition for a sink connector offset cannot be null or missing')
    if (!('kafka_topic' in partition) || !('kafka_partition' in partition)) {
      throw new BadRequestError("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'")
    }
    const topic = partition.kafka_topic
    if (typeof topic !== 'string') throw new BadRequestError('Kafka topic names must be valid strings and may not be null')
    if (partition.kafka_partition === null) throw new BadRequestError('Kafka partitions must be valid numbers and may not be null')
    const p = intOf(partition.kafka_partition, 'partition')
    if (offset === null) return { topic, partition: p, offset: null }
    if (typeof offset !== 'object' || !('kafka_offset' in offset)) {
      throw new BadRequestError("The offset for a sink connector should either be null or contain the key 'kafka_offset'")
    }
    return { topic, partition: p, offset: intOf(offset.kafka_offset, 'offset') }
  })
}

function successMessage (hookAltered: boolean, verb: 'altered' | 'reset'): Message {
  return {
    message: hookAltered
      ? `The offsets for this connector have been ${verb} successfully`
      : `The Connect framework-managed offsets for this connector have been ${verb} successfully. However, if this connector manages offsets externally, they will need to be manually ${verb} in the system that the connector uses.`
  }
}

async function callHook (connector: Connector, name: string, props: Props, offsets: Map<SourceMap, SourceMap | null>): Promise<boolean> {
  try {
    return await connector.alterOffsets(props, offsets)
  } catch (err) {
    if (err instanceof ConnectRestError) throw err
    throw new BadRequestError((err as Error).message)
  } finally {
    void name
  }
}

export interface AlterContext {
  name: string
  config: Props
  connector: Connector
  isSink: boolean
  store: OffsetBackingStore
  admin: () => Promise<AdminClient>
}

/** PATCH (offsets given) or DELETE (offsets null): apply and return Kafka's message. */
export async function alterOffsets (ctx: AlterContext, body: ConnectorOffsets | null): Promise<Message> {
  const verb = body === null ? 'reset' : 'altered'
  if (ctx.isSink) {
    const admin = await ctx.admin()
    try {
      const groupId = sinkGroupId(ctx.name, ctx.config)
      const parsed = body === null
        ? (await admin.listGroupOffsets(groupId)).map(o => ({ topic: o.topic, partition: o.partition, offset: null as number | null }))
        : parseSinkOffsets(body.offsets)
      const hookInput = new Map<SourceMap, SourceMap | null>(parsed.map(o => [
        { kafka_topic: o.topic, kafka_partition: o.partition }, o.offset === null ? null : { kafka_offset: o.offset }
      ]))
      const altered = await callHook(ctx.connector, ctx.name, ctx.config, hookInput)
      const toAlter = parsed.filter(o => o.offset !== null).map(o => ({ topic: o.topic, partition: o.partition, offset: o.offset! }))
      const toDelete = parsed.filter(o => o.offset === null).map(o => ({ topic: o.topic, partition: o.partition }))
      if (toAlter.length > 0) await admin.alterGroupOffsets(groupId, toAlter)
      if (toDelete.length > 0) await admin.deleteGroupOffsets(groupId, toDelete)
      return successMessage(altered, verb)
    } finally {
      await admin.close()
    }
  }
  const entries = body === null
    ? (await sourceOffsets(ctx.store, ctx.name)).offsets.map(o => ({ partition: o.partition, offset: null }))
    : body.offsets
  const hookInput = new Map<SourceMap, SourceMap | null>()
  const writes = new Map<string, string | null>()
  for (const { partition, offset } of entries) {
    try {
      validateOffsetMap(partition, 'partition')
      if (offset !== null) validateOffsetMap(offset, 'offset')
    } catch (err) {
      throw new ConnectRestError(500, (err as Error).message)
    }
    hookInput.set(partition, offset)
    writes.set(offsetKey(ctx.name, partition), offset === null ? null : JSON.stringify(offset))
  }
  const altered = await callHook(ctx.connector, ctx.name, ctx.config, hookInput)
  await ctx.store.set(writes)
  return successMessage(altered, verb)
}
