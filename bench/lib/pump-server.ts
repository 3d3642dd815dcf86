// The raw loopback baseline's server, run as its own process like the broker: reads int32-size-prefixed frames
// and discards them; with --reply-bytes N > 0 it answers every complete frame with an N-byte frame (a stand-in
// for a Produce response), in order. When the client half-closes, it writes the total bytes it read (8 bytes)
// and closes. Prints `listening on HOST:PORT`.
import { createServer, type Socket } from 'node:net'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'reply-bytes': { type: 'string', default: '0' }
  }
})
const replyBytes = Number(values['reply-bytes'])
const reply = Buffer.alloc(Math.max(replyBytes, 4), 0x72)
if (replyBytes > 0) reply.writeInt32BE(replyBytes - 4, 0)

function serve (socket: Socket): void {
  socket.setNoDelay(true)
  const header = Buffer.alloc(4)
  let headerHave = 0
  let remaining = 0
  let inBody = false
  let total = 0
  socket.on('data', (chunk: Buffer) => {
    total += chunk.length
    let i = 0
    let complete = 0
    while (i < chunk.length) {
      if (inBody) {
        const take = Math.min(remaining, chunk.length - i)
        remaining -= take
        i += take
        if (remaining === 0) { inBody = false; complete++ }
      } else {
        header[headerHave++] = chunk[i++]
        if (headerHave === 4) {
          headerHave = 0
          remaining = header.readInt32BE(0)
          if (remaining === 0) complete++
          else inBody = true
        }
      }
    }
    if (replyBytes > 0 && complete > 0) {
      socket.cork()
      for (let k = 0; k < complete; k++) socket.write(reply)
      socket.uncork()
    }
  })
  socket.on('end', () => {
    const done = Buffer.alloc(8)
    done.writeBigUInt64BE(BigInt(total), 0)
    socket.end(done)
  })
  socket.on('error', () => { socket.destroy() })
}

const server = createServer(serve)
server.listen(Number(values.port), values.host, () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  console.log(`pump listening on ${values.host}:${port}`)
})
process.once('SIGTERM', () => { server.close(); process.exit(0) })
