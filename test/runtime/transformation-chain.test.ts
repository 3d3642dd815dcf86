import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SourceRecord, Schema, defineConfig, type Transformation, type Predicate, type PluginDescriptor } from '../../src/api/index.ts'
import { PluginRegistry } from '../../src/runtime/plugins/registry.ts'
import { TransformationChain } from '../../src/runtime/transformation-chain.ts'

// A TypeScript transform beyond Kafka's model: one record in, several out.
class Split implements Transformation<SourceRecord> {
  static readonly className = 'com.example.Split'
  #sep = ','
  configure (props: Readonly<Record<string, unknown>>): void { this.#sep = String(props.separator ?? ',') }
  apply (r: SourceRecord): SourceRecord[] {
    return String(r.value).split(this.#sep).map(part => r.newRecord(r.topic, r.kafkaPartition, r.keySchema, r.key, Schema.STRING_SCHEMA, part, r.timestamp))
  }
  config () { return defineConfig({ separator: { type: 'STRING', default: ',', importance: 'LOW', doc: 'separator' } }) }
}

class DropEmpty implements Transformation<SourceRecord> {
  static readonly className = 'com.example.DropEmpty'
  configure (): void {}
  apply (r: SourceRecord): SourceRecord | null { return r.value === '' ? null : r }
  config () { return defineConfig({}) }
}

class TopicIs implements Predicate<SourceRecord> {
  static readonly className = 'com.example.TopicIs'
  #topic = ''
  configure (props: Readonly<Record<string, unknown>>): void { this.#topic = String(props.topic) }
  test (r: SourceRecord): boolean { return r.topic === this.#topic }
  config () { return defineConfig({}) }
}

const registry = new PluginRegistry()
registry.register([
  { type: 'transformation', class: Split },
  { type: 'transformation', class: DropEmpty },
  { type: 'predicate', class: TopicIs }
] satisfies PluginDescriptor[])

const rec = (topic: string, value: string): SourceRecord => new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, valueSchema: Schema.STRING_SCHEMA, value })

test('a transform may emit several records; null drops; stages run in order', () => {
  const chain = TransformationChain.fromConfig<SourceRecord>(registry, {
    transforms: 'split,drop', 'transforms.split.type': 'com.example.Split', 'transforms.split.separator': ';', 'transforms.drop.type': 'DropEmpty'
  })
  assert.deepEqual(chain.apply(rec('t', 'a;;b')).map(r => r.value), ['a', 'b'])
})

test('predicate and negate select the records a stage applies to', () => {
  const config = { transforms: 'split', 'transforms.split.type': 'Split', 'transforms.split.predicate': 'onlyA', predicates: 'onlyA', 'predicates.onlyA.type': 'TopicIs', 'predicates.onlyA.topic': 'a' }
  const chain = TransformationChain.fromConfig<SourceRecord>(registry, config)
  assert.deepEqual(chain.apply(rec('a', 'x,y')).map(r => r.value), ['x', 'y'])
  assert.deepEqual(chain.apply(rec('b', 'x,y')).map(r => r.value), ['x,y'])
  const negated = TransformationChain.fromConfig<SourceRecord>(registry, { ...config, 'transforms.split.negate': 'true' })
  assert.deepEqual(negated.apply(rec('a', 'x,y')).map(r => r.value), ['x,y'])
  assert.deepEqual(negated.apply(rec('b', 'x,y')).map(r => r.value), ['x', 'y'])
})

test('unknown classes and undefined predicates are clear errors', () => {
  assert.throws(() => TransformationChain.fromConfig(registry, { transforms: 'a', 'transforms.a.type': 'Nope' }), /Transformation 'a': class Nope could not be found/)
  assert.throws(() => TransformationChain.fromConfig(registry, { transforms: 'a', 'transforms.a.type': 'Split', 'transforms.a.predicate': 'p' }), /refers to an undefined predicate 'p'/)
})
