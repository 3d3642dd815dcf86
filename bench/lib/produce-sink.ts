// A "zero-cost broker" for the client ceiling: a proxy that forwards every request to the real broker, except
// Produce requests once it has seen one real Produce answer on the connection: those it reads to the end and
// discards, then answers by replaying that last answer with the correlation id patched. Only the first 8 bytes of
// each request are looked at and nothing is copied, so a producer pointed at it runs as fast as the client and
// loopback allow. Give the broker `--advertised-listener <sink address>` so clients come back through the sink;
// the upstream address arrives on stdin as `upstream HOST:PORT` (the broker is started after the sink).
// Prints `listening on HOST:PORT`.
import { createServer, connect, type Socket } from 'node:net'
import { createInterface } from 'node:readline'

let upstream: { host: string, port: number } | undefined
const waiting: Array<() => void> = []
createInterface({ input: process.stdin }).on('line', line => {
  const m = /^upstream (\S+):(\d+)$/.exec(line.trim())
  if (m === null) return
  upstream = { host: m[1], port: Number(m[2]) }
  for (const w of waiting.splice(0)) w()
})

function serve (client: Socket): void {
  client.setNoDelay(true)
  client.pause()
  const start = (): void => {
    const { host, port } = upstream as { host: string, port: number }
    const up = connect({ host, port })
    up.setNoDelay(true)
    const pending: number[] = [] // api keys of forwarded requests, in order
    let template: Buffer | undefined
    // request side
    const head = Buffer.alloc(12)
    let headHave = 0
    let left = 0 // body bytes of the current request still to come
    let forwarding = false
    const finishReplay = (): void => {
      const reply = template as Buffer
      reply.writeInt32BE(head.readInt32BE(8), 4) // correlation id
      client.write(Buffer.from(reply))
    }
    client.on('data', (chunk: Buffer) => {
      let i = 0
      while (i < chunk.length) {
        if (headHave < 12) {
          const take = Math.min(12 - headHave, chunk.length - i)
          chunk.copy(head, headHave, i, i + take)
          headHave += take
          i += take
          if (headHave < 12) break
          left = head.readInt32BE(0) - 8
          const apiKey = head.readInt16BE(4)
          forwarding = !(apiKey === 0 && template !== undefined && pending.length === 0)
          if (forwarding) { pending.push(apiKey); up.write(Buffer.from(head)) }
          if (left === 0) { if (!forwarding) finishReplay(); headHave = 0 }
          continue
        }
        const take = Math.min(left, chunk.length - i)
        if (forwarding) up.write(chunk.subarray(i, i + take))
        left -= take
        i += take
        if (left === 0) {
          if (!forwarding) finishReplay()
          headHave = 0
        }
      }
    })
    // response side: whole frames (small), to learn the Produce answer
    let acc: Buffer = Buffer.alloc(0)
    up.on('data', (chunk: Buffer) => {
      acc = acc.length === 0 ? chunk : Buffer.concat([acc, chunk])
      while (acc.length >= 4 && acc.length >= 4 + acc.readInt32BE(0)) {
        const size = 4 + acc.readInt32BE(0)
        const frame = acc.subarray(0, size)
        if (pending.shift() === 0) template = Buffer.from(frame)
        client.write(frame)
        acc = acc.subarray(size)
      }
    })
    const close = (): void => { client.destroy(); up.destroy() }
    up.on('error', close)
    up.on('close', close)
    client.on('error', close)
    client.on('close', close)
    client.resume()
  }
  if (upstream !== undefined) start()
  else waiting.push(start)
}

const server = createServer(serve)
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  console.log(`sink listening on 127.0.0.1:${port}`)
})
process.once('SIGTERM', () => { server.close(); process.exit(0) })
