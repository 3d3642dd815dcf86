// AllowedPaths: config errors for relative / missing roots, component-wise prefix checks, `..` normalized before
// the check (so it cannot escape a root), relative requests refused when roots are set.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AllowedPaths, normalizePath } from '../../../src/config/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-allowed-'))
const allowed = join(dir, 'allowed')
mkdirSync(allowed)
mkdirSync(join(dir, 'other'))
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

test('Path.normalize equivalent', () => {
  assert.equal(normalizePath('/a/./b/../c/'), '/a/c')
  assert.equal(normalizePath('/..'), '/')
  assert.equal(normalizePath(''), '')
  assert.equal(normalizePath('a/../..'), '..')
})

test('configuration errors', () => {
  assert.throws(() => new AllowedPaths('relative/path'), { message: 'Path relative/path is not absolute' })
  assert.throws(() => new AllowedPaths(`${dir}/nope/`), { message: `Path ${dir}/nope does not exist` })
  assert.throws(() => new AllowedPaths(`${allowed},,${dir}`), { message: 'Path  is not absolute' })
  assert.deepEqual(new AllowedPaths(`${allowed},`).roots, [allowed])
  assert.equal(new AllowedPaths('').roots, null)
  assert.equal(new AllowedPaths(undefined).parseUntrustedPath('anything/at/all'), 'anything/at/all')
})

test('requests inside, outside and escaping through ..', () => {
  const ap = new AllowedPaths(`${allowed}/`)
  assert.equal(ap.parseUntrustedPath(join(allowed, 'x.properties')), join(allowed, 'x.properties'))
  assert.equal(ap.parseUntrustedPath(allowed), allowed)
  assert.equal(ap.parseUntrustedPath(`${allowed}/sub/../x`), join(allowed, 'x'))
  assert.equal(ap.parseUntrustedPath(`${allowed}/../other/secret`), null)
  assert.equal(ap.parseUntrustedPath(`${allowed}-sibling/x`), null)
  assert.equal(ap.parseUntrustedPath(join(dir, 'other', 'x')), null)
  assert.equal(ap.parseUntrustedPath('allowed/x'), null)
  assert.equal(new AllowedPaths('/').parseUntrustedPath('/etc/passwd'), '/etc/passwd')
})
