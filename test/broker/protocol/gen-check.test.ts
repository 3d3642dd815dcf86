// scripts/gen-protocol.ts --check: passes on the committed tree, fails on a changed, missing or extra file. The
// failing cases run against a temporary copy of the generated folders (--out), never the working tree.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, appendFileSync, writeFileSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const protocolDir = join(root, 'src/broker/protocol')

function runCheck (out?: string): { status: number | null, output: string } {
  const args = ['scripts/gen-protocol.ts', '--check', ...(out !== undefined ? ['--out', out] : [])]
  const res = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
  return { status: res.status, output: res.stdout + res.stderr }
}

test('gen-protocol --check passes on the working tree', () => {
  const { status, output } = runCheck()
  assert.equal(status, 0, output)
  assert.match(output, /up to date/)
})

test('gen-protocol --check reports changed, missing and extra files', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'gen-protocol-'))
  t.after(() => { rmSync(tmp, { recursive: true, force: true }) })
  for (const dir of ['types', 'messages']) cpSync(join(protocolDir, dir), join(tmp, dir), { recursive: true })
  assert.equal(runCheck(tmp).status, 0)

  appendFileSync(join(tmp, 'messages/heartbeat-v4.ts'), '// hand edit\n')
  unlinkSync(join(tmp, 'types/fetch.ts'))
  writeFileSync(join(tmp, 'messages/heartbeat-v99.ts'), 'export {}\n')
  const { status, output } = runCheck(tmp)
  assert.equal(status, 1)
  assert.match(output, /differs: messages\/heartbeat-v4\.ts/)
  assert.match(output, /missing: types\/fetch\.ts/)
  assert.match(output, /extra: {3}messages\/heartbeat-v99\.ts/)
})
