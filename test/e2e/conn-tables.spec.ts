// Connection tables list every filter of the network, whatever it is written in: lab 10's security
// group is AWS JSON, not a firewall in the topology file, and its table is the one that fills.
// Runs in the browser host.
import { expect, test } from './fixtures'

test('lab 10 shows the security group’s connection table and says the ACL keeps none', async ({
  app,
}) => {
  const { page } = app
  await app.open('#/lab/portwise-basics/10-aws-vpc')
  await page.getByRole('button', { name: 'Run traffic' }).click()
  // Run traffic plays the trace from the start; stop it to look at chosen moments
  await page.getByRole('button', { name: 'Pause' }).click()
  const moment = page.getByRole('slider', { name: 'Moment in the trace' })
  await moment.press('End')
  await expect(page.getByText('after packet 12: SYN')).toBeVisible()

  const tables = page.getByRole('region', { name: 'Connection tables now' })
  await expect(tables.getByRole('heading', { name: 'VPC router' })).toBeVisible()
  await expect(tables).toContainText(
    'The network ACL of subnet public (acl-public) is stateless: it keeps no connection table.',
  )
  const sg = tables.getByRole('table', { name: 'Connection table of web (EC2 instance)' })
  const row = (state: string) => sg.getByRole('row').filter({ hasText: state })
  // At the end the update's SYN left through the group and was never answered (SYN_SENT); the
  // browse entry is gone: SYN_RECV lasts 60 s (nf_conntrack_tcp_timeout_syn_recv), the update
  // ran until 127 s.
  await expect(row('SYN_SENT')).toContainText('[UNREPLIED]')
  await expect(row('SYN_RECV')).toHaveCount(0)

  // Just after the first SYN-ACK left through the group (a reply: SYN_RECV) and died at the ACL.
  await moment.press('Home')
  await page.getByRole('button', { name: 'Step forward' }).click()
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(page.getByText('after packet 1: SYN-ACK')).toBeVisible()
  await expect(row('SYN_RECV')).toContainText('tcp 203.0.113.10:59425 → 10.0.1.10:443')
  await expect(row('SYN_SENT')).toHaveCount(0)
})
