// The coordinator takes a pino logger (structurally typed) and logs through a child with its component name.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { GroupCoordinator } from '../../../src/broker/coord/group-coordinator.ts'
import { ManualScheduler } from '../../../src/broker/coord/clock.ts'
import { joinParams } from './helpers.ts'

test('a pino logger is accepted; rebalances are logged with component group-coordinator', async () => {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write (chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line))
      cb()
    }
  })
  const clock = new ManualScheduler()
  const coord = await GroupCoordinator.open({ logger: pino({ level: 'debug' }, sink), scheduler: clock })
  const j = coord.join(joinParams('logged'))
  clock.advance(0)
  await j
  await coord.close()
  await new Promise(resolve => setImmediate(resolve))
  assert.ok(lines.length > 0)
  assert.ok(lines.every(l => l.component === 'group-coordinator'))
  assert.ok(lines.some(l => l.groupId === 'logged' && String(l.msg).includes('join phase complete')))
})
