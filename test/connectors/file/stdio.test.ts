// The stdin/stdout modes, in child processes: FileStreamSource without `file` reads stdin (offset position null),
// FileStreamSink without `file` writes to stdout.
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { runScript, srcPath, tempDir } from './helpers.ts'

const T = { timeout: 30000 }

test('source without file reads the standard input; offsets carry position null', T, async t => {
  const script = join(await tempDir(t), 'stdin-source.ts')
  await writeFile(script, `
import { FileStreamSourceTask } from ${JSON.stringify(srcPath('connectors/file/index.ts'))}
const task = new FileStreamSourceTask()
task.initialize({ configs: () => ({}), offsetStorageReader: { offset: async () => null, offsets: async () => new Map() } })
task.start({ topic: 'from-stdin' })
const out = []
for (let i = 0; i < 20 && out.length < 3; i++) {
  const rs = await task.poll(AbortSignal.timeout(2000))
  for (const r of rs ?? []) out.push({ value: r.value, partition: r.sourcePartition, offset: r.sourceOffset, topic: r.topic })
}
await task.stop()
console.log(JSON.stringify(out))
process.exit(0)
`)
  const { code, stdout, stderr } = await runScript(script, 'one\r\ntwo\rthree\n')
  assert.equal(code, 0, stderr)
  assert.deepEqual(JSON.parse(stdout), ['one', 'two', 'three'].map(value => ({
    value, partition: { filename: null }, offset: { position: null }, topic: 'from-stdin'
  })))
})

test('sink without file writes the lines to the standard output', T, async t => {
  const script = join(await tempDir(t), 'stdout-sink.ts')
  await writeFile(script, `
import { SinkRecord } from ${JSON.stringify(srcPath('api/index.ts'))}
import { FileStreamSinkTask } from ${JSON.stringify(srcPath('connectors/file/index.ts'))}
const task = new FileStreamSinkTask()
await task.start({})
const rec = (value, kafkaOffset) => new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset, value })
await task.put([rec('line1', 0), rec(null, 1), rec(42, 2)])
await task.put([rec('x'.repeat(200000), 3)])
await task.flush(new Map())
await task.stop()
`)
  const { code, stdout, stderr } = await runScript(script, '')
  assert.equal(code, 0, stderr)
  assert.equal(stdout, `line1\nnull\n42\n${'x'.repeat(200000)}\n`)
})
