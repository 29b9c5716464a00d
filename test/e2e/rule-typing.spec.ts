// Typing into a rule cell while a trace or a grade comes back: the text typed so far stays in the
// cell. The table re-renders when an answer arrives, and an input bound to the stored rule was
// reset to it, so on a busy machine "443" could be committed as "3". Runs in the browser host.
import { expect, test } from './fixtures'

test('a cell keeps what is typed in it while the trace of an earlier edit comes back', async ({
  app,
}) => {
  const { page } = app
  await app.open('')
  await page.getByRole('link', { name: 'Open the network lab' }).click()
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)
  await page.getByRole('button', { name: 'Run traffic' }).click()
  const browse = page.getByTestId('flow-outcome').filter({ hasText: 'browse:' })
  await expect(browse).toContainText('fails')

  // A new rule accepts everything, so the trace its edit starts will say "works"; the learner is
  // already typing in the next cell when that answer arrives.
  await page.getByRole('button', { name: 'Add rule' }).click()
  const cell = page.getByRole('textbox', { name: 'Rule 1 Destination', exact: true })
  await cell.click()
  await page.keyboard.type('1.3')
  await expect(browse).toContainText('works')
  await page.keyboard.type('.3.7')
  await expect(cell).toHaveValue('1.3.3.7')
  // Committed: only packets to the server now match it, so the SYN-ACK is dropped again.
  await page.keyboard.press('Tab')
  await expect(cell).toHaveValue('1.3.3.7')
  await expect(browse).toContainText('fails')
})

test('address and port cells are wide enough to show what they hold', async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/04-updates-two-pairs')
  const port = page.getByRole('textbox', { name: 'Rule 1 Destination port' })
  await expect(port).toHaveValue('49152-65535')
  const source = page.getByRole('textbox', { name: 'Rule 1 Source', exact: true })
  await source.fill('255.255.255.255/32')
  for (const cell of [port, source])
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)
})

test('a stateless firewall has no Conntrack state column, unless a rule still has a state', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  const header = page.getByRole('columnheader', { name: 'Conntrack state' })
  await expect(header).toHaveCount(0)
  const kind = page.getByRole('combobox', { name: 'Firewall' })
  await kind.selectOption('stateful')
  await expect(header).toHaveCount(1)
  await page.getByRole('textbox', { name: 'Rule 0 Conntrack state' }).fill('new')
  await page.keyboard.press('Tab')
  // Back to stateless: the state stays in sight, with what is wrong with it.
  await kind.selectOption('stateless')
  await expect(header).toHaveCount(1)
  await expect(
    page.getByRole('alert').filter({ hasText: 'no connection tracking' }).first(),
  ).toBeVisible()
  await page.getByRole('textbox', { name: 'Rule 0 Conntrack state' }).fill('')
  await page.keyboard.press('Tab')
  await expect(header).toHaveCount(0)
})

test('a port cell takes a service name as the nftables text does, and names a misspelt one', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/04-updates-two-pairs')
  const port = page.getByRole('textbox', { name: 'Rule 0 Destination port' })
  await port.fill('htps')
  await port.press('Tab')
  await expect(
    page.getByRole('alert').filter({ hasText: 'did you mean https (443)?' }),
  ).toBeVisible()
  await expect(port).toHaveAttribute('aria-invalid', 'true')
  await port.fill('https')
  await port.press('Tab')
  await expect(port).toHaveValue('443')
  await expect(port).not.toHaveAttribute('aria-invalid', 'true')
})
