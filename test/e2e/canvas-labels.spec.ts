// On every lab's canvas, no node's name or addresses run into another's: a firewall and a router
// side by side wrote their two addresses each on one line, and lab 8 read
// '172.16.0.1/3172.16.0.2/30'. Runs in the browser host.
import { readdirSync } from 'node:fs'
import { expect, test } from './fixtures'

const labs = readdirSync('labs/portwise-basics', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

test("no node's name or addresses overlap another's on any lab's canvas", async ({ app }) => {
  const { page } = app
  expect(labs.length).toBeGreaterThan(10)
  for (const lab of labs) {
    await app.open(`#/lab/portwise-basics/${lab}`)
    const texts = page.locator('svg .node text')
    await expect(texts.first()).toBeVisible()
    const boxes = await texts.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect()
        return {
          text: el.textContent!.trim(),
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
        }
      }),
    )
    const overlaps: string[] = []
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          overlaps.push(`'${a.text}' and '${b.text}'`)
    expect(overlaps, `${lab}: texts that overlap`).toEqual([])
  }
})
