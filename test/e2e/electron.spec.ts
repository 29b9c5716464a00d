// The desktop app's hardening, checked in the running app: no Node in the page, the API there,
// window.open and navigation refused. Runs only in the `electron` project, and skips with a
// notice where the Electron binary is not installed.
import { expect, test } from './fixtures'

test('the page has no Node, and cannot navigate away or open windows', async ({ app }) => {
  const electron = app.electron
  if (!electron) throw new Error('the electron project runs this test')
  const page = app.page
  // webContents has no public getter for its webPreferences (the options object is unit-tested
  // in test/unit/app/window-options.test.ts); here we check what they cause in the page.
  const seen = await page.evaluate(() => {
    const g = globalThis as { require?: unknown; process?: unknown; portwise?: object }
    return { require: typeof g.require, process: typeof g.process, portwise: typeof g.portwise }
  })
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', portwise: 'object' })
  const opened = await page.evaluate(() => {
    const g = globalThis as unknown as { open(url: string): unknown }
    return g.open('https://example.com') === null
  })
  expect(opened).toBe(true)
  const before = page.url()
  await page.evaluate(() => {
    ;(globalThis as unknown as { location: { href: string } }).location.href =
      'https://example.com/'
  })
  await page.waitForTimeout(300)
  expect(page.url()).toBe(before)
  expect(await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
    1,
  )
})
