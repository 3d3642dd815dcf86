#!/usr/bin/env node
// Thin launcher: Node strips the TypeScript types of src/ at load time (Node >= 22.18).
import '../src/cli/main.ts'
