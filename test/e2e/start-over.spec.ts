// Start over can be undone until the next edit: one click must not throw away a learner's work,
// in the Sandbox network and in a lab whose rules are text. Runs in the browser host.
import { expect, test } from './fixtures'

test('Start over in the Sandbox network is undone, and the work is kept after a reload', async ({
  app,
}) => {
  const { page } = app
  await app.open('')
  await page.getByRole('link', { name: 'Open the network lab' }).click()
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)
  await page.getByRole('button', { name: 'Add rule' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  // The edit ended the earlier offer; a new Start over makes a new one.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)
  await expect(page.getByRole('status').filter({ hasText: 'back as it was shipped' })).toBeVisible()
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0)
  await expect(page.getByTestId('save-status')).toHaveText('Saved')
  await app.reload()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
})

test("Start over in a lab with text rules puts the learner's text back on Undo", async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/10-aws-vpc')
  const acl = page.getByRole('textbox', { name: 'Network ACL of subnet public' })
  await expect(acl).toContainText('NetworkAcls')
  await acl.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('\n// mine')
  await expect(acl).toContainText('// mine')

  await page.getByRole('button', { name: "Start over with the lab's rules" }).click()
  await expect(acl).not.toContainText('// mine')
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(acl).toContainText('// mine')
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0)
})
