// Request header v1/v2 and response header v0/v1, including the ApiVersions exception and unknown (key, version).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Reader, ProtocolDecodeError } from '../../../src/broker/protocol/reader.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'
import {
  decodeRequestHeader, decodeResponseHeader, encodeRequestHeader, encodeResponseHeader, peekRequestHeader, readRequestFrame
} from '../../../src/broker/protocol/headers.ts'
import { codecFor, responseHeaderVersion } from '../../../src/broker/protocol/messages/index.ts'

test('request header v1: key, version, correlation id, int16-length client id; body follows', () => {
  // Heartbeat v3 (not flexible): header v1
  const frame = Buffer.from('000c' + '0003' + '0000002a' + '0003' + '616263' + '0001' + '67', 'hex')
  const r = new Reader(frame)
  assert.deepEqual(decodeRequestHeader(r), { apiKey: 12, apiVersion: 3, correlationId: 42, clientId: 'abc', headerVersion: 1 })
  assert.equal(r.offset, 13)
  const nullClient = new Reader(Buffer.from('000c000300000001ffff', 'hex'))
  assert.equal(decodeRequestHeader(nullClient).clientId, null)
})

test('request header v2: the client id stays an int16-length string, then tagged fields', () => {
  // Heartbeat v4 (flexible): header v2, client id "kc" (not compact), one unknown tagged field, then the body
  const frame = Buffer.from('000c' + '0004' + '00000007' + '0002' + '6b63' + '01' + '0501' + 'ff' + '0267', 'hex')
  const { header, body } = readRequestFrame(frame)
  assert.deepEqual(header, { apiKey: 12, apiVersion: 4, correlationId: 7, clientId: 'kc', headerVersion: 2 })
  assert.equal(body.compactString(), 'g')
  // round trip through the encoder
  const w = encodeRequestHeader(new Writer(), { apiKey: 3, apiVersion: 12, correlationId: -5, clientId: 'ünï' }, 2)
  assert.deepEqual(decodeRequestHeader(new Reader(w.toBuffer())), { apiKey: 3, apiVersion: 12, correlationId: -5, clientId: 'ünï', headerVersion: 2 })
})

test('ApiVersions v3 request uses header v2 but its response uses header v0', () => {
  const w = encodeRequestHeader(new Writer(), { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'c' }, 2)
  codecFor(18, 3)!.encodeRequest(w, { clientSoftwareName: 'kc', clientSoftwareVersion: '1.0' })
  const { header, body } = readRequestFrame(w.toBuffer())
  assert.equal(header.headerVersion, 2)
  assert.deepEqual(codecFor(18, 3)!.decodeRequest(body), { clientSoftwareName: 'kc', clientSoftwareVersion: '1.0' })
  assert.equal(responseHeaderVersion(18, 3), 0)
  const res = encodeResponseHeader(new Writer(), 1, responseHeaderVersion(18, 3))
  assert.equal(res.toBuffer().toString('hex'), '00000001')
  assert.equal(encodeResponseHeader(new Writer(), 1, responseHeaderVersion(12, 4)).toBuffer().toString('hex'), '0000000100')
  assert.equal(decodeResponseHeader(new Reader(Buffer.from('00000009' + '01' + '0201' + '00', 'hex')), 1), 9)
})

test('an unknown key or version still yields key, version, correlation id and client id', () => {
  // ApiVersions v9 from a future client: header v2 layout; we read it as v1 and leave the rest unread
  const frame = Buffer.from('0012' + '0009' + '00000063' + '0001' + '78' + '00' + 'ffff', 'hex')
  const { header, body } = readRequestFrame(frame)
  assert.deepEqual(header, { apiKey: 18, apiVersion: 9, correlationId: 99, clientId: 'x', headerVersion: 1 })
  assert.equal(body.remaining, 3)
  const unknownKey = readRequestFrame(Buffer.from('03e7' + '0000' + '00000001' + 'ffff', 'hex')).header
  assert.equal(unknownKey.apiKey, 999)
  assert.equal(unknownKey.correlationId, 1)
  assert.deepEqual(peekRequestHeader(Buffer.from('7fff' + '7fff' + '80000000', 'hex')), { apiKey: 32767, apiVersion: 32767, correlationId: -2147483648 })
})

test('truncated frames throw ProtocolDecodeError', () => {
  const full = Buffer.from('000c' + '0004' + '00000007' + '0002' + '6b63' + '01' + '0501' + 'ff', 'hex')
  for (let cut = 0; cut < full.length; cut++) {
    assert.throws(() => readRequestFrame(full.subarray(0, cut)), ProtocolDecodeError, `cut at ${cut}`)
  }
  assert.throws(() => peekRequestHeader(Buffer.alloc(7)), ProtocolDecodeError)
  // a client id longer than the frame
  assert.throws(() => readRequestFrame(Buffer.from('000c000300000001' + '0010' + '61', 'hex')), /truncated input/)
  // a body cut short after a valid header
  const { body } = readRequestFrame(Buffer.from('000c000400000001ffff00' + '05', 'hex'))
  assert.throws(() => codecFor(12, 4)!.decodeRequest(body), ProtocolDecodeError)
})
