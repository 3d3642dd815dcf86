// Raw loopback clients for the baseline: a request/response pump (K connections, `depth` frames in flight on
// each, fixed request and response sizes — the shape of the produce test without any Kafka encoding) and a
// one-way stream (write as fast as backpressure allows).
import { connect, type Socket } from 'node:net'

export interface PumpResult {
  /** Request bytes (frames incl. their size prefix) acknowledged by the server. */
  bytes: number
  frames: number
  seconds: number
}

async function open (host: string, port: number): Promise<Socket> {
  const socket = connect({ host, port })
  socket.setNoDelay(true)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return socket
}

function frameOf (frameBytes: number): Buffer {
  const frame = Buffer.alloc(frameBytes, 0x78)
  frame.writeInt32BE(frameBytes - 4, 0)
  return frame
}

export interface ReqRespOptions {
  host: string
  port: number
  connections: number
  depth: number
  frameBytes: number
  replyBytes: number
  seconds: number
}

export async function pumpRequestResponse (o: ReqRespOptions): Promise<PumpResult> {
  const frame = frameOf(o.frameBytes)
  const sockets = await Promise.all(Array.from({ length: o.connections }, () => open(o.host, o.port)))
  const start = performance.now()
  const until = start + o.seconds * 1000
  let frames = 0
  await Promise.all(sockets.map(socket => new Promise<void>((resolve, reject) => {
    let inflight = 0
    let pending = 0 // reply bytes received but not yet a whole reply
    let stopping = false
    socket.on('error', reject)
    socket.on('data', (chunk: Buffer) => {
      if (stopping) return
      pending += chunk.length
      const replies = Math.floor(pending / o.replyBytes)
      pending -= replies * o.replyBytes
      inflight -= replies
      frames += replies
      const more = performance.now() < until
      if (more) {
        socket.cork()
        for (let k = 0; k < replies; k++) { socket.write(frame); inflight++ }
        socket.uncork()
      } else if (inflight === 0) {
        stopping = true
        socket.destroy()
        resolve()
      }
    })
    socket.cork()
    for (let k = 0; k < o.depth; k++) { socket.write(frame); inflight++ }
    socket.uncork()
  })))
  const seconds = (performance.now() - start) / 1000
  return { bytes: frames * o.frameBytes, frames, seconds }
}

export interface StreamOptions {
  host: string
  port: number
  frameBytes: number
  seconds: number
}

/** One connection writing frames while write() accepts them; the server reports the bytes it read at the end. */
export async function pumpStream (o: StreamOptions): Promise<PumpResult> {
  const frame = frameOf(o.frameBytes)
  const socket = await open(o.host, o.port)
  const start = performance.now()
  const until = start + o.seconds * 1000
  const total = new Promise<number>((resolve, reject) => {
    // The server may also have answered frames; the total is the last 8 bytes it sends.
    let got = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => { got = Buffer.concat([got, chunk]).subarray(-8) })
    socket.on('end', () => {
      if (got.length >= 8) resolve(Number(got.readBigUInt64BE(got.length - 8)))
      else reject(new Error('pump server sent no total'))
    })
    socket.on('error', reject)
  })
  let frames = 0
  await new Promise<void>(resolve => {
    const pump = (): void => {
      while (performance.now() < until) {
        frames++
        if (!socket.write(frame)) { socket.once('drain', pump); return }
      }
      resolve()
    }
    pump()
  })
  socket.end()
  const bytes = await total
  const seconds = (performance.now() - start) / 1000
  socket.destroy()
  return { bytes, frames, seconds }
}
