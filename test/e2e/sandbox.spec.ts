// The learner's first journey: open the Sandbox lab, edit a rule, read the verdicts and their
// explanations, see "Saved", reload and find the draft still there. Runs in both hosts.
import { SANDBOX_STARTER } from '../../src-main/shared/sandbox-lab'
import { expect, test } from './fixtures'

test('the sandbox runs an edited rule, saves the draft and restores it after a reload', async ({
  app,
}) => {
  const { page } = app
  await app.open('')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn how firewalls decide')
  await page.getByRole('link', { name: 'Open the sandbox' }).click()
  await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible()

  const editor = page.getByRole('textbox', { name: 'Scenario (portwise-scenario/1 JSON)' })
  await expect(editor).toBeVisible()
  // A fresh start, whatever an earlier test or run left behind.
  await page.getByRole('button', { name: 'Start over' }).click()
  const packets = page.getByTestId('packet')
  await expect(packets).toHaveCount(2)
  await expect(packets.nth(0)).toContainText('Accepted')
  await expect(packets.nth(0)).toContainText('accepted by rule 1')
  await expect(packets.nth(1)).toContainText('conntrack: established')

  // Edit rule 1: the server is on 443, so a rule for 80 no longer lets the SYN in.
  await editor.fill(SANDBOX_STARTER.replace('"dport": 443, "ct"', '"dport": 80, "ct"'))
  await expect(packets.nth(0)).toContainText('Dropped')
  await expect(packets.nth(0)).toContainText('dropped by the policy: no rule matched')
  await expect(packets.nth(0)).toContainText('rule 1 missed: dport 443 is not 80')
  await expect(page.getByTestId('save-status')).toHaveText('Saved')

  await app.reload()
  await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible()
  await expect(editor).toContainText('"dport": 80, "ct"')
  await expect(page.getByTestId('save-status')).toHaveText('Saved')
  await expect(packets.nth(0)).toContainText('Dropped')
})

test('a scenario with a bad field names the field instead of failing', async ({ app }) => {
  const { page } = app
  await app.open('#/sandbox')
  const editor = page.getByRole('textbox', { name: 'Scenario (portwise-scenario/1 JSON)' })
  await expect(editor).toBeVisible()
  await page.getByRole('button', { name: 'Start over' }).click()
  await editor.fill(SANDBOX_STARTER.replace('"dport": 443, "ct"', '"dport": 70000, "ct"'))
  const error = page.getByTestId('scenario-error')
  await expect(error).toContainText('firewall.rules[1].dport')
  await expect(error).toContainText('70000 is not a port')
  // and the editor underlines the value where it was written, in view
  await expect(editor.locator('.cm-lintRange-error')).toHaveText('70000')
  await expect(editor.locator('.cm-lintRange-error')).toBeInViewport()
  await expect(error).toContainText('Underlined in the editor, line 10')

  await editor.fill('{ not json')
  await expect(error).toContainText('not valid JSON')
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('packet')).toHaveCount(2)
})

test('verdicts are told by words and icon shapes, not colour alone', async ({ app }) => {
  const { page } = app
  await app.open('#/sandbox')
  await page.getByRole('button', { name: 'Start over' }).click()
  const first = page.getByTestId('packet').first()
  await expect(first.locator('.verdict')).toHaveText(/✓\s*Accepted/)
  await expect(
    page.getByRole('status').filter({ hasText: 'packets through a stateful firewall' }),
  ).toHaveText(/2 accepted, 0 dropped/)
})
