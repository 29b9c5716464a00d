// The main window's constructor options, hardened as Electron's security checklist asks: context
// isolation, the renderer sandbox, no Node integration, web security on, no <webview>, no
// insecure content, no remote modules. Built by a function so a test can read every choice.
// Runs in the Electron main process (pure; tested in Node).
import type { BrowserWindowConstructorOptions } from 'electron'
import type { WindowBounds } from './window-state'

export interface WindowOptionsInput {
  bounds: WindowBounds
  /** absolute path of the built preload (out/preload/index.cjs) */
  preload: string
  /** the theme's background, so the first paint does not flash white in dark mode */
  backgroundColor: string
}

export function mainWindowOptions({
  bounds,
  preload,
  backgroundColor,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Portwise',
    backgroundColor,
    // Shown on 'ready-to-show', once the page has painted.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: true,
    },
  }
}
