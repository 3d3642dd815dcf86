// The JDBC sink's config keys (Confluent's JdbcSinkConfig), URL parsing, qualified table names and the DDL each
// dialect generates — no database needed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ConnectDate, ConnectError, Decimal, Schema, SchemaBuilder, Time, Timestamp, pluginClassName
} from '../../../../src/api/index.ts'
import { JdbcSinkConnector, JdbcSinkTask, kconnectPlugins } from '../../../../src/connectors/jdbc/sink-index.ts'
import { parseJdbcSinkConfig } from '../../../../src/connectors/jdbc/sink/config.ts'
import { parseJdbcUrl, sanitizeJdbcUrl } from '../../../../src/connectors/jdbc/sink/connection-url.ts'
import { extractFieldsMetadata } from '../../../../src/connectors/jdbc/sink/fields.ts'
import { createDialect } from '../../../../src/connectors/jdbc/sink/sink-task.ts'
import { parseQualifiedIdentifier } from '../../../../src/connectors/jdbc/sink/table-id.ts'

const URL = 'jdbc:postgresql://db:5432/shop'

test('class names, version and the plugin list', () => {
  assert.equal(JdbcSinkConnector.className, 'io.confluent.connect.jdbc.JdbcSinkConnector')
  assert.equal(JdbcSinkTask.className, 'io.confluent.connect.jdbc.sink.JdbcSinkTask')
  assert.equal(new JdbcSinkConnector().taskClass(), JdbcSinkTask)
  assert.deepEqual(kconnectPlugins.map(p => [p.type, pluginClassName(p.class)]), [['sink', 'io.confluent.connect.jdbc.JdbcSinkConnector']])
  const c = new JdbcSinkConnector()
  c.start({ 'connection.url': URL, name: 'n' })
  assert.deepEqual(c.taskConfigs(2), [{ 'connection.url': URL, name: 'n' }, { 'connection.url': URL, name: 'n' }])
})

test("config(): Confluent's keys, defaults and groups", () => {
  const def = new JdbcSinkConnector().config()
  const expect: Record<string, [string, unknown, string]> = {
    'connection.url': ['STRING', undefined, 'Connection'],
    'connection.user': ['STRING', null, 'Connection'],
    'connection.password': ['PASSWORD', null, 'Connection'],
    'connection.attempts': ['INT', 3, 'Connection'],
    'connection.backoff.ms': ['LONG', 10000, 'Connection'],
    'insert.mode': ['STRING', 'insert', 'Writes'],
    'batch.size': ['INT', 3000, 'Writes'],
    'delete.enabled': ['BOOLEAN', false, 'Writes'],
    'table.name.format': ['STRING', '${topic}', 'Data Mapping'],
    'pk.mode': ['STRING', 'none', 'Data Mapping'],
    'pk.fields': ['LIST', [], 'Data Mapping'],
    'fields.whitelist': ['LIST', [], 'Data Mapping'],
    'db.timezone': ['STRING', 'UTC', 'Data Mapping'],
    'auto.create': ['BOOLEAN', false, 'DDL Support'],
    'auto.evolve': ['BOOLEAN', false, 'DDL Support'],
    'quote.sql.identifiers': ['STRING', 'ALWAYS', 'DDL Support'],
    'max.retries': ['INT', 10, 'Retries'],
    'retry.backoff.ms': ['INT', 3000, 'Retries']
  }
  for (const [name, [type, dflt, group]] of Object.entries(expect)) {
    const key = def.key(name)
    assert.ok(key !== undefined, name)
    assert.equal(key.type, type, name)
    assert.equal(key.group, group, name)
    if (dflt !== undefined) assert.deepEqual(key.defaultValue, dflt, name)
  }
  assert.equal(def.key('delete.enabled')!.documentation, 'Whether to treat ``null`` record values as deletes. Requires ``pk.mode`` to be ``record_key``.')
  const c = parseJdbcSinkConfig({ 'connection.url': URL, 'connection.password': 's3cret', 'insert.mode': 'UPSERT', 'pk.mode': 'RECORD_VALUE', 'pk.fields': 'a, b' })
  assert.equal(c.connectionPassword, 's3cret')
  assert.equal(c.insertMode, 'upsert')
  assert.equal(c.pkMode, 'record_value')
  assert.deepEqual(c.pkFields, ['a', 'b'])
  assert.equal(c.quoteIdentifiers, true)
})

test('config validation: enums, time zones, delete.enabled needs pk.mode=record_key, unsupported keys', () => {
  assert.throws(() => parseJdbcSinkConfig({ 'connection.url': URL, 'insert.mode': 'Upsert' }), /Invalid value Upsert for configuration insert.mode: Invalid enumerator/)
  assert.throws(() => parseJdbcSinkConfig({ 'connection.url': URL, 'db.timezone': 'Mars/Olympus' }), /Invalid time zone identifier/)
  assert.throws(() => parseJdbcSinkConfig({ 'connection.url': URL, 'delete.enabled': 'true' }), /Primary key mode must be 'record_key' when delete support is enabled/)
  assert.throws(() => parseJdbcSinkConfig({ 'connection.url': URL, 'timestamp.fields.list': 'a' }), /not supported/)
  assert.throws(() => parseJdbcSinkConfig({ 'connection.url': URL, 'dialect.name': 'OracleDatabaseDialect' }), /dialect.name/)
  assert.throws(() => parseJdbcSinkConfig({}), /Missing required configuration "connection.url"/)
  const values = new JdbcSinkConnector().validate({ 'connection.url': URL, 'delete.enabled': 'true', 'pk.mode': 'kafka' })
  assert.deepEqual(values.find(v => v.name === 'pk.mode')!.errorMessages, ['Deletes are only supported for pk.mode record_key'])
  assert.deepEqual(values.find(v => v.name === 'delete.enabled')!.errorMessages, ['Deletes are only supported for pk.mode record_key'])
  assert.throws(() => new JdbcSinkTask().start({ 'connection.url': 'jdbc:oracle:thin:@h:1521:x' }), (err: unknown) =>
    err instanceof ConnectError && /supports jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: and jdbc:sqlite:/.test(err.message))
})

test('JDBC URLs: hosts, ports, databases, credentials, parameters', () => {
  assert.deepEqual({ ...parseJdbcUrl('jdbc:postgresql://h1:5433,h2/db?user=u&password=p%40ss&sslmode=require'), params: undefined },
    { kind: 'postgresql', host: 'h1', port: 5433, database: 'db', user: 'u', password: 'p@ss', params: undefined })
  assert.deepEqual({ ...parseJdbcUrl('jdbc:postgresql:shop'), params: undefined },
    { kind: 'postgresql', host: 'localhost', port: 5432, database: 'shop', user: null, password: null, params: undefined })
  assert.deepEqual({ ...parseJdbcUrl('jdbc:mysql://me:pw@[::1]/app'), params: undefined },
    { kind: 'mysql', host: '::1', port: 3306, database: 'app', user: 'me', password: 'pw', params: undefined })
  assert.equal(parseJdbcUrl('jdbc:mariadb://x:3307').kind, 'mysql')
  assert.deepEqual(parseJdbcUrl('jdbc:sqlite:/tmp/a.db'), { kind: 'sqlite', path: '/tmp/a.db', params: new Map() })
  assert.deepEqual(parseJdbcUrl('jdbc:sqlite::memory:'), { kind: 'sqlite', path: ':memory:', params: new Map() })
  assert.deepEqual(parseJdbcUrl('jdbc:sqlite:file:/x/y.db?busy_timeout=5'), { kind: 'sqlite', path: '/x/y.db', params: new Map([['busy_timeout', '5']]) })
  assert.equal(sanitizeJdbcUrl('jdbc:mysql://u:secret@h/db?password=secret&x=1'), 'jdbc:mysql://u:****@h/db?password=****&x=1')
})

test('qualified table names as Confluent parses them', () => {
  assert.deepEqual(parseQualifiedIdentifier('a.b.c', '"'), ['a', 'b', 'c'])
  assert.deepEqual(parseQualifiedIdentifier('"my.schema"."t"', '"'), ['my.schema', 't'])
  assert.throws(() => parseQualifiedIdentifier('a.', '"'), /ends in delimiter/)
  const pgd = createDialect(parseJdbcSinkConfig({ 'connection.url': URL }), 'postgresql')
  assert.deepEqual(pgd.parseTableId('s.t'), { catalog: null, schema: 's', table: 't' })
  const my = createDialect(parseJdbcSinkConfig({ 'connection.url': 'jdbc:mysql://h/db' }), 'mysql')
  assert.deepEqual(my.parseTableId('db.t'), { catalog: 'db', schema: null, table: 't' })
  assert.equal(my.tableSql(my.parseTableId('db.t`x')), '`db`.`t``x`')
})

test('CREATE TABLE per dialect: the Connect → SQL type mapping, NULL / NOT NULL, defaults, primary key', () => {
  const value = SchemaBuilder.struct()
    .field('i8', Schema.INT8_SCHEMA).field('i16', Schema.INT16_SCHEMA).field('i32', Schema.INT32_SCHEMA).field('i64', Schema.INT64_SCHEMA)
    .field('f32', Schema.FLOAT32_SCHEMA).field('f64', Schema.FLOAT64_SCHEMA).field('b', Schema.BOOLEAN_SCHEMA)
    .field('s', Schema.OPTIONAL_STRING_SCHEMA).field('by', Schema.BYTES_SCHEMA).field('d', Decimal.schema(2))
    .field('day', ConnectDate.SCHEMA).field('tod', Time.SCHEMA).field('ts', Timestamp.SCHEMA)
    .field('n', SchemaBuilder.int32().defaultValue(7).build()).field('label', SchemaBuilder.string().defaultValue("it's").build())
    .build()
  const meta = extractFieldsMetadata('t', 'kafka', [], new Set(), 'record_value', null, value)
  const ddl = (kind: 'postgresql' | 'mysql' | 'sqlite'): string =>
    createDialect(parseJdbcSinkConfig({ 'connection.url': URL }), kind).createTableSql({ catalog: null, schema: null, table: 't' }, meta.allFields.values())
  assert.equal(ddl('postgresql'), 'CREATE TABLE "t" (\n' + [
    '"__connect_topic" TEXT NOT NULL', '"__connect_partition" INT NOT NULL', '"__connect_offset" BIGINT NOT NULL',
    '"i8" SMALLINT NOT NULL', '"i16" SMALLINT NOT NULL', '"i32" INT NOT NULL', '"i64" BIGINT NOT NULL', '"f32" REAL NOT NULL',
    '"f64" DOUBLE PRECISION NOT NULL', '"b" BOOLEAN NOT NULL', '"s" TEXT NULL', '"by" BYTEA NOT NULL', '"d" DECIMAL NOT NULL',
    '"day" DATE NOT NULL', '"tod" TIME NOT NULL', '"ts" TIMESTAMP NOT NULL', '"n" INT DEFAULT 7', '"label" TEXT DEFAULT \'it\'\'s\''
  ].join(',\n') + ',\nPRIMARY KEY("__connect_topic","__connect_partition","__connect_offset"))')
  assert.equal(ddl('mysql'), 'CREATE TABLE `t` (\n' + [
    '`__connect_topic` VARCHAR(255) NOT NULL', '`__connect_partition` INT NOT NULL', '`__connect_offset` BIGINT NOT NULL',
    '`i8` TINYINT NOT NULL', '`i16` SMALLINT NOT NULL', '`i32` INT NOT NULL', '`i64` BIGINT NOT NULL', '`f32` FLOAT NOT NULL',
    '`f64` DOUBLE NOT NULL', '`b` TINYINT NOT NULL', '`s` TEXT NULL', '`by` VARBINARY(1024) NOT NULL', '`d` DECIMAL(65,2) NOT NULL',
    '`day` DATE NOT NULL', '`tod` TIME(3) NOT NULL', '`ts` DATETIME(3) NOT NULL', '`n` INT DEFAULT 7', '`label` TEXT DEFAULT \'it\'\'s\''
  ].join(',\n') + ',\nPRIMARY KEY(`__connect_topic`,`__connect_partition`,`__connect_offset`))')
  assert.equal(ddl('sqlite'), 'CREATE TABLE "t" (\n' + [
    '"__connect_topic" TEXT NOT NULL', '"__connect_partition" INTEGER NOT NULL', '"__connect_offset" INTEGER NOT NULL',
    '"i8" INTEGER NOT NULL', '"i16" INTEGER NOT NULL', '"i32" INTEGER NOT NULL', '"i64" INTEGER NOT NULL', '"f32" REAL NOT NULL',
    '"f64" REAL NOT NULL', '"b" INTEGER NOT NULL', '"s" TEXT NULL', '"by" BLOB NOT NULL', '"d" NUMERIC NOT NULL',
    '"day" NUMERIC NOT NULL', '"tod" NUMERIC NOT NULL', '"ts" NUMERIC NOT NULL', '"n" INTEGER DEFAULT 7', '"label" TEXT DEFAULT \'it\'\'s\''
  ].join(',\n') + ',\nPRIMARY KEY("__connect_topic","__connect_partition","__connect_offset"))')
})

test("fields metadata follows Confluent's FieldsMetadata.extract", () => {
  const key = SchemaBuilder.struct().field('b', Schema.INT32_SCHEMA).field('a', Schema.STRING_SCHEMA).build()
  const value = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).field('a', Schema.STRING_SCHEMA).field('y', Schema.OPTIONAL_STRING_SCHEMA).build()
  const m = extractFieldsMetadata('t', 'record_key', [], new Set(['y']), 'record_value', key, value)
  assert.deepEqual(m.keyFieldNames, ['b', 'a'])
  assert.deepEqual(m.nonKeyFieldNames, ['y'])
  // value fields in schema order, then the remaining key fields sorted by name
  assert.deepEqual([...m.allFields.keys()], ['a', 'y', 'b'])
  assert.throws(() => extractFieldsMetadata('t', 'record_key', ['a', 'b'], new Set(), 'record_value', Schema.INT64_SCHEMA, value),
    /Need exactly one PK column defined since the key schema for records is a primitive type/)
  assert.throws(() => extractFieldsMetadata('t', 'record_value', ['zz'], new Set(), 'record_value', null, value),
    /but record value schema does not contain field: zz/)
  assert.throws(() => extractFieldsMetadata('t', 'kafka', ['a'], new Set(), 'record_value', null, value), /or exactly 3/)
  assert.throws(() => extractFieldsMetadata('t', 'none', [], new Set(), 'record_value', null, Schema.INT32_SCHEMA), /Value schema must be of type Struct or String/)
})
