// Installs, when missing, the Debian tools the tests use as independent Kafka clients:
// kcat (librdkafka) and kafka-python with its compression modules. Idempotent; prints what it does.
import { execFileSync, spawnSync } from 'node:child_process'

const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
// Debian's kafka-python is importable only by the system interpreter, not by a pyenv shim.
const python = '/usr/bin/python3'
const checks: Array<{ pkg: string, ok: () => boolean }> = [
  { pkg: 'kcat', ok: () => has('kcat', ['-V']) },
  { pkg: 'python3-kafka', ok: () => has(python, ['-c', 'import kafka']) },
  { pkg: 'python3-snappy', ok: () => has(python, ['-c', 'import snappy']) },
  { pkg: 'python3-lz4', ok: () => has(python, ['-c', 'import lz4']) },
  { pkg: 'python3-zstandard', ok: () => has(python, ['-c', 'import zstandard']) }
]
const missing = checks.filter(c => !c.ok()).map(c => c.pkg)
if (missing.length === 0) {
  console.log('test-deps: kcat and kafka-python are present')
} else {
  console.log(`test-deps: installing ${missing.join(' ')} with apt-get`)
  const sudo = process.getuid?.() === 0 ? [] : ['sudo']
  const run = (args: string[]): void => { execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) }
  try {
    run(['apt-get', 'update', '-qq'])
    run(['apt-get', 'install', '-y', '-qq', ...missing])
  } catch (err) {
    console.error(`test-deps: could not install ${missing.join(' ')}: ${(err as Error).message}`)
    process.exit(1)
  }
  const still = checks.filter(c => !c.ok()).map(c => c.pkg)
  if (still.length > 0) {
    console.error(`test-deps: still missing after install: ${still.join(' ')}`)
    process.exit(1)
  }
}
