// FileStreamSourceConnector / FileStreamSinkConnector (after Kafka's FileStreamSourceConnectorTest and
// FileStreamSinkConnectorTest): config keys, validation, task configs, exactly-once support, offset alteration.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectError, pluginClassName, type SourceMap } from '../../../src/api/index.ts'
import {
  FileStreamSinkConnector, FileStreamSinkTask, FileStreamSourceConnector, FileStreamSourceTask, kconnectPlugins
} from '../../../src/connectors/file/index.ts'

const PKG = 'org.apache.kafka.connect.file.'

test('class names, versions and the plugin list', () => {
  assert.equal(FileStreamSourceConnector.className, `${PKG}FileStreamSourceConnector`)
  assert.equal(FileStreamSinkConnector.className, `${PKG}FileStreamSinkConnector`)
  assert.equal(FileStreamSourceTask.className, `${PKG}FileStreamSourceTask`)
  assert.equal(FileStreamSinkTask.className, `${PKG}FileStreamSinkTask`)
  assert.equal(new FileStreamSourceConnector().taskClass(), FileStreamSourceTask)
  assert.equal(new FileStreamSinkConnector().taskClass(), FileStreamSinkTask)
  for (const v of [new FileStreamSourceConnector(), new FileStreamSinkConnector(), new FileStreamSourceTask(), new FileStreamSinkTask()]) {
    assert.equal(v.version(), '4.0.0')
  }
  assert.deepEqual(kconnectPlugins.map(p => [p.type, pluginClassName(p.class)]), [
    ['source', `${PKG}FileStreamSourceConnector`], ['sink', `${PKG}FileStreamSinkConnector`]
  ])
})

test('source config(): file, topic, batch.size as Kafka defines them', () => {
  const def = new FileStreamSourceConnector().config()
  assert.deepEqual(def.names(), ['file', 'topic', 'batch.size'])
  const file = def.key('file')!
  assert.equal(file.type, 'STRING')
  assert.equal(file.defaultValue, null)
  assert.equal(file.importance, 'HIGH')
  assert.equal(file.documentation, 'Source filename. If not specified, the standard input will be used')
  const topic = def.key('topic')!
  assert.equal(topic.importance, 'HIGH')
  assert.equal(topic.documentation, 'The topic to publish data to')
  const batch = def.key('batch.size')!
  assert.equal(batch.type, 'INT')
  assert.equal(batch.defaultValue, 2000)
  assert.equal(batch.importance, 'LOW')
  assert.equal(batch.documentation, 'The maximum number of records the source task can read from the file each time it is polled')

  const body = def.toConfigInfos(`${PKG}FileStreamSourceConnector`, { topic: 't' })
  const batchInfo = body.configs.find(c => c.definition?.name === 'batch.size')!
  assert.deepEqual(batchInfo.definition, {
    name: 'batch.size', type: 'INT', required: false, default_value: '2000', importance: 'LOW',
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
    group: null, width: 'NONE', display_name: 'batch.size', dependents: [], order: -1
  })
})

test('source validate(): missing or empty topic, bad batch.size', () => {
  const c = new FileStreamSourceConnector()
  const errors = (props: Record<string, string>): Record<string, string[]> =>
    Object.fromEntries(c.validate(props).map(v => [v.name, v.errorMessages]))
  assert.deepEqual(errors({ topic: 't', file: '/tmp/x' }), { file: [], topic: [], 'batch.size': [] })
  const ok = c.validate({ topic: 't' })
  assert.deepEqual(ok.map(v => [v.name, v.value]), [['file', null], ['topic', 't'], ['batch.size', 2000]])
  assert.deepEqual(errors({}).topic, ['Missing required configuration "topic" which has no default value.'])
  assert.deepEqual(errors({ topic: '' }).topic, ['Invalid value  for configuration topic: String must be non-empty'])
  assert.deepEqual(errors({ topic: 't', 'batch.size': 'x' })['batch.size'], ['Invalid value x for configuration batch.size: Not a number of type INT'])
  assert.throws(() => c.start({ topic: '' }), /String must be non-empty/)
})

test('source taskConfigs: always one config, the connector props', () => {
  const c = new FileStreamSourceConnector()
  const props = { name: 'src', topic: 't', file: '/tmp/in', 'tasks.max': '5' }
  c.start(props)
  assert.deepEqual(c.taskConfigs(1), [props])
  assert.deepEqual(c.taskConfigs(5), [props])
  c.stop()
})

test('source exactlyOnceSupport: SUPPORTED only with a file', () => {
  const c = new FileStreamSourceConnector()
  assert.equal(c.exactlyOnceSupport({ topic: 't', file: '/tmp/in' }), 'SUPPORTED')
  assert.equal(c.exactlyOnceSupport({ topic: 't', file: '' }), 'UNSUPPORTED')
  assert.equal(c.exactlyOnceSupport({ topic: 't' }), 'UNSUPPORTED')
})

test('source alterOffsets: Kafka\'s checks and messages', () => {
  const c = new FileStreamSourceConnector()
  const props = { topic: 't', file: '/tmp/in' }
  const alter = (entries: Array<[SourceMap, SourceMap | null]>, p: Record<string, string> = props): boolean =>
    c.alterOffsets(p, new Map(entries))
  const fails = (fn: () => unknown, message: string): void =>
    assert.throws(fn, (err: unknown) => err instanceof ConnectError && err.message === message)

  fails(() => alter([[{ filename: '/tmp/in' }, { position: 1 }]], { topic: 't' }),
    "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.")
  fails(() => alter([], { topic: 't', file: '' }),
    "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.")
  fails(() => alter([[{ filename: '/tmp/in' }, { other: 1 }]]), "Offset objects should either be null or contain the key 'position'")
  for (const position of ['1', 1.5, null, true]) {
    fails(() => alter([[{ filename: '/tmp/in' }, { position }]]), "The value for the 'position' key in the offset is expected to be a Long value")
  }
  fails(() => alter([[{ filename: '/tmp/in' }, { position: -1 }]]), "The value for the 'position' key in the offset should be a non-negative value")
  fails(() => alter([[{ filename: '/tmp/in' }, { position: -1n }]]), "The value for the 'position' key in the offset should be a non-negative value")
  fails(() => alter([[null as unknown as SourceMap, { position: 1 }]]), 'Partition objects cannot be null')
  fails(() => alter([[{ name: '/tmp/in' }, { position: 1 }]]), "Partition objects should contain the key 'filename'")

  assert.equal(alter([[{ filename: '/tmp/in' }, { position: 0 }], [{ filename: '/tmp/other' }, { position: 10n }]]), true)
  assert.equal(alter([[{ anything: 1 }, null], [null as unknown as SourceMap, null]]), true, 'tombstones are always allowed')
  assert.equal(alter([]), true)
})

test('sink config(), validate(), taskConfigs and alterOffsets', () => {
  const c = new FileStreamSinkConnector()
  const def = c.config()
  assert.deepEqual(def.names(), ['file'])
  const file = def.key('file')!
  assert.equal(file.type, 'STRING')
  assert.equal(file.defaultValue, null)
  assert.equal(file.importance, 'HIGH')
  assert.equal(file.documentation, 'Destination filename. If not specified, the standard output will be used')
  assert.deepEqual(c.validate({ topics: 't' }).map(v => [v.name, v.value, v.errorMessages]), [['file', null, []]])

  const props = { name: 'sink', topics: 'a,b', file: '/tmp/out' }
  c.start(props)
  const configs = c.taskConfigs(3)
  assert.equal(configs.length, 3)
  for (const cfg of configs) assert.deepEqual(cfg, props)
  assert.deepEqual(c.taskConfigs(1), [props])
  assert.equal(c.alterOffsets(props, new Map([[{ kafka_topic: 'a', kafka_partition: 0 }, { kafka_offset: 5 }]])), true)
  assert.equal(c.alterOffsets(props, new Map([[{ anything: true }, null]])), true)
  c.stop()
})
