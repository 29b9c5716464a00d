// Nodes are called what the canvas calls them in every panel that reads a run: the flows to run,
// the hop-by-hop explanation, the ladder and "view as" (lab 4's update flow read 'update server →
// updates', the web server's ids, as if the update server started it). Runs in the browser host.
import { expect, test } from './fixtures'

test('the flows, hops, ladder and view-as points name nodes by their labels, not their ids', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/04-updates-two-pairs')
  const picks = page.getByRole('group', { name: 'Flows to run' })
  await expect(picks).toContainText('browse (https: client (Windows) → web server)')
  await expect(picks).toContainText('update (update: web server → update server)')

  await page.getByRole('button', { name: 'Run traffic' }).click()
  await page.getByTestId('lab-packet').filter({ hasText: 'SYN-ACK' }).first().click()
  const hops = page.getByTestId('hop-detail').locator('.hops > li > strong')
  await expect(hops).toHaveText(['web server', 'fw1', 'client (Windows)'])
  await expect(page.getByRole('img', { name: /^Ladder of browse/ })).toHaveAccessibleName(
    'Ladder of browse: 10 packets between client (Windows), fw1, web server',
  )
  await expect(
    page.getByTestId('view-as').locator('option', { hasText: 'fw1 · inside' }),
  ).toHaveCount(1)
})
