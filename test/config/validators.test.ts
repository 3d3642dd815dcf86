// Validators: messages and "Valid Values" texts of Kafka's ConfigDef validators (ConfigDef.java, ConfigDefTest) and
// the Connect ones (ConnectorConfig aliases, RegexValidator, RestServerConfig listeners, TopicCreationConfig).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ConfigException, Password, atLeast, between, composite, defineConfig, lambda, listOf, listSizeAtMost, listenersList, nonEmptyString,
  nonEmptyStringWithoutControlChars, nonNull, oneOf, oneOfIgnoreCase, optional, partitionsValidator, replicationFactorValidator,
  uniqueAliases, validRegex, validatorOf, type Validator
} from '../../src/config/index.ts'

function message (v: Validator, value: unknown, name = 'k'): string | null {
  try {
    v.ensureValid(name, value)
    return null
  } catch (err) {
    assert.ok(err instanceof ConfigException)
    return err.message
  }
}

test('Range: atLeast / between', () => {
  assert.equal(message(atLeast(1), 0), 'Invalid value 0 for configuration k: Value must be at least 1')
  assert.equal(message(atLeast(1), 1), null)
  assert.equal(message(atLeast(1), null), 'Invalid value null for configuration k: Value must be non-null')
  assert.equal(message(between(0, 10), 11), 'Invalid value 11 for configuration k: Value must be no more than 10')
  assert.equal(message(between(0, 10), -1), 'Invalid value -1 for configuration k: Value must be at least 0')
  assert.equal(atLeast(1).toString(), '[1,...]')
  assert.equal(between(0, 2147483647).toString(), '[0,...,2147483647]')
  assert.equal(message(atLeast(0.5), 0.25), 'Invalid value 0.25 for configuration k: Value must be at least 0.5')
})

test('ValidString.in and its case-insensitive variant (HashSet order, as Kafka prints it)', () => {
  assert.equal(message(oneOf('none', 'all'), 'some'), 'Invalid value some for configuration k: String must be one of: none, all')
  assert.equal(message(oneOf('none', 'all'), 'ALL'), 'Invalid value ALL for configuration k: String must be one of: none, all')
  assert.equal(oneOf('none', 'all').toString(), '[none, all]')
  const ci = oneOfIgnoreCase('disabled', 'upgrade', 'downgrade', 'bidirectional')
  assert.equal(message(ci, 'UpGrade'), null)
  // GroupCoordinatorConfigTest expects exactly this order
  assert.equal(message(ci, 'foobar', 'group.consumer.migration.policy'),
    'Invalid value foobar for configuration group.consumer.migration.policy: String must be one of (case insensitive): DISABLED, DOWNGRADE, UPGRADE, BIDIRECTIONAL')
  assert.equal(message(ci, null), 'Invalid value null for configuration k: String must be one of (case insensitive): DISABLED, DOWNGRADE, UPGRADE, BIDIRECTIONAL')
  assert.equal(oneOfIgnoreCase('only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load').toString(), '(case insensitive) [ONLY_SCAN, SERVICE_LOAD, HYBRID_WARN, HYBRID_FAIL]')
})

test('ValidList.in, ListSize, NonNull, NonEmptyString', () => {
  assert.equal(message(listOf('a', 'b'), ['a', 'c']), 'Invalid value c for configuration k: String must be one of: a, b')
  assert.equal(message(listOf('a', 'b'), ['b']), null)
  assert.equal(message(listSizeAtMost(1), ['a', 'b']), 'Invalid value [a, b] for configuration k: exceeds maximum list size of [1].')
  assert.equal(listSizeAtMost(1).toString(), 'List containing maximum of 1 elements')
  assert.equal(message(nonNull(), null), 'Invalid value null for configuration k: entry must be non null')
  assert.equal(nonNull().toString(), 'non-null string')
  assert.equal(message(nonEmptyString(), ''), 'Invalid value  for configuration k: String must be non-empty')
  assert.equal(message(nonEmptyString(), null), null)
})

test('NonEmptyStringWithoutControlChars (connector names)', () => {
  const v = nonEmptyStringWithoutControlChars()
  assert.equal(message(v, null), null)
  assert.equal(message(v, ''), 'Invalid value  for configuration k: String may not be empty')
  assert.equal(message(v, 'a\nb\u0085'), 'Invalid value a\nb\u0085 for configuration k: String may not contain control sequences but had the following ASCII chars: 10, 133')
  assert.equal(message(v, 'ok name'), null)
  assert.equal(v.toString(), 'non-empty string without ISO control characters')
})

test('composite, lambda, bare functions and optional', () => {
  const c = composite(nonNull(), lambda((_n, v) => (v as string).length > 3 ? 'too long' : undefined, 'at most 3 chars'))
  assert.equal(c.toString(), 'non-null string, at most 3 chars')
  assert.equal(message(c, 'abcd'), 'Invalid value abcd for configuration k: too long')
  assert.equal(message(c, null), 'Invalid value null for configuration k: entry must be non null')
  const fn = validatorOf((_n, v) => v === 'bad' ? 'no bad' : undefined)
  assert.equal(message(fn, 'bad'), 'Invalid value bad for configuration k: no bad')
  assert.equal(fn.toString(), '')
  assert.equal(message(optional(atLeast(0)), null), null)
  assert.equal(message(optional(atLeast(0)), -1), 'Invalid value -1 for configuration k: Value must be at least 0')
  const def = defineConfig({ x: { type: 'INT', default: 5, importance: 'LOW', doc: '', validator: (_n, v) => (v as number) % 2 === 0 ? 'must be odd' : undefined } })
  assert.equal(def.safeParse({ x: '4' }).ok, false)
  assert.throws(() => def.parse({ x: '4' }), { message: 'Invalid value 4 for configuration x: must be odd' })
})

test('password values never show in validator messages', () => {
  assert.equal(message(oneOf('a'), new Password('hunter2')), 'Invalid value [hidden] for configuration k: String must be one of: a')
})

test('Connect validators: unique aliases, regex, listeners, partitions and replication factor', () => {
  assert.equal(message(uniqueAliases('transformation'), ['a', 'b', 'a']), 'Invalid value [a, b, a] for configuration k: Duplicate alias provided.')
  assert.equal(uniqueAliases('transformation').toString(), 'non-null string, unique transformation aliases')
  assert.match(message(validRegex(), '(unclosed') ?? '', /^Invalid value \(unclosed for configuration k: Invalid regex: /)
  assert.equal(message(validRegex(), 'topic-.*'), null)
  assert.equal(message(listenersList('listeners', false), []), 'Invalid value for listeners, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.')
  assert.equal(message(listenersList('listeners', false), [' ']), 'Empty URL found when parsing listeners list.')
  assert.equal(message(listenersList('admin.listeners', true), null), null)
  assert.equal(message(partitionsValidator(), 0), "Invalid value 0 for configuration k: Number of partitions must be positive, or -1 to use the broker's default")
  assert.equal(message(partitionsValidator(), -1), null)
  assert.equal(message(replicationFactorValidator(), -2), "Invalid value -2 for configuration k: Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default")
})
