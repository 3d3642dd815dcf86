// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per file, biggest first.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface HotSpot {
  name: string
  where: string
  selfMs: number
  percent: number
  /** For functions: the nearest project (non-node_modules, non-node:) frames above it, biggest share first. */
  from?: string
}

function shortUrl (url: string, root: string): string {
  if (url === '') return '(native)'
  let u = url.replace(/^file:\/\//, '')
  if (u.startsWith(root)) u = u.slice(root.length).replace(/^\//, '')
  return u
}

export function summarizeProfile (file: string, root: string, top = 20): { totalMs: number, idleMs: number, functions: HotSpot[], files: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const projectUrl = (url: string): boolean => url.startsWith('file://') && !url.includes('/node_modules/')
  /** The nearest ancestor (or the node itself) in project code, as `fn file:line`. */
  const owner = (id: number): string => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)?.callFrame
      if (cf !== undefined && projectUrl(cf.url)) return `${cf.functionName === '' ? '(anonymous)' : cf.functionName} ${shortUrl(cf.url, root)}:${cf.lineNumber + 1}`
    }
    return '(no project frame)'
  }
  const callers = new Map<string, Map<string, number>>()
  const selfUs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // timeDeltas[i] is the time before sample i; attribute the interval after a sample to it (as DevTools does).
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < deltas.length ? deltas[i + 1] : 0
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(dt, 0))
  }
  const totalUs = profile.endTime - profile.startTime
  const fns = new Map<string, HotSpot>()
  const files = new Map<string, HotSpot>()
  let idleUs = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)
    if (node === undefined) continue
    const cf = node.callFrame
    const name = cf.functionName === '' ? '(anonymous)' : cf.functionName
    if (name === '(idle)') { idleUs += us; continue }
    const where = cf.url === '' ? '' : `${shortUrl(cf.url, root)}:${cf.lineNumber + 1}`
    const key = `${name} ${where}`
    const f = fns.get(key) ?? { name, where, selfMs: 0, percent: 0 }
    f.selfMs += us / 1000
    fns.set(key, f)
    const by = callers.get(key) ?? new Map<string, number>()
    const o = owner(id)
    by.set(o, (by.get(o) ?? 0) + us / 1000)
    callers.set(key, by)
    const fileKey = cf.url === '' ? `(${name.replace(/[()]/g, '')})` : shortUrl(cf.url, root)
    const g = files.get(fileKey) ?? { name: fileKey, where: '', selfMs: 0, percent: 0 }
    g.selfMs += us / 1000
    files.set(fileKey, g)
  }
  const busyMs = (totalUs - idleUs) / 1000
  for (const [key, f] of fns) {
    const by = [...(callers.get(key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])
    f.from = by.slice(0, 2).map(([o, ms]) => `${o} (${Math.round(100 * ms / f.selfMs)}%)`).join(', ')
  }
  const finish = (m: Map<string, HotSpot>): HotSpot[] => [...m.values()]
    .map(h => ({ ...h, percent: busyMs > 0 ? 100 * h.selfMs / busyMs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, functions: finish(fns), files: finish(files) }
}
