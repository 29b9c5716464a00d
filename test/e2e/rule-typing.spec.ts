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
