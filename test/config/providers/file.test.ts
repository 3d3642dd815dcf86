// FileConfigProvider with real files: keys from a properties file, missing keys absent, allow-list refusal (empty
// data plus a warning that names the path but no value), unreadable file as ConfigException.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigException, FileConfigProvider } from '../../../src/config/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-file-provider-'))
const allowed = join(dir, 'allowed')
mkdirSync(allowed)
const inside = join(allowed, 'secrets.properties')
const outside = join(dir, 'outside.properties')
writeFileSync(inside, 'db.password=s3cr3t\ntopic.external=test\n')
writeFileSync(outside, 'db.password=leaked\n')
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

test('reads all keys or the requested ones', async () => {
  const p = new FileConfigProvider()
  p.configure({})
  assert.deepEqual((await p.get(inside)).data, { 'db.password': 's3cr3t', 'topic.external': 'test' })
  const some = await p.get(inside, new Set(['topic.external', 'missing']))
  assert.deepEqual(some, { data: { 'topic.external': 'test' }, ttl: null })
  assert.deepEqual((await p.get('')).data, {})
})

test('allowed.paths refuses other paths and .. escapes, warning without values', async () => {
  const warnings: string[] = []
  const p = new FileConfigProvider({ logger: { warn: m => warnings.push(m) } })
  p.configure({ 'allowed.paths': allowed })
  assert.deepEqual((await p.get(inside, new Set(['db.password']))).data, { 'db.password': 's3cr3t' })
  assert.deepEqual((await p.get(outside, new Set(['db.password']))).data, {})
  assert.deepEqual((await p.get(`${allowed}/../outside.properties`, new Set(['db.password']))).data, {})
  assert.deepEqual(warnings, [`The path ${outside} is not allowed to be accessed`, `The path ${allowed}/../outside.properties is not allowed to be accessed`])
  assert.ok(!warnings.join().includes('leaked'))
})

test('errors: not configured, missing file, bad allowed.paths', async () => {
  await assert.rejects(async () => await new FileConfigProvider().get(inside), { message: 'The provider has not been configured yet.' })
  const p = new FileConfigProvider()
  p.configure({})
  await assert.rejects(p.get(join(dir, 'nope.properties')), (err: unknown) => err instanceof ConfigException && err.message === `Could not read properties from file ${join(dir, 'nope.properties')}`)
  assert.throws(() => p.configure({ 'allowed.paths': 'relative' }), { message: 'Path relative is not absolute' })
})
