// Java text helpers: Double.toString, String.trim, number parsing ranges, HashSet iteration order (checked against
// an order asserted by Kafka's GroupCoordinatorConfigTest) and String.valueOf of lists.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { javaDoubleToString, javaHashSetOrder, javaString, javaTrim, parseJavaDouble, parseJavaInteger } from '../../src/config/java-text.ts'
import { Password } from '../../src/config/index.ts'

test('Double.toString', () => {
  const cases: Array<[number, string]> = [[1, '1.0'], [0.5, '0.5'], [100, '100.0'], [1e7, '1.0E7'], [9999999, '9999999.0'], [0.001, '0.001'],
    [0.0001, '1.0E-4'], [1.5e-5, '1.5E-5'], [123456789.123, '1.23456789123E8'], [-0, '-0.0'], [0, '0.0'], [NaN, 'NaN'], [-Infinity, '-Infinity']]
  for (const [d, s] of cases) assert.equal(javaDoubleToString(d), s, String(d))
})

test('String.trim strips only code units <= U+0020', () => {
  assert.equal(javaTrim('\u0000\t a \n\u0001'), 'a')
  assert.equal(javaTrim('\u00a0a\u00a0'), '\u00a0a\u00a0')
})

test('integer and double parsing follow Java', () => {
  assert.equal(parseJavaInteger('+12', 'INT'), 12n)
  assert.equal(parseJavaInteger('-2147483648', 'INT'), -2147483648n)
  assert.equal(parseJavaInteger('2147483648', 'INT'), undefined)
  assert.equal(parseJavaInteger('1_000', 'INT'), undefined)
  assert.equal(parseJavaInteger('', 'INT'), undefined)
  assert.equal(parseJavaInteger('0x10', 'LONG'), undefined)
  assert.equal(parseJavaDouble('1.'), 1)
  assert.equal(parseJavaDouble('.5e1'), 5)
  assert.equal(parseJavaDouble('1e'), undefined)
  assert.equal(parseJavaDouble('0x10'), undefined)
  assert.equal(parseJavaDouble('0x10p0'), 16)
  assert.equal(parseJavaDouble('Infinity'), Infinity)
  assert.equal(parseJavaDouble('inf'), undefined)
})

test('HashSet<String> iteration order', () => {
  assert.deepEqual(javaHashSetOrder(['BIDIRECTIONAL', 'DOWNGRADE', 'UPGRADE', 'DISABLED']), ['DISABLED', 'DOWNGRADE', 'UPGRADE', 'BIDIRECTIONAL'])
  assert.deepEqual(javaHashSetOrder(['a', 'a', 'b']), ['a', 'b'])
  const many = Array.from({ length: 40 }, (_, i) => `K${i}`)
  assert.deepEqual(new Set(javaHashSetOrder(many)), new Set(many))
})

test('String.valueOf', () => {
  assert.equal(javaString(['a', ['b']]), '[a, [b]]')
  assert.equal(javaString(null), 'null')
  assert.equal(javaString(new Password('x')), '[hidden]')
  assert.equal(javaString(1.5), '1.5')
  assert.equal(javaString(12), '12')
})
