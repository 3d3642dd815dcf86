// A hand-rolled Metadata v1 request (no topics) for the start-up probe: no client library, so the time measured
// is the broker's, not a client's bootstrap logic.
import { connect } from 'node:net'

function metadataV1Request (correlationId: number): Buffer {
  const clientId = Buffer.from('bench-probe')
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4)
  let o = 0
  o = body.writeInt16BE(3, o) // api key: Metadata
  o = body.writeInt16BE(1, o) // version 1
  o = body.writeInt32BE(correlationId, o)
  o = body.writeInt16BE(clientId.length, o)
  o += clientId.copy(body, o)
  body.writeInt32BE(0, o) // topics: empty array (v1: no topics, brokers only)
  const frame = Buffer.alloc(4 + body.length)
  frame.writeInt32BE(body.length, 0)
  body.copy(frame, 4)
  return frame
}

/** One Metadata v1 round trip on a fresh connection; resolves true on a well-formed answer. */
export function metadataOnce (host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise(resolve => {
    const correlationId = 0x4b43
    const socket = connect({ host, port })
    let got = Buffer.alloc(0)
    const finish = (ok: boolean): void => { clearTimeout(timer); socket.destroy(); resolve(ok) }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('error', () => finish(false))
    socket.on('close', () => finish(false))
    socket.on('connect', () => { socket.setNoDelay(true); socket.write(metadataV1Request(correlationId)) })
    socket.on('data', chunk => {
      got = Buffer.concat([got, chunk])
      if (got.length >= 8 && got.length >= 4 + got.readInt32BE(0)) finish(got.readInt32BE(4) === correlationId)
    })
  })
}

/** Polls metadataOnce until it succeeds; resolves with performance.now() of the first success. */
export async function waitForMetadata (host: string, port: number, timeoutMs = 20000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await metadataOnce(host, port)) return performance.now()
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  throw new Error(`no Metadata answer from ${host}:${port} within ${timeoutMs} ms`)
}
