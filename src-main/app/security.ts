// Electron's security checklist, applied to every webContents and to the session: no navigation
// away from our page, no new windows, no <webview>, every permission request denied, and no
// request to the network at all (Portwise is offline; its page comes from app://). Runs in the
// Electron main process.
import type { Session, WebContents } from 'electron'

/** Checklist 13 and 14: neither navigation nor window.open leaves or multiplies the app. */
export function hardenContents(contents: WebContents): void {
  // Hash changes (our views) are in-page navigations and do not fire will-navigate.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Checklist 5: the app needs no camera, microphone, notifications, geolocation or devices. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/**
 * Checklist 1 ("only load secure content") taken further: no remote content at all. Every
 * http(s) and ws(s) request is cancelled, except electron-vite's dev server during development.
 */
export function blockNetwork(session: Session, devServer: string | undefined): void {
  const allowed = devServer ? new URL(devServer) : null
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (details, callback) => {
      const u = new URL(details.url)
      const dev = allowed !== null && u.hostname === allowed.hostname && u.port === allowed.port
      callback({ cancel: !dev })
    },
  )
}
