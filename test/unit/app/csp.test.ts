// The renderer's Content-Security-Policy: the <meta> in src-renderer/index.html is the shared
// definition, strict, and the desktop header forbids every connection. Runs in Node (Vitest).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { browserHostPolicy, ELECTRON_POLICY, META_POLICY } from '../../../src-main/shared/csp'

const html = readFileSync(new URL('../../../src-renderer/index.html', import.meta.url), 'utf8')

describe('CSP', () => {
  it("index.html's <meta> is META_POLICY, and the page has no inline script", () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]
    expect(meta).toBe(META_POLICY)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('allows only our own scripts and styles, no eval, no remote anything', () => {
    for (const policy of [META_POLICY, ELECTRON_POLICY, browserHostPolicy(1234)]) {
      expect(policy).toMatch(/default-src 'none'/)
      expect(policy).toMatch(/script-src 'self'(;|$)/)
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
    }
    expect(ELECTRON_POLICY).toContain("connect-src 'none'")
    expect(browserHostPolicy(1234)).toContain('connect-src ws://127.0.0.1:1234;')
  })
})
