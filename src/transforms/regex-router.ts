// RegexRouter (org.apache.kafka.connect.transforms.RegexRouter): when the whole topic matches `regex` (a Java regex),
// the topic becomes Matcher.replaceFirst(replacement) — `$1`, `${name}` and `\$` as in Java.
import type { ConnectRecord, Transformation } from '../api/index.ts'
import { defineConfig } from '../api/index.ts'
import { SMT_VERSION, javaRegex } from './b-common.ts'
import { TRANSFORMS_PACKAGE, stringProps } from './base.ts'
import { JavaReplacement, compileJavaRegex, type JavaPattern } from './java-regex.ts'

const CONFIG_DEF = defineConfig({
  regex: { type: 'STRING', validator: javaRegex(), importance: 'HIGH', doc: 'Regular expression to use for matching.' },
  replacement: { type: 'STRING', importance: 'HIGH', doc: 'Replacement string.' }
})

export class RegexRouter<R extends ConnectRecord<R> = any> implements Transformation<R> {
  static readonly className = `${TRANSFORMS_PACKAGE}.RegexRouter`
  static readonly OVERVIEW_DOC = 'Update the record topic using the configured regular expression and replacement string.' +
    '<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. If the pattern matches the ' +
    'input topic, <code>java.util.regex.Matcher#replaceFirst()</code> is used with the replacement string to obtain the new topic.'

  #regex: JavaPattern | null = null
  /** The parsed replacement, or the error Java would throw when it is first used. */
  #replacement: JavaReplacement | Error | null = null

  configure (props: Readonly<Record<string, unknown>>): void {
    const config = CONFIG_DEF.parse(stringProps(props))
    this.#regex = compileJavaRegex(config.regex)
    try {
      this.#replacement = JavaReplacement.parse(config.replacement, this.#regex)
    } catch (err) {
      // Java reads the replacement only when a topic matches, so a bad one fails records, not the configuration.
      this.#replacement = err as Error
    }
  }

  apply (record: R): R {
    const regex = this.#regex!
    if (!regex.matches(record.topic)) return record
    const replacement = this.#replacement!
    if (replacement instanceof Error) throw replacement
    const topic = regex.replaceFirst(record.topic, replacement)
    return record.newRecord(topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value,
      record.timestamp)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }
}
