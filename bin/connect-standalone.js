#!/usr/bin/env node
// `connect-standalone worker.properties [connector.properties ...]`, as Apache Kafka's script.
process.argv.splice(2, 0, 'standalone')
await import('../src/cli/main.ts')
