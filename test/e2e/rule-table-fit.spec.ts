// The rule table fits a 1280 px window, with or without a Conntrack state column: it was 69 px
// (stateless) and 165 px (stateful) wider than its pane, each row's Remove button hidden behind a
// sideways scroll. Runs in the browser host.
import { expect, test } from './fixtures'

test.use({ viewport: { width: 1280, height: 900 } })

for (const [kind, hash] of [
  ['stateless', '#/lab/portwise-basics/04-updates-two-pairs'],
  ['stateful', '#/lab/portwise-basics/05-stateful'],
] as const)
  test(`a ${kind} firewall's rule table fits a 1280 px window, every Remove button in sight`, async ({
    app,
  }) => {
    const { page } = app
    await app.open(hash)
    await expect(page.getByRole('combobox', { name: 'Firewall' })).toHaveValue(kind)
    await expect(page.getByRole('columnheader', { name: 'Conntrack state' })).toHaveCount(
      kind === 'stateful' ? 1 : 0,
    )
    // The Last run column with its words, and the widest address a cell must show.
    await page.getByRole('button', { name: 'Run traffic' }).click()
    await expect(page.locator('.rule-table .coverage').first()).toContainText('packets')
    const source = page.getByRole('textbox', { name: 'Rule 0 Source', exact: true })
    await source.fill('255.255.255.255/32')
    await page.keyboard.press('Tab')
    const port = page.getByRole('textbox', { name: 'Rule 1 Destination port' })
    await expect(port).toHaveValue('49152-65535')
    for (const cell of [source, port])
      expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)

    const pane = page.locator('.rule-table-wrap')
    const width = await pane.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }))
    expect(width.scroll).toBeLessThanOrEqual(width.client)
    const seen = (await pane.boundingBox())!
    const rows = await page.getByTestId('rule-row').count()
    expect(rows).toBeGreaterThan(0)
    for (let i = 0; i < rows; i++) {
      const remove = page.getByRole('button', { name: `Remove rule ${i}`, exact: true })
      const box = (await remove.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(seen.x)
      expect(box.x + box.width).toBeLessThanOrEqual(seen.x + seen.width)
    }
  })

// 200 % zoom of a 1280 px window: 640 CSS px. The table scrolled sideways inside its box there;
// each rule is now a card of labelled fields that wraps to the width.
test('at 200 % zoom each rule is a card of labelled fields, nothing scrolled sideways', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize({ width: 640, height: 450 })
  await app.open('#/lab/portwise-basics/05-stateful')
  await page.getByRole('button', { name: 'Run traffic' }).click()
  const pane = page.locator('.rule-table-wrap')
  await expect(page.locator('.rule-table .coverage').first()).toContainText('packets')
  const width = await pane.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }))
  expect(width.scroll).toBeLessThanOrEqual(width.client)

  // Still a table to assistive technology, its rows and cells named as before.
  const table = page.getByRole('table', { name: /^Rules of fw1/ })
  const rows = await page.getByTestId('rule-row').count()
  expect(rows).toBeGreaterThan(1)
  await expect(table.getByRole('row')).toHaveCount(rows + 1)
  const seen = (await pane.boundingBox())!
  for (let i = 0; i < rows; i++) {
    for (const name of [`Remove rule ${i}`, `Rule ${i} Destination port`]) {
      const box = (await page
        .getByRole(name.startsWith('Remove') ? 'button' : 'textbox', { name, exact: true })
        .boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(seen.x)
      expect(box.x + box.width).toBeLessThanOrEqual(seen.x + seen.width)
    }
  }
  // Each field shows the column's name above it, as the hidden header row no longer does.
  const port = page.locator('.rule-table td.cell-dport').first()
  expect(await port.evaluate((e) => getComputedStyle(e, '::before').content)).toBe(
    '"Destination port"',
  )
  await expect(page.getByRole('columnheader', { name: 'Destination port' })).toBeAttached()
})
