// On every lab's canvas, no node's name or addresses run into another's, and all of them are in
// sight: a firewall and a router side by side wrote their two addresses each on one line (lab 8
// read '172.16.0.1/3172.16.0.2/30'), and the view fitted the nodes' centres, not what is drawn
// under them, so a firewall added at the bottom of lab 11 had its addresses cut off. Runs in the
// browser host.
import { readdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const labs = readdirSync('labs/portwise-basics', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

/** Texts of the canvas that overlap one another, or reach outside it. */
async function misplaced(page: Page): Promise<string[]> {
  const texts = page.locator('svg .node text')
  await expect(texts.first()).toBeVisible()
  const canvas = (await page.locator('svg.topo-svg').boundingBox())!
  const boxes = await texts.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect()
      const text = el.textContent!.trim()
      return { text, left: r.left, right: r.right, top: r.top, bottom: r.bottom }
    }),
  )
  const found: string[] = []
  for (const [i, a] of boxes.entries()) {
    if (
      a.left < canvas.x ||
      a.top < canvas.y ||
      a.right > canvas.x + canvas.width ||
      a.bottom > canvas.y + canvas.height
    )
      found.push(`'${a.text}' reaches outside the canvas`)
    for (const b of boxes.slice(i + 1))
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        found.push(`'${a.text}' and '${b.text}' overlap`)
  }
  return found
}

test("no node's name or addresses overlap another's or leave the canvas, in any lab", async ({
  app,
}) => {
  const { page } = app
  expect(labs.length).toBeGreaterThan(10)
  for (const lab of labs) {
    await app.open(`#/lab/portwise-basics/${lab}`)
    expect(await misplaced(page), lab).toEqual([])
  }
})

test('a firewall added from the palette is in sight with its addresses', async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/11-build-it')
  await page.getByRole('button', { name: '+ Firewall' }).click()
  await expect(page.getByRole('button', { name: /^fw1/ })).toBeVisible()
  await expect(page.locator('svg .node text', { hasText: '10.9.3.1/24' })).toBeVisible()
  expect(await misplaced(page)).toEqual([])
})
