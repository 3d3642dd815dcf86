// The JDBC source connector without a database: class names and plugin list, config keys as Confluent defines them,
// validate() errors, JDBC URL parsing, offsets, task grouping and time zone handling.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectError, pluginClassName } from '../../../../src/api/index.ts'
import {
  JdbcSourceConnector, JdbcSourceTask, groupPartitions, jdbcSourceConfigDef, kconnectPlugins, parseJdbcUrl, sanitizeJdbcUrl
} from '../../../../src/connectors/jdbc/source-index.ts'
import { offsetFromMap, offsetToMap, partitionV0, partitionV1 } from '../../../../src/connectors/jdbc/source/offset.ts'
import { parseTableId, qualifiedName, tableId, unquotedName } from '../../../../src/connectors/jdbc/source/table-id.ts'
import { formatLocal, localToEpochMs, resolveZone, zoneOffsetMs } from '../../../../src/connectors/jdbc/source/temporal.ts'
import { filterTables } from '../../../../src/connectors/jdbc/source/table-monitor.ts'

test('class names, task class and the plugin descriptor', () => {
  assert.equal(JdbcSourceConnector.className, 'io.confluent.connect.jdbc.JdbcSourceConnector')
  assert.equal(JdbcSourceTask.className, 'io.confluent.connect.jdbc.source.JdbcSourceTask')
  assert.equal(new JdbcSourceConnector().taskClass(), JdbcSourceTask)
  assert.deepEqual(kconnectPlugins.map(p => [p.type, pluginClassName(p.class)]), [['source', 'io.confluent.connect.jdbc.JdbcSourceConnector']])
})

test("config keys carry Confluent's types and defaults", () => {
  const def = new JdbcSourceConnector().config()
  const expect: Record<string, [string, unknown]> = {
    'connection.url': ['STRING', ''], 'connection.user': ['STRING', null], 'connection.password': ['PASSWORD', null],
    'connection.attempts': ['INT', 3], 'connection.backoff.ms': ['LONG', 10000], mode: ['STRING', ''],
    'incrementing.column.name': ['STRING', ''], 'timestamp.column.name': ['LIST', []], 'table.whitelist': ['LIST', []],
    'table.blacklist': ['LIST', []], 'table.include.list': ['LIST', []], 'table.exclude.list': ['LIST', []],
    'table.types': ['LIST', ['TABLE']], query: ['STRING', ''], 'topic.prefix': ['STRING', ''], 'poll.interval.ms': ['INT', 5000],
    'batch.max.rows': ['INT', 100], 'table.poll.interval.ms': ['LONG', 60000], 'numeric.mapping': ['STRING', null],
    'numeric.precision.mapping': ['BOOLEAN', false], 'timestamp.delay.interval.ms': ['LONG', 0], 'db.timezone': ['STRING', 'UTC'],
    'validate.non.null': ['BOOLEAN', true], 'timestamp.initial': ['LONG', null], 'schema.pattern': ['STRING', null],
    'catalog.pattern': ['STRING', null], 'quote.sql.identifiers': ['STRING', 'always'], 'query.suffix': ['STRING', ''],
    'timestamp.granularity': ['STRING', 'connect_logical']
  }
  for (const [name, [type, dflt]] of Object.entries(expect)) {
    const key = def.key(name)
    assert.ok(key !== undefined, name)
    assert.equal(key.type, type, name)
    assert.deepEqual(key.defaultValue, dflt, name)
  }
  assert.equal(def.key('mode')!.group, 'Mode')
  assert.match(def.key('poll.interval.ms')!.documentation!, /^Frequency in ms to poll for new data in each table\.$/)
})

const errorsOf = (props: Record<string, string>): Record<string, string[]> => {
  const out: Record<string, string[]> = {}
  for (const v of new JdbcSourceConnector().validate(props)) if (v.errorMessages.length > 0) out[v.name] = v.errorMessages
  return out
}

test('validate(): a valid config has no errors', () => {
  assert.deepEqual(errorsOf({ 'connection.url': 'jdbc:postgresql://db:5432/shop', mode: 'incrementing', 'incrementing.column.name': 'id', 'table.whitelist': 'orders' }), {})
  assert.deepEqual(errorsOf({ 'connection.url': 'jdbc:sqlite:/tmp/x.db', mode: 'bulk' }), {})
})

test('validate(): missing or unusable connection.url', () => {
  const missing = errorsOf({ mode: 'bulk' })
  assert.deepEqual(Object.keys(missing), ['connection.url'])
  assert.match(missing['connection.url']![0]!, /Could not connect to database\. Not a valid JDBC URL/)
  assert.match(errorsOf({ 'connection.url': 'postgres://x/y', mode: 'bulk' })['connection.url']![0]!, /Not a valid JDBC URL: postgres:\/\/x\/y/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:oracle:thin:@h:1521:x', mode: 'bulk' })['connection.url']![0]!, /subprotocol 'oracle' is not supported/)
})

test('validate(): unknown or missing mode', () => {
  const unknown = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'everything' })
  assert.deepEqual(unknown.mode, ['Invalid value everything for configuration mode: String must be one of: , bulk, timestamp, incrementing, timestamp+incrementing'])
  assert.deepEqual(unknown['incrementing.column.name'], ['Invalid mode: everything'])
  const missing = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db' })
  assert.deepEqual(missing['incrementing.column.name'], ['Query mode must be specified'])
  assert.deepEqual(missing['timestamp.column.name'], ['Query mode must be specified'])
})

test('validate(): incremental modes without their columns', () => {
  const query = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'incrementing', query: 'SELECT * FROM t' })
  assert.match(query['incrementing.column.name']![0]!, /'incrementing.column.name' must be provided when using mode 'incrementing' or 'timestamp\+incrementing' with a custom query/)
  const ts = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'timestamp+incrementing', 'incrementing.column.name': 'id' })
  assert.match(ts['timestamp.column.name']![0]!, /must name at least one column when using mode 'timestamp' or 'timestamp\+incrementing'/)
  const modern = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'incrementing', 'table.include.list': 'a.*' })
  assert.match(modern.mode![0]!, /Incrementing column configuration must be provided/)
  // Table mode with the legacy keys: an empty incrementing.column.name means "the auto-increment column" (checked at start).
  assert.deepEqual(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'incrementing' }), {})
})

test('validate(): conflicting table and query settings', () => {
  const mixed = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'table.whitelist': 'a', 'table.include.list': 'b' })
  assert.match(mixed['table.whitelist']![0]!, /Cannot mix legacy and new configuration approaches/)
  assert.match(mixed['table.include.list']![0]!, /Cannot mix legacy and new configuration approaches/)
  const both = errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', query: 'SELECT 1', 'table.whitelist': 'a' })
  assert.match(both.query![0]!, /Do not specify table filtering configs with 'query'/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', query: 'DELETE FROM t' }).query![0]!, /Only SELECT statements are supported for 'query'/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'table.exclude.list': 'x' })['table.exclude.list']![0]!, /cannot be used without table.include.list/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'table.include.list': '(' })['table.include.list']![0]!, /Must be a valid comma-separated list of regular expression patterns/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'topic.prefix': 'bad prefix!' })['topic.prefix']![0]!, /Topic prefix must not contain any character other than ASCII alphanumerics/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'db.timezone': 'Mars/Olympus' })['db.timezone']![0]!, /Invalid time zone/)
  assert.match(errorsOf({ 'connection.url': 'jdbc:sqlite:x.db', mode: 'bulk', 'numeric.mapping': 'sometimes' })['numeric.mapping']![0]!, /Invalid enumerator/)
})

test('start() refuses a config validate() rejects, naming the connector', async () => {
  const connector = new JdbcSourceConnector()
  await assert.rejects(connector.start({ name: 'bad', mode: 'bulk' }), (err: Error) =>
    err instanceof ConnectError && /'bad'/.test(err.message) && /connection\.url/.test(err.message))
  await assert.rejects(new JdbcSourceTask().start({ name: 'bad', 'connection.url': 'jdbc:sqlite::memory:', mode: 'nope', tables: 't' }), (err: Error) =>
    err instanceof ConnectError && /'bad'/.test(err.message) && /mode/.test(err.message))
})

test('JDBC URLs of PostgreSQL, MySQL, MariaDB and SQLite', () => {
  assert.deepEqual(parseJdbcUrl('jdbc:postgresql://db.example:6543/shop?user=app&password=s3cret&sslmode=require'), {
    kind: 'postgresql', host: 'db.example', port: 6543, database: 'shop', user: 'app', password: 's3cret',
    params: new Map([['user', 'app'], ['password', 's3cret'], ['sslmode', 'require']])
  })
  const pgDefaults = parseJdbcUrl('jdbc:postgresql:shop')
  assert.equal(pgDefaults.kind === 'postgresql' && `${pgDefaults.host}:${pgDefaults.port}/${pgDefaults.database}`, 'localhost:5432/shop')
  const multi = parseJdbcUrl('jdbc:postgresql://[::1]:5433,other:5432/db')
  assert.equal(multi.kind === 'postgresql' && `${multi.host}:${multi.port}`, '::1:5433')
  const my = parseJdbcUrl('jdbc:mysql://root:pw@127.0.0.1/test?useSSL=false')
  assert.equal(my.kind === 'mysql' && `${my.user}:${my.password}@${my.host}:${my.port}/${my.database}`, 'root:pw@127.0.0.1:3306/test')
  assert.equal(parseJdbcUrl('jdbc:mariadb://h:3307/d').kind, 'mariadb')
  assert.deepEqual(parseJdbcUrl('jdbc:sqlite:/var/data/app.db'), { kind: 'sqlite', path: '/var/data/app.db', params: new Map() })
  assert.equal((parseJdbcUrl('jdbc:sqlite::memory:') as { path: string }).path, ':memory:')
  assert.equal((parseJdbcUrl('jdbc:sqlite:file:/tmp/a%20b.db?mode=ro') as { path: string }).path, '/tmp/a b.db')
  assert.throws(() => parseJdbcUrl('mysql://h/d'), /Not a valid JDBC URL: mysql:\/\/h\/d/)
  assert.throws(() => parseJdbcUrl('jdbc:mysql:h/d'), /expected jdbc:mysql:\/\/host/)
  assert.equal(sanitizeJdbcUrl('jdbc:mysql://u:pw@h/d?password=x&user=u'), 'jdbc:mysql://u:****@h/d?password=****&user=u')
})

test("offsets and partitions in Confluent's format", () => {
  const id = tableId('shop', 'public', 'orders')
  assert.deepEqual(partitionV1(id), { table: 'shop.public.orders', protocol: '1' })
  assert.deepEqual(partitionV0(id), { table: 'orders' })
  const offset = offsetFromMap({ timestamp: 1700000000123, timestamp_nanos: 123456789, incrementing: 42 })
  assert.equal(offset.timestamp, 1700000000123456789n)
  assert.equal(offset.incrementing, 42n)
  assert.deepEqual(offsetToMap(offset), { incrementing: 42, timestamp: 1700000000123, timestamp_nanos: 123456789 })
  // Before the epoch: Java's Timestamp keeps positive nanos within the second.
  assert.deepEqual(offsetToMap({ timestamp: -1_500_000_000n, incrementing: null }), { timestamp: -1500, timestamp_nanos: 500_000_000 })
  assert.equal(offsetFromMap({ timestamp: -1500, timestamp_nanos: 500_000_000 }).timestamp, -1_500_000_000n)
  assert.equal(offsetFromMap({ timestamp: 5 }).timestamp, 5_000_000n)
  assert.deepEqual(offsetToMap({ timestamp: null, incrementing: 2n ** 62n }), { incrementing: '4611686018427387904' })
  assert.equal(offsetFromMap({ incrementing: '4611686018427387904' }).incrementing, 2n ** 62n)
  assert.throws(() => offsetFromMap({ incrementing: 'x' }), /'incrementing' must be a long/)
})

test('table names: parsing, quoting and filters', () => {
  assert.deepEqual(parseTableId('"public"."we""ird.name"', '"', false), { catalog: null, schema: 'public', table: 'we"ird.name' })
  assert.deepEqual(parseTableId('test.t', '`', true), { catalog: 'test', schema: null, table: 't' })
  assert.equal(qualifiedName(tableId(null, 'public', 'a"b'), '"'), '"public"."a""b"')
  assert.equal(unquotedName(tableId(null, 'public', 't')), 'public.t')
  const tables = [tableId(null, 'public', 'orders'), tableId(null, 'public', 'orders_tmp'), tableId(null, 'audit', 'log')]
  const names = (ts: ReturnType<typeof filterTables>): string[] => ts.map(unquotedName)
  assert.deepEqual(names(filterTables(tables, { whitelist: ['orders', 'audit.log'], blacklist: [], include: [], exclude: [] }, '"')), ['public.orders', 'audit.log'])
  assert.deepEqual(names(filterTables(tables, { whitelist: [], blacklist: ['"public"."orders"'], include: [], exclude: [] }, '"')), ['public.orders_tmp', 'audit.log'])
  assert.deepEqual(names(filterTables(tables, { whitelist: [], blacklist: [], include: ['public\\..*'], exclude: ['.*_tmp'] }, '"')), ['public.orders'])
  assert.deepEqual(names(filterTables(tables, { whitelist: [], blacklist: [], include: ['orders'], exclude: [] }, '"')), [], 'regexes match the whole qualified name')
})

test("tasks get contiguous groups, as Kafka's ConnectorUtils.groupPartitions makes them", () => {
  assert.deepEqual(groupPartitions([1, 2, 3], 2), [[1, 2], [3]])
  assert.deepEqual(groupPartitions([1, 2, 3, 4, 5, 6, 7], 3), [[1, 2, 3], [4, 5], [6, 7]])
  assert.deepEqual(groupPartitions([1], 1), [[1]])
})

test('db.timezone: IANA zones, offsets and Java short ids', () => {
  assert.equal(resolveZone('UTC'), 'UTC')
  assert.equal(resolveZone('Z'), 'UTC')
  assert.equal(resolveZone('+02:00'), '+02:00')
  assert.equal(resolveZone('GMT-5'), '-05:00')
  assert.equal(resolveZone('EST'), '-05:00')
  assert.equal(resolveZone('PST'), 'America/Los_Angeles')
  assert.equal(resolveZone('Europe/Berlin'), 'Europe/Berlin')
  assert.equal(resolveZone('Nowhere/Special'), null)
  assert.equal(zoneOffsetMs('Europe/Berlin', Date.UTC(2024, 6, 1)), 2 * 3_600_000)
  assert.equal(zoneOffsetMs('Europe/Berlin', Date.UTC(2024, 0, 1)), 3_600_000)
  // 02:30 on the spring-forward night does not exist in Berlin; it resolves forward, as Java's lenient calendar does.
  assert.equal(localToEpochMs('Europe/Berlin', Date.UTC(2024, 2, 31, 2, 30)), Date.UTC(2024, 2, 31, 1, 30))
  assert.equal(formatLocal(1_700_000_000_123_456_789n, 'Asia/Kolkata', 6), '2023-11-15 03:43:20.123456')
  assert.equal(jdbcSourceConfigDef.parse({ 'db.timezone': 'EST' })['db.timezone'], 'EST')
})
