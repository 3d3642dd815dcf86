// `kconnect dev` (what `npm start` runs): the embedded broker, a standalone worker with REST, and the demo pipeline
// FileStreamSource (data/demo/input.txt) → topic connect-test → FileStreamSink (data/demo/output.txt).
import { parseArgs } from 'node:util'
import { appendFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pino from 'pino'
import { startBroker } from '../broker/index.ts'
import { LoggerRegistry } from '../runtime/loggers.ts'
import { startStandaloneWorker } from './worker-setup.ts'
import { waitForSignal } from './standalone-command.ts'
import type { ConnectorFile } from './connector-files.ts'

export const devHelp = `Usage: kconnect dev [options]

Runs everything in one process: the embedded Kafka-protocol broker, a standalone worker with the REST API, and a demo
pipeline  <data-dir>/demo/input.txt → FileStreamSource → topic connect-test → FileStreamSink → <data-dir>/demo/output.txt.
Append lines to the input file and watch them arrive in the output file. Stops cleanly on SIGINT/SIGTERM.

Options:
  --data-dir DIR      broker data, offsets and demo files (default ./data)
  --broker-port N     broker port (default 9092; 0 picks a free port)
  --rest-port N       REST API port (default 8083; 0 picks a free port)
  --no-demo           start broker and worker without the demo connectors
  --ticker            append a timestamped line to the input file every second
  --log-level LEVEL   trace, debug, info, warn, error (default info)
  -h, --help          show this help`

export async function runDev (argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      'broker-port': { type: 'string' },
      'rest-port': { type: 'string' },
      'no-demo': { type: 'boolean' },
      ticker: { type: 'boolean' },
      'log-level': { type: 'string' }
    }
  })
  const level = values['log-level'] ?? 'info'
  const dataDir = resolve(values['data-dir'] ?? 'data')
  const brokerPort = Number(values['broker-port'] ?? 9092)
  const restPort = Number(values['rest-port'] ?? 8083)
  const demoDir = join(dataDir, 'demo')
  await mkdir(demoDir, { recursive: true })
  const input = join(demoDir, 'input.txt')
  const output = join(demoDir, 'output.txt')

  const broker = await startBroker({ port: brokerPort, dataDir: join(dataDir, 'broker'), logger: pino({ level: level === 'info' ? 'warn' : level }) })
  console.log(`kconnect dev: broker listening on ${broker.bootstrapServers} (data in ${join(dataDir, 'broker')})`)

  const loggers = new LoggerRegistry({ level })
  const demo: ConnectorFile[] = values['no-demo'] === true
    ? []
    : [
        { path: '(demo)', name: 'local-file-source', config: { name: 'local-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input, topic: 'connect-test' } },
        { path: '(demo)', name: 'local-file-sink', config: { name: 'local-file-sink', 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: output, topics: 'connect-test' } }
      ]
  if (demo.length > 0) await appendFile(input, '')
  const worker = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': broker.bootstrapServers,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': join(dataDir, 'connect.offsets'),
      'offset.flush.interval.ms': '1000',
      listeners: `http://127.0.0.1:${restPort}`
    },
    connectors: demo,
    loggers
  })
  const url = worker.restUrl.replace(/\/$/, '')
  console.log(`kconnect dev: REST API at ${url}`)
  if (demo.length > 0) {
    console.log(`
Demo pipeline running:  ${input}  →  topic connect-test  →  ${output}
  echo "hello kconnect" >> ${input}
  tail -f ${output}
  curl -s ${url}/connectors?expand=status
  curl -s ${url}/connectors/local-file-source/status
  kcat -b ${broker.bootstrapServers} -t connect-test -C -e      # the JsonConverter envelopes
Ctrl-C stops everything.`)
  }
  let tick: NodeJS.Timeout | undefined
  if (values.ticker === true && demo.length > 0) {
    let n = 0
    tick = setInterval(() => { void appendFile(input, `tick ${++n} at ${new Date().toISOString()}\n`) }, 1000)
  }
  await waitForSignal()
  clearInterval(tick)
  console.log('kconnect dev: stopping')
  await worker.close()
  await broker.close()
}
