// The seed lesson in the Sandbox network, done the way a learner does it: run the traffic, see
// browsing fail because fw1 drops the SYN-ACK, apply the suggested inverse rule, see it connect,
// and find the rule still there after a reload. Then the text view's inline errors, the ladder,
// "view as" and rule coverage. Runs in the browser host.
import { sandboxNetwork } from '../../src-main/shared/sandbox-network'
import { expect, test } from './fixtures'

test('the seed lesson: a stateless firewall needs the inverse rule, and the fix is kept', async ({
  app,
}) => {
  const { page } = app
  await app.open('')
  await page.getByRole('link', { name: 'Open the network lab' }).click()
  await expect(page.getByRole('heading', { name: 'Sandbox network', level: 1 })).toBeVisible()
  // A fresh start, whatever an earlier test or run left behind.
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(1)

  await page.getByRole('button', { name: 'Run traffic' }).click()
  const browse = page.getByTestId('flow-outcome').filter({ hasText: 'browse:' })
  await expect(browse).toContainText('fails')
  await expect(browse).toContainText('the SYN-ACK was dropped by fw1')
  await expect(browse).toContainText(
    '+ rule 1: accept in inside out outside tcp from 1.3.3.7 port 443',
  )

  // The SYN-ACK's own story, hop by hop.
  await page.getByTestId('lab-packet').filter({ hasText: 'SYN-ACK' }).first().click()
  await expect(page.getByTestId('hop-detail')).toContainText('fw1')
  await expect(page.getByTestId('hop-detail')).toContainText('dropped by the policy')

  // Apply with the keyboard.
  await page.getByRole('button', { name: 'Apply the suggested rule for browse' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await page.getByRole('button', { name: 'Run traffic' }).click()
  await expect(browse).toContainText('works')
  await expect(browse).toContainText('connected')

  // The table and the text edit the same rules.
  await page.getByRole('textbox', { name: 'Rule 1 Comment' }).fill('replies to browsers')
  await page.keyboard.press('Tab')
  await page.getByRole('tab', { name: 'Text (nft)' }).click()
  const text = page.getByTestId('rule-text')
  await expect(text).toContainText('ip saddr 1.3.3.7 ip daddr 119.18.36.73 tcp sport 443')
  await expect(text).toContainText('comment "replies to browsers"')
  await expect(page.getByTestId('save-status')).toHaveText('Saved')

  await app.reload()
  await expect(page.getByRole('heading', { name: 'Sandbox network', level: 1 })).toBeVisible()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await expect(page.getByRole('textbox', { name: 'Rule 1 Comment' })).toHaveValue(
    'replies to browsers',
  )
  await expect(browse).toContainText('connected')
})

test('the text view underlines a mistake at its line and column; a clean text replaces the rules', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await page.getByRole('tab', { name: 'Table' }).focus()
  await page.keyboard.press('ArrowRight')
  const editor = page.getByRole('textbox', { name: 'Rules as nft text' })
  await expect(editor).toContainText('tcp dport 443 accept')
  // A new rule on the line after the first one (line 4).
  await editor.locator('.cm-line', { hasText: 'tcp dport 443 accept' }).click()
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  await page.keyboard.type('tcp dport 99999 accept')
  // The problem names the line the learner typed on, counted as the editor counts.
  const lines = await editor.locator('.cm-line').allInnerTexts()
  const line = lines.findIndex((l) => l.includes('99999')) + 1
  expect(line).toBeGreaterThan(4)
  await expect(page.getByTestId('text-problem')).toContainText(`line ${line}, column`)
  await expect(page.getByTestId('text-problem')).toContainText('99999')
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1)
  // Fix it: a well-known service name is a port too.
  for (let i = 0; i < ' 99999 accept'.length; i++) await page.keyboard.press('Backspace')
  await page.keyboard.type(' http accept')
  await expect(page.getByTestId('text-problem')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Table' }).click()
  await expect(page.getByTestId('rule-row')).toHaveCount(2)
  await expect(page.getByRole('textbox', { name: 'Rule 1 Destination port' })).toHaveValue('80')
})

test('coverage, view as, the ladder and the side by side panes', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await page.getByRole('button', { name: 'Add rule' }).click()
  // A second accept-everything-to-443 rule after the first can never decide: shadowed.
  await page.getByRole('combobox', { name: 'Rule 1 Protocol' }).selectOption('tcp')
  await page.getByRole('textbox', { name: 'Rule 1 Destination port' }).fill('443')
  await page.keyboard.press('Tab')
  await page.getByRole('combobox', { name: 'Rule 1 In' }).selectOption('outside')
  await page.getByRole('textbox', { name: 'Rule 1 Destination', exact: true }).fill('1.3.3.7')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('shadowed')).toContainText('shadowed by rule 0')
  await expect(page.getByTestId('rule-row').nth(1)).toHaveClass(/unused/)

  // A bad cell is told at once, in words.
  await page.getByRole('textbox', { name: 'Rule 1 Source port' }).fill('70000')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('alert').filter({ hasText: '"70000" is not a port' })).toBeVisible()
  await page.getByRole('button', { name: 'Remove rule 1' }).click()

  await page.getByRole('button', { name: 'Run traffic' }).click()
  await page.getByTestId('view-as').selectOption('server')
  // Said with the name the learner chose from the list, as the canvas shows it.
  await expect(page.getByTestId('lab-packet').first()).toContainText('inbound at web server')
  await expect(page.locator('.legend')).toContainText('IN / OUT as seen from web server')
  // The same SYN, from fw1's outside interface and from the client's subnet.
  await page.getByTestId('view-as').selectOption('fw1:outside')
  await expect(page.getByTestId('lab-packet').first()).toContainText('inbound at fw1 · outside')
  await page.getByTestId('view-as').selectOption('119.18.36.0/24')
  await expect(page.getByTestId('lab-packet').first()).toContainText('outbound at 119.18.36.0/24')

  const ladder = page.getByRole('img', { name: /Ladder of browse/ })
  await expect(ladder).toContainText('SYN 13337 → 443 [S]')
  await expect(ladder).toContainText('SYN-ACK 443 → 13337 [SA]')

  await page.getByRole('button', { name: /side by side/ }).click()
  await expect(page.getByTestId('pane-stateless')).toContainText('timed out')
  await expect(page.getByTestId('pane-stateful')).toContainText('connected')
  await expect(page.getByTestId('pane-stateless')).toContainText('the reply that dies here')
})

test('a typo in a rule cell does not outlive Start over', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  const port = page.getByRole('textbox', { name: 'Rule 0 Destination port' })
  await expect(port).toHaveValue('443')
  await port.fill('443x')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('alert').filter({ hasText: '"443x" is not a port' })).toBeVisible()
  // The lab's own rule comes back, and with it the cell's own text: no warning about a typo
  // that is no longer there.
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(port).toHaveValue('443')
  await expect(port).not.toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('alert').filter({ hasText: '443x' })).toHaveCount(0)
})

test('an address problem and a link being made belong to the node they were made on', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  const palette = page.getByRole('toolbar', { name: 'Add to the network' })
  await palette.getByRole('button', { name: '+ Switch' }).click()
  await palette.getByRole('button', { name: '+ Host' }).click()
  await palette.getByRole('button', { name: '+ Firewall' }).click()
  await expect(page.getByRole('heading', { name: /^fw2/, level: 2 })).toBeVisible()

  // A bad address on fw2 is fw2's: fw1's own outside address is fine.
  await page.getByRole('textbox', { name: /^outside address/ }).fill('10.8.5.1')
  await page.keyboard.press('Tab')
  await expect(
    page.getByRole('alert').filter({ hasText: '"10.8.5.1" is not an address' }),
  ).toBeVisible()
  await page.getByRole('button', { name: /^fw1, firewall/ }).click()
  await expect(page.getByRole('heading', { name: /^fw1/, level: 2 })).toBeVisible()
  await expect(page.getByRole('textbox', { name: /^outside address/ })).toHaveValue(
    '119.18.36.1/24',
  )
  await expect(page.getByRole('alert').filter({ hasText: 'is not an address' })).toHaveCount(0)

  // "From" chosen on fw2, then the learner selects host1 and links it: the link is host1's.
  await page.getByRole('button', { name: /^fw2, firewall/ }).click()
  await page.getByRole('combobox', { name: 'From' }).selectOption('fw2:inside')
  await page.getByRole('button', { name: /^host1/ }).click()
  await expect(page.getByRole('heading', { name: /^host1/, level: 2 })).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue('host1:eth0')
  await page.getByRole('combobox', { name: 'To' }).selectOption('sw3:p1')
  await page.getByRole('button', { name: 'Add link' }).click()
  await expect(page.locator('.link-list')).toContainText('host1 · eth0 ↔ sw3 · p1')
  await expect(page.locator('.link-list')).not.toContainText('fw2 · inside')
  // Two switches are both called "switch": their ids tell them apart.
  await page.getByRole('button', { name: /^fw1, firewall/ }).click()
  await expect(page.locator('.link-list')).toContainText('switch (sw1) · p3 ↔ fw1 · outside')
  await expect(page.locator('.link-list')).toContainText('fw1 · inside ↔ switch (sw2) · p1')
})

test('nodes added one after another from the palette do not cover each other', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  const palette = page.getByRole('toolbar', { name: 'Add to the network' })
  for (const kind of ['Switch', 'Host', 'Firewall', 'Router'])
    await palette.getByRole('button', { name: `+ ${kind}` }).click()
  const frame = (await page.locator('.topo').boundingBox())!
  const boxes = []
  for (const id of ['sw3', 'host1', 'fw2', 'r1']) {
    // The icon, without the addresses under it.
    const box = (await page.locator(`[data-id="${id}"] rect`).first().boundingBox())!
    expect(box.y + box.height, `${id} inside the canvas`).toBeLessThanOrEqual(
      frame.y + frame.height,
    )
    boxes.push({ id, ...box })
  }
  for (const a of boxes)
    for (const b of boxes) {
      if (a.id >= b.id) continue
      const apart =
        a.x + a.width <= b.x ||
        b.x + b.width <= a.x ||
        a.y + a.height <= b.y ||
        b.y + b.height <= a.y
      expect(apart, `${a.id} and ${b.id} do not overlap`).toBe(true)
    }
})

test('a run of more than 200 packets lists them all on request', async ({ app }) => {
  const { page } = app
  await app.open('#/')
  await page.waitForFunction(() => 'portwise' in window)
  // The Sandbox network, open, with four pings of 64 echoes: hundreds of packets.
  const t = sandboxNetwork()
  t.nodes.find((n) => n.id === 'fw1')!.firewall = {
    kind: 'stateful',
    forward: { policy: 'accept', rules: [] },
  }
  t.flows = [0, 1, 2, 3].map((i) => ({
    name: `ping ${i}`,
    kind: 'ping' as const,
    from: i % 2 ? 'updates' : 'client',
    to: i < 2 ? 'server' : 'dns',
    count: 64,
  }))
  await page.evaluate(
    (text) =>
      (
        window as unknown as { portwise: { draftSave: (r: object) => Promise<unknown> } }
      ).portwise.draftSave({ packId: 'sandbox', labId: 'network', text }),
    JSON.stringify(t),
  )
  await app.open('#/lab')
  await app.reload()
  await page.getByRole('button', { name: 'Run traffic' }).click()
  const packets = page.getByTestId('lab-packet')
  await expect(packets).toHaveCount(200)
  const more = page.getByTestId('packets-more')
  await expect(more).toContainText('The first 200 of')
  const total = Number(/of (\d+) packets/.exec((await more.textContent())!)![1])
  expect(total).toBeGreaterThan(200)
  await more.getByRole('button', { name: `Show all ${total} packets` }).click()
  await expect(packets).toHaveCount(total)
  await expect(more).toHaveCount(0)
})

test('Step back from the end of a run goes back a packet', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await page.getByRole('button', { name: 'Run traffic' }).click()
  await page.getByRole('button', { name: 'Pause' }).click()
  await page.getByRole('slider', { name: 'Moment in the trace' }).press('End')
  const moment = page.locator('.playback .moment')
  await expect(moment).toHaveText(/^after packet \d+/)
  const atEnd = (await moment.textContent())!
  await page.getByRole('button', { name: 'Step back' }).click()
  await expect(moment).not.toHaveText(atEnd)
  await expect(moment).toHaveText(/^after packet \d+/)
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(moment).toHaveText(atEnd)
})

test('a node cannot be given a blank name', async ({ app }) => {
  const { page } = app
  await app.open('#/lab')
  await page.getByRole('button', { name: 'Start over' }).click()
  await page
    .getByRole('toolbar', { name: 'Add to the network' })
    .getByRole('button', { name: '+ Host' })
    .click()
  const name = page.getByRole('textbox', { name: 'Name' })
  await expect(name).toHaveValue('host1')
  await name.fill('   ')
  await page.keyboard.press('Tab')
  await expect(name).toHaveValue('host1')
  await expect(page.getByRole('heading', { name: /^host1/, level: 2 })).toBeVisible()
  await expect(page.getByRole('button', { name: /^host1, client/ })).toBeVisible()
  // A real name is taken, trimmed.
  await name.fill(' laptop ')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: /^laptop, client/ })).toBeVisible()
})
