#!/usr/bin/env node
// Thin launcher: Node strips the TypeScript types of src/ at load time (Node >= 22.18). The V8 compile cache (in the
// OS temp dir) spares later starts most of the parsing of the ~900 modules a worker loads.
import { enableCompileCache } from 'node:module'

enableCompileCache?.()
await import('../src/cli/main.ts')
