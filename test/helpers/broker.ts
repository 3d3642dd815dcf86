// Test helpers for the embedded broker: in-process (closed by t.after) or as a child process (for kill -9 tests).
import type { TestContext } from 'node:test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { startBroker as start, type BrokerOptions, type RunningBroker } from '../../src/broker/index.ts'

export async function tempDir (t: TestContext, prefix = 'kconnect-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

export async function startBroker (t: TestContext, options: BrokerOptions = {}): Promise<RunningBroker> {
  const broker = await start({ port: 0, ...options })
  t.after(() => broker.close())
  return broker
}

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname

export interface BrokerProcess {
  readonly child: ChildProcess
  readonly bootstrapServers: string
  readonly port: number
  /** Everything the process printed so far. */
  output (): string
  kill (signal?: NodeJS.Signals): Promise<number | null>
}

/** Runs `kconnect broker` as a child process and waits (bounded) until it prints its address. */
export async function spawnBroker (t: TestContext, args: string[], timeoutMs = 15000): Promise<BrokerProcess> {
  const child = spawn(process.execPath, [cli, 'broker', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', d => { out += String(d) })
  child.stderr.on('data', d => { out += String(d) })
  const exited = once(child, 'exit')
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
    child.kill(signal)
    const [code] = await exited
    return code as number | null
  }
  t.after(() => kill('SIGKILL'))
  const deadline = Date.now() + timeoutMs
  while (!/listening on (\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`broker exited early (${child.exitCode}): ${out}`)
    if (Date.now() > deadline) throw new Error(`broker did not start within ${timeoutMs} ms: ${out}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  const bootstrapServers = (/listening on (\S+)/.exec(out) as RegExpExecArray)[1]
  return { child, bootstrapServers, port: Number(bootstrapServers.split(':').pop()), output: () => out, kill }
}
