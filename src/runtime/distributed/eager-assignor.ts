// The `default` protocol's eager assignment (kafka-connect-behavior.md §5.3): members sorted by id, connectors by name;
// one circular iterator over the members hands out every connector, then every task of each connector in order,
// continuing where the connector pass stopped.
import { CONFIG_MISMATCH, CONNECTOR_TASK, NO_ERROR, type Assignment, type ConnectorAssignments } from './connect-protocol.ts'

export interface EagerInput {
  leaderId: string
  leaderUrl: string
  /** The leader's config snapshot offset (after catching up). */
  leaderConfigOffset: bigint
  /** member id → the config offset it reported. */
  members: ReadonlyMap<string, bigint>
  /** connector name → its number of committed task configs. */
  connectors: ReadonlyMap<string, number>
}

export function eagerAssign (input: EagerInput): Map<string, Assignment> {
  const memberIds = [...input.members.keys()].sort()
  let maxOffset = input.leaderConfigOffset
  for (const o of input.members.values()) if (o > maxOffset) maxOffset = o
  const out = new Map<string, Assignment>()
  const base = { version: 0, leader: input.leaderId, leaderUrl: input.leaderUrl, revoked: new Map(), delay: 0 }
  if (input.leaderConfigOffset < maxOffset) {
    for (const m of memberIds) out.set(m, { ...base, error: CONFIG_MISMATCH, configOffset: maxOffset, assigned: new Map() })
    return out
  }
  const assigned = new Map<string, ConnectorAssignments>(memberIds.map(m => [m, new Map()]))
  let next = 0
  const give = (connector: string, task: number): void => {
    const member = memberIds[next++ % memberIds.length]!
    const a = assigned.get(member)!
    let tasks = a.get(connector)
    if (tasks === undefined) a.set(connector, tasks = [])
    tasks.push(task)
  }
  const connectors = [...input.connectors.keys()].sort()
  for (const c of connectors) give(c, CONNECTOR_TASK)
  for (const c of connectors) for (let t = 0; t < input.connectors.get(c)!; t++) give(c, t)
  for (const m of memberIds) out.set(m, { ...base, error: NO_ERROR, configOffset: input.leaderConfigOffset, assigned: assigned.get(m)! })
  return out
}
