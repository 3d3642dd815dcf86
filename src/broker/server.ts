// The TCP listener: accepts sockets and gives each a Connection bound to the dispatcher.
import { createServer, type Server, type Socket } from 'node:net'
import type { Logger } from 'pino'
import { Connection, type FrameHandler } from './connection.ts'

export interface Listener {
  readonly host: string
  readonly port: number
  close (): Promise<void>
}

export async function listen (host: string, port: number, handler: FrameHandler, maxFrame: number, logger: Logger): Promise<Listener> {
  const sockets = new Set<Socket>()
  let nextId = 1
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    const conn = new Connection(nextId++, socket, handler, maxFrame, logger)
    conn.logger.debug('connection opened')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => { server.off('error', reject); resolve() })
  })
  const address = server.address()
  const boundPort = typeof address === 'object' && address !== null ? address.port : port
  return {
    host,
    port: boundPort,
    close: async () => {
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await closed
    }
  }
}
