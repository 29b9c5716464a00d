// A lab pack written in the nftables dialect (test/fixtures/packs/nft-dialect): installed from
// Home, its firewall edited as nftables text in CodeMirror, a mistake underlined at its line, then
// solved, with the side-by-side panes tracing the text as written. Runs in the browser host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'

const root = fileURLToPath(new URL('../..', import.meta.url))

test('an nftables lab is edited as nftables text and passes', async ({ app }) => {
  const { page } = app
  const file = join(mkdtempSync(join(tmpdir(), 'portwise-e2e-nft-')), 'test-nft.labpack')
  execFileSync(
    process.execPath,
    [
      join(root, 'bin/portwise.mjs'),
      'pack',
      'build',
      join(root, 'test/fixtures/packs/nft-dialect'),
      '--out',
      file,
    ],
    { cwd: root },
  )
  await app.open('')
  await page.getByTestId('pack-file').setInputFiles(file)
  await expect(page.getByTestId('pack-installed')).toContainText('Test nftables')
  await app.open('#/lab/test-nft/web')

  const editor = page.getByTestId('dialect-text').locator('.cm-content')
  await expect(editor).toContainText('policy drop;')
  await expect(page.getByRole('region', { name: 'Rules of fw1 (nftables)' })).toBeVisible()
  await expect(page.locator('[data-objective="browse"]')).not.toContainText('done')
  // Side by side, from the nftables text as written: only the stateful pane connects.
  await page.getByRole('button', { name: /side by side/ }).click()
  await expect(page.getByTestId('pane-stateless')).toContainText('timed out')
  await expect(page.getByTestId('pane-stateful')).toContainText('connected')

  // A typo first: the dialect's parser names the line.
  await editor.click()
  // The end of line 4, the request rule (the text ends with a newline, so three lines up).
  await page.keyboard.press('Control+End')
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp')
  await page.keyboard.press('End')
  await page.keyboard.type('\niifname "inside" tcp sport 443 acept')
  await expect(page.getByTestId('text-problem').first()).toContainText('line 5')

  // Then the inverse rule, written right.
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type(
    'iifname "inside" ip saddr 1.3.3.7 tcp sport 443 tcp dport 49152-65535 accept',
  )
  await expect(page.getByTestId('text-problem')).toHaveCount(0)
  await expect(page.locator('[data-objective="browse"]')).toContainText('done')
  // The panes follow the text: with the inverse rule the stateless one connects too.
  await expect(page.getByTestId('pane-stateless')).toContainText('connected')
  await expect(page.getByTestId('live-score')).toContainText('11 of 11 points')
})
