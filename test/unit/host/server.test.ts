// The browser host from outside, in-process: it refuses requests without the token, from another
// origin or through a rebound host name (403), serves the page with its CSP in header and <meta>,
// and validates every WebSocket call as Electron's main process does. Runs in Node (Vitest).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { type RunningHost, startHost } from '../../../src-main/host/server'
import { browserHostMetaPolicy, browserHostPolicy, META_POLICY } from '../../../src-main/shared/csp'
import { memoryStore } from '../ipc/fake-store'

let host: RunningHost
const TOKEN = 'a'.repeat(64)

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portwise-host-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(
    join(dir, 'index.html'),
    `<html><head><meta http-equiv="Content-Security-Policy" content="${META_POLICY}" /></head><body></body></html>`,
  )
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, '..', 'secret.txt'), 'secret')
  const info = () => ({ version: '0', host: 'browser' as const, dataDir: dir, notices: [] })
  host = await startHost({
    handlers: createHandlers({ store: memoryStore(), info, emit: () => {} }),
    rendererDir: dir,
    token: TOKEN,
    log: () => {},
  })
})
afterAll(() => host.close())

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request, so Host, Origin and cookies are exactly what the test says. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        headers: { Host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function connect(query: string, origin: string | undefined): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, origin ? { origin } : {})
    ws.on('open', () => resolve(ws))
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', reject)
  })
}

function call(
  ws: WebSocket,
  message: unknown,
): Promise<{
  id: number
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } }
}> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))))
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  })
}

describe('browser host: who may ask', () => {
  it('prints an address on 127.0.0.1 with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`)
  })

  it('answers 403 without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403)
    expect((await get('/assets/app.js')).status).toBe(403)
    expect((await get('/?token=' + 'b'.repeat(64))).status).toBe(403)
    expect((await get('/?token=short')).status).toBe(403)
  })

  it('answers 403 to another origin, another site, or a rebound host name', async () => {
    expect((await get(`/?token=${TOKEN}`, { Origin: 'http://evil.example' })).status).toBe(403)
    expect((await get(`/?token=${TOKEN}`, { Origin: 'http://127.0.0.1:1' })).status).toBe(403)
    expect((await get(`/?token=${TOKEN}`, { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403)
    expect((await get(`/?token=${TOKEN}`, { Host: `evil.example:${host.port}` })).status).toBe(403)
    expect((await get(`/?token=${TOKEN}`, { Host: `localhost:${host.port}` })).status).toBe(403)
  })

  it("serves the page with the token, and its assets with the page's cookie", async () => {
    const page = await get(`/?token=${TOKEN}`, { 'Sec-Fetch-Site': 'none' })
    expect(page.status).toBe(200)
    const cookie = String(page.headers['set-cookie']).split(';')[0]
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    const asset = await get('/assets/app.js', { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('serves nothing outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/nope.js',
    ]) {
      expect((await get(`${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`)).status).toBe(404)
    }
  })
})

describe('browser host: CSP', () => {
  it('sends a strict policy naming only its own WebSocket, and puts the same in the <meta>', async () => {
    const page = await get(`/?token=${TOKEN}`)
    expect(page.headers['content-security-policy']).toBe(browserHostPolicy(host.port))
    expect(page.headers['content-security-policy']).toContain(
      `connect-src ws://127.0.0.1:${host.port};`,
    )
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.body).toContain(`content="${browserHostMetaPolicy(host.port)}"`)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
  })
})

describe('browser host: the WebSocket', () => {
  const origin = () => `http://127.0.0.1:${host.port}`

  it('refuses a connection without the token or from another origin', async () => {
    expect(await connect('', origin())).toBe(403)
    expect(await connect(`?token=${TOKEN}`, 'http://evil.example')).toBe(403)
    expect(await connect(`?token=${TOKEN}`, undefined)).toBe(403)
  })

  it('answers valid calls and refuses bad payloads, unknown channels and malformed messages', async () => {
    const ws = (await connect(`?token=${TOKEN}`, origin())) as WebSocket
    expect(await call(ws, { id: 1, channel: 'pack:list', payload: {} })).toMatchObject({
      id: 1,
      result: { ok: true },
    })
    const bad = await call(ws, {
      id: 2,
      channel: 'draft:save',
      payload: { packId: 'sandbox', labId: 'x', text: 5 },
    })
    expect(bad).toMatchObject({ id: 2, result: { ok: false, error: { code: 'bad-request' } } })
    expect(bad.result.error?.message).toMatch(/^draft:save: text: /)
    expect(await call(ws, { id: 3, channel: 'shell:exec', payload: {} })).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'unknown-channel' } },
    })
    expect(await call(ws, 'not json')).toMatchObject({
      id: -1,
      result: { ok: false, error: { code: 'bad-request' } },
    })
    expect(await call(ws, { id: 4, channel: 'pack:list', payload: {}, extra: true })).toMatchObject(
      {
        id: -1,
        result: { ok: false },
      },
    )
    ws.close()
  })
})
