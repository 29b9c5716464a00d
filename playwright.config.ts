// End-to-end tests (test/e2e). The browser host is started once per run by `webServer`, through
// the same script as `npm run web` (it builds the renderer first), on a free port and with a
// fresh temporary data folder; the tests read its address from its stdout. Runs in Node.
import { defineConfig } from '@playwright/test'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The config is evaluated by the runner and again by every worker: the environment, which
// workers inherit, keeps one data folder for the whole run.
process.env.PORTWISE_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'portwise-e2e-'))
const dataDir = process.env.PORTWISE_E2E_DATA

// Playwright cannot download its own browser here; Debian's Chromium works with it.
const SYSTEM_CHROMIUM = '/usr/bin/chromium'
const launchOptions = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    }
  : {}

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 30_000,
  // One host and one data folder are shared: tests run one after another.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser', testIgnore: /electron\.spec\.ts$/ },
    // The same journeys in the desktop app through Playwright's _electron; they skip, with a
    // notice, where the Electron binary is not installed.
    {
      name: 'electron',
      testMatch: /(sandbox|electron)\.spec\.ts$/,
      metadata: { host: 'electron' },
    },
  ],
  webServer: {
    command: `node scripts/start.mjs --web --rebuild --no-open --port 0 --data-dir "${dataDir}"`,
    // The host prints its address, token included, on a line of its own: PORTWISE_E2E_URL.
    wait: { stdout: /^(?<portwise_e2e_url>http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    timeout: 120_000,
    stderr: 'pipe',
  },
})
