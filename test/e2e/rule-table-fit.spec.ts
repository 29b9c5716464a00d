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
