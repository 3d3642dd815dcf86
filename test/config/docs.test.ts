// Markdown docs: Kafka's documentation order (ConfigDef.sortedConfigs), group headings, Type / Default / Valid Values
// / Importance lines with the `.ms` / `.bytes` hints; the connector config reference is kept in a golden file.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { atLeast, defineConfig, niceMemoryUnits, niceTimeUnits, sinkConnectorConfigDef, sourceConnectorConfigDef } from '../../src/config/index.ts'

test('Kafka time and memory hints', () => {
  assert.equal(niceTimeUnits(60000), ' (1 minute)')
  assert.equal(niceTimeUnits(300000), ' (5 minutes)')
  assert.equal(niceTimeUnits(86400000 * 7), ' (7 days)')
  assert.equal(niceTimeUnits(1500), '')
  assert.equal(niceMemoryUnits(32768), ' (32 kibibytes)')
  assert.equal(niceMemoryUnits(1048576), ' (1 mebibyte)')
  assert.equal(niceMemoryUnits(1000), '')
})

test('keys are ordered by group, order in group, required first, importance, name; internal keys hidden', () => {
  const def = defineConfig({
    z: { type: 'INT', default: 1, importance: 'LOW', doc: 'Ungrouped low.' },
    a: { type: 'INT', default: 1, importance: 'HIGH', doc: 'Ungrouped high.' },
    req: { type: 'STRING', importance: 'LOW', doc: 'Required.' },
    g2: { type: 'LONG', default: 60000, importance: 'LOW', doc: 'Second group.', group: 'Second', orderInGroup: 1 },
    g1b: { type: 'INT', default: 5, validator: atLeast(1), importance: 'LOW', doc: 'First group, 2.\nSecond paragraph.', group: 'First', orderInGroup: 2, dependents: ['g1a'] },
    g1a: { type: 'LIST', default: '', importance: 'LOW', doc: 'First group, 1.', group: 'First', orderInGroup: 1 },
    hidden: { type: 'STRING', default: 'x', importance: 'LOW', doc: 'Internal.', internal: true },
    'wait.ms': { type: 'LONG', default: 60000, importance: 'LOW', doc: 'Wait.' }
  })
  const md = def.toMarkdown({ title: 'Example' })
  const order = [...md.matchAll(/^### `([^`]+)`/gm)].map(m => m[1])
  assert.deepEqual(order, ['req', 'a', 'wait.ms', 'z', 'g2', 'g1a', 'g1b'])
  assert.ok(md.startsWith('# Example\n'))
  assert.ok(md.includes('## First\n'))
  assert.ok(md.includes('- Default: 60000 (1 minute)\n'))
  assert.ok(md.includes('- Default: ""\n'))
  assert.ok(md.includes('- Valid Values: [1,...]\n'))
  assert.ok(md.includes('- Dependents: `g1a`\n'))
  assert.ok(md.includes('First group, 2.\n\nSecond paragraph.\n'))
  assert.ok(!md.includes('hidden'))
  const reqSection = md.slice(md.indexOf('### `req`'), md.indexOf('### `a`'))
  assert.ok(!reqSection.includes('- Default'))
})

test('connector config reference matches the golden file (set UPDATE_GOLDEN=1 to rewrite)', () => {
  const md = `${sourceConnectorConfigDef.toMarkdown({ title: 'Source connector configuration' })}\n` +
    `${sinkConnectorConfigDef.toMarkdown({ title: 'Sink connector configuration' })}`
  const file = new URL('../golden/config/connector-config.md', import.meta.url)
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, md)
  assert.equal(md, readFileSync(file, 'utf8'))
})
