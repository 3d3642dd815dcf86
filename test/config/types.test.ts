// Type inference of defineConfig: checked by `tsc --noEmit` (the @ts-expect-error lines must stay errors); the test
// body only runs the same calls.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defineConfig, nonEmptyString, type Password } from '../../src/config/index.ts'

const def = defineConfig({
  file: { type: 'STRING', default: null, importance: 'HIGH', doc: 'File to read; standard input when unset.' },
  topic: { type: 'STRING', importance: 'HIGH', validator: nonEmptyString(), doc: 'Topic the lines go to.' },
  'batch.size': { type: 'INT', default: 2000, importance: 'LOW', doc: 'Most lines returned by one poll.' },
  topics: { type: 'LIST', default: '', importance: 'LOW', doc: 'Topics.' },
  secret: { type: 'PASSWORD', importance: 'LOW', doc: 'Secret.' },
  ratio: { type: 'DOUBLE', default: '0.5', importance: 'LOW', doc: 'Ratio.' },
  timeout: { type: 'LONG', default: 1000n, importance: 'LOW', doc: 'Timeout.' },
  on: { type: 'BOOLEAN', default: 'true', importance: 'LOW', doc: 'On.' }
})

test('parse() result type is inferred from the spec', () => {
  const v = def.parse({ topic: 't', secret: 's' })
  const file: string | null = v.file
  const topic: string = v.topic
  const batch: number = v['batch.size']
  const topics: string[] = v.topics
  const secret: Password = v.secret
  const ratio: number = v.ratio
  const timeout: number = v.timeout
  const on: boolean = v.on
  // @ts-expect-error a required STRING is not nullable
  const nullTopic: null = v.topic
  // @ts-expect-error unknown keys are not part of the type
  assert.equal(v.unknown, undefined)
  assert.deepEqual([file, topic, batch, topics, secret.value(), ratio, timeout, on, nullTopic], [null, 't', 2000, [], 's', 0.5, 1000, true, 't'])
})

test('extend/merge/embed keep inference', () => {
  const ext = def.extend({ extra: { type: 'SHORT', default: 3, importance: 'LOW', doc: '' } })
  const extra: number = ext.parse({ topic: 't', secret: 's' }).extra
  const merged = def.merge({ topic: { type: 'INT', default: 1, importance: 'LOW', doc: '' } })
  const topic: number = merged.parse({ secret: 's' }).topic
  const emb = defineConfig({}).embed('p.', 'P', 0, defineConfig({ a: { type: 'BOOLEAN', default: false, importance: 'LOW', doc: '' } }))
  const a: boolean = emb.parse({})['p.a']
  assert.deepEqual([extra, topic, a], [3, 1, false])
})

test('wrong default types are compile errors', () => {
  // @ts-expect-error an INT default cannot be a boolean
  assert.throws(() => defineConfig({ x: { type: 'INT', default: true, importance: 'LOW', doc: '' } }))
  // @ts-expect-error importance words are Kafka's
  assert.doesNotThrow(() => defineConfig({ x: { type: 'INT', default: 1, importance: 'high', doc: '' } }))
})
