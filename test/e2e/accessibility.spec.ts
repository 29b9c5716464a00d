// Every main screen, read the way assistive technology and keyboard users meet it: every control
// has an accessible name (from Chromium's own accessibility tree, so labels, aria-label and text
// all count as the browser computes them), Tab reaches controls with a visible focus indicator,
// and at 200 % zoom (half the CSS viewport) the page reflows instead of scrolling sideways
// (WCAG 2.2, 1.4.10). Runs in the browser host, each test on a fresh data folder.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const SCREENS = [
  { name: 'Home', hash: '', ready: 'lab-item' },
  { name: 'a lab', hash: '#/lab/portwise-basics/03-stateless-web', ready: 'live-score' },
  { name: 'the VPC lab', hash: '#/lab/portwise-basics/10-aws-vpc', ready: 'live-score' },
  { name: 'the sandbox', hash: '#/sandbox', ready: null },
  { name: 'the network sandbox', hash: '#/lab', ready: null },
  { name: 'the instructor screen', hash: '#/instructor', ready: null },
]

/** Roles a user operates; each must carry a name. */
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
])

interface AXNode {
  ignored: boolean
  role?: { value: string }
  name?: { value: string }
  backendDOMNodeId?: number
}

/** Controls whose computed accessible name is empty, described by their HTML. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] }
  const unnamed: string[] = []
  for (const node of nodes) {
    if (node.ignored || !CONTROL_ROLES.has(node.role?.value ?? '')) continue
    if ((node.name?.value ?? '').trim() !== '') continue
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId })
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { return this.outerHTML.slice(0, 160) }',
      returnByValue: true,
    })
    unnamed.push(`${node.role?.value}: ${String(result.value)}`)
  }
  await cdp.detach()
  return unnamed
}

async function openScreen(
  page: Page,
  open: (hash: string) => Promise<void>,
  screen: (typeof SCREENS)[number],
) {
  await open(screen.hash)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  if (screen.ready) await expect(page.getByTestId(screen.ready).first()).toBeVisible()
}

for (const screen of SCREENS) {
  test(`every control of ${screen.name} has an accessible name`, async ({ app }) => {
    await openScreen(app.page, app.open, screen)
    expect(await unnamedControls(app.page)).toEqual([])
  })

  test(`${screen.name} reflows at 200 % zoom and shows where the keyboard is`, async ({ app }) => {
    const { page } = app
    // 200 % zoom of a 1280 × 900 window: the page lays out in 640 × 450 CSS pixels.
    await page.setViewportSize({ width: 640, height: 450 })
    await openScreen(page, app.open, screen)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow, 'the page scrolls sideways at 200 % zoom').toBeLessThanOrEqual(1)

    // The first 30 Tab stops: each shows that it has focus (a ring, an outline, a changed
    // border: the control looks different focused than not).
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      const focused = (await page.evaluateHandle(() => document.activeElement)).asElement()
      if (!focused || (await focused.evaluate((el) => el === document.body))) break
      const what = (await focused.evaluate((el) => el.outerHTML)).slice(0, 120)
      const box = await focused.boundingBox()
      if (!box) continue
      const clip = {
        x: Math.max(0, box.x - 6),
        y: Math.max(0, box.y - 6),
        width: box.width + 12,
        height: box.height + 12,
      }
      const withFocus = await page.screenshot({ clip, animations: 'disabled' })
      await focused.evaluate((el) => (el as HTMLElement | SVGElement).blur())
      const without = await page.screenshot({ clip, animations: 'disabled' })
      expect(withFocus.equals(without), `no visible focus on ${what}`).toBe(false)
      await focused.evaluate((el) => (el as HTMLElement | SVGElement).focus())
    }
  })
}
