// The pure parts of src-main/labs import nothing of Node: only loader/ reads files. (eslint's wall
// covers engine, network, dialects and shared; this test holds labs to the same rule.)
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const LABS = fileURLToPath(new URL('../../../src-main/labs/', import.meta.url))
const NODE_IMPORT = /from\s+'(node:[^']+|fs|path|os|crypto|zlib|child_process)'/

describe('src-main/labs', () => {
  it('pure files import no Node module', () => {
    const pure = readdirSync(LABS).filter((f) => f.endsWith('.ts'))
    expect(pure.length).toBeGreaterThan(10)
    for (const f of pure) expect(readFileSync(LABS + f, 'utf8'), f).not.toMatch(NODE_IMPORT)
  })

  it('pure files use no clock', () => {
    for (const f of readdirSync(LABS).filter((f) => f.endsWith('.ts')))
      expect(readFileSync(LABS + f, 'utf8'), f).not.toMatch(
        /\bDate\b|Math\.random|performance\.now/,
      )
  })
})
