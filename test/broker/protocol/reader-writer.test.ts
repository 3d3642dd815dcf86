// Reader and Writer primitives: wire layouts checked against hand-computed bytes, bounds checks, tagged fields.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Reader, ProtocolDecodeError } from '../../../src/broker/protocol/reader.ts'
import { Writer, ProtocolEncodeError, notNull } from '../../../src/broker/protocol/writer.ts'
import { codecFor } from '../../../src/broker/protocol/messages/index.ts'
import { ErrorCodes, errorName, isRetriable } from '../../../src/broker/protocol/error-codes.ts'

const hex = (w: Writer): string => w.toBuffer().toString('hex')

test('fixed-width integers, bool, float64 and uuid have Kafka big-endian layouts', () => {
  const w = new Writer(16)
  w.int8(-1).int16(-2).int32(0x01020304).int64(-(2n ** 63n)).uint16(65535).uint32(0xfffffffe).bool(true).bool(false).float64(1.5)
  w.uuid('0123abcd-4567-89ef-0011-2233445566ff')
  assert.equal(hex(w), 'ff' + 'fffe' + '01020304' + '8000000000000000' + 'ffff' + 'fffffffe' + '01' + '00' + '3ff8000000000000' + '0123abcd456789ef00112233445566ff')
  const r = new Reader(w.toBuffer())
  assert.equal(r.int8(), -1)
  assert.equal(r.int16(), -2)
  assert.equal(r.int32(), 0x01020304)
  assert.equal(r.int64(), -(2n ** 63n))
  assert.equal(r.uint16(), 65535)
  assert.equal(r.uint32(), 0xfffffffe)
  assert.equal(r.bool(), true)
  assert.equal(r.bool(), false)
  assert.equal(r.float64(), 1.5)
  assert.equal(r.uuid(), '0123abcd-4567-89ef-0011-2233445566ff')
  assert.equal(r.remaining, 0)
  assert.throws(() => new Writer().uuid('not-a-uuid'), ProtocolEncodeError)
})

test('unsigned varints, zigzag varints and varlongs', () => {
  const cases: Array<[number, string]> = [[0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [16383, 'ff7f'], [16384, '808001'], [0xffffffff, 'ffffffff0f']]
  for (const [v, h] of cases) {
    const w = new Writer().uvarint(v)
    assert.equal(hex(w), h, `uvarint ${v}`)
    assert.equal(new Reader(w.toBuffer()).uvarint(), v)
  }
  for (const [v, h] of [[0, '00'], [-1, '01'], [1, '02'], [-64, '7f'], [64, '8001'], [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f']] as Array<[number, string]>) {
    const w = new Writer().varint(v)
    assert.equal(hex(w), h, `varint ${v}`)
    assert.equal(new Reader(w.toBuffer()).varint(), v)
  }
  for (const v of [0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 1234567890123n]) {
    const w = new Writer().varlong(v)
    assert.equal(new Reader(w.toBuffer()).varlong(), v)
  }
  assert.equal(hex(new Writer().varlong(-(2n ** 63n))), 'ffffffffffffffffff01')
  assert.throws(() => new Reader(Buffer.from('ffffffffff01', 'hex')).uvarint(), ProtocolDecodeError)
  assert.throws(() => new Reader(Buffer.from('ffffffff1f', 'hex')).uvarint(), ProtocolDecodeError)
  assert.throws(() => new Reader(Buffer.from('ff', 'hex')).uvarint(), ProtocolDecodeError)
  assert.throws(() => new Writer().uvarint(-1), ProtocolEncodeError)
})

test('strings and bytes: classic and compact, nullable', () => {
  const w = new Writer(4)
  w.string('hé').nullableString(null).compactString('').compactNullableString(null).compactString('🚀')
  w.bytes(Buffer.from([1, 2])).nullableBytes(null).compactBytes(Buffer.alloc(0)).compactNullableBytes(null)
  assert.equal(hex(w), '000368c3a9' + 'ffff' + '01' + '00' + '05f09f9a80' + '000000020102' + 'ffffffff' + '01' + '00')
  const r = new Reader(w.toBuffer())
  assert.equal(r.string(), 'hé')
  assert.equal(r.nullableString(), null)
  assert.equal(r.compactString(), '')
  assert.equal(r.compactNullableString(), null)
  assert.equal(r.compactString(), '🚀')
  assert.deepEqual(r.bytes(), Buffer.from([1, 2]))
  assert.equal(r.nullableBytes(), null)
  assert.deepEqual(r.compactBytes(), Buffer.alloc(0))
  assert.equal(r.compactNullableBytes(), null)
  assert.throws(() => new Reader(Buffer.from('ffff', 'hex')).string(), /non-nullable string is null/)
  assert.throws(() => new Reader(Buffer.from('00', 'hex')).compactString(), ProtocolDecodeError)
  assert.throws(() => new Reader(Buffer.from('000561', 'hex')).string(), /truncated input/)
  assert.throws(() => new Reader(Buffer.from('0a61', 'hex')).compactBytes(), /truncated input/)
  assert.throws(() => new Writer().string('x'.repeat(40000)), ProtocolEncodeError)
})

test('arrays reject negative and impossible lengths before allocating', () => {
  assert.throws(() => new Reader(Buffer.from('7fffffff', 'hex')).array(r => r.int8()), /only 0 bytes left/)
  assert.throws(() => new Reader(Buffer.from('fffffffe', 'hex')).nullableArray(r => r.int8()), /invalid array length/)
  assert.throws(() => new Reader(Buffer.from('ffffffff', 'hex')).array(r => r.int8()), /non-nullable array is null/)
  assert.equal(new Reader(Buffer.from('ffffffff', 'hex')).nullableArray(r => r.int8()), null)
  assert.equal(new Reader(Buffer.from('00', 'hex')).compactNullableArray(r => r.int8()), null)
  assert.deepEqual(new Reader(Buffer.from('030102', 'hex')).compactArray(r => r.int8()), [1, 2])
  assert.throws(() => new Reader(Buffer.from('ffffffff0f', 'hex')).compactArray(r => r.int8()), ProtocolDecodeError)
})

test('a reader never reads outside its window', () => {
  const buf = Buffer.from('0001020304050607', 'hex')
  const r = new Reader(buf, 2, 4)
  assert.equal(r.remaining, 2)
  assert.equal(r.int16(), 0x0203)
  assert.throws(() => r.int8(), /truncated input: int8 needs 1 byte\(s\) at offset 4, 0 left/)
  assert.throws(() => new Reader(buf, 0, 3).int32(), ProtocolDecodeError)
  assert.throws(() => new Reader(buf, 0, 9), RangeError)
  assert.throws(() => new Reader(buf).skip(9), ProtocolDecodeError)
})

test('writer grows from a tiny buffer and endSized inserts a varint size', () => {
  const w = new Writer(1)
  for (let i = 0; i < 1000; i++) w.int32(i)
  assert.equal(w.length, 4000)
  assert.equal(w.toBuffer().readInt32BE(3996), 999)
  const w2 = new Writer(1).int8(7)
  const m = w2.startSized()
  w2.raw(Buffer.alloc(200, 0xab))
  w2.endSized(m).int8(9)
  const out = w2.toBuffer()
  assert.equal(out.length, 1 + 2 + 200 + 1)
  assert.equal(out.subarray(1, 3).toString('hex'), 'c801')
  assert.equal(out[3], 0xab)
  assert.equal(out[202], 0xab)
  assert.equal(out[203], 9)
  const w3 = new Writer().int32(0).int8(1)
  w3.setInt32(0, w3.length - 4)
  assert.equal(hex(w3), '0000000101')
  assert.throws(() => notNull(null, 'X.y'), /non-nullable field X.y was serialized as null/)
})

test('known and unknown tagged fields, in any order; overruns are rejected', () => {
  const codec = codecFor(18, 3)!
  const body = (tags: string): Buffer => Buffer.from('0000' + '02' + '0012' + '0000' + '0003' + '00' + '00000000' + tags, 'hex')
  // tag 5 (unknown, 2 bytes), tag 3 = zkMigrationReady true, tag 1 = finalizedFeaturesEpoch 7, tag 9000 (unknown, 0 bytes)
  const res = codec.decodeResponse(new Reader(body('04' + '0502abcd' + '030101' + '01080000000000000007' + 'a846' + '00')))
  assert.equal(res.zkMigrationReady, true)
  assert.equal(res.finalizedFeaturesEpoch, 7n)
  assert.deepEqual(res.apiKeys, [{ apiKey: 18, minVersion: 0, maxVersion: 3 }])
  // a known tag declared larger than its value: the rest is skipped
  assert.equal(codec.decodeResponse(new Reader(body('01' + '0303' + '01ffff'))).zkMigrationReady, true)
  // a known tag declared smaller than its value
  assert.throws(() => codec.decodeResponse(new Reader(body('01' + '0300' + '01'))), /overran/)
  // a tag whose declared size runs past the end
  assert.throws(() => codec.decodeResponse(new Reader(body('01' + '0509' + 'ab'))), ProtocolDecodeError)
})

test('error codes: names, numbers, retriable flags', () => {
  assert.deepEqual(ErrorCodes.NONE, { code: 0, retriable: false })
  assert.equal(ErrorCodes.UNKNOWN_SERVER_ERROR.code, -1)
  assert.equal(ErrorCodes.UNSUPPORTED_VERSION.code, 35)
  assert.equal(ErrorCodes.KAFKA_STORAGE_ERROR.code, 56)
  assert.equal(ErrorCodes.POLICY_VIOLATION.code, 44)
  assert.equal(ErrorCodes.INVALID_RECORD.code, 87)
  assert.equal(ErrorCodes.UNKNOWN_TOPIC_ID.code, 100)
  assert.equal(errorName(25), 'UNKNOWN_MEMBER_ID')
  assert.equal(errorName(9999), 'UNKNOWN_ERROR_9999')
  assert.equal(isRetriable(ErrorCodes.NOT_COORDINATOR.code), true)
  assert.equal(isRetriable(ErrorCodes.REBALANCE_IN_PROGRESS.code), false)
  const codes = Object.values(ErrorCodes).map(e => e.code)
  assert.equal(new Set(codes).size, codes.length, 'codes are unique')
  // every code of embedded-broker-scope.md §3.10
  const needed = [0, 1, 2, 3, 5, 6, 7, 10, 12, 14, 15, 16, 17, 19, 21, 22, 23, 24, 25, 26, 27, 32, 33, 34, 35, 36, 37, 38, 40, 42, 43, 45,
    46, 47, 48, 49, 50, 51, 58, 59, 68, 69, 70, 71, 74, 75, 76, 79, 82, 87, 88, 90, 100]
  for (const c of needed) assert.ok(codes.includes(c as never), `code ${c}`)
})
