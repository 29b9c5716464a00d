// Where the desktop app's page comes from: app://portwise/ (a privileged custom scheme serving
// out/renderer, as Electron's security checklist prefers to file://), or electron-vite's dev
// server during development. Only these URLs may talk to main. Runs in the Electron main process
// (pure; tested in Node).

export const APP_SCHEME = 'app'
export const APP_HOST = 'portwise'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** The page to load: the dev server when electron-vite runs one, else the packaged files. */
export function entryUrl(devServer: string | undefined): string {
  return devServer ? devServer : `${APP_ORIGIN}/index.html`
}

/**
 * True for our own pages only. Compared by scheme and host (a custom scheme has an opaque
 * origin in WHATWG URL terms), and for the dev server by its exact origin.
 */
export function isAppUrl(url: string, devServer?: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
  if (!devServer) return false
  try {
    return u.origin === new URL(devServer).origin
  } catch {
    return false
  }
}
