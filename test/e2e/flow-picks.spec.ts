// Flows to run: the last flow still chosen cannot be unchecked. Unchecking it emptied the choice,
// which the store reads as every flow: the box stayed unchecked on screen while Run traffic ran
// them all. Runs in the browser host.
import { expect, test } from './fixtures'

test('the last chosen flow stays checked, and what is checked is what runs', async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/04-updates-two-pairs')
  const picks = page.getByRole('group', { name: 'Flows to run' })
  const browse = picks.getByRole('checkbox', { name: /^browse/ })
  const update = picks.getByRole('checkbox', { name: /^update/ })
  await browse.uncheck()
  await expect(update).toBeChecked()
  await expect(update).toBeDisabled()
  await update.click({ force: true })
  await expect(update).toBeChecked()
  await expect(browse).not.toBeChecked()

  await page.getByRole('button', { name: 'Run traffic' }).click()
  await expect(page.getByTestId('flow-outcome')).toHaveCount(1)
  await expect(page.getByTestId('flow-outcome')).toContainText('update:')

  await browse.check()
  await expect(update).toBeEnabled()
})
