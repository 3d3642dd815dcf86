// The Connect group protocol's bytes (kafka-connect-behavior.md §5.2): worker metadata sent in JoinGroup and the
// assignments the leader hands out in SyncGroup, for the protocols `default` (eager, v0), `compatible` (v1) and
// `sessioned` (v2). Big-endian Kafka primitives; a Java worker and a kconnect worker read each other's bytes.

export type ConnectProtocol = 'default' | 'compatible' | 'sessioned'
export const PROTOCOL_VERSION: Readonly<Record<ConnectProtocol, number>> = { default: 0, compatible: 1, sessioned: 2 }
/** Task id that stands for the connector instance itself. */
export const CONNECTOR_TASK = -1

export const NO_ERROR = 0
export const CONFIG_MISMATCH = 1

/** connector name → task ids (CONNECTOR_TASK first when the connector instance is assigned). */
export type ConnectorAssignments = Map<string, number[]>

export interface Assignment {
  version: number
  error: number
  leader: string
  leaderUrl: string
  configOffset: bigint
  assigned: ConnectorAssignments
  revoked: ConnectorAssignments
  /** ms until members must rejoin (0 = none). */
  delay: number
}

export interface WorkerMetadata {
  version: number
  url: string
  configOffset: bigint
  /** What the worker runs now (v1+); null when it has no assignment yet. */
  allocation: Assignment | null
}

class Writer {
  readonly #chunks: Buffer[] = []
  int16 (v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); this.#chunks.push(b); return this }
  int32 (v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); this.#chunks.push(b); return this }
  int64 (v: bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(v); this.#chunks.push(b); return this }
  string (s: string): this { const b = Buffer.from(s, 'utf8'); this.int16(b.length); this.#chunks.push(b); return this }
  bytes (b: Buffer | null): this {
    if (b === null) return this.int32(-1)
    this.int32(b.length)
    this.#chunks.push(b)
    return this
  }

  done (): Buffer { return Buffer.concat(this.#chunks) }
}

class Reader {
  #pos = 0
  readonly #buf: Buffer
  constructor (buf: Buffer) { this.#buf = buf }
  get remaining (): number { return this.#buf.length - this.#pos }
  #need (n: number): void {
    if (this.#pos + n > this.#buf.length) throw new Error(`Error reading field: ${n} bytes needed at position ${this.#pos} of ${this.#buf.length}`)
  }

  int16 (): number { this.#need(2); const v = this.#buf.readInt16BE(this.#pos); this.#pos += 2; return v }
  int32 (): number { this.#need(4); const v = this.#buf.readInt32BE(this.#pos); this.#pos += 4; return v }
  int64 (): bigint { this.#need(8); const v = this.#buf.readBigInt64BE(this.#pos); this.#pos += 8; return v }
  string (): string {
    const n = this.int16()
    if (n < 0) throw new Error('Error reading field: non-nullable string is null')
    this.#need(n)
    const s = this.#buf.toString('utf8', this.#pos, this.#pos + n)
    this.#pos += n
    return s
  }

  bytes (): Buffer | null {
    const n = this.int32()
    if (n < 0) return null
    this.#need(n)
    const b = this.#buf.subarray(this.#pos, this.#pos + n)
    this.#pos += n
    return b
  }
}

function writeAssignments (w: Writer, a: ConnectorAssignments | null): void {
  if (a === null) { w.int32(-1); return }
  w.int32(a.size)
  for (const [connector, tasks] of a) {
    w.string(connector)
    w.int32(tasks.length)
    for (const t of tasks) w.int32(t)
  }
}

function readAssignments (r: Reader): ConnectorAssignments {
  const n = r.int32()
  const out: ConnectorAssignments = new Map()
  for (let i = 0; i < n; i++) {
    const connector = r.string()
    const count = r.int32()
    const tasks: number[] = []
    for (let j = 0; j < count; j++) tasks.push(r.int32())
    out.set(connector, tasks)
  }
  return out
}

export function encodeAssignment (a: Assignment): Buffer {
  const w = new Writer().int16(a.version).int16(a.error).string(a.leader).string(a.leaderUrl).int64(a.configOffset)
  if (a.version === 0) {
    writeAssignments(w, a.assigned)
    return w.done()
  }
  writeAssignments(w, a.assigned)
  writeAssignments(w, a.revoked)
  return w.int32(a.delay).done()
}

/** Any version ≥ 0 parses with the v1 layout; missing trailing fields default (revoked empty, delay 0). */
export function decodeAssignment (buf: Buffer): Assignment {
  const r = new Reader(buf)
  const version = r.int16()
  if (version < 0) throw new Error(`Unsupported subscription version: ${version}`)
  const error = r.int16()
  const leader = r.string()
  const leaderUrl = r.string()
  const configOffset = r.int64()
  const assigned = readAssignments(r)
  const revoked = r.remaining > 0 ? readAssignments(r) : new Map<string, number[]>()
  const delay = r.remaining >= 4 ? r.int32() : 0
  return { version, error, leader, leaderUrl, configOffset, assigned, revoked, delay }
}

export function encodeMetadata (m: WorkerMetadata): Buffer {
  const w = new Writer().int16(m.version).string(m.url).int64(m.configOffset)
  if (m.version === 0) return w.done()
  return w.bytes(m.allocation === null ? null : encodeAssignment(m.allocation)).done()
}

export function decodeMetadata (buf: Buffer): WorkerMetadata {
  const r = new Reader(buf)
  const version = r.int16()
  if (version < 0) throw new Error(`Unsupported subscription version: ${version}`)
  const url = r.string()
  const configOffset = r.int64()
  const bytes = version >= 1 && r.remaining > 0 ? r.bytes() : null
  return { version, url, configOffset, allocation: bytes === null ? null : decodeAssignment(bytes) }
}

/** The protocols a worker offers in JoinGroup for its `connect.protocol`, in preference order. */
export function offeredProtocols (setting: 'eager' | 'compatible' | 'sessioned'): ConnectProtocol[] {
  return setting === 'eager' ? ['default'] : setting === 'compatible' ? ['compatible', 'default'] : ['sessioned', 'compatible', 'default']
}
