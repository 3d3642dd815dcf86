#!/usr/bin/env node
// `connect-standalone worker.properties [connector.properties ...]`, as Apache Kafka's script.
import { enableCompileCache } from 'node:module'

enableCompileCache?.()
process.argv.splice(2, 0, 'standalone')
await import('../src/cli/main.ts')
