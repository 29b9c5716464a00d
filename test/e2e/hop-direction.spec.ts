// The hop-by-hop explanation says a firewall forwards a packet ('passing through'), as View as
// fw1 does: it said 'fw1 (outbound, in inside …)' for the SYN-ACK that lab 2 teaches is inbound
// on fw1's inside interface. Runs in the browser host.
import { expect, test } from './fixtures'

test('a hop through fw1 says passing through, as View as fw1 does, not outbound', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/03-stateless-web')
  await page.getByRole('button', { name: 'Run traffic' }).click()
  await page.getByTestId('lab-packet').filter({ hasText: 'SYN-ACK' }).first().click()
  const hops = page.getByTestId('hop-detail').locator('.hops > li')
  await expect(hops.nth(0)).toContainText('web server (outbound, out eth0')
  await expect(hops.nth(1)).toContainText('fw1 (passing through, in inside')

  await page.getByTestId('view-as').selectOption('fw1')
  await expect(page.getByTestId('lab-packet').filter({ hasText: 'SYN-ACK' }).first()).toContainText(
    'passing through at fw1',
  )
})
