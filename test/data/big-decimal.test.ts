// BigDecimal text forms follow java.math.BigDecimal exactly (JsonConverter NUMERIC output and Values depend on it).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { BigDecimal, RoundingMode } from '../../src/data/index.ts'

test('parse gives Java\'s unscaled value and scale', () => {
  const cases: Array<[string, bigint, number]> = [
    ['1.56', 156n, 2], ['1.5600', 15600n, 4], ['-1E+5', -1n, -5], ['1e3', 1n, -3], ['.5', 5n, 1], ['5.', 5n, 0],
    ['0.00', 0n, 2], ['+12', 12n, 0], ['1.23456789123456789', 123456789123456789n, 17], ['1.0E10', 10n, -9],
    ['-0', 0n, 0], ['123E-10', 123n, 10]
  ]
  for (const [text, unscaled, scale] of cases) {
    const d = BigDecimal.parse(text)
    assert.equal(d.unscaledValue, unscaled, text)
    assert.equal(d.scale, scale, text)
  }
  for (const bad of ['', '.', 'e5', '1e', '1.2.3', 'abc', '0x10', ' 1', 'NaN']) assert.throws(() => BigDecimal.parse(bad), { name: 'DataError' }, bad)
})

test('toString is Java\'s (scientific for negative scale or small adjusted exponent)', () => {
  const cases: Array<[bigint, number, string]> = [
    [156n, 2, '1.56'], [15600n, 4, '1.5600'], [-1n, -5, '-1E+5'], [1n, 7, '1E-7'], [1n, 6, '0.000001'],
    [123n, 10, '1.23E-8'], [0n, 2, '0.00'], [0n, -2, '0E+2'], [12345n, -3, '1.2345E+7'], [-5n, 1, '-0.5'], [7n, 0, '7']
  ]
  for (const [u, s, text] of cases) assert.equal(new BigDecimal(u, s).toString(), text)
  assert.equal(new BigDecimal(-1n, -5).toPlainString(), '-100000')
  assert.equal(new BigDecimal(1n, 7).toPlainString(), '0.0000001')
})

test('valueOf(double) goes through Double.toString', () => {
  assert.equal(BigDecimal.valueOf(1).toString(), '1.0')
  assert.equal(BigDecimal.valueOf(0.1).toString(), '0.1')
  assert.equal(BigDecimal.valueOf(1e10).toString(), '1.0E+10')
})

test('setScale, compareTo, equals', () => {
  const d = BigDecimal.parse('2.345')
  assert.equal(d.setScale(2, RoundingMode.HALF_UP).toString(), '2.35')
  assert.equal(d.setScale(2, RoundingMode.HALF_EVEN).toString(), '2.34')
  assert.equal(d.setScale(0, RoundingMode.CEILING).toString(), '3')
  assert.equal(BigDecimal.parse('-2.5').setScale(0, RoundingMode.FLOOR).toString(), '-3')
  assert.equal(d.setScale(5).toString(), '2.34500')
  assert.throws(() => d.setScale(1), /Rounding necessary/)
  assert.equal(BigDecimal.parse('2.0').compareTo(BigDecimal.parse('2.00')), 0)
  assert.ok(!BigDecimal.parse('2.0').equals(BigDecimal.parse('2.00')))
  assert.equal(BigDecimal.parse('-2.5').toBigInt(), -2n)
  assert.equal(BigDecimal.parse('123.45').precision(), 5)
})

test('property: toString then parse gives the same unscaled value and scale', () => {
  fc.assert(fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.integer({ min: -40, max: 40 }), (u, s) => {
    const d = new BigDecimal(u, s)
    const back = BigDecimal.parse(d.toString())
    assert.ok(back.equals(d), `${u} ${s} ${d.toString()}`)
  }))
})
