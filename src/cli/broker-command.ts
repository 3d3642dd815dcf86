// `kconnect broker`: runs the embedded broker in the foreground until SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import pino from 'pino'
import { startBroker } from '../broker/index.ts'

export const brokerHelp = `Usage: kconnect broker [options]

Runs the embedded single-node Kafka-protocol broker (for development, tests and small edge deployments;
production uses a real Apache Kafka cluster). Stops cleanly on SIGINT/SIGTERM.

Options:
  --port N                     TCP port to listen on (default 9092; 0 picks a free port)
  --host HOST                  interface to bind (default 127.0.0.1)
  --data-dir DIR               where topics, offsets and groups are stored; without it data is kept in memory
  --num-partitions N           partitions of auto-created topics (default 1)
  --advertised-listener H:P    address given to clients in Metadata (default: the bound address)
  --no-auto-create             disable auto.create.topics.enable
  --flush-interval-messages N  fsync every N messages (log.flush.interval.messages; default: leave it to the OS)
  --flush-interval-ms N        fsync at least every N ms (log.flush.interval.ms)
  --log-level LEVEL            trace, debug, info, warn, error (default info)
  -h, --help                   show this help`

function intOption (value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a non-negative integer, got '${value}'`)
  return n
}

export async function runBroker (argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'num-partitions': { type: 'string' },
      'advertised-listener': { type: 'string' },
      'no-auto-create': { type: 'boolean' },
      'flush-interval-messages': { type: 'string' },
      'flush-interval-ms': { type: 'string' },
      'log-level': { type: 'string' }
    }
  })
  const logger = pino({ level: values['log-level'] ?? 'info' })
  const dataDir = values['data-dir'] === undefined ? undefined : resolve(values['data-dir'])
  const broker = await startBroker({
    host: values.host,
    port: intOption(values.port, 'port'),
    dataDir,
    numPartitions: intOption(values['num-partitions'], 'num-partitions'),
    advertisedListener: values['advertised-listener'],
    autoCreateTopics: values['no-auto-create'] === true ? false : undefined,
    flushIntervalMessages: intOption(values['flush-interval-messages'], 'flush-interval-messages'),
    flushIntervalMs: intOption(values['flush-interval-ms'], 'flush-interval-ms'),
    logger
  })
  console.log(`kconnect broker listening on ${broker.bootstrapServers}`)
  console.log(dataDir === undefined
    ? 'data: in memory (use --data-dir DIR to keep it)'
    : `data dir: ${dataDir}`)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received, stopping broker`)
    broker.close().then(() => { console.log('broker stopped') }, err => {
      console.error(`error while stopping: ${(err as Error).message}`)
      process.exitCode = 1
    })
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}
