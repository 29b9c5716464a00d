// The renderer's Content-Security-Policy, one definition for the three places that state it:
// src-renderer/index.html's <meta> (checked by a test), the Electron app:// protocol's header and
// the browser host's header. Pure; runs anywhere.

/**
 * Nothing remote, no inline script, no eval. `connect-src` is the only difference between hosts:
 * the desktop app talks to main over IPC and needs no connection at all, the browser host's page
 * needs exactly its own loopback WebSocket.
 */
export function contentSecurityPolicy(connect: string = "'self'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ')
}

/** The meta tag's policy in src-renderer/index.html (HTML cannot import, so a test compares). */
export const META_POLICY = contentSecurityPolicy()

/** Directives a <meta> cannot carry, sent only as a header (CSP3 §6.1: ignored in meta). */
export const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'"

/** The browser host's page <meta>: connect only to the host's own WebSocket. */
export function browserHostMetaPolicy(port: number): string {
  return contentSecurityPolicy(`ws://127.0.0.1:${port}`)
}

/** The browser host's header: the same, plus what only a header can say. */
export function browserHostPolicy(port: number): string {
  return `${browserHostMetaPolicy(port)}; ${HEADER_ONLY_DIRECTIVES}`
}

/** The desktop app's header: no connections at all. */
export const ELECTRON_POLICY = `${contentSecurityPolicy("'none'")}; ${HEADER_ONLY_DIRECTIVES}`
