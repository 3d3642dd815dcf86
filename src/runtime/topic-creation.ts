// Source topic creation (KIP-158, kafka-connect-behavior.md §3.2): when the worker allows it
// (topic.creation.enable, default true) and the connector has `topic.creation.*` keys, the first record a task sends
// to a topic that does not exist creates it with the settings of the first group whose include regexes match and
// whose exclude regexes do not (else the `default` group).
import { ConnectError } from '../api/errors.ts'
import { javaFullMatchRegex } from '../config/java-text.ts'
import { parseList } from '../config/parse-type.ts'
import type { AdminClient } from './clients.ts'

interface Group { name: string, include: RegExp[], exclude: RegExp[], partitions: number, replicationFactor: number, configs: Record<string, string> }

const RESERVED = new Set(['include', 'exclude', 'partitions', 'replication.factor'])

function group (config: Readonly<Record<string, string>>, name: string, dflt: Group | null): Group {
  const prefix = `topic.creation.${name}.`
  const num = (k: string): number | undefined => {
    const v = config[prefix + k]
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n)) throw new ConnectError(`Invalid value ${v} for configuration ${prefix}${k}: Not a number of type ${k === 'partitions' ? 'INT' : 'SHORT'}`)
    return n
  }
  const partitions = num('partitions') ?? dflt?.partitions
  const replicationFactor = num('replication.factor') ?? dflt?.replicationFactor
  if (replicationFactor === undefined) throw new ConnectError(`Missing required configuration "${prefix}replication.factor" which has no default value.`)
  if (partitions === undefined) throw new ConnectError(`Missing required configuration "${prefix}partitions" which has no default value.`)
  const configs: Record<string, string> = { ...(dflt?.configs ?? {}) }
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith(prefix) && !RESERVED.has(k.slice(prefix.length))) configs[k.slice(prefix.length)] = v
  }
  const regexes = (k: string, d: string): RegExp[] => parseList(config[prefix + k] ?? d).filter(s => s !== '').map(javaFullMatchRegex)
  return { name, include: name === 'default' ? [/^[\s\S]*$/] : regexes('include', ''), exclude: name === 'default' ? [] : regexes('exclude', ''), partitions, replicationFactor, configs }
}

export class TopicCreation {
  readonly #groups: Group[]
  readonly #default: Group
  readonly #admin: () => Promise<AdminClient>
  readonly #known = new Set<string>()

  private constructor (groups: Group[], dflt: Group, admin: () => Promise<AdminClient>) {
    this.#groups = groups
    this.#default = dflt
    this.#admin = admin
  }

  /** null when topic creation does not apply to this connector. Throws Kafka's messages for a bad default group. */
  static of (worker: Readonly<Record<string, string>>, connector: Readonly<Record<string, string>>, admin: () => Promise<AdminClient>): TopicCreation | null {
    if ((worker['topic.creation.enable'] ?? 'true').trim().toLowerCase() === 'false') return null
    if (!Object.keys(connector).some(k => k.startsWith('topic.creation.'))) return null
    const dflt = group(connector, 'default', null)
    const groups = [...new Set(parseList(connector['topic.creation.groups'] ?? ''))].filter(g => g !== 'default' && g !== '').map(g => group(connector, g, dflt))
    return new TopicCreation(groups, dflt, admin)
  }

  /** The group a topic falls in. */
  groupFor (topic: string): Group {
    return this.#groups.find(g => g.include.some(r => r.test(topic)) && !g.exclude.some(r => r.test(topic))) ?? this.#default
  }

  /** Create any of these topics that do not exist yet (once per topic per task). */
  async ensure (topics: Iterable<string>): Promise<void> {
    const missing = [...new Set(topics)].filter(t => !this.#known.has(t))
    if (missing.length === 0) return
    const admin = await this.#admin()
    try {
      for (const topic of missing) {
        const g = this.groupFor(topic)
        try {
          await admin.createTopics([{ name: topic, partitions: g.partitions, replicationFactor: g.replicationFactor, configs: g.configs }])
        } catch (err) {
          throw new ConnectError(`Task failed to create new topic ${JSON.stringify({ name: topic, numPartitions: g.partitions, replicationFactor: g.replicationFactor })}. Ensure that the task is authorized to create topics or that the topic exists and restart the task`, { cause: err })
        }
        this.#known.add(topic)
      }
    } finally {
      await admin.close()
    }
  }
}
