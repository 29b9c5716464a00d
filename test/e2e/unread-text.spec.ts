// nft text that does not read yet is the learner's work too: it is kept across the Table tab, a
// change of the firewall's kind and a reload, and the table says its rules are not in force.
// Runs in the browser host.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

/** Types a line with a mistake after the rule accepting tcp/443, and waits for its problem. */
async function typeMistake(page: Page) {
  const editor = page.getByRole('textbox', { name: 'Rules as nft text' })
  await editor.locator('.cm-line', { hasText: 'tcp dport 443 accept' }).first().click()
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  await page.keyboard.type('tcp dport 99999 accept')
  await expect(page.getByTestId('text-problem')).toContainText('99999')
  return editor
}

test('text with a mistake survives the Table tab, the firewall kind and a reload', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  const editor = await typeMistake(page)

  // The kind changes around the text; the text stays as typed.
  await page.getByRole('combobox', { name: 'Firewall' }).selectOption('stateless')
  await expect(editor).toContainText('99999')

  // The table holds the last rules that read, and says so.
  await page.getByRole('tab', { name: 'Table' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)
  const note = page.getByTestId('unread-text')
  await expect(note).toContainText('does not read yet')
  await note.getByRole('button', { name: 'Back to the text' }).click()
  await expect(editor).toContainText('tcp dport 99999 accept')
  await expect(page.getByTestId('text-problem')).toContainText('99999')

  await expect(page.getByTestId('save-status')).toHaveText('Saved')
  await app.reload()
  await expect(page.getByTestId('unread-text')).toBeVisible()
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  await expect(editor).toContainText('tcp dport 99999 accept')
  await expect(page.getByTestId('text-problem')).toContainText('99999')

  // Fixed, it reads: the rule is in force and nothing is kept aside any more.
  await editor.locator('.cm-line', { hasText: '99999' }).click()
  await page.keyboard.press('End')
  for (let i = 0; i < ' 99999 accept'.length; i++) await page.keyboard.press('Backspace')
  await page.keyboard.type(' 8443 accept')
  await expect(page.getByTestId('text-problem')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Table' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await expect(page.getByTestId('unread-text')).toHaveCount(0)
})

test('an edit in the table replaces text that did not read', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  const editor = await typeMistake(page)
  // Leaving the tab at once: what was typed is read (and kept) all the same.
  await page.keyboard.type(' ')
  await page.getByRole('tab', { name: 'Table' }).click()
  await expect(page.getByTestId('unread-text')).toBeVisible()
  await page.getByRole('button', { name: 'Add rule' }).click()
  await expect(page.getByTestId('unread-text')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  await expect(editor).toContainText('tcp dport 443 accept')
  await expect(editor).not.toContainText('99999')
  await expect(page.getByTestId('text-problem')).toHaveCount(0)
})

test("a pack lab's draft keeps text that did not read", async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/05-stateful')
  await expect(page.getByTestId('submit-unread')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  const editor = await typeMistake(page)
  // Submitting now would grade the rules as they last read: the learner is told before.
  await expect(page.getByTestId('submit-unread')).toContainText('The nft text of fw1 does not read')
  await expect(page.getByTestId('save-status')).toHaveText('Saved')
  await app.reload()
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  await expect(editor).toContainText('tcp dport 99999 accept')
  await expect(page.getByTestId('text-problem')).toContainText('99999')
})
