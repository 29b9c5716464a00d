// The `app` fixture: Portwise's page in whichever host the project names. `browser`: a browser
// host of its own for each test, on a fresh temporary data folder, serving the renderer that
// playwright.config.ts's webServer built (so no test sees another's progress, in any order).
// `electron`: the desktop app through Playwright's _electron, with its own temporary data folder;
// skipped with a visible notice where the Electron binary is not installed. Runs in Node
// (Playwright).
import { _electron, type ElectronApplication, type Page, test as base } from '@playwright/test'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)

export interface PortwiseApp {
  page: Page
  /** Opens a view by its hash: '' for Home, '#/sandbox'. */
  open(hash: string): Promise<void>
  reload(): Promise<void>
  /** Set for the desktop app only. */
  electron: ElectronApplication | null
}

/** The browser host's address (with its token), as webServer read it from the host's stdout. */
export function hostUrl(): string {
  const url = process.env.PORTWISE_E2E_URL
  if (!url)
    throw new Error(
      'PORTWISE_E2E_URL is not set: the webServer in playwright.config.ts did not start',
    )
  return url
}

/** Why the desktop app cannot run here, or null when it can. */
function electronMissing(): string | null {
  try {
    const binary = require('electron') as string
    return existsSync(binary) ? null : `the Electron binary (${binary}) is missing`
  } catch (e) {
    return `the Electron binary is not installed (${(e as Error).message.split('\n')[0]})`
  }
}

/** A browser host on its own data folder; resolves once it prints its address. */
export function startHost(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src-main', 'host', 'main.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  const stop = async () => {
    child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`the browser host did not start in 30 s:\n${err}`))
    }, 30_000)
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({ url: m[1], stop })
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the browser host exited (${code}):\n${err}`))
    })
  })
}

let noticeShown = false
let built = false

export const test = base.extend<{ app: PortwiseApp }>({
  app: async ({ page }, use, testInfo) => {
    if (testInfo.project.name !== 'electron') {
      const host = await startHost(mkdtempSync(join(tmpdir(), 'portwise-e2e-')))
      const url = host.url
      await use({
        page,
        open: async (hash) => {
          await page.goto(url + hash)
        },
        reload: async () => {
          await page.reload()
        },
        electron: null,
      })
      await host.stop()
      return
    }
    const missing = electronMissing()
    if (missing) {
      if (!noticeShown) {
        noticeShown = true
        console.warn(
          `NOTICE: the desktop-app end-to-end tests are skipped: ${missing}. They run where \`npm install\` could download Electron.`,
        )
      }
      testInfo.skip(true, `Electron not available: ${missing}`)
      return
    }
    if (!built) {
      const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
      const run = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' })
      if (run.status !== 0) throw new Error('electron-vite build failed')
      built = true
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'portwise-e2e-electron-'))
    const electron = await _electron.launch({
      args: [join(root, 'out', 'main', 'index.js')],
      cwd: root,
      env: { ...process.env, PORTWISE_DATA_DIR: dataDir },
    })
    const window = await electron.firstWindow()
    await use({
      page: window,
      open: async (hash) => {
        await window.evaluate((h) => {
          ;(globalThis as unknown as { location: { hash: string } }).location.hash = h
        }, hash)
      },
      reload: async () => {
        await window.reload()
      },
      electron,
    })
    await electron.close()
  },
})

export { expect } from '@playwright/test'
