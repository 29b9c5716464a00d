// Before `npm test`'s end-to-end part: make sure Playwright has a Chromium to drive, so the README's
// test command works on a fresh machine. Debian's /usr/bin/chromium is used where it exists (these
// machines cannot download Playwright's own; playwright.config.ts picks it); otherwise, as root
// with apt-get, Debian's package is installed; otherwise Playwright downloads its own browser
// (a connected laptop). Runs in Node, outside the app.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'

const SYSTEM_CHROMIUM = '/usr/bin/chromium' // the same path as playwright.config.ts
const root = fileURLToPath(new URL('..', import.meta.url))

function say(text) {
  console.error(`portwise: ${text}`)
}

function run(command, args) {
  return (
    spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  )
}

function playwrightBrowserInstalled() {
  try {
    return existsSync(chromium.executablePath())
  } catch {
    return false
  }
}

if (existsSync(SYSTEM_CHROMIUM) || playwrightBrowserInstalled()) process.exit(0)

const isRoot = process.getuid?.() === 0
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
if (process.platform === 'linux' && isRoot && hasApt) {
  say("the end-to-end tests need Chromium: installing Debian's package (about 30 s)…")
  if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']))
    process.exit(0)
  say('apt-get could not install chromium; trying Playwright’s own browser instead.')
}

say('the end-to-end tests need Chromium: downloading Playwright’s own (once)…')
const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js')
if (run(process.execPath, [cli, 'install', 'chromium'])) process.exit(0)

say(
  'no browser for the end-to-end tests: install Chromium (Debian: `apt-get install chromium`) ' +
    'or let `npx playwright install chromium` download one, then run `npm test` again.',
)
process.exit(1)
