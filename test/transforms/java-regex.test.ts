// Java regex → JS translation: full-match and find semantics, Java-only syntax, error messages, replacements.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JavaReplacement, compileJavaRegex, javaReplacementToJs } from '../../src/transforms/java-regex.ts'

function matches (pattern: string, input: string): boolean {
  return compileJavaRegex(pattern).matches(input)
}

function syntaxError (pattern: string): string {
  try {
    compileJavaRegex(pattern)
  } catch (err) {
    assert.equal((err as Error).name, 'JavaPatternSyntaxError')
    return (err as Error).message
  }
  assert.fail(`expected ${pattern} to be rejected`)
}

test('matches() is a full match, find is the first match', () => {
  assert.ok(matches('foo', 'foo'))
  assert.ok(!matches('foo', 'foobar'))
  assert.ok(!matches('foo', 'xfoo'))
  assert.ok(matches('a|ab', 'ab'), 'alternation backtracks to cover the whole input')
  assert.ok(matches('(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)', 'index-20160117'))
  const p = compileJavaRegex('o+')
  assert.equal(p.replaceFirst('foo-boo', '0'), 'f0-boo')
  assert.equal(p.replaceFirst('xyz', '0'), 'xyz')
})

test('possessive quantifiers and atomic groups do not give back', () => {
  assert.ok(!matches('a*+a', 'aaa'))
  assert.ok(matches('a*a', 'aaa'))
  assert.ok(matches('a*+', 'aaa'))
  assert.ok(!matches('a++a', 'aa'))
  assert.ok(!matches('a?+a', 'a'))
  assert.ok(!matches('x{2,}+x', 'xxx'))
  assert.ok(!matches('(?>a|ab)c', 'abc'))
  assert.ok(matches('(?>ab|a)c', 'abc'))
  // groups inside a possessive quantifier keep their Java numbers
  const p = compileJavaRegex('(a)++(b)')
  assert.equal(p.groupCount, 2)
  assert.equal(p.replaceFirst('aab', '$2$1'), 'ba')
})

test('POSIX, java.lang.Character and Unicode classes', () => {
  assert.ok(matches('\\p{Alpha}+', 'abcXYZ'))
  assert.ok(!matches('\\p{Alpha}+', 'ab1'))
  assert.ok(!matches('\\p{Alpha}', 'é'), 'POSIX classes are ASCII')
  assert.ok(matches('(?U)\\p{Alpha}', 'é'), 'UNICODE_CHARACTER_CLASS widens them')
  assert.ok(matches('\\p{Digit}\\p{XDigit}\\p{Punct}\\p{Space}\\p{Upper}\\p{Lower}\\p{Alnum}', '9f! Ab3'))
  assert.ok(matches('\\P{Digit}', 'x'))
  assert.ok(matches('\\p{javaLowerCase}+', 'abé'))
  assert.ok(matches('\\p{javaUpperCase}', 'É'))
  assert.ok(matches('\\p{IsLatin}+', 'abé'))
  assert.ok(matches('\\p{sc=Greek}', 'λ'))
  assert.ok(matches('\\p{script=GREEK}', 'λ'))
  assert.ok(matches('\\p{IsGreek}', 'λ'))
  assert.ok(matches('\\p{L}\\p{Lu}\\p{IsL}\\pL\\p{gc=Nd}', 'aBcd5'))
  assert.ok(matches('\\p{IsAlphabetic}\\p{IsWhite_Space}\\p{IsPunctuation}', 'a .'))
  assert.ok(matches('[\\p{L}&&[^a]]', 'b'))
  assert.ok(!matches('[\\p{L}&&[^a]]', 'a'))
  assert.ok(matches('\\p{L1}', 'ÿ'))
  assert.match(syntaxError('\\p{Foo}'), /^Unknown character property name \{Foo\} near index 6/)
  assert.match(syntaxError('\\p{IsNoSuchScript}'), /^Unknown character property name \{IsNoSuchScript\}/)
  assert.match(syntaxError('\\p{sc=Nope}'), /^Unknown Unicode property \{name=<sc>, value=<Nope>\}/)
  assert.match(syntaxError('\\p{InGreek}'), /Unicode blocks are not supported/)
})

test('predefined classes use Java\'s definitions', () => {
  assert.ok(!matches('\\s', '\u00a0'), '\\s is ASCII in Java')
  assert.ok(matches('\\s', '\u000b'))
  assert.ok(matches('\\h', '\u00a0'))
  assert.ok(matches('\\v', '\u2028'))
  assert.ok(matches('\\R', '\r\n'))
  assert.ok(matches('\\R', '\n'))
  assert.ok(!matches('.', '\u0085'), 'Java\'s dot excludes NEL')
  assert.ok(matches('(?s).', '\n'))
  assert.ok(matches('(?d).', '\r'))
  assert.ok(matches('\\w+\\W\\d\\D', 'a_1 2x'))
})

test('\\Q...\\E quotes, escapes of non-letters are literals', () => {
  assert.ok(matches('\\Qa.b\\E', 'a.b'))
  assert.ok(!matches('\\Qa.b\\E', 'axb'))
  assert.ok(matches('\\Q(a+)\\E+', '(a+)))'), 'a quantifier after \\E applies to the last quoted char')
  assert.ok(matches('\\Qa.b', 'a.b'), 'unterminated quote runs to the end')
  assert.ok(matches('[\\Q]-\\E]+', ']-'))
  assert.ok(matches('\\\\Q', '\\Q'), 'an escaped backslash does not start a quote')
  assert.ok(matches('\\^\\$\\.\\|\\?\\*\\+\\(\\)\\[\\]\\{\\}\\\\', '^$.|?*+()[]{}\\'))
  assert.ok(matches('\\-\\_\\#\\<\\ ', '-_#< '))
  assert.ok(matches('a}b]', 'a}b]'), 'lone } and ] are literals')
  assert.ok(matches('\\x41\\x{1F600}\\u0042\\0103\\t\\cA\\e', 'A😀BC\t\u0001\u001b'))
  assert.ok(matches('\\uD83D\\uDE00', '😀'))
  assert.match(syntaxError('\\y'), /^Illegal\/unsupported escape sequence near index 1/)
  assert.match(syntaxError('\\09'), /^Illegal octal escape sequence/)
  assert.match(syntaxError('\\xZZ'), /^Illegal hexadecimal escape sequence/)
  assert.match(syntaxError('\\u12'), /^Illegal Unicode escape sequence/)
  assert.match(syntaxError('a\\'), /^Unescaped trailing backslash/)
})

test('groups: named, non-capturing, lookaround, backreferences', () => {
  const p = compileJavaRegex('(?<year>\\d{4})-(?<month>\\d\\d)')
  assert.deepEqual([...p.groupNames], [['year', 1], ['month', 2]])
  assert.equal(p.replaceFirst('2024-01', '${month}/${year}'), '01/2024')
  assert.ok(matches('(a)\\1', 'aa'))
  assert.ok(matches('(?<x>a)\\k<x>', 'aa'))
  assert.ok(!matches('(a)\\2', 'aa'), 'a reference to a missing group never matches')
  assert.ok(matches('(?:ab)+', 'abab'))
  assert.ok(matches('a(?=b)b', 'ab'))
  assert.ok(matches('(?<=a)b', 'b') === false)
  assert.ok(matches('a(?<=a)b', 'ab'))
  assert.ok(matches('a(?<!x)b', 'ab'))
  assert.ok(matches('(?=a)*a', 'a'), 'Java lets lookarounds be quantified')
  assert.ok(matches('^*a', 'a'))
  assert.ok(matches('(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'abcdefghijj'))
  assert.ok(matches('(a)\\10', 'aa0'), '\\10 is \\1 then 0 when there is no group 10')
  assert.match(syntaxError('(?<1a>x)'), /^capturing group name does not start with a Latin letter/)
  assert.match(syntaxError('(?<a>x)(?<a>y)'), /^Named capturing group <a> is already defined/)
  assert.match(syntaxError('\\k<x>'), /^named capturing group <x> does not exist/)
  assert.match(syntaxError('(?<=a*)b'), /^Look-behind group does not have an obvious maximum length/)
  assert.match(syntaxError('(?<a_b>x)'), /^named capturing group is missing trailing '>'/)
})

test('inline flags', () => {
  assert.ok(matches('(?i)abc', 'ABC'))
  assert.ok(matches('a(?i)bc', 'aBC'))
  assert.ok(!matches('a(?i)bc', 'ABC'))
  assert.ok(matches('(?i:a)b', 'Ab'))
  assert.ok(!matches('(?i:a)b', 'AB'))
  assert.ok(matches('(?i)a(?-i)b', 'Ab'))
  assert.ok(!matches('(?i)a(?-i)b', 'AB'))
  assert.ok(matches('((?i)a)b', 'Ab'), 'flags end with their group')
  assert.ok(!matches('((?i)a)b', 'AB'))
  assert.ok(matches('(?x) a b # comment\n c', 'abc'))
  assert.ok(matches('(?x)a\\ b', 'a b'))
  assert.ok(matches('(?x)[a b]+', 'ab'))
  assert.ok(matches('(?m)a$\\n^b', 'a\nb'))
  assert.ok(!matches('a$\\n^b', 'a\nb'), 'without MULTILINE ^ is only at the start')
  assert.match(syntaxError('(?z)'), /^Unknown inline modifier near index 2/)
})

test('$ before a final line terminator, \\z and \\Z', () => {
  assert.equal(compileJavaRegex('a$').replaceFirst('a\n', 'X'), 'X\n')
  assert.ok(!matches('a$', 'a\n'), 'matches() still needs the whole input')
  assert.ok(matches('a$\\n', 'a\n'))
  assert.ok(matches('a\\Z\\n', 'a\n'))
  assert.ok(!matches('a\\z\\n', 'a\n'))
  assert.ok(matches('\\Aa\\z', 'a'))
})

test('character classes: ranges, unions, intersections, negation', () => {
  assert.ok(matches('[a-c]+', 'abc'))
  assert.ok(matches('[^a-c]', 'd'))
  assert.ok(matches('[a-d[m-p]]+', 'admp'))
  assert.ok(!matches('[a-d[m-p]]', 'e'))
  assert.ok(matches('[a-z&&[def]]', 'e'))
  assert.ok(!matches('[a-z&&[def]]', 'a'))
  assert.ok(matches('[a-z&&[^bc]]', 'a'))
  assert.ok(!matches('[a-z&&[^bc]]', 'b'))
  assert.ok(matches('[a-z&&def]', 'd'))
  assert.ok(matches('[]a]+', ']a'))
  assert.ok(matches('[-a]+', '-a'))
  assert.ok(matches('[a-]+', '-a'))
  assert.ok(matches('[a&b]+', 'a&b'))
  assert.ok(matches('[\\d\\s]+', '1 2'))
  assert.ok(matches('[.*+?]+', '.*+?'))
  assert.match(syntaxError('['), /^Unclosed character class near index 0/)
  assert.match(syntaxError('[b-a]'), /^Illegal character range near index 3/)
  assert.match(syntaxError('[a-\\d]'), /^Illegal character range/)
})

test('syntax errors carry Java\'s PatternSyntaxException message', () => {
  assert.equal(syntaxError('*'), "Dangling meta character '*' near index 0\n*\n^")
  assert.equal(syntaxError('a**'), "Dangling meta character '*' near index 2\na**\n  ^")
  assert.equal(syntaxError('(abc'), 'Unclosed group near index 4\n(abc')
  assert.equal(syntaxError('a)'), "Unmatched closing ')' near index 0\na)\n^")
  assert.equal(syntaxError('{abc}'), 'Illegal repetition\n{abc}')
  assert.equal(syntaxError('${topic}'), 'Illegal repetition near index 0\n${topic}\n^')
  assert.match(syntaxError('x{3,1}'), /^Illegal repetition range/)
  assert.match(syntaxError('x{3,a}'), /^Unclosed counted closure/)
  assert.match(syntaxError('\\X'), /not supported/)
})

test('quantifier forms', () => {
  assert.ok(matches('x{2}', 'xx'))
  assert.ok(!matches('x{2}', 'xxx'))
  assert.ok(matches('x{2,3}', 'xxx'))
  assert.ok(matches('x{2,}', 'xxxxx'))
  assert.equal(compileJavaRegex('(x+?)').replaceFirst('xxx', '[$1]'), '[x]xx')
})

test('Java replacement syntax', () => {
  const p = compileJavaRegex('(?<a>f)(o+)')
  assert.equal(p.replaceFirst('foo-bar', '${a}-$2-$20-\\$-\\\\'), 'f-oo-oo0-$-\\-bar')
  assert.equal(p.replaceFirst('foo', '$0$0'), 'foofoo')
  const optional = compileJavaRegex('(a)?(b)')
  assert.equal(optional.replaceFirst('b', '[$1]'), '[]', 'a group that did not match expands to nothing')
  const errors: Array<[string, string]> = [
    ['$', 'Illegal group reference: group index is missing'],
    ['$3', 'No group 3'],
    ['${zz}', 'No group with name {zz}'],
    ['${}', 'named capturing group has 0 length name'],
    ['${a', "named capturing group is missing trailing '}'"],
    ['${1a}', 'capturing group name {1a} starts with digit character'],
    ['\\', 'character to be escaped is missing'],
    ['$x', 'Illegal group reference']
  ]
  for (const [r, message] of errors) assert.throws(() => JavaReplacement.parse(r, p), { name: 'JavaReplacementError', message }, r)
})

test('replacements translate to JS replacement strings', () => {
  const p = compileJavaRegex('(a)*+(b)')
  assert.equal(javaReplacementToJs('$2-$1-$0 costs \\$5', p), '$03-$02-$& costs $$5')
  assert.equal('aab'.replace(p.full, javaReplacementToJs('$2-$1', p)!), 'b-a')
  const q = compileJavaRegex('(.*)')
  assert.equal('orig'.replace(q.find, javaReplacementToJs('prefix-$1', q)!), 'prefix-orig')
})
