// TopicNameMatches (org.apache.kafka.connect.transforms.predicates.TopicNameMatches): true when the whole topic
// matches `pattern`, a Java regex.
import type { ConnectRecord, Predicate } from '../../api/index.ts'
import { ConfigException, defineConfig, validators } from '../../api/index.ts'
import { PREDICATES_PACKAGE, SMT_VERSION, javaRegex } from '../b-common.ts'
import { stringProps } from '../base.ts'
import { compileJavaRegex, type JavaPattern } from '../java-regex.ts'

const CONFIG_DEF = defineConfig({
  pattern: {
    type: 'STRING',
    validator: validators.composite(validators.nonEmptyString(), javaRegex()),
    importance: 'MEDIUM',
    doc: 'A Java regular expression for matching against the name of a record\'s topic.'
  }
})

export class TopicNameMatches<R extends ConnectRecord<R> = any> implements Predicate<R> {
  static readonly className = `${PREDICATES_PACKAGE}.TopicNameMatches`
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with a topic name that matches the configured regular expression.'
  #pattern: JavaPattern | null = null

  configure (props: Readonly<Record<string, unknown>>): void {
    const value = CONFIG_DEF.parse(stringProps(props)).pattern
    try {
      this.#pattern = compileJavaRegex(value)
    } catch (err) {
      throw ConfigException.invalid('pattern', value, `entry must be a Java-compatible regular expression: ${(err as Error).message}`)
    }
  }

  test (record: R): boolean {
    return record.topic !== null && record.topic !== undefined && this.#pattern!.matches(record.topic)
  }

  config (): typeof CONFIG_DEF {
    return CONFIG_DEF
  }

  close (): void {}

  version (): string {
    return SMT_VERSION
  }

  toString (): string {
    return `TopicNameMatches{pattern=${this.#pattern?.pattern ?? 'null'}}`
  }
}
