// The converter tables: every built-in converter under its Java class name and its simple name.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { converterClasses, headerConverterClasses, JsonConverter, SimpleHeaderConverter } from '../../src/converters/index.ts'

test('converters answer to their Java class names and simple names', () => {
  const names = [
    'org.apache.kafka.connect.json.JsonConverter', 'org.apache.kafka.connect.storage.StringConverter',
    'org.apache.kafka.connect.converters.ByteArrayConverter', 'org.apache.kafka.connect.converters.ShortConverter',
    'org.apache.kafka.connect.converters.IntegerConverter', 'org.apache.kafka.connect.converters.LongConverter',
    'org.apache.kafka.connect.converters.FloatConverter', 'org.apache.kafka.connect.converters.DoubleConverter',
    'org.apache.kafka.connect.converters.BooleanConverter'
  ]
  for (const n of names) {
    assert.ok(converterClasses[n], n)
    assert.ok(converterClasses[n.slice(n.lastIndexOf('.') + 1)], n)
    assert.ok(headerConverterClasses[n], n)
  }
  assert.ok(converterClasses.JsonConverter!() instanceof JsonConverter)
  assert.notEqual(converterClasses.JsonConverter!(), converterClasses.JsonConverter!())
  assert.ok(headerConverterClasses['org.apache.kafka.connect.storage.SimpleHeaderConverter']!() instanceof SimpleHeaderConverter)
  assert.ok(headerConverterClasses.SimpleHeaderConverter)
  assert.equal(converterClasses['org.apache.kafka.connect.storage.SimpleHeaderConverter'], undefined)
})
