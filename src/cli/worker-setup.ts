// Builds a standalone worker: plugins, offset store, Kafka clients, worker, herder, REST server. Used by
// `kconnect standalone` (connect-standalone) and `kconnect dev`.
import { dirname, join, resolve } from 'node:path'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import { parseStandaloneConfig } from '../config/worker-config.ts'
import { closeConfigProviders, resolveWorkerConfig } from '../config/providers/registry.ts'
import { KafkaClientFactory } from '../kafka/client-factory.ts'
import { PluginRegistry } from '../runtime/plugins/registry.ts'
import { builtinPlugins } from '../runtime/plugins/builtin.ts'
import { loadPlugins } from '../runtime/plugins/loader.ts'
import { FileOffsetBackingStore, MemoryOffsetBackingStore } from '../runtime/storage/file-offset-store.ts'
import type { OffsetBackingStore } from '../runtime/storage/offset-store.ts'
import { StandaloneHerder } from '../runtime/standalone/standalone-herder.ts'
import { Worker } from '../runtime/worker.ts'
import { LoggerRegistry } from '../runtime/loggers.ts'
import { ConnectMetrics } from '../runtime/metrics.ts'
import { createRestServer } from '../rest/server.ts'
import type { ConnectorFile } from './connector-files.ts'
import type { Herder } from '../runtime/herder.ts'

/** The REST server starts before the herder (the worker id is its URL): forward calls once the herder exists. */
function lazyHerder (get: () => Herder | undefined): Herder {
  return new Proxy({} as Herder, {
    get (_target, prop) {
      const h = get()
      if (h === undefined) {
        if (prop === 'ready') return () => false
        throw new Error('Worker is still starting up.')
      }
      const v = (h as unknown as Record<string | symbol, unknown>)[prop]
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(h) : v
    }
  })
}

export interface StandaloneWorker {
  herder: StandaloneHerder
  worker: Worker
  restUrl: string
  close (): Promise<void>
}

export interface StandaloneSetup {
  workerProps: Record<string, string>
  connectors: ConnectorFile[]
  loggers: LoggerRegistry
  /** Keep offsets in memory instead of `offset.storage.file.filename`. */
  memoryOffsets?: boolean
}

function stringProps (props: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) out[k] = String(v)
  return out
}

/** `host:port` of the REST URL, with the machine's host name for a wildcard bind (Kafka's advertised URL). */
function workerIdOf (url: URL, props: Record<string, string>): string {
  const host = props['rest.advertised.host.name'] ?? (url.hostname === '0.0.0.0' || url.hostname === '[::]' || url.hostname === '' ? hostname() : url.hostname)
  const port = props['rest.advertised.port'] ?? url.port
  return `${host}:${port}`
}

export async function startStandaloneWorker (setup: StandaloneSetup): Promise<StandaloneWorker> {
  const log: Logger = setup.loggers.logger('org.apache.kafka.connect.runtime.Worker')
  const { resolved, providers } = await resolveWorkerConfig(setup.workerProps)
  const workerProps = stringProps(resolved)
  const parsed = parseStandaloneConfig(workerProps)

  const registry = new PluginRegistry()
  registry.register(builtinPlugins())
  const pluginPath = (parsed['plugin.path'] as string[] | null) ?? []
  const report = await loadPlugins(registry, pluginPath, join(process.cwd(), 'node_modules'))
  for (const l of report.loaded) log.info(`Loaded ${l.count} plugin(s) from ${l.origin}`)
  for (const f of report.failed) log.warn(`Could not load plugins from ${f.origin}: ${f.error}`)

  const offsetFile = resolve(String(parsed['offset.storage.file.filename']))
  const offsetStore: OffsetBackingStore = setup.memoryOffsets === true ? new MemoryOffsetBackingStore() : new FileOffsetBackingStore(offsetFile)
  await offsetStore.start()
  if (setup.memoryOffsets !== true) log.info(`Source offsets are kept in ${offsetFile} (directory ${dirname(offsetFile)})`)

  const clients = new KafkaClientFactory({ logger: log })
  const admin = await clients.admin({ 'bootstrap.servers': workerProps['bootstrap.servers'] ?? 'localhost:9092', 'client.id': 'connect-shared-admin' })
  let clusterId: string | null
  try {
    clusterId = await admin.clusterId()
  } finally {
    await admin.close()
  }
  log.info(`Kafka cluster ID: ${clusterId}`)

  const metrics = new ConnectMetrics()
  // The REST server and the worker's status listener are built before the herder they call into.
  const ref: { herder?: StandaloneHerder } = {}
  const rest = await createRestServer({
    herder: lazyHerder(() => ref.herder),
    listeners: parsed.listeners as string[],
    adminListeners: parsed['admin.listeners'] as string[] | null,
    accessControlAllowOrigin: workerProps['access.control.allow.origin'],
    accessControlAllowMethods: workerProps['access.control.allow.methods'],
    responseHttpHeaders: workerProps['response.http.headers.config'],
    loggers: setup.loggers,
    logger: setup.loggers.logger('org.apache.kafka.connect.runtime.rest.RestServer'),
    metrics: () => metrics.render()
  })
  const workerId = workerIdOf(new URL(rest.url), workerProps)
  const worker = new Worker({
    workerId,
    workerProps,
    registry,
    offsetStore,
    clients,
    providers,
    listener: StandaloneHerder.statusListener(() => ref.herder!),
    log
  })
  const herder = new StandaloneHerder({
    worker,
    registry,
    offsetStore,
    kafkaClusterId: clusterId,
    admin: () => clients.admin({ 'bootstrap.servers': workerProps['bootstrap.servers'] ?? 'localhost:9092', 'client.id': 'connect-offsets-admin' }),
    topicTracking: {
      enabled: parsed['topic.tracking.enable'] as boolean,
      allowReset: parsed['topic.tracking.allow.reset'] as boolean
    }
  })
  ref.herder = herder
  metrics.attach(herder, worker)
  log.info('Kafka Connect started')
  for (const c of setup.connectors) {
    await herder.putConnectorConfig(c.name, c.config, { allowReplace: false, initialState: c.initialState })
    log.info(`Created connector ${c.name} from ${c.path}`)
  }
  herder.markReady()
  log.info(`REST resources initialized; server is started and ready to handle requests at ${rest.url}`)

  return {
    herder,
    worker,
    restUrl: rest.url,
    close: async () => {
      log.info('Kafka Connect stopping')
      await rest.close()
      await herder.stop()
      await worker.stop()
      await offsetStore.stop()
      await closeConfigProviders(providers)
      log.info('Kafka Connect stopped')
    }
  }
}
