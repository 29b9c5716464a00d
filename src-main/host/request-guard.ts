// Who may talk to the browser host: only a page this run handed its token to, on its own origin.
// The host listens on 127.0.0.1 only, but any local process and any web page the learner visits
// can reach loopback ports, so every request (page, assets, WebSocket) must prove it knows the
// run's random token, and must not come from another origin or be a DNS-rebound name. Runs in Node.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface GuardOptions {
  token: string
  port: number
}

/** Cookie that lets the page's own assets and WebSocket carry the token without a query. */
export function tokenCookieName(port: number): string {
  // Cookies ignore ports: name it after ours so two hosts on one machine do not collide.
  return `portwise-token-${port}`
}

export function hostOrigin(port: number): string {
  return `http://127.0.0.1:${port}`
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}

/** Why the request is refused (for the 403 body), or null when it may proceed. */
export function refusal(req: IncomingMessage, { token, port }: GuardOptions): string | null {
  // DNS rebinding: a page at evil.example whose name now resolves to 127.0.0.1 sends its own Host.
  if (req.headers.host !== `127.0.0.1:${port}`) return 'wrong Host header'
  const origin = req.headers.origin
  if (origin !== undefined && origin !== hostOrigin(port)) return 'request from another origin'
  // Fetch metadata (sent by current browsers): a same-site page on another loopback port would
  // carry our cookie (cookies ignore ports), but says `same-site` here, not `same-origin`.
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return 'request from another site'
  const url = new URL(req.url ?? '/', hostOrigin(port))
  const given = url.searchParams.get('token') ?? cookie(req, tokenCookieName(port))
  if (given === null) return 'missing token'
  if (!sameSecret(given, token)) return 'wrong token'
  return null
}

/** Set on the page's answer, so its assets and its WebSocket pass `refusal` too. */
export function tokenCookie({ token, port }: GuardOptions): string {
  return `${tokenCookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`
}
