// The flows a learner chose to run are part of their draft: a reload (or coming back tomorrow)
// runs the same ones, in a lab and in the Sandbox network. Runs in the browser host.
import { expect, test } from './fixtures'

test('the flows chosen in a lab are still chosen after a reload', async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/04-updates-two-pairs')
  const picks = page.getByRole('group', { name: 'Flows to run' })
  await picks.getByRole('checkbox', { name: /^browse/ }).uncheck()
  await expect(page.getByTestId('save-status')).toHaveText('Saved')

  await app.reload()
  await expect(picks.getByRole('checkbox', { name: /^browse/ })).not.toBeChecked()
  await expect(picks.getByRole('checkbox', { name: /^update/ })).toBeChecked()
  await page.getByRole('button', { name: 'Run traffic' }).click()
  await expect(page.getByTestId('flow-outcome')).toHaveCount(1)
  await expect(page.getByTestId('flow-outcome')).toContainText('update:')

  // Choosing every flow again is saved too: none is left out after the next reload.
  await picks.getByRole('checkbox', { name: /^browse/ }).check()
  await expect(page.getByTestId('save-status')).toHaveText('Saved')
  await app.reload()
  await expect(picks.getByRole('checkbox', { name: /^browse/ })).toBeChecked()
})

test('the flows chosen in the Sandbox network are still chosen after a reload', async ({ app }) => {
  const { page } = app
  await app.open('')
  await page.getByRole('link', { name: 'Open the network lab' }).click()
  const picks = page.getByRole('group', { name: 'Flows to run' })
  const boxes = picks.getByRole('checkbox')
  await expect(boxes.first()).toBeChecked()
  const count = await boxes.count()
  expect(count).toBeGreaterThan(1)
  await boxes.first().uncheck()
  await expect(page.getByTestId('save-status')).toHaveText('Saved')

  await app.reload()
  await expect(boxes.first()).not.toBeChecked()
  await expect(page.getByTestId('flow-outcome')).toHaveCount(count - 1)
})
