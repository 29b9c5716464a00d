// How the main screens look, in the light and the dark theme: Home with the built-in course and
// a lab of it, compared with the committed baselines (test/e2e/appearance.spec.ts-snapshots).
// Pixels depend on the browser build and the fonts, so they are compared only where the baselines
// were made — Debian's Chromium on Linux — and skipped with a notice elsewhere. Runs in the
// browser host, each test on a fresh data folder.
import { existsSync } from 'node:fs'
import { expect, test } from './fixtures'

const REFERENCE = process.platform === 'linux' && existsSync('/usr/bin/chromium')
if (!REFERENCE)
  console.warn(
    "NOTICE: the screenshot comparisons are skipped: their baselines were made with Debian's Chromium on Linux.",
  )
test.skip(!REFERENCE, 'screenshots are compared only against the reference browser')

const TOLERANCE = { maxDiffPixelRatio: 0.02, fullPage: true }

for (const colorScheme of ['light', 'dark'] as const) {
  test(`Home in the ${colorScheme} theme`, async ({ app }) => {
    const { page } = app
    await page.emulateMedia({ colorScheme })
    await page.setViewportSize({ width: 1280, height: 900 })
    await app.open('')
    await expect(page.getByTestId('lab-item')).toHaveCount(11)
    await expect(page.getByTestId('continue')).toHaveCount(0)
    // The data folder is a fresh temporary one each run.
    await expect(page).toHaveScreenshot(`home-${colorScheme}.png`, {
      ...TOLERANCE,
      mask: [page.getByText(/Your progress is kept in/)],
    })
  })
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a lab in the ${colorScheme} theme`, async ({ app }) => {
    const { page } = app
    await page.emulateMedia({ colorScheme })
    await page.setViewportSize({ width: 1280, height: 900 })
    await app.open('#/lab/portwise-basics/03-stateless-web')
    await expect(page.getByTestId('live-score')).toContainText('of 23 points')
    await expect(page.locator('[data-objective="browse"]')).toContainText('not yet')
    await expect(page).toHaveScreenshot(`lab-${colorScheme}.png`, TOLERANCE)
  })
}
