// The browser host's defences, seen from outside: its CSP (header and <meta>), the token and
// origin checks (403), and the API on window.portwise: one method per contract channel, no
// generic invoke, and a bad payload rejected with a clear error. Runs against the browser host.
import WebSocket from 'ws'
import { browserHostMetaPolicy, browserHostPolicy } from '../../src-main/shared/csp'
import { CHANNELS, EVENT_NAMES, listenerName, methodName } from '../../src-main/shared/ipc-contract'
import { expect, hostUrl, test } from './fixtures'

const url = () => new URL(hostUrl())
const port = () => Number(url().port)

test('the page is served with a strict CSP, in the header and in its <meta>', async ({
  request,
}) => {
  const answer = await request.get(hostUrl())
  expect(answer.status()).toBe(200)
  const header = answer.headers()['content-security-policy']
  expect(header).toBe(browserHostPolicy(port()))
  expect(header).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/)
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(
    await answer.text(),
  )?.[1]
  expect(meta).toBe(browserHostMetaPolicy(port()))
  expect(header.startsWith(meta ?? 'missing')).toBe(true)
})

test('the app loads with no CSP violation and no failed request (its icon included)', async ({
  page,
}) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  const failed: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
  })
  await page.goto(hostUrl() + '#/sandbox')
  await expect(page.getByTestId('packet').first()).toBeVisible()
  await expect(page.locator('link[rel=icon]')).toHaveAttribute('href', /\.svg$/)
  expect(violations).toEqual([])
  expect(failed).toEqual([])
})

test('requests without the token, with a wrong one, or from another origin get 403', async ({
  request,
}) => {
  const base = `http://127.0.0.1:${port()}`
  expect((await request.get(`${base}/`)).status()).toBe(403)
  expect((await request.get(`${base}/?token=nope`)).status()).toBe(403)
  expect(
    (await request.get(hostUrl(), { headers: { Origin: 'http://evil.example' } })).status(),
  ).toBe(403)
  expect(
    (await request.get(hostUrl(), { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status(),
  ).toBe(403)
})

test('a WebSocket from another origin is refused with 403', async () => {
  const token = url().searchParams.get('token') ?? ''
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}/ws?token=${token}`, {
      origin: 'http://evil.example',
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('open', () => reject(new Error('connected from another origin')))
    ws.on('error', reject)
  })
  expect(status).toBe(403)
})

test('window.portwise has one method per channel and rejects a bad payload', async ({ page }) => {
  await page.goto(hostUrl())
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const names = await page.evaluate(() => {
    const api = (globalThis as unknown as { portwise?: object }).portwise
    return api ? Object.keys(api).sort() : []
  })
  expect(names).toEqual([...CHANNELS.map(methodName), ...EVENT_NAMES.map(listenerName)].sort())
  expect(names).not.toContain('invoke')

  const refused = await page.evaluate(async () => {
    type Api = { draftSave(r: unknown): Promise<unknown> }
    const api = (globalThis as unknown as { portwise: Api }).portwise
    return api.draftSave({ packId: '../etc', labId: 'sandbox', text: 42 }).then(
      () => 'accepted',
      (e: Error) => e.message,
    )
  })
  expect(refused).toMatch(/^bad-request: draft:save: /)
  expect(refused).toContain('packId')
  expect(refused).toContain('text')
})
