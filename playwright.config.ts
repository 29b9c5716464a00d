// End-to-end tests (test/e2e). `webServer` runs the same script as `npm run web` once per run:
// it builds the renderer, and its host answers the hardening tests; every other test starts a
// host of its own on a fresh data folder (test/e2e/fixtures.ts). Runs in Node.
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
  // Each test has its own host and data folder; one worker keeps timings steady on 2 cores.
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
