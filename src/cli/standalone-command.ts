// `kconnect standalone worker.properties [connector.properties|.json …]` (the `connect-standalone` bin): one worker,
// offsets in a local file, REST on `listeners`, connectors from the files given. Stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import { readPropertiesFile } from '../config/properties.ts'
import { workerConfigFromEnv } from '../config/env.ts'
import { LoggerRegistry } from '../runtime/loggers.ts'
import { readConnectorFile } from './connector-files.ts'
import { startStandaloneWorker } from './worker-setup.ts'

export const standaloneHelp = `Usage: kconnect standalone [options] worker.properties [connector1.properties|.json ...]
       connect-standalone worker.properties [connector1.properties|.json ...]

Runs a standalone Kafka Connect worker: one process, source offsets in offset.storage.file.filename, the REST API on
'listeners' (default http://:8083). Connector files are .properties or JSON (a flat map, or
{"name","config","initial_state"}); they are created at start like POST /connectors. Worker keys may also come from
CONNECT_* environment variables (CONNECT_BOOTSTRAP_SERVERS → bootstrap.servers); the file wins.

Options:
  --log-level LEVEL   trace, debug, info, warn, error (default info)
  -h, --help          show this help

Example:
  kconnect standalone config/connect-standalone.properties config/connect-file-source.properties`

export async function runStandalone (argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { 'log-level': { type: 'string' } } })
  if (positionals.length < 1) throw new Error(`a worker.properties file is required\n\n${standaloneHelp}`)
  const [workerFile, ...connectorPaths] = positionals as [string, ...string[]]
  const fromFile = Object.fromEntries(await readPropertiesFile(workerFile))
  const workerProps = { ...workerConfigFromEnv(process.env), ...fromFile }
  const connectors = []
  for (const p of connectorPaths) connectors.push(await readConnectorFile(p))
  const loggers = new LoggerRegistry({ level: values['log-level'] ?? 'info' })
  const log = loggers.logger('org.apache.kafka.connect.cli.ConnectStandalone')
  log.info(`Kafka Connect standalone worker initializing (worker config ${workerFile}, ${connectors.length} connector file(s))`)
  const running = await startStandaloneWorker({ workerProps, connectors, loggers })
  console.log(`kconnect standalone: REST API at ${running.restUrl}`)
  await waitForSignal()
  await running.close()
}

export function waitForSignal (): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      resolve()
    }
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
}
