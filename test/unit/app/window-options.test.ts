// The main window's options, as Electron's security checklist asks. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { mainWindowOptions } from '../../../src-main/app/window-options'

const options = mainWindowOptions({
  bounds: { x: 10, y: 20, width: 1000, height: 700 },
  preload: '/app/out/preload/index.cjs',
  backgroundColor: '#ffffff',
})

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the page, with no Node anywhere', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    })
  })

  it('opens where it was, hidden until painted', () => {
    expect(options).toMatchObject({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      show: false,
      title: 'Portwise',
    })
  })
})
