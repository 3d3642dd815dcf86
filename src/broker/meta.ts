// The broker's identity on disk: `<dataDir>/meta.properties` holds cluster.id and node.id, as Kafka's does, so a
// restarted broker keeps its cluster id (clients and Connect workers notice a changed one).
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A Kafka-style cluster id: the 16 bytes of a random UUID in URL-safe base64 without padding (22 chars). */
export function newClusterId (): string {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url')
}

export async function loadOrCreateClusterId (dataDir: string | undefined, nodeId: number): Promise<string> {
  if (dataDir === undefined) return newClusterId()
  await mkdir(dataDir, { recursive: true })
  const file = join(dataDir, 'meta.properties')
  try {
    const text = await readFile(file, 'utf8')
    const match = /^cluster\.id=(.+)$/m.exec(text)
    if (match !== null) return match[1].trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const clusterId = newClusterId()
  await writeFile(`${file}.tmp`, `# written by kconnect broker\nversion=1\ncluster.id=${clusterId}\nnode.id=${nodeId}\n`)
  await rename(`${file}.tmp`, file)
  return clusterId
}
