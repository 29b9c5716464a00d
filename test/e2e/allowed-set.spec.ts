// Lab 6 asks the learner to open the allowed-set view: every packet fw1 lets through, worked out
// from its rules, each box with the rule behind it. The hole its rule 3 opens shows there, and
// goes once the rule does. Runs in the browser host.
import { expect, test } from './fixtures'

test('the allowed set shows the hole lab 6 is about, and loses it with its rule', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/06-open-ephemeral-range')
  const view = page.getByTestId('allowed-set')
  const summary = view.getByText('What fw1 lets through (allowed set)')
  await summary.click()
  await expect(view).toContainText('Press “Run traffic” to analyse the rules.')

  await page.getByRole('button', { name: 'Run traffic' }).click()
  const inbound = view.getByRole('region', { name: 'Allowed outside → inside' })
  await expect(inbound.getByRole('listitem')).toHaveCount(2)
  await expect(inbound.getByRole('listitem').nth(0)).toContainText(
    'rule 0: tcp from any to 1.3.3.7 port 443',
  )
  await expect(inbound.getByRole('listitem').nth(1)).toContainText(
    'rule 3: tcp from any to any ports 1024–65535',
  )

  await page.getByRole('button', { name: 'Remove rule 3', exact: true }).click()
  await expect(inbound.getByRole('listitem')).toHaveCount(1)
  await expect(inbound).not.toContainText('rule 3')
  // the summary is a native disclosure: the keyboard closes it too
  await summary.focus()
  await page.keyboard.press('Enter')
  await expect(inbound).toBeHidden()
})
