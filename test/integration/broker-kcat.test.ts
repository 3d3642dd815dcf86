// kcat 1.7.1 (librdkafka 2.0.2) against the embedded broker: metadata, keyed produce with headers and acks=all,
// every compression codec, idempotence, tombstones, offsets by time, and balanced consumer groups (-G) with a
// rebalance and committed offsets. librdkafka picks its own versions (Produce 7, Fetch 11, Metadata 4,
// ListOffsets 2, JoinGroup 5, OffsetCommit 7, OffsetFetch 7 flexible, ApiVersions 3 flexible).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startBroker } from '../helpers/broker.ts'
import { uniqueName } from '../helpers/names.ts'
import { waitFor } from '../helpers/wait.ts'
import { KCAT, background, content, fastGroups, kcat, kcatConsume, pltAdmin, pltConsumeAll, pltProducer, py, type Background, type Rec } from './support.ts'

const lines = (n: number, prefix = 'v'): string => Array.from({ length: n }, (_, i) => `k${i}:${prefix}${i}`).join('\n') + '\n'

test('kcat (librdkafka 2.0.2)', { timeout: 180000 }, async t => {
  const broker = await startBroker(t, { ...fastGroups })
  const bs = broker.bootstrapServers
  const admin = pltAdmin(t, bs)

  await t.test('metadata -L -J: one broker at the advertised 127.0.0.1:port, leaders and ISR on it', async () => {
    const topic = uniqueName('kc-meta')
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
    const { stdout } = await kcat(bs, ['-L', '-J'])
    const md = JSON.parse(stdout)
    assert.deepEqual(md.brokers, [{ id: md.brokers[0].id, name: `127.0.0.1:${broker.port}` }])
    const nodeId = md.brokers[0].id
    assert.equal(md.controllerid, nodeId)
    const tm = md.topics.find((x: any) => x.topic === topic)
    assert.ok(tm, `topic ${topic} missing from ${stdout}`)
    assert.equal(tm.error, undefined)
    assert.deepEqual(tm.partitions.map((p: any) => [p.partition, p.leader, p.replicas, p.isrs, p.error]),
      [0, 1, 2].map(p => [p, nodeId, [{ id: nodeId }], [{ id: nodeId }], undefined]))
    // A single-topic query (Metadata with a topic list) answers just that topic.
    const one = JSON.parse((await kcat(bs, ['-L', '-J', '-t', topic])).stdout)
    assert.deepEqual(one.topics.map((x: any) => x.topic), [topic])
  })

  await t.test('produce -K: -H with acks=all, consume -C: keys, values, headers, dense offsets from 0', async () => {
    const topic = uniqueName('kc-keyed')
    await kcat(bs, ['-P', '-t', topic, '-K:', '-H', 'h1=a', '-H', 'h2=bee', '-X', 'acks=all'], { input: lines(25) })
    const got = await kcatConsume(bs, topic)
    assert.equal(got.length, 25)
    got.forEach((r, i) => {
      assert.deepEqual([r.partition, r.offset, r.key, r.value, r.headers], [0, i, `k${i}`, `v${i}`, [['h1', 'a'], ['h2', 'bee']]])
      assert.ok(r.timestamp > Date.now() - 60000 && r.timestamp <= Date.now() + 1000, `timestamp ${r.timestamp}`)
    })
    // A second run appends after the first: offsets continue densely.
    await kcat(bs, ['-P', '-t', topic, '-K:', '-X', 'acks=all'], { input: lines(5, 'w') })
    const all = await kcatConsume(bs, topic)
    assert.deepEqual(all.map(r => r.offset), Array.from({ length: 30 }, (_, i) => i))
    assert.deepEqual(all.slice(25).map(r => [r.key, r.value, r.headers]), [0, 1, 2, 3, 4].map(i => [`k${i}`, `w${i}`, []]))
  })

  // librdkafka 2.0.2 compresses gzip/snappy/lz4 only when the broker's Produce range overlaps v0..v0
  // (rdkafka_msgset_writer.c: rd_kafka_broker_ApiVersion_supported(rkb, Produce, 0, compr_req[codec].ApiVersion)
  // with ApiVersion 0 for those codecs, 7 for zstd). Kafka 3.x advertises Produce 0-9, and so does this broker;
  // with a range starting at 3 kcat logs "Broker does not support compression type gzip: not compressing batch".
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    const value = (i: number): string => `${codec}-${i}-` + 'x'.repeat(2000)
    const input = Array.from({ length: 50 }, (_, i) => `k${i}:${value(i)}`).join('\n') + '\n'
    const args = codec === 'zstd' ? ['-X', 'compression.codec=zstd'] : ['-z', codec]
    const expected = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: value(i), headers: [] }))

    await t.test(`compression ${codec}: kcat, kafka-python and platformatic read back what kcat wrote`, async () => {
      const topic = uniqueName(`kc-${codec}`)
      await kcat(bs, ['-P', '-t', topic, '-K:', '-X', 'acks=all', '-X', 'linger.ms=50', ...args], { input })
      const byKcat = await kcatConsume(bs, topic)
      assert.deepEqual(byKcat.map(r => r.offset), Array.from({ length: 50 }, (_, i) => i))
      assert.deepEqual(byKcat.map(content), expected)
      const byPython = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
      assert.deepEqual(byPython.map(content), expected)
      assert.deepEqual(byPython.map(r => r.offset), byKcat.map(r => r.offset))
      const byPlt = await pltConsumeAll(t, bs, topic, 50, uniqueName('g'))
      assert.deepEqual(byPlt.map(content), expected)
    })

    await t.test(`compression ${codec}: librdkafka really compresses (Produce request much smaller than the payload)`, async () => {
      const topic = uniqueName(`kc-${codec}`)
      const { stderr } = await kcat(bs, ['-P', '-t', topic, '-K:', '-X', 'acks=all', '-X', 'linger.ms=50', '-d', 'protocol,msg', ...args], { input })
      const refused = stderr.split('\n').find(l => /not compressing/i.test(l))
      assert.equal(refused, undefined, 'librdkafka refused to compress')
      const sizes = [...stderr.matchAll(/Sent ProduceRequest \(v\d+, (\d+) bytes/g)].map(m => Number(m[1]))
      assert.ok(sizes.length > 0, `no ProduceRequest in kcat debug output:\n${stderr.slice(-3000)}`)
      const sent = sizes.reduce((a, b) => a + b, 0)
      assert.ok(sent < 100 * 1000 / 4, `${codec}: ${sent} bytes of ProduceRequest for ~100 kB of values: not compressed`)
      assert.deepEqual((await kcatConsume(bs, topic)).map(content), expected)
    })
  }

  await t.test('idempotent producer (enable.idempotence=true): InitProducerId, acks=all, no duplicates', async () => {
    const topic = uniqueName('kc-idem')
    const { stderr } = await kcat(bs, ['-P', '-t', topic, '-K:', '-X', 'enable.idempotence=true', '-d', 'eos'], { input: lines(40) })
    assert.match(stderr, /Acquired PID\{Id:\d+,Epoch:0\}/, 'librdkafka never acquired a producer id')
    assert.match(stderr, /state change WaitPID -> Assigned/)
    assert.doesNotMatch(stderr, /fatal|OUT_OF_ORDER|DUPLICATE_SEQ|UNKNOWN_PRODUCER/i)
    const got = await kcatConsume(bs, topic)
    assert.deepEqual(got.map(r => [r.offset, r.key, r.value]), Array.from({ length: 40 }, (_, i) => [i, `k${i}`, `v${i}`]))
  })

  await t.test('tombstone: -Z turns an empty value into NULL, other clients see null too', async () => {
    const topic = uniqueName('kc-tomb')
    // kcat skips empty input lines, so NULL values come from an empty value after the key delimiter.
    await kcat(bs, ['-P', '-t', topic, '-K:', '-H', 'h1=a', '-Z'], { input: 'thekey:v\nthekey:\n' })
    await kcat(bs, ['-P', '-t', topic, '-K:', '-Z'], { input: 'k2:\nk3:x\n' })
    const got = await kcatConsume(bs, topic, ['-Z'])
    assert.deepEqual(got.map(r => [r.offset, r.key, r.value, r.headers]), [
      [0, 'thekey', 'v', [['h1', 'a']]],
      [1, 'thekey', null, [['h1', 'a']]],
      [2, 'k2', null, []],
      [3, 'k3', 'x', []]
    ])
    const byPython = (await py<{ records: Rec[] }>('kp.py', { cmd: 'consume', bootstrap: bs, topic })).records
    assert.deepEqual(byPython.map(r => [r.key, r.value]), [['thekey', 'v'], ['thekey', null], ['k2', null], ['k3', 'x']])
  })

  await t.test('offsets by time: -Q -t topic:0:<ms> and -o s@<ms>', async () => {
    const topic = uniqueName('kc-time')
    const base = Date.now() - 3600000
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 })
    const producer = pltProducer(t, bs)
    await producer.send({
      messages: Array.from({ length: 10 }, (_, i) => ({ topic, partition: 0, key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), timestamp: BigInt(base + i * 1000) })),
      acks: -1
    })
    const got = await kcatConsume(bs, topic)
    assert.deepEqual(got.map(r => r.timestamp), Array.from({ length: 10 }, (_, i) => base + i * 1000), 'CreateTime timestamps are kept as sent')
    const query = async (ts: number): Promise<number> => {
      const { stdout } = await kcat(bs, ['-Q', '-J', '-t', `${topic}:0:${ts}`])
      const res = JSON.parse(stdout)
      assert.equal(res[topic]['0'].error, undefined, stdout)
      return res[topic]['0'].offset
    }
    assert.equal(await query(base - 5000), 0, 'before the first record: offset 0')
    assert.equal(await query(base), 0)
    assert.equal(await query(base + 2500), 3, 'first offset whose timestamp is >= the query')
    assert.equal(await query(base + 3000), 3)
    assert.equal(await query(base + 9000), 9)
    assert.equal(await query(base + 9001), -1, 'after the last record: -1 (Kafka answers offset -1, timestamp -1)')
    const from = await kcatConsume(bs, topic, ['-o', `s@${base + 5000}`])
    assert.deepEqual(from.map(r => [r.offset, r.value]), [5, 6, 7, 8, 9].map(i => [i, `v${i}`]))
  })

  await t.test('consumer groups -G: two members split partitions, one leaves, the other takes over, commits respected', async () => {
    const topic = uniqueName('kc-group')
    const group = uniqueName('kc-g')
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const memberArgs = ['-b', bs, '-G', group, topic, '-J', '-u', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000',
      '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100', '-X', 'auto.commit.interval.ms=200', '-X', 'socket.timeout.ms=10000']
    const assigned = (m: Background): number[] | undefined => {
      const all = [...m.stderr().matchAll(/rebalanced \(memberid [^)]*\): (assigned|revoked): ([^\n]*)/g)]
      const last = all[all.length - 1]
      if (last === undefined || last[1] !== 'assigned') return undefined
      return [...last[2].matchAll(/\[(\d+)\]/g)].map(x => Number(x[1])).sort()
    }
    const produce = async (from: number, n: number): Promise<void> => {
      for (const p of [0, 1]) {
        const input = Array.from({ length: n }, (_, i) => `p${p}-k${from + i}:p${p}-v${from + i}`).join('\n') + '\n'
        await kcat(bs, ['-P', '-t', topic, '-p', String(p), '-K:'], { input })
      }
    }
    const values = (m: Background): string[] => m.lines().map(l => JSON.parse(l).payload as string)

    const a = background(t, KCAT, memberArgs)
    await waitFor(`member A to get both partitions\n${a.describe()}`, () => assigned(a)?.length === 2, 15000)
    const b = background(t, KCAT, memberArgs)
    await waitFor(`the group to split the partitions between A and B\nA: ${a.describe()}\nB: ${b.describe()}`, () => {
      const pa = assigned(a)
      const pb = assigned(b)
      return pa !== undefined && pb !== undefined && pa.length === 1 && pb.length === 1 && pa[0] !== pb[0]
    }, 20000)
    const partA = (assigned(a) as number[])[0]
    const partB = (assigned(b) as number[])[0]
    await produce(0, 10)
    await waitFor(`20 records across A and B\nA: ${a.describe()}\nB: ${b.describe()}`, () => a.lines().length + b.lines().length >= 20, 15000)
    assert.deepEqual(values(a).sort(), Array.from({ length: 10 }, (_, i) => `p${partA}-v${i}`).sort(), 'A reads exactly its partition')
    assert.deepEqual(values(b).sort(), Array.from({ length: 10 }, (_, i) => `p${partB}-v${i}`).sort(), 'B reads exactly its partition')

    // A leaves (SIGTERM: kcat closes the consumer, which commits and sends LeaveGroup); B gets both partitions.
    assert.equal(await a.stop('SIGTERM'), 0, a.describe())
    await waitFor(`B to take over both partitions\n${b.describe()}`, () => assigned(b)?.length === 2, 15000)
    await produce(10, 5)
    await waitFor(`B to read the new records of both partitions\n${b.describe()}`, () => b.lines().length >= 20, 15000)
    const bLater = values(b).slice(10).sort()
    assert.deepEqual(bLater, [0, 1].flatMap(p => [10, 11, 12, 13, 14].map(i => `p${p}-v${i}`)).sort(),
      'after the rebalance B resumes partition A had at A\'s committed offset: no re-delivery, nothing lost')
    assert.equal(await b.stop('SIGTERM'), 0, b.describe())

    // A later run of the group starts at the committed offsets: only what was produced since.
    await produce(15, 3)
    const { stdout, stderr } = await kcat(bs, ['-G', group, topic, '-J', '-e', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100'])
    const later = stdout.trim().split('\n').filter(Boolean).map(l => JSON.parse(l))
    assert.deepEqual(later.map(m => m.payload).sort(), [0, 1].flatMap(p => [15, 16, 17].map(i => `p${p}-v${i}`)).sort(), stderr)
    assert.deepEqual(later.map(m => m.offset).sort((x, y) => x - y), [15, 15, 16, 16, 17, 17])
  })
})
