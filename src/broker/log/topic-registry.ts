// The topic registry on disk: <dataDir>/meta/topics.json holds every topic's name, UUID, partition count and
// config overrides; it is replaced durably (temp file, fsync, rename, directory fsync) on every change. Also the
// clean-shutdown marker (<dataDir>/meta/clean-shutdown) and topic name rules.
import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isNotFound, syncDir, writeFileDurably } from './fs-util.ts'

export interface TopicInfo {
  readonly name: string
  /** Canonical UUID string. */
  readonly id: string
  readonly partitions: number
  /** Config overrides set on the topic (DYNAMIC_TOPIC_CONFIG). */
  readonly configs: Readonly<Record<string, string>>
}

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/
export const MAX_TOPIC_NAME_LENGTH = 249

/** Why `name` is not a legal topic name, or undefined. */
export function invalidTopicName (name: string): string | undefined {
  if (name.length === 0) return 'Topic name is illegal, it can\'t be empty'
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."'
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters, topic name: ${name}`
  if (!LEGAL_NAME.test(name)) return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`
  return undefined
}

const metaDir = (dataDir: string): string => join(dataDir, 'meta')
const registryPath = (dataDir: string): string => join(metaDir(dataDir), 'topics.json')
const markerPath = (dataDir: string): string => join(metaDir(dataDir), 'clean-shutdown')

/** The directory of one partition's segments. */
export const partitionDir = (dataDir: string, topic: string, partition: number): string => join(dataDir, `${topic}-${partition}`)

export async function loadTopics (dataDir: string): Promise<TopicInfo[]> {
  let text: string
  try {
    text = await readFile(registryPath(dataDir), 'utf8')
  } catch (err) {
    if (isNotFound(err)) return []
    throw err
  }
  let parsed: { version?: number, topics?: TopicInfo[] }
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new Error(`the topic registry ${registryPath(dataDir)} is not valid JSON: ${(err as Error).message}`)
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.topics)) throw new Error(`${registryPath(dataDir)} is not a version 1 topic registry`)
  return parsed.topics.map(t => ({ name: String(t.name), id: String(t.id), partitions: Number(t.partitions), configs: { ...t.configs } }))
}

export async function saveTopics (dataDir: string, topics: readonly TopicInfo[]): Promise<void> {
  await mkdir(metaDir(dataDir), { recursive: true })
  await writeFileDurably(registryPath(dataDir), `${JSON.stringify({ version: 1, topics }, null, 2)}\n`)
}

/** Reads and removes the clean-shutdown marker: true when the previous run closed cleanly. */
export async function takeCleanShutdownMarker (dataDir: string): Promise<boolean> {
  await mkdir(metaDir(dataDir), { recursive: true })
  try {
    await stat(markerPath(dataDir))
  } catch (err) {
    if (isNotFound(err)) return false
    throw err
  }
  await rm(markerPath(dataDir), { force: true })
  await syncDir(metaDir(dataDir))
  return true
}

export async function writeCleanShutdownMarker (dataDir: string): Promise<void> {
  await writeFileDurably(markerPath(dataDir), `${new Date().toISOString()}\n`)
}
