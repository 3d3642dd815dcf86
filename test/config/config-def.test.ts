// defineConfig/ConfigDef: parsing of every type with Kafka's messages, required keys, defaults, the ConfigError that
// names every bad key, validate() (ConfigDef.validateAll semantics), extend/merge/embed and dependents.
// Messages are checked against clients/.../ConfigDef.java (parseType, parseValue, validateAll) and ConfigDefTest.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ConfigDef, ConfigError, ConfigException, NO_DEFAULT_VALUE, Password, atLeast, defineConfig, mergeConfigDefs, nonEmptyString, oneOf
} from '../../src/config/index.ts'

const all = defineConfig({
  b: { type: 'BOOLEAN', default: false, importance: 'LOW', doc: '' },
  s: { type: 'STRING', default: 'x', importance: 'LOW', doc: '' },
  i: { type: 'INT', default: 1, importance: 'LOW', doc: '' },
  sh: { type: 'SHORT', default: 2, importance: 'LOW', doc: '' },
  l: { type: 'LONG', default: 3, importance: 'LOW', doc: '' },
  d: { type: 'DOUBLE', default: 0.5, importance: 'LOW', doc: '' },
  li: { type: 'LIST', default: [], importance: 'LOW', doc: '' },
  c: { type: 'CLASS', default: null, importance: 'LOW', doc: '' },
  p: { type: 'PASSWORD', default: null, importance: 'LOW', doc: '' }
})

function errorOf (props: Record<string, unknown>, def: ConfigDef<any> = all): string[] {
  const r = def.safeParse(props)
  assert.equal(r.ok, false)
  return r.ok ? [] : r.error.errors.map(e => e.message)
}

test('every type parses from strings as Kafka does (trimmed, case-insensitive booleans, LIST split)', () => {
  const v = all.parse({ b: ' TRUE ', s: '  hello  ', i: ' -42', sh: '+7', l: '9007199254740993', d: '1e3', li: ' a , b,,c ', c: ' org.Foo ', p: ' pw ' })
  assert.equal(v.b, true)
  assert.equal(v.s, 'hello')
  assert.equal(v.i, -42)
  assert.equal(v.sh, 7)
  assert.equal(v.l, 9007199254740992) // LONG is a number: beyond 2^53 it rounds (documented)
  assert.equal(v.d, 1000)
  assert.deepEqual(v.li, ['a', 'b', '', 'c'])
  assert.equal(v.c, 'org.Foo')
  assert.ok(v.p instanceof Password)
  assert.equal(v.p.value(), 'pw')
})

test('defaults apply when keys are absent (undefined counts as absent); LIST defaults are copies', () => {
  const v = all.parse({ s: undefined })
  assert.deepEqual({ ...v, li: [...v.li] }, { b: false, s: 'x', i: 1, sh: 2, l: 3, d: 0.5, li: [], c: null, p: null })
  v.li.push('mutated')
  assert.deepEqual(all.parse({}).li, [])
  assert.deepEqual(all.parse({ li: '' }).li, [])
  assert.deepEqual(all.parse(new Map([['i', '5']])).i, 5)
})

test('type errors use Kafka messages', () => {
  assert.deepEqual(errorOf({ b: 'yes' }), ['Invalid value yes for configuration b: Expected value to be either true or false'])
  assert.deepEqual(errorOf({ i: '2147483648' }), ['Invalid value 2147483648 for configuration i: Not a number of type INT'])
  assert.deepEqual(errorOf({ i: '1.5' }), ['Invalid value 1.5 for configuration i: Not a number of type INT'])
  assert.deepEqual(errorOf({ sh: '40000' }), ['Invalid value 40000 for configuration sh: Not a number of type SHORT'])
  assert.deepEqual(errorOf({ l: '9223372036854775808' }), ['Invalid value 9223372036854775808 for configuration l: Not a number of type LONG'])
  assert.deepEqual(errorOf({ d: 'abc' }), ['Invalid value abc for configuration d: Not a number of type DOUBLE'])
  assert.deepEqual(errorOf({ d: '' }), ['Invalid value  for configuration d: Not a number of type DOUBLE'])
  assert.deepEqual(errorOf({ s: 5 }), ['Invalid value 5 for configuration s: Expected value to be a string, but it was a java.lang.Integer'])
  assert.deepEqual(errorOf({ i: 1.5 }), ['Invalid value 1.5 for configuration i: Expected value to be a 32-bit integer, but it was a java.lang.Double'])
  assert.deepEqual(errorOf({ sh: true }), ['Invalid value true for configuration sh: Expected value to be a 16-bit integer (short), but it was a java.lang.Boolean'])
  assert.deepEqual(errorOf({ l: 'x' }), ['Invalid value x for configuration l: Not a number of type LONG'])
  assert.deepEqual(errorOf({ li: 5 }), ['Invalid value 5 for configuration li: Expected a comma separated list.'])
  assert.deepEqual(errorOf({ c: 5 }), ['Invalid value 5 for configuration c: Expected a Class instance or class name.'])
  assert.deepEqual(errorOf({ p: 5 }), ['Invalid value 5 for configuration p: Expected value to be a string, but it was a java.lang.Integer'])
})

test('non-string inputs are accepted where Java would accept the boxed type', () => {
  const v = all.parse({ b: true, i: 7, sh: -3, l: 2n ** 40n, d: 2, li: ['x'], p: new Password('s') })
  assert.equal(v.l, 2 ** 40)
  assert.deepEqual(v.li, ['x'])
  assert.equal(v.p?.value(), 's')
  assert.equal(all.parse({ d: 'NaN' }).d, NaN)
  assert.equal(all.parse({ d: '-Infinity' }).d, -Infinity)
  assert.equal(all.parse({ d: '0x1.8p1' }).d, 3)
  assert.equal(all.parse({ d: '2.5f' }).d, 2.5)
})

test('CLASS names can be checked through classExists', () => {
  const r = all.safeParse({ c: 'com.Missing ' }, { classExists: name => name === 'com.Present' })
  assert.equal(r.ok, false)
  assert.deepEqual(!r.ok && r.error.errors, [{ key: 'c', message: 'Invalid value com.Missing  for configuration c: Class com.Missing  could not be found.' }])
  assert.equal(all.parse({ c: 'com.Present' }, { classExists: name => name === 'com.Present' }).c, 'com.Present')
})

test('a ConfigError lists every bad key, missing required keys with Kafka text', () => {
  const def = defineConfig({
    topic: { type: 'STRING', importance: 'HIGH', doc: 'Topic.', validator: nonEmptyString() },
    'batch.size': { type: 'INT', default: 2000, validator: atLeast(1), importance: 'LOW', doc: 'Batch.' },
    mode: { type: 'STRING', default: 'a', validator: oneOf('a', 'b'), importance: 'LOW', doc: 'Mode.' }
  })
  let e: ConfigError | undefined
  try {
    def.parse({ 'batch.size': '0', mode: 'c' })
  } catch (err) {
    e = err as ConfigError
  }
  assert.ok(e instanceof ConfigError)
  assert.deepEqual(e.errors, [
    { key: 'topic', message: 'Missing required configuration "topic" which has no default value.' },
    { key: 'batch.size', message: 'Invalid value 0 for configuration batch.size: Value must be at least 1' },
    { key: 'mode', message: 'Invalid value c for configuration mode: String must be one of: a, b' }
  ])
  assert.match(e.message, /^3 configuration errors:\n/)
  assert.ok(e instanceof ConfigException)
  assert.equal(e.code, 'KC_CONFIG')
  assert.deepEqual(e.byKey().get('topic'), ['Missing required configuration "topic" which has no default value.'])
  try {
    def.parse({})
  } catch (one) {
    assert.equal((one as Error).message, 'Missing required configuration "topic" which has no default value.')
  }
})

test('explicit null: rejected by parse unless the default is null (validate keeps Kafka behaviour)', () => {
  const def = defineConfig({
    req: { type: 'STRING', importance: 'HIGH', doc: '' },
    n: { type: 'INT', default: 1, importance: 'LOW', doc: '' },
    opt: { type: 'STRING', default: null, importance: 'LOW', doc: '' }
  })
  assert.deepEqual(errorOf({ req: null, n: null, opt: null }, def), [
    'Missing required configuration "req" which has no default value.',
    'Invalid value null for configuration n: Value must be non-null'
  ])
  assert.equal(def.parse({ req: 'x', opt: null }).opt, null)
  const values = def.validate({ req: null, n: null })
  assert.deepEqual(values.map(v => [v.name, v.value, v.errorMessages]), [['req', null, []], ['n', null, []], ['opt', null, []]])
})

test('defaults are parsed and validated when defining (ConfigKey constructor)', () => {
  assert.throws(() => defineConfig({ x: { type: 'INT', default: 'abc', importance: 'LOW', doc: '' } }),
    { message: 'Invalid value abc for configuration x: Not a number of type INT' })
  assert.throws(() => defineConfig({ x: { type: 'INT', default: 0, validator: atLeast(1), importance: 'LOW', doc: '' } }),
    { message: 'Invalid value 0 for configuration x: Value must be at least 1' })
  const d = defineConfig({ x: { type: 'LIST', default: 'a,b', importance: 'LOW', doc: '' }, y: { type: 'INT', importance: 'LOW', doc: '' } })
  assert.deepEqual(d.key('x')?.defaultValue, ['a', 'b'])
  assert.equal(d.key('y')?.defaultValue, NO_DEFAULT_VALUE)
  assert.deepEqual(d.defaultValues(), { x: ['a', 'b'] })
  assert.equal(d.key('x')?.displayName, 'x')
  assert.equal(d.key('x')?.orderInGroup, -1)
  assert.equal(d.key('x')?.width, 'NONE')
  assert.equal(d.key('x')?.group, null)
})

test('validate(): parse error then validator on null, missing required, values kept parsed', () => {
  const def = defineConfig({
    name: { type: 'STRING', importance: 'HIGH', doc: '' },
    'tasks.max': { type: 'INT', default: 1, validator: atLeast(1), importance: 'HIGH', doc: '' },
    list: { type: 'LIST', default: 'a', importance: 'LOW', doc: '' }
  })
  const v = def.validateAll({ 'tasks.max': 'abc', list: 'x,y', other: 'ignored' })
  assert.deepEqual([...v.keys()], ['name', 'tasks.max', 'list'])
  assert.deepEqual(v.get('name')?.errorMessages, ['Missing required configuration "name" which has no default value.'])
  assert.deepEqual(v.get('tasks.max')?.errorMessages, [
    'Invalid value abc for configuration tasks.max: Not a number of type INT',
    'Invalid value null for configuration tasks.max: Value must be non-null'
  ])
  assert.deepEqual(v.get('list')?.value, ['x', 'y'])
  assert.equal(v.get('list')?.visible, true)
})

test('dependents that are not defined: parse fails, validate reports them invisible', () => {
  const def = defineConfig({ a: { type: 'INT', default: 1, importance: 'LOW', doc: '', dependents: ['b', 'c'] } })
  assert.deepEqual(errorOf({}, def), ['Some configurations in are referred in the dependents, but not defined: b,c'])
  const v = def.validateAll({})
  assert.deepEqual(v.get('b')?.errorMessages, ['b is referred in the dependents, but not defined.'])
  assert.equal(v.get('b')?.visible, false)
})

test('extend refuses duplicates; merge replaces in place; groups keep first-definition order', () => {
  const base = defineConfig({
    a: { type: 'INT', default: 1, importance: 'LOW', doc: '', group: 'G1' },
    b: { type: 'INT', default: 2, importance: 'LOW', doc: '', group: 'G2' }
  })
  assert.throws(() => base.extend({ a: { type: 'INT', default: 1, importance: 'LOW', doc: '' } }), { message: 'Configuration a is defined twice.' })
  const ext = base.extend({ c: { type: 'STRING', default: 'c', importance: 'LOW', doc: '', group: 'G3' } })
  assert.deepEqual(ext.names(), ['a', 'b', 'c'])
  assert.deepEqual(ext.groups, ['G1', 'G2', 'G3'])
  assert.equal(ext.parse({}).c, 'c')
  const merged = base.merge({ a: { type: 'STRING', default: 'now a string', importance: 'HIGH', doc: '', group: 'G0' }, d: { type: 'BOOLEAN', default: true, importance: 'LOW', doc: '' } })
  assert.deepEqual(merged.names(), ['a', 'b', 'd'])
  assert.equal(merged.parse({}).a, 'now a string')
  assert.deepEqual(merged.groups, ['G1', 'G2', 'G0'])
  assert.deepEqual(mergeConfigDefs(base, ext, merged).names(), ['a', 'b', 'c', 'd'])
  assert.deepEqual(base.pick('b').names(), ['b'])
})

test('embed prefixes keys, numbers them, groups them, and validators report unprefixed names', () => {
  const child = defineConfig({
    regex: { type: 'STRING', importance: 'HIGH', doc: 'Regex.', validator: nonEmptyString() },
    replacement: { type: 'STRING', default: '', importance: 'LOW', doc: 'Replacement.', group: 'Inner' }
  })
  const def = defineConfig({ transforms: { type: 'LIST', default: [], importance: 'LOW', doc: '', group: 'Transforms' } })
    .embed('transforms.route.', 'Transforms: route', 1, child)
  assert.deepEqual(def.names(), ['transforms', 'transforms.route.regex', 'transforms.route.replacement'])
  assert.equal(def.key('transforms.route.regex')?.group, 'Transforms: route')
  assert.equal(def.key('transforms.route.regex')?.orderInGroup, 1)
  assert.equal(def.key('transforms.route.replacement')?.group, 'Transforms: route: Inner')
  assert.deepEqual(def.groups, ['Transforms', 'Transforms: route', 'Transforms: route: Inner'])
  const v = def.validateAll({ 'transforms.route.regex': '' })
  assert.deepEqual(v.get('transforms.route.regex')?.errorMessages, ['Invalid value  for configuration regex: String must be non-empty'])
  assert.equal(def.parse({ 'transforms.route.regex': 'x' })['transforms.route.regex'], 'x')
})

test('LIST splitting uses Java\'s ASCII \\s around commas', () => {
  assert.deepEqual(all.parse({ li: 'a\u00a0,\t\nb' }).li, ['a\u00a0', 'b'])
})
