// app:// answers: our files only, with the desktop CSP header. Runs in Node (Vitest).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rendererResponse } from '../../../src-main/app/app-protocol'
import { entryUrl, isAppUrl } from '../../../src-main/app/app-url'
import { ELECTRON_POLICY } from '../../../src-main/shared/csp'

const dir = mkdtempSync(join(tmpdir(), 'portwise-app-'))
mkdirSync(join(dir, 'renderer'))
writeFileSync(join(dir, 'renderer', 'index.html'), '<html></html>')
writeFileSync(join(dir, 'secret.txt'), 'secret')
const renderer = join(dir, 'renderer')

describe('app:// protocol', () => {
  it('serves the entry page with the desktop CSP', async () => {
    const r = await rendererResponse(renderer, entryUrl(undefined))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(ELECTRON_POLICY)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(isAppUrl(entryUrl(undefined))).toBe(true)
  })

  it('serves nothing outside the renderer folder or for another host', async () => {
    for (const url of [
      'app://portwise/..%2fsecret.txt',
      'app://portwise/%2e%2e/secret.txt',
      'app://other/index.html',
      'app://portwise/missing.js',
    ]) {
      expect((await rendererResponse(renderer, url)).status).toBe(404)
    }
  })

  it('loads the dev server when electron-vite runs one', () => {
    expect(entryUrl('http://localhost:5173')).toBe('http://localhost:5173')
  })
})
