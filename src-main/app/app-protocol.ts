// The app:// scheme: serves out/renderer to the window with the desktop CSP as a header (the
// page's <meta> policy applies too). A privileged standard scheme rather than file://, as
// Electron's security checklist (18) advises: the page gets a real origin and cannot read files.
// Runs in the Electron main process.
import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { contentType, staticFile } from '../host/static-files'
import { ELECTRON_POLICY } from '../shared/csp'
import { APP_HOST, APP_SCHEME } from './app-url'

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ])
}

/** The response for one app:// request. Exported for tests; `serveRenderer` installs it. */
export async function rendererResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl)
  const file = url.host === APP_HOST ? staticFile(rendererDir, url.pathname) : null
  if (!file) return new Response('Not found', { status: 404 })
  try {
    const body = await readFile(file)
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': contentType(file),
        'Content-Security-Policy': ELECTRON_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url))
}
