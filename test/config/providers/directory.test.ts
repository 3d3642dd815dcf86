// DirectoryConfigProvider with a real directory: one key per regular file (symlinks to files included,
// subdirectories skipped), whole UTF-8 content, allow-list refusal, non-directories give nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DirectoryConfigProvider } from '../../../src/config/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-dir-provider-'))
const secrets = join(dir, 'secrets')
mkdirSync(secrets)
mkdirSync(join(secrets, 'subdir'))
writeFileSync(join(secrets, 'db-password'), 'pa55\nword\n')
writeFileSync(join(secrets, 'api.key'), 'clé')
writeFileSync(join(dir, 'outside'), 'nope')
symlinkSync(join(dir, 'outside'), join(secrets, 'linked'))
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

test('files directly in the directory, whole content', async () => {
  const p = new DirectoryConfigProvider()
  p.configure({})
  assert.deepEqual((await p.get(secrets)).data, { 'api.key': 'clé', 'db-password': 'pa55\nword\n', linked: 'nope' })
  assert.deepEqual((await p.get(secrets, new Set(['db-password', 'subdir', 'missing']))).data, { 'db-password': 'pa55\nword\n' })
})

test('allow-list and non-directories', async () => {
  const warnings: string[] = []
  const p = new DirectoryConfigProvider({ logger: { warn: m => warnings.push(m) } })
  p.configure({ 'allowed.paths': secrets })
  assert.deepEqual((await p.get(dir)).data, {})
  assert.deepEqual((await p.get(`${secrets}/..`)).data, {})
  assert.deepEqual((await p.get(join(secrets, 'db-password'))).data, {})
  assert.deepEqual((await p.get(join(secrets, 'subdir'))).data, {})
  assert.deepEqual(warnings, [
    `The path ${dir} is not allowed to be accessed`,
    `The path ${secrets}/.. is not allowed to be accessed`,
    `The path ${join(secrets, 'db-password')} is not a directory`
  ])
})
