// The course's lab 11, the way a learner builds it: no firewall at first, so they add one from the
// palette, give it the gateways' addresses, link it in, make it stateful, write its rules, pass
// and submit; after a reload the network they built is still there. Runs in the browser host,
// on a fresh data folder.
import { expect, test } from './fixtures'

const LAB = 'Build it: a firewall of your own'

test('a learner builds the network of lab 11: adds a firewall, links it in, writes its rules', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/11-build-it')
  await expect(page.getByRole('heading', { name: LAB, level: 1 })).toBeVisible()
  await expect(page.getByTestId('live-score')).toContainText('0 of 20 points')

  // Only what the lab offers is in the palette; the lab's own nodes stay locked.
  const palette = page.getByRole('toolbar', { name: 'Add to the network' })
  await expect(palette.getByRole('button')).toHaveText(['+ Firewall'])
  await page.getByRole('button', { name: /^web server, .*locked/ }).click()
  await expect(page.getByRole('button', { name: /^Remove web server/ })).toHaveCount(0)

  await palette.getByRole('button', { name: '+ Firewall' }).click()
  await expect(page.getByRole('heading', { name: /^fw1/, level: 2 })).toBeVisible()
  await page.getByRole('textbox', { name: /^outside address/ }).fill('198.51.100.1/24')
  await page.keyboard.press('Tab')
  await page.getByRole('textbox', { name: /^inside address/ }).fill('10.0.2.1/24')
  await page.keyboard.press('Tab')
  for (const [from, to] of [
    ['fw1:outside', 'sw:p2'],
    ['fw1:inside', 'server:eth0'],
  ]) {
    await page.getByRole('combobox', { name: 'From' }).selectOption(from)
    await page.getByRole('combobox', { name: 'To' }).selectOption(to)
    await page.getByRole('button', { name: 'Add link' }).click()
  }
  await expect(page.getByText('fw1 · inside ↔ web server · eth0')).toBeVisible()

  // Linked but with no rule: the SYN dies at the firewall, and the trace says so.
  await page.getByRole('button', { name: 'Run traffic' }).click()
  const browse = page.getByTestId('flow-outcome').filter({ hasText: 'browse:' })
  await expect(browse).toContainText('the SYN was dropped by fw1')
  await expect(page.locator('[data-objective="ssh"]')).toContainText('done')

  await page.getByRole('combobox', { name: 'Firewall' }).selectOption('stateful')
  await page.getByRole('button', { name: 'Add rule' }).click()
  await page.getByRole('textbox', { name: 'Rule 0 Conntrack state' }).fill('established,related')
  await page.keyboard.press('Tab')
  await page.getByRole('button', { name: 'Add rule' }).click()
  await page.getByRole('combobox', { name: 'Rule 1 In' }).selectOption('outside')
  await page.getByRole('combobox', { name: 'Rule 1 Protocol' }).selectOption('tcp')
  await page.getByRole('textbox', { name: 'Rule 1 Destination', exact: true }).fill('10.0.2.10')
  await page.keyboard.press('Tab')
  await page.getByRole('textbox', { name: 'Rule 1 Destination port' }).fill('443')
  await page.keyboard.press('Tab')
  await page.getByRole('textbox', { name: 'Rule 1 Conntrack state' }).fill('new')
  await page.keyboard.press('Tab')

  await expect(browse).toContainText('works')
  for (const id of ['browse', 'ssh', 'least', 'stateful'])
    await expect(page.locator(`[data-objective="${id}"]`)).toContainText('done')
  await expect(page.getByTestId('live-score')).toContainText('20 of 20 points')
  await page.getByRole('button', { name: 'Submit this lab' }).click()
  await expect(page.getByTestId('submit-result')).toContainText('Submitted: 20 of 20 points')
  await expect(page.getByTestId('save-status')).toHaveText('Saved')

  // The network they built is their draft.
  await app.reload()
  await expect(page.getByRole('heading', { name: LAB, level: 1 })).toBeVisible()
  await page.getByRole('button', { name: /^fw1, firewall/ }).click()
  await expect(page.getByText('fw1 · inside ↔ web server · eth0')).toBeVisible()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await expect(page.getByTestId('live-score')).toContainText('20 of 20 points')

  // Start over takes the lab back to its own network, as its label says, and can be undone.
  await page.getByRole('button', { name: "Start over with the lab's network and rules" }).click()
  await expect(page.getByRole('button', { name: /^fw1, firewall/ })).toHaveCount(0)
  await expect(
    page.getByRole('status').filter({ hasText: 'Your network and rules were replaced' }),
  ).toBeVisible()
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('button', { name: /^fw1, firewall/ })).toBeVisible()
  await expect(page.getByTestId('live-score')).toContainText('20 of 20 points')
})

test('a firewall added from the palette appears inside the network canvas', async ({ app }) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/11-build-it')
  await expect(page.getByRole('heading', { name: LAB, level: 1 })).toBeVisible()
  await page.getByRole('toolbar', { name: 'Add to the network' }).getByRole('button').click()
  const node = page.getByRole('button', { name: /^fw1, firewall/ })
  await expect(node).toBeVisible()
  // The instructions say "a firewall named fw1 appears": it must be where the learner looks,
  // inside the canvas's frame, not placed below it where the frame clips it away.
  await expect
    .poll(async () => {
      const frame = (await page.locator('.topo').boundingBox())!
      const box = (await node.boundingBox())!
      return (
        box.x >= frame.x &&
        box.y >= frame.y &&
        box.x + box.width <= frame.x + frame.width &&
        box.y + box.height <= frame.y + frame.height
      )
    })
    .toBe(true)
})
