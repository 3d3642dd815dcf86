// Round trip of every generated (api key, version): random requests and responses built from the JSON specs
// (nulls where nullable, empty and non-empty arrays, unicode, extreme integers, tagged fields set) are encoded,
// decoded and compared with what the spec says must come back. Also: unknown tagged fields are skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { advertisedApis } from '../../../src/broker/versions.ts'
import { codecFor, isFlexible, requestHeaderVersion, responseHeaderVersion } from '../../../src/broker/protocol/messages/index.ts'
import { Reader, ProtocolDecodeError } from '../../../src/broker/protocol/reader.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'
import { loadSpec, Model, rng, inRange } from './spec-model.ts'

const SEEDS = 25

/** Writes two unknown tagged fields wherever the codec writes an empty tagged-field section. */
class NoisyWriter extends Writer {
  override emptyTaggedFields (): this {
    this.uvarint(2)
    this.uvarint(77).uvarint(3).raw(Buffer.from([0xde, 0xad, 0x00]))
    this.uvarint(20000).uvarint(0)
    return this
  }
}

function decodeAll<T> (buf: Buffer, decode: (r: Reader) => T): T {
  const r = new Reader(buf)
  const out = decode(r)
  assert.equal(r.remaining, 0, 'decoder must consume the whole body')
  return out
}

for (const [key, { name, min, max }] of Object.entries(advertisedApis)) {
  const apiKey = Number(key)
  const req = new Model(loadSpec(`${name}Request.json`), min, max)
  const res = new Model(loadSpec(`${name}Response.json`), min, max)
  test(`${name} (key ${apiKey}) v${min}-v${max}: random round trips`, () => {
    for (let v = min; v <= max; v++) {
      const codec = codecFor(apiKey, v)
      assert.ok(codec, `codec for ${name} v${v}`)
      assert.equal(codec.apiKey, apiKey)
      assert.equal(codec.version, v)
      assert.equal(codec.flexible, inRange(req.spec.flexibleVersions, v))
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = rng(seed * 1000 + v)
        const request = req.random(v, r)
        const w = new Writer(16)
        codec.encodeRequest(w, request as never)
        assert.deepStrictEqual(decodeAll(w.toBuffer(), codec.decodeRequest), req.project(request, v), `${name} v${v} request, seed ${seed}`)
        const response = res.random(v, r, seed % 2 === 0)
        const w2 = new Writer(16)
        codec.encodeResponse(w2, response as never)
        assert.deepStrictEqual(decodeAll(w2.toBuffer(), codec.decodeResponse), res.project(response, v), `${name} v${v} response, seed ${seed}`)
      }
    }
  })

  test(`${name} (key ${apiKey}): unknown tagged fields are skipped`, () => {
    let flexibleSeen = 0
    for (let v = min; v <= max; v++) {
      const codec = codecFor(apiKey, v)!
      if (!codec.flexible) continue
      flexibleSeen++
      for (let seed = 1; seed <= 5; seed++) {
        const r = rng(seed * 7 + v)
        const request = req.random(v, r)
        const plain = new Writer()
        codec.encodeRequest(plain, request as never)
        const noisy = new NoisyWriter()
        codec.encodeRequest(noisy, request as never)
        assert.ok(noisy.length >= plain.length)
        assert.deepStrictEqual(decodeAll(noisy.toBuffer(), codec.decodeRequest), req.project(request, v))
        const response = res.random(v, r)
        const noisyRes = new NoisyWriter()
        codec.encodeResponse(noisyRes, response as never)
        assert.deepStrictEqual(decodeAll(noisyRes.toBuffer(), codec.decodeResponse), res.project(response, v))
      }
    }
    assert.equal(flexibleSeen > 0, [...Array(max - min + 1).keys()].some(i => isFlexible(apiKey, min + i)))
  })

  test(`${name} (key ${apiKey}): every truncation of a valid body throws ProtocolDecodeError`, () => {
    // Decoding is deterministic, so a strict prefix must run out of bytes exactly where the full body did not. The
    // reader's window ends at `cut` (no copy): nothing past it may be read, and the only error is ours.
    for (let v = min; v <= max; v++) {
      const codec = codecFor(apiKey, v)!
      const w = new Writer()
      codec.encodeRequest(w, req.random(v, rng(v + 99)) as never)
      const w2 = new Writer()
      codec.encodeResponse(w2, res.random(v, rng(v + 98)) as never)
      for (const [full, decode] of [[w.toBuffer(), codec.decodeRequest], [w2.toBuffer(), codec.decodeResponse]] as const) {
        for (let cut = 0; cut < full.length; cut++) {
          assert.throws(() => decode(new Reader(full, 0, cut)), ProtocolDecodeError, `${name} v${v} cut at ${cut} of ${full.length}`)
        }
      }
    }
  })
}

test('header versions follow flexibility, ApiVersions answers with header v0', () => {
  for (const [key, { min, max }] of Object.entries(advertisedApis)) {
    for (let v = min; v <= max; v++) {
      const flex = isFlexible(Number(key), v)
      assert.equal(requestHeaderVersion(Number(key), v), flex ? 2 : 1)
      assert.equal(responseHeaderVersion(Number(key), v), Number(key) === 18 ? 0 : flex ? 1 : 0)
    }
  }
  assert.equal(isFlexible(18, 3), true)
  assert.equal(responseHeaderVersion(18, 3), 0)
  assert.equal(codecFor(18, 4), undefined)
  assert.equal(codecFor(0, 10), undefined)
  assert.equal(codecFor(999, 0), undefined)
  assert.equal(requestHeaderVersion(999, 0), 1)
})

test('codec count matches the advertised table', () => {
  let n = 0
  for (const [key, { min, max }] of Object.entries(advertisedApis)) {
    for (let v = min; v <= max; v++) if (codecFor(Number(key), v) !== undefined) n++
  }
  assert.equal(n, Object.values(advertisedApis).reduce((a, x) => a + x.max - x.min + 1, 0))
})
