// Java's Double.toString / Float.toString (JDK 19+), which JsonConverter uses for FLOAT64/FLOAT32 payloads.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { javaDoubleToString, javaFloatToString } from '../../src/data/index.ts'

test('Double.toString vectors', () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'], [1.1, '1.1'], [0.1, '0.1'], [100, '100.0'], [1e7, '1.0E7'], [9999999.5, '9999999.5'], [0.001, '0.001'],
    [0.000999, '9.99E-4'], [1e21, '1.0E21'], [123456789.123, '1.23456789123E8'], [5e-324, '4.9E-324'],
    [Number.MAX_VALUE, '1.7976931348623157E308'], [-0, '-0.0'], [0, '0.0'], [1e-5, '1.0E-5'], [12.34, '12.34'],
    [-1234.5678, '-1234.5678'], [2e22, '2.0E22'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
    [Number('9007199254740993'), '9.007199254740992E15'], [0.30000000000000004, '0.30000000000000004']
  ]
  for (const [d, text] of cases) assert.equal(javaDoubleToString(d), text, String(d))
})

test('Float.toString vectors (values rounded to float32 first)', () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'], [1.1, '1.1'], [0.1, '0.1'], [12.34, '12.34'], [3.4028235e38, '3.4028235E38'], [1.4e-45, '1.4E-45'],
    [1e10, '1.0E10'], [16777216, '1.6777216E7'], [0.3, '0.3'], [100, '100.0'], [1e-3, '0.001'], [NaN, 'NaN'],
    [-Infinity, '-Infinity'], [-0, '-0.0'], [3.14159, '3.14159'], [66000.0008, '66000.0']
  ]
  for (const [f, text] of cases) assert.equal(javaFloatToString(f), text, String(f))
})

test('property: the text reads back to the same double / float', () => {
  fc.assert(fc.property(fc.double({ noNaN: true }), d => {
    assert.ok(Object.is(Number(javaDoubleToString(d)), d))
  }))
  fc.assert(fc.property(fc.float({ noNaN: true }), f => {
    assert.ok(Object.is(Math.fround(Number(javaFloatToString(f))), f))
  }))
})
