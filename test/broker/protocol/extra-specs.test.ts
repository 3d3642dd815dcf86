// The generator on specs outside the advertised table, to exercise spec features the broker's own APIs do not use
// yet: commonStructs (AddPartitionsToTxn, ConsumerGroupHeartbeat, DescribeQuorum), nullable structs
// (ConsumerGroupHeartbeat), float64 (client quotas), uint16 (BrokerRegistration), zeroCopy (Envelope), messages
// that are never flexible (SaslHandshake, OffsetDelete), and a synthetic spec for a per-field
// `flexibleVersions: "none"`. Codecs are generated into a temporary folder and imported from there.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateApi } from '../../../scripts/gen-protocol.ts'
import type { MessageCodec } from '../../../src/broker/protocol/messages/index.ts'
import { Reader } from '../../../src/broker/protocol/reader.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'
import { loadSpec, Model, rng, type Spec } from './spec-model.ts'
import { checkWithPlatformatic, pltModule } from './platformatic-compare.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-protocol-'))
test.after(() => { rmSync(dir, { recursive: true, force: true }) })
mkdirSync(join(dir, 'types'))
mkdirSync(join(dir, 'messages'))
const protocol = new URL('../../../src/broker/protocol/', import.meta.url)
writeFileSync(join(dir, 'reader.ts'), `export * from '${new URL('reader.ts', protocol).href}'\n`)
writeFileSync(join(dir, 'writer.ts'), `export * from '${new URL('writer.ts', protocol).href}'\n`)

async function build (apiKey: number, api: string, min: number, max: number, specDir?: URL): Promise<MessageCodec[]> {
  for (const [path, text] of generateApi(apiKey, api, min, max, specDir)) writeFileSync(join(dir, path), text)
  const kebab = api.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  const out: MessageCodec[] = []
  for (let v = min; v <= max; v++) out.push(await import(pathToFileURL(join(dir, `messages/${kebab}-v${v}.ts`)).href) as MessageCodec)
  return out
}

function roundTrip (codec: MessageCodec, req: Model, res: Model, seeds = 30): void {
  const v = codec.version
  for (let seed = 1; seed <= seeds; seed++) {
    const r = rng(seed + 1000 * v)
    const request = req.random(v, r)
    const w = new Writer()
    codec.encodeRequest(w, request)
    const rr = new Reader(w.toBuffer())
    assert.deepStrictEqual(codec.decodeRequest(rr), req.project(request, v), `${req.spec.name} v${v} seed ${seed}`)
    assert.equal(rr.remaining, 0)
    const response = res.random(v, r, seed % 2 === 0)
    const w2 = new Writer()
    codec.encodeResponse(w2, response)
    const r2 = new Reader(w2.toBuffer())
    assert.deepStrictEqual(codec.decodeResponse(r2), res.project(response, v), `${res.spec.name} v${v} seed ${seed}`)
    assert.equal(r2.remaining, 0)
  }
}

const extra: Array<[number, string, number, number]> = [
  [24, 'AddPartitionsToTxn', 0, 5], [68, 'ConsumerGroupHeartbeat', 0, 1], [55, 'DescribeQuorum', 0, 2],
  [48, 'DescribeClientQuotas', 0, 1], [49, 'AlterClientQuotas', 0, 1], [62, 'BrokerRegistration', 0, 4],
  [58, 'Envelope', 0, 0], [17, 'SaslHandshake', 0, 1], [47, 'OffsetDelete', 0, 0]
]

for (const [apiKey, api, min, max] of extra) {
  test(`${api} v${min}-v${max} (not advertised): generated codec round trips and parses with platformatic`, async () => {
    const req = new Model(loadSpec(`${api}Request.json`), min, max)
    const res = new Model(loadSpec(`${api}Response.json`), min, max)
    for (const codec of await build(apiKey, api, min, max)) {
      roundTrip(codec, req, res)
      if (pltModule(api, codec.version) === undefined) continue
      for (let seed = 1; seed <= 5; seed++) {
        assert.deepEqual(checkWithPlatformatic(res, api, apiKey, codec.version, rng(seed), codec), [], `${api} v${codec.version} seed ${seed}`)
      }
    }
  })
}

test('SaslHandshake is never flexible: classic strings, no tagged fields', async () => {
  const [v0, v1] = await build(17, 'SaslHandshake', 0, 1)
  assert.equal(v0.flexible, false)
  assert.equal(v1.flexible, false)
  const w = new Writer()
  v1.encodeRequest(w, { mechanism: 'PLAIN' })
  assert.equal(w.toBuffer().toString('hex'), '0005' + Buffer.from('PLAIN').toString('hex'))
})

test('ConsumerGroupHeartbeat: a null nullable struct is the int8 -1 marker', async () => {
  const [v0] = await build(68, 'ConsumerGroupHeartbeat', 0, 0)
  const w = new Writer()
  v0.encodeResponse(w, { throttleTimeMs: 0, errorCode: 0, errorMessage: null, memberId: null, memberEpoch: 1, heartbeatIntervalMs: 5, assignment: null })
  // throttle(4) error(2) message(1: null) member(1: null) epoch(4) interval(4) assignment(1: -1) tags(1)
  assert.equal(w.toBuffer().toString('hex'), '00000000' + '0000' + '00' + '00' + '00000001' + '00000005' + 'ff' + '00')
})

const synthRequest = {
  apiKey: 9999, type: 'request', name: 'SynthRequest', validVersions: '0-2', flexibleVersions: '1+',
  fields: [
    { name: 'Legacy', type: 'string', versions: '0+', flexibleVersions: 'none' },
    { name: 'Port', type: 'uint16', versions: '0+' },
    { name: 'Ratio', type: 'float64', versions: '0+', default: '0.5' },
    { name: 'Ids', type: '[]uuid', versions: '1+' },
    { name: 'Owner', type: 'Principal', versions: '0+', nullableVersions: '2+' },
    { name: 'Extra', type: 'Principal', versions: '1+', taggedVersions: '1+', tag: 5 },
    { name: 'Note', type: 'string', versions: '1+', nullableVersions: '1+', taggedVersions: '1+', tag: 0, default: 'null' },
    { name: 'Blob', type: 'bytes', versions: '0+', zeroCopy: true, flexibleVersions: 'none' }
  ],
  commonStructs: [{ name: 'Principal', versions: '0+', fields: [{ name: 'Name', type: 'string', versions: '0+' }, { name: 'Kind', type: 'int8', versions: '0+', default: '3' }] }]
}
const synthResponse = {
  apiKey: 9999, type: 'response', name: 'SynthResponse', validVersions: '0-2', flexibleVersions: '1+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Principals', type: '[]Principal', versions: '0+' },
    { name: 'Score', type: 'float64', versions: '2+', default: '-1.25' }
  ],
  commonStructs: synthRequest.commonStructs
}

test('synthetic spec: per-field flexibleVersions "none", commonStructs, nullable and tagged structs, float64, uint16', async () => {
  const specDir = join(dir, 'specs')
  mkdirSync(specDir, { recursive: true })
  writeFileSync(join(specDir, 'SynthRequest.json'), '// comment line\n' + JSON.stringify(synthRequest, null, 2))
  writeFileSync(join(specDir, 'SynthResponse.json'), JSON.stringify(synthResponse))
  const codecs = await build(9999, 'Synth', 0, 2, pathToFileURL(specDir + '/'))
  const req = new Model(synthRequest as Spec, 0, 2)
  const res = new Model(synthResponse as Spec, 0, 2)
  for (const codec of codecs) roundTrip(codec, req, res, 60)

  const value = { legacy: 'ab', port: 65535, ratio: 0.5, ids: [], owner: null, extra: { name: 'x', kind: 3 }, note: null, blob: Buffer.from([7]) }
  const w = new Writer()
  codecs[2].encodeRequest(w, value)
  // Legacy stays a classic int16-length string in flexible v2; Owner null -> ff; Blob classic int32-length bytes;
  // Extra is tagged and non-default (name 'x'), so one tag: 5, size 4 = compact 'x' (02 78), kind 03, struct tags 00
  assert.equal(w.toBuffer().toString('hex'),
    '00026162' + 'ffff' + '3fe0000000000000' + '01' + 'ff' + '0000000107' + '01' + '05' + '04' + '0278' + '03' + '00')
  const decoded = codecs[2].decodeRequest(new Reader(w.toBuffer())) as Record<string, unknown>
  assert.deepStrictEqual(decoded, value)
  const types = generateApi(9999, 'Synth', 0, 2, pathToFileURL(specDir + '/')).get('types/synth.ts')!
  assert.match(types, /export interface SynthRequestPrincipal \{\n {2}name: string\n {2}kind: number\n\}/)
  assert.match(types, /owner: SynthRequestPrincipal \| null/)
  assert.match(types, /score\?: number/)
})
