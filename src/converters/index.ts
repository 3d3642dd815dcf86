// The built-in converters, by Java class name (canonical) and simple name, as worker and connector configs name
// them (`value.converter=org.apache.kafka.connect.json.JsonConverter`).
import type { Converter, HeaderConverter } from '../api/converter.ts'
import { ByteArrayConverter } from './byte-array-converter.ts'
import { JsonConverter } from './json-converter.ts'
import { BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter } from './number-converters.ts'
import { SimpleHeaderConverter } from './simple-header-converter.ts'
import { StringConverter } from './string-converter.ts'

export { ByteArrayConverter, JsonConverter, BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter, SimpleHeaderConverter, StringConverter }
export { converterConfigDef, jsonConverterConfigDef, stringConverterConfigDef } from './converter-config.ts'

type Both = () => Converter & HeaderConverter

const BOTH: ReadonlyArray<[string, Both]> = [
  ['org.apache.kafka.connect.json.JsonConverter', () => new JsonConverter()],
  ['org.apache.kafka.connect.storage.StringConverter', () => new StringConverter()],
  ['org.apache.kafka.connect.converters.ByteArrayConverter', () => new ByteArrayConverter()],
  ['org.apache.kafka.connect.converters.ShortConverter', () => new ShortConverter()],
  ['org.apache.kafka.connect.converters.IntegerConverter', () => new IntegerConverter()],
  ['org.apache.kafka.connect.converters.LongConverter', () => new LongConverter()],
  ['org.apache.kafka.connect.converters.FloatConverter', () => new FloatConverter()],
  ['org.apache.kafka.connect.converters.DoubleConverter', () => new DoubleConverter()],
  ['org.apache.kafka.connect.converters.BooleanConverter', () => new BooleanConverter()]
]

function simpleName (className: string): string {
  return className.slice(className.lastIndexOf('.') + 1)
}

function table<T> (entries: ReadonlyArray<[string, () => T]>): Readonly<Record<string, () => T>> {
  const out: Record<string, () => T> = {}
  for (const [name, make] of entries) {
    out[name] = make
    out[simpleName(name)] = make
  }
  return Object.freeze(out)
}

/** Key/value converters by Java class name and simple name. */
export const converterClasses: Readonly<Record<string, () => Converter>> = table<Converter>(BOTH)

/** Header converters by Java class name and simple name (every converter above, plus SimpleHeaderConverter). */
export const headerConverterClasses: Readonly<Record<string, () => HeaderConverter>> = table<HeaderConverter>([
  ...BOTH,
  ['org.apache.kafka.connect.storage.SimpleHeaderConverter', () => new SimpleHeaderConverter()]
])
