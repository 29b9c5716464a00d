#!/usr/bin/env node
// The `portwise` command. Node cannot run TypeScript by itself before v22, so tsx's loader is
// registered first; the command itself lives in src-main/cli.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src-main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
})
