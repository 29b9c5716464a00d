// The Instructor screen in the browser host: a learner submits lab 3 and exports results; from
// that bundle the test makes a class — the same learner, another whose score was edited by hand,
// and one made with another version of the pack (dropped on the zone) — then grades it from Home's
// link: the progress bar, a row per learner with ✓/✗ per objective, the tamper flag, the refused
// bundle and its reason, sorting, the score plot with its text alternative, the pass rates, and the
// gradebooks downloaded as one zip. Screenshots in both themes are written for a person to look at
// (test-results/), never compared. Runs in the browser host.
import type { Download, Page } from '@playwright/test'
import { strFromU8, unzipSync } from 'fflate'
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'

const LAB3 = '03-stateless-web'

interface Bundle {
  pack: { version: string }
  learner: { name: string; id: string }
  labs: { labId: string; attempts: { score: number; maxScore: number }[] }[]
}

/** Submits lab 3 with its starting rules (a low score) and exports the results bundle. */
async function exportedBundle(page: Page, open: (hash: string) => Promise<void>): Promise<string> {
  await open(`#/lab/portwise-basics/${LAB3}`)
  await page.getByRole('button', { name: 'Submit this lab' }).click()
  await expect(page.getByTestId('submit-result')).toContainText('Submitted')
  await page.getByRole('link', { name: 'Back to Home' }).click()
  await page.getByRole('button', { name: 'Export results…' }).click()
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ada Lovelace')
  await page.getByRole('textbox', { name: 'Your id (email or student number)' }).fill('s1001')
  await page
    .getByRole('combobox', { name: 'Lab pack' })
    .selectOption({ label: 'How firewalls really work (1.0.0)' })
  const downloads: Download[] = []
  page.on('download', (d) => downloads.push(d))
  await page.getByRole('button', { name: 'Download the files' }).click()
  await expect.poll(() => downloads.length).toBe(3)
  await expect(page.getByTestId('export-done')).toContainText('Downloaded')
  await expect(page.getByTestId('export-done')).not.toContainText('no attempt')
  const json = downloads.find((d) => d.suggestedFilename().endsWith('.json'))!
  return readFileSync((await json.path())!, 'utf8')
}

test('an instructor grades a class: table, tamper flag, refused bundle, plot and gradebooks', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.setViewportSize({ width: 1280, height: 900 })
  await app.open('')
  const text = await exportedBundle(page, app.open)

  const edited = JSON.parse(text) as Bundle
  edited.learner = { name: 'Bob Tables', id: 's1002' }
  const attempt = edited.labs.find((l) => l.labId === LAB3)!.attempts[0]
  expect(attempt.score).toBeLessThan(attempt.maxScore)
  attempt.score = attempt.maxScore
  const older = JSON.parse(text) as Bundle
  older.learner = { name: 'Cy Older', id: 's1003' }
  older.pack.version = '0.9.0'

  await page.getByRole('link', { name: 'Open the Instructor screen' }).click()
  await expect(
    page.getByRole('heading', { name: 'Instructor: grade a class', level: 1 }),
  ).toBeVisible()
  await page
    .getByRole('combobox', { name: 'Lab pack' })
    .selectOption({ label: 'How firewalls really work (1.0.0)' })
  const json = (name: string, body: string) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(body),
  })
  await page
    .getByTestId('bundle-files')
    .setInputFiles([json('ada.json', text), json('bob.json', JSON.stringify(edited))])
  // The third by drag and drop, as a file manager would.
  const dropped = await page.evaluateHandle((body) => {
    const dt = new DataTransfer()
    dt.items.add(new File([body], 'cy.json', { type: 'application/json' }))
    return dt
  }, JSON.stringify(older))
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dropped })
  await expect(page.getByTestId('bundle-count')).toContainText('3 bundles added')
  await expect(page.getByRole('list', { name: 'Bundles added' }).getByRole('listitem')).toHaveCount(
    3,
  )

  await page.getByRole('button', { name: 'Grade 3 bundles' }).click()
  const bar = page.getByRole('progressbar', { name: 'Grading the bundles' })
  await expect(bar).toHaveAttribute('aria-valuenow', '3')
  await expect(bar).toHaveAttribute('aria-valuemax', '3')

  const rows = page.getByTestId('learner-row')
  await expect(rows).toHaveCount(3)
  const ada = rows.filter({ hasText: 'Ada Lovelace' })
  const bob = rows.filter({ hasText: 'Bob Tables' })
  const cy = rows.filter({ hasText: 'Cy Older' })
  await expect(ada.locator('td.total')).toContainText(/\d+ \/ \d+/)
  await expect(ada.getByTestId('flag')).toHaveCount(0)
  await expect(ada.locator('td.cell.pass, td.cell.fail').first()).toBeVisible()
  await expect(ada).toContainText('not attempted')
  await expect(bob.getByTestId('flag')).toHaveText(['⚑ score edited by hand'])
  await expect(bob).toContainText('claimed')
  await bob.getByText('Why').click()
  await expect(bob).toContainText(/attempt 1: claims 23 of 23, its rules earn/)
  await expect(cy.getByTestId('flag')).toHaveText(['⚑ another pack version — not graded'])
  await expect(cy).toContainText(
    'This bundle was made with version 0.9.0 of this pack; 1.0.0 is installed.',
  )
  await expect(page.getByTestId('class-stats')).toContainText(/Graded\s*2/)
  await expect(page.getByTestId('class-stats')).toContainText(/Flagged\s*1/)
  await expect(page.getByTestId('class-stats')).toContainText(/Not graded\s*1/)

  // Sorting: by score, best first, and the refused bundle last whichever the direction.
  const scoreHead = page.getByRole('columnheader', { name: /Score/ })
  await page.getByRole('button', { name: /^Score/ }).click()
  await expect(scoreHead).toHaveAttribute('aria-sort', 'descending')
  await expect(rows.last()).toContainText('Cy Older')
  await page.getByRole('button', { name: /^Score/ }).click()
  await expect(scoreHead).toHaveAttribute('aria-sort', 'ascending')
  await expect(rows.last()).toContainText('Cy Older')
  await page.getByRole('button', { name: /^Learner/ }).click()
  await expect(page.getByRole('columnheader', { name: /Learner/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  await expect(rows.first()).toContainText('Ada Lovelace')

  const plot = page.getByRole('img', { name: /Score distribution: learners per band/ })
  await expect(plot).toBeVisible()
  await expect(plot.locator('rect')).toHaveCount(10)
  await expect(page.getByTestId('score-plot').locator('desc')).toContainText('2 learners graded')
  // Bands named by their bounds, and which band a bound falls in (0–9% said nothing of 9.5%).
  await expect(page.getByTestId('score-plot').locator('desc')).toContainText(
    'Each band includes its lower bound and not its upper one',
  )
  const table = page.getByRole('table', { name: 'The score distribution as a table' })
  await expect(table).toContainText('Score, %')
  await expect(table.getByRole('columnheader', { name: '90–100' })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: '0–10', exact: true })).toBeVisible()
  await expect(page.getByTestId('pass-rates')).toContainText(
    'A stateless firewall in front of a web server',
  )

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({
      path: testInfo.outputPath(`instructor-${colorScheme}.png`),
      fullPage: true,
    })
  }
  await page.emulateMedia({ colorScheme: 'light' })

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export gradebooks' }).click()
  const zip = await download
  expect(zip.suggestedFilename()).toBe('gradebooks-portwise-basics-1.0.0.zip')
  const files = unzipSync(readFileSync((await zip.path())!))
  expect(Object.keys(files).sort()).toEqual([
    'canvas.csv',
    'class-summary.html',
    'feedback/feedback-s1001.html',
    'feedback/feedback-s1002.html',
    'gradebook.csv',
    'moodle.csv',
    'xapi-statements.json',
  ])
  const plain = strFromU8(files['gradebook.csv'])
  expect(plain).toContain('s1002')
  expect(plain).toContain('FLAGGED')
  expect(plain).toMatch(/s1003,,,"?not graded/)
  await expect(page.getByTestId('gradebooks-exported')).toContainText(
    'Downloaded gradebooks-portwise-basics-1.0.0.zip: 7 files.',
  )
})
