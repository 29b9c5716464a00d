// Lab packs and results in the browser host: installing a .labpack built with `portwise pack
// build` from test/fixtures/packs/basic, refusing a damaged one, and exporting results as three
// downloads whose JSON is a portwise-results/1 bundle. Runs in the browser host.
import type { Download } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'

const root = fileURLToPath(new URL('../..', import.meta.url))

function buildFixturePack(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'portwise-e2e-pack-')), 'test-basics.labpack')
  execFileSync(
    process.execPath,
    [
      join(root, 'bin', 'portwise.mjs'),
      'pack',
      'build',
      join(root, 'test/fixtures/packs/basic'),
      '--out',
      out,
    ],
    { cwd: root },
  )
  return out
}

test('a .labpack is installed from Home and its labs are listed; a damaged one is refused', async ({
  app,
}) => {
  const { page } = app
  const file = buildFixturePack()
  await app.open('')
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Open a lab pack…' }).click()
  await (await chooser).setFiles(file)
  await expect(page.getByTestId('pack-installed')).toContainText(
    'Installed “Test basics” 1.0.0: 2 labs',
  )
  const pack = page.getByTestId('pack').filter({ hasText: 'Test basics' })
  await expect(pack.getByTestId('lab-item')).toHaveCount(2)
  await expect(pack.getByTestId('lab-status').first()).toContainText('Not started')

  const broken = join(mkdtempSync(join(tmpdir(), 'portwise-e2e-broken-')), 'broken.labpack')
  const bytes = readFileSync(file)
  bytes.fill(0x41, 40, 200)
  writeFileSync(broken, bytes)
  await page.getByTestId('pack-file').setInputFiles(broken)
  await expect(page.getByTestId('pack-refused')).toContainText(
    'broken.labpack is not a lab pack Portwise can install',
  )
  await expect(page.getByTestId('pack').filter({ hasText: 'Test basics' })).toHaveCount(1)
})

test('results are exported as three downloads; the JSON is a portwise-results/1 bundle', async ({
  app,
}) => {
  const { page } = app
  await app.open('')
  await page.getByRole('button', { name: 'Export results…' }).click()
  await expect(page.getByRole('textbox', { name: 'Your name' })).toBeFocused()
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ada Lovelace')
  await page
    .getByRole('textbox', { name: 'Your id (email or student number)' })
    .fill('ada@example.org')
  await page
    .getByRole('combobox', { name: 'Lab pack' })
    .selectOption({ label: 'How firewalls really work (1.0.0)' })
  const downloads: Download[] = []
  page.on('download', (d) => downloads.push(d))
  await page.getByRole('button', { name: 'Download the files' }).click()
  await expect.poll(() => downloads.length).toBe(3)
  const names = downloads.map((d) => d.suggestedFilename()).sort()
  expect(names.map((n) => n.split('.').pop())).toEqual(['html', 'json', 'pdf'])
  const json = downloads.find((d) => d.suggestedFilename().endsWith('.json'))!
  const bundle = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
    format: string
    learner: unknown
  }
  expect(bundle.format).toBe('portwise-results/1')
  expect(JSON.stringify(bundle.learner)).toContain('ada@example.org')
  const pdf = downloads.find((d) => d.suggestedFilename().endsWith('.pdf'))!
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-')
  await expect(page.getByTestId('export-done')).toContainText('Downloaded')
  // Nothing was submitted on this fresh data folder: the files hold no attempt, and the learner is
  // told so before sending them (they said only "Downloaded …").
  await expect(page.getByTestId('export-done')).toContainText(
    'They hold no attempt: no lab of this pack has been submitted yet.',
  )
})
