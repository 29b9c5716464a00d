// A flow a lab says must be blocked (an attack, SSH from outside) reads the right way round in the
// Traffic panel: stopped is good ('blocked, as it must be', ✓), getting through is the failure,
// and no suggested rule offers to let it through. Runs in the browser host.
import { expect, test } from './fixtures'

test('an attack that gets through is the failure, and once blocked no suggestion reopens it', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/06-open-ephemeral-range')
  await page.getByRole('button', { name: 'Run traffic' }).click()
  const attack = page.getByTestId('flow-outcome').filter({ hasText: 'attack:' })
  await expect(attack).toContainText('attack: gets through, but it must be blocked')
  await expect(attack.locator('.verdict')).toHaveAttribute('data-verdict', 'drop')
  await expect(page.getByTestId('flow-outcome').filter({ hasText: 'browse:' })).toContainText(
    'browse: works',
  )

  // Half a fix: updates only to the update server. The database's SYN-ACK to the attacker's port
  // 443 now dies at fw1, and the inverse rule that would let it out is not offered.
  await page.getByRole('textbox', { name: 'Rule 2 Destination', exact: true }).fill('119.18.36.80')
  await page.keyboard.press('Tab')
  await page.getByRole('button', { name: 'Run traffic' }).click()
  await expect(attack).toContainText('attack: blocked, as it must be')
  await expect(attack.locator('.verdict')).toHaveAttribute('data-verdict', 'accept')
  await expect(page.locator('[data-objective="no-db"]')).toContainText('done')
  await expect(attack.getByText('Suggested rule')).toHaveCount(0)
  await expect(
    page.getByRole('button', { name: 'Apply the suggested rule for attack' }),
  ).toHaveCount(0)
})
