// The .properties reader against java.util.Properties.load semantics (its javadoc examples, LineReader continuation
// and comment rules, loadConvert escapes), error positions, and a fast-check round trip through formatProperties.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { PropertiesError, formatProperties, parseProperties, readPropertiesFile, readPropertiesFileSync } from '../../src/config/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'kc-props-'))
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

function parsed (text: string): Array<[string, string]> {
  return [...parseProperties(text)]
}

const cases: Array<[string, string, Array<[string, string]>]> = [
  ['javadoc: = separator with spaces', 'Truth = Beauty\n', [['Truth', 'Beauty']]],
  ['javadoc: leading whitespace and colon', ' Truth:Beauty\n', [['Truth', 'Beauty']]],
  ['javadoc: whitespace before colon', 'Truth                    :Beauty\n', [['Truth', 'Beauty']]],
  ['javadoc: continuation lines', 'fruits                           apple, banana, pear, \\\n                                  cantaloupe, watermelon, \\\n                                  kiwi, mango\n',
    [['fruits', 'apple, banana, pear, cantaloupe, watermelon, kiwi, mango']]],
  ['javadoc: key only', 'cheeses\n', [['cheeses', '']]],
  ['javadoc: escaped separators in key', '\\:\\=\n', [[':=', '']]],
  ['whitespace separator', 'key value\n', [['key', 'value']]],
  ['tab and form feed separators', 'key\t\f value\n', [['key', 'value']]],
  ['only one = is a separator', 'a==b\n', [['a', '=b']]],
  ['spaces around a single separator', 'a = = b\n', [['a', '= b']]],
  ['colon then equals', 'a:b=c\n', [['a', 'b=c']]],
  ['escaped spaces in key', 'key\\ with\\ spaces = v\n', [['key with spaces', 'v']]],
  ['trailing spaces of a value are kept', 'a=b  \n', [['a', 'b  ']]],
  ['escaped backslash ends the key before =', 'a\\\\=b\n', [['a\\', 'b']]],
  ['character escapes', 'a=\\t\\n\\r\\f|\\b\\"\\\\\\q\n', [['a', '\t\n\r\f|b"\\q']]],
  ['unicode escapes', 'k\\u00e9y=\\u0041\\u00E9\\uD83D\\uDE00\n', [['kéy', 'Aé😀']]],
  ['raw unicode text', 'clé=värde ✓\n', [['clé', 'värde ✓']]],
  ['# and ! comments, indented comments', '# c\n! c\n   # c\n\t! c\na=1\n', [['a', '1']]],
  ['comment is not continued by a trailing backslash', '# c \\\nx=y\n', [['x', 'y']]],
  ['# inside a value is not a comment', 'a=b # c\n', [['a', 'b # c']]],
  ['continuation line starting with # is data', 'a=b\\\n#c\n', [['a', 'b#c']]],
  ['even backslashes do not continue', 'a=b\\\\\nc=d\n', [['a', 'b\\'], ['c', 'd']]],
  ['odd backslashes continue', 'a=b\\\\\\\nc\n', [['a', 'b\\c']]],
  ['continuation skips leading whitespace of the next line', 'a=b\\\n   \t c\n', [['a', 'bc']]],
  ['continuation followed by an empty line ends the value', 'a=b\\\n\nc=d\n', [['a', 'b'], ['c', 'd']]],
  ['continuation at end of input', 'a=b\\', [['a', 'b']]],
  ['CRLF and CR line endings', 'a=1\r\nb=2\rc=3\r\n', [['a', '1'], ['b', '2'], ['c', '3']]],
  ['CRLF continuation', 'a=x\\\r\n  y\r\n', [['a', 'xy']]],
  ['blank lines and whitespace-only lines', '\n   \n\t\na=1\n\n', [['a', '1']]],
  ['no trailing newline', 'a=1', [['a', '1']]],
  ['empty keys', '=v\n:w\n', [['', 'w']]],
  ['last duplicate wins, first position kept', 'a=1\nb=2\na=3\n', [['a', '3'], ['b', '2']]],
  ['a lone backslash line then a # line: the # line is a comment (Java LineReader)', '\\\n#x=1\ny=2\n', [['y', '2']]],
  ['value with separators and escapes', 'url=jdbc\\:postgresql://h\\:5432/db?a=b\n', [['url', 'jdbc:postgresql://h:5432/db?a=b']]],
  ['placeholders are kept raw', 'topic=${file:/tmp/x.properties:topic.external}\n', [['topic', '${file:/tmp/x.properties:topic.external}']]],
  ['empty input', '', []]
]

for (const [name, text, expected] of cases) {
  test(`properties: ${name}`, () => {
    assert.deepEqual(parsed(text), expected)
  })
}

test('malformed \\u escapes are PropertiesErrors with file, line and column', () => {
  assert.throws(() => parseProperties('a=1\n\nb=x\\u12', { fileName: 'w.properties' }), (err: unknown) => {
    assert.ok(err instanceof PropertiesError)
    assert.equal(err.fileName, 'w.properties')
    assert.equal(err.line, 3)
    assert.equal(err.column, 4)
    assert.equal(err.message, 'w.properties:3:4: Malformed \\uxxxx encoding.')
    return true
  })
  assert.throws(() => parseProperties('k\\uzz00=v'), { message: '<properties>:1:2: Malformed \\uxxxx encoding.' })
  assert.throws(() => parseProperties('a=\\\n  \\u00g1\n'), { message: '<properties>:2:3: Malformed \\uxxxx encoding.' })
})

test('readPropertiesFile reports the path on errors and reads UTF-8 (or latin1)', async () => {
  const bad = join(dir, 'bad.properties')
  writeFileSync(bad, 'ok=1\nbroken=\\u00\n')
  await assert.rejects(readPropertiesFile(bad), { message: `${bad}:2:8: Malformed \\uxxxx encoding.` })
  const good = join(dir, 'good.properties')
  writeFileSync(good, 'name=caf\u00e9\n')
  assert.equal((await readPropertiesFile(good)).get('name'), 'café')
  assert.equal(readPropertiesFileSync(good, { encoding: 'latin1' }).get('name'), 'cafÃ©')
  await assert.rejects(readPropertiesFile(join(dir, 'missing.properties')), { code: 'ENOENT' })
})

test('formatProperties escapes as Properties.store does', () => {
  assert.equal(formatProperties(new Map([[' k=:#!', ' v\té\n ']])), '\\ k\\=\\:\\#\\!=\\ v\\t\\u00E9\\n \n')
  assert.equal(formatProperties({ a: 'b c' }, { escapeUnicode: false, comments: 'hello\nworld' }), '#hello\n#world\na=b c\n')
})

const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c)), maxLength: 30 })
const tricky = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\f', '\n', '\r', '\\', '=', ':', '#', '!', 'u', '0', 'é', '😀'), maxLength: 20 })

for (const escapeUnicode of [true, false]) {
  test(`round trip: formatProperties then parseProperties keeps any map (escapeUnicode=${escapeUnicode})`, () => {
    const entries = fc.uniqueArray(fc.tuple(fc.oneof(anyUtf16, tricky), fc.oneof(anyUtf16, tricky)), { selector: e => e[0], maxLength: 12 })
    fc.assert(fc.property(entries, list => {
      const map = new Map(list)
      assert.deepEqual([...parseProperties(formatProperties(map, { escapeUnicode }))], [...map])
    }), { numRuns: 500 })
  })
}
