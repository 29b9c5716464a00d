// The layering walls of ../shared/STYLE.md hold: lint rejects Electron, Node built-ins and the
// database in the pure core, and main-process imports in the renderer.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname })

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message)
}

describe('lint walls', () => {
  it.each([
    [
      "import { readFileSync } from 'node:fs'\nexport const x = readFileSync",
      'src-main/engine/x.ts',
    ],
    ["import { readFileSync } from 'fs'\nexport const x = readFileSync", 'src-main/network/x.ts'],
    ["import { app } from 'electron'\nexport const x = app", 'src-main/dialects/x.ts'],
    ["import Database from 'better-sqlite3'\nexport const x = Database", 'src-main/shared/x.ts'],
    ['export const now = Date.now()', 'src-main/engine/x.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await errors(code, file)).not.toEqual([])
  })

  it('rejects main-process imports in the renderer but allows the IPC contract', async () => {
    expect(
      await errors(
        "import { Firewall } from '../../src-main/engine/firewall'\nexport const x = Firewall",
        'src-renderer/stores/x.ts',
      ),
    ).not.toEqual([])
    expect(
      await errors(
        "import { api } from '../../src-main/shared/ipc-contract'\nexport const x = api",
        'src-renderer/stores/x.ts',
      ),
    ).toEqual([])
  })

  it('covers single-file components too', async () => {
    const sfc = (from: string) =>
      `<script setup lang="ts">\nimport { x } from '${from}'\nconsole.log(x)\n</script>\n<template><p>x</p></template>\n`
    expect(
      await errors(sfc('../../src-main/engine/firewall'), 'src-renderer/components/X.vue'),
    ).not.toEqual([])
    expect(
      await errors(sfc('../../src-main/shared/lab-view'), 'src-renderer/components/X.vue'),
    ).toEqual([])
  })

  it('allows Node where it belongs', async () => {
    expect(
      await errors(
        "import { readFileSync } from 'node:fs'\nexport const x = readFileSync",
        'src-main/cli/x.ts',
      ),
    ).toEqual([])
  })
})
