// The Instructor screen with a generated class of the built-in course (test/support/
// write-class.ts): what it says after the list of bundles or the pack changes, a class where no
// bundle could be graded, how a pass is named, a pack with a long title in the Lab pack field, the
// totals with a bundle a later one replaced, a learner's reports dropped with their bundle, and a
// row's cells against its score. Each test is named after the defect it pins. Runs in the browser
// host.
import type { Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Three learners' bundles of the course, as the files an instructor would add. */
function classFiles(version?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'portwise-e2e-class-'))
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'test/support/write-class.ts'),
      dir,
      '3',
      '11',
      ...(version ? [version] : []),
    ],
    { cwd: root },
  )
  return [0, 1, 2].map((i) => join(dir, `learner${i}.json`))
}

async function openInstructor(page: Page, open: (hash: string) => Promise<void>) {
  await open('#/instructor')
  await expect(
    page.getByRole('heading', { name: 'Instructor: grade a class', level: 1 }),
  ).toBeVisible()
}

test('results graded before the bundles changed say so, and their gradebooks are not exported as the class', async ({
  app,
}) => {
  const { page } = app
  await openInstructor(page, app.open)
  await page.getByTestId('bundle-files').setInputFiles(classFiles())
  await page.getByRole('button', { name: 'Grade 3 bundles' }).click()
  await expect(page.getByTestId('class-stats')).toContainText(/Graded\s*3/)
  await expect(page.getByRole('progressbar', { name: 'Grading the bundles' })).toBeVisible()
  const exportButton = page.getByRole('button', { name: 'Export gradebooks' })
  await expect(exportButton).toBeEnabled()
  await expect(page.getByTestId('stale-results')).toHaveCount(0)

  // One bundle removed: the table, totals and gradebooks were still those of three, with "3 of 3
  // bundles graded" beside a list of two, and Export wrote the three.
  await page.getByRole('button', { name: 'Remove learner1.json' }).click()
  await expect(page.getByTestId('stale-results')).toContainText(
    'These results are of the 3 bundles read before the pack or the list of bundles changed.',
  )
  await expect(exportButton).toBeDisabled()
  await expect(page.locator('#gradebook-files')).toContainText('Grade the bundles again first.')
  await expect(page.getByRole('progressbar', { name: 'Grading the bundles' })).toHaveCount(0)

  await page.getByTestId('stale-results').getByRole('button', { name: 'Grade again' }).click()
  await expect(page.getByTestId('class-stats')).toContainText(/Graded\s*2/)
  await expect(page.getByTestId('stale-results')).toHaveCount(0)
  await expect(exportButton).toBeEnabled()
})

test('pass rates name a pass as every objective met, not full marks', async ({ app }) => {
  const { page } = app
  await openInstructor(page, app.open)
  await page.getByTestId('bundle-files').setInputFiles(classFiles())
  await page.getByRole('button', { name: 'Grade 3 bundles' }).click()
  const rates = page.getByTestId('pass-rates')
  await expect(
    rates.getByRole('columnheader', { name: 'Passed (every objective met)' }),
  ).toBeVisible()
  await expect(rates).not.toContainText('full marks')
})

test('a class with no bundle graded shows dashes, not a mean, lowest score and pass rates of 0', async ({
  app,
}) => {
  const { page } = app
  await openInstructor(page, app.open)
  await page.getByTestId('bundle-files').setInputFiles(classFiles('0.9.0'))
  await page.getByRole('button', { name: 'Grade 3 bundles' }).click()
  const stats = page.getByTestId('class-stats')
  await expect(stats).toContainText(/Graded\s*0/)
  await expect(stats).toContainText(/Not graded\s*3/)
  // the bar counts every bundle read: "3 of 3 bundles graded" sat beside "Graded 0"
  await expect(page.getByTestId('grade-progress')).toHaveAttribute(
    'aria-valuetext',
    '3 of 3 bundles read',
  )
  await expect(page.locator('.grade-progress')).toContainText('3 of 3 bundles read')
  await expect(stats).toContainText(/Mean\s*— \/ 246/)
  await expect(stats).toContainText(/Lowest\s*—/)
  await expect(stats).toContainText(/Highest\s*—/)
  const rates = page.getByTestId('pass-rates')
  await expect(rates).toContainText('— (no bundle graded)')
  await expect(rates).not.toContainText('0%')
})

test('a pack with a long title stays inside the Lab pack fields of Export results and the Instructor form', async ({
  app,
}) => {
  const { page } = app
  const dir = mkdtempSync(join(tmpdir(), 'portwise-e2e-long-'))
  cpSync(join(root, 'test/fixtures/packs/basic'), join(dir, 'pack'), { recursive: true })
  const manifest = join(dir, 'pack', 'pack.json')
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as { title: string; $schema: string }
  json.title =
    'A course whose title goes on and on: stateless and stateful firewalls, network ACLs and security groups'
  delete (json as { $schema?: string }).$schema
  writeFileSync(manifest, JSON.stringify(json))
  const file = join(dir, 'long.labpack')
  execFileSync(
    process.execPath,
    [join(root, 'bin', 'portwise.mjs'), 'pack', 'build', join(dir, 'pack'), '--out', file],
    { cwd: root },
  )
  await page.setViewportSize({ width: 1280, height: 800 })
  await app.open('')
  await page.getByTestId('pack-file').setInputFiles(file)
  await expect(page.getByTestId('pack-installed')).toContainText('Installed')

  /** How far the field sticks out of its form, in pixels (0 when inside). */
  const overflow = (form: string) =>
    page.evaluate((selector) => {
      const box = document.querySelector(selector)!.getBoundingClientRect()
      const field = document.querySelector(`${selector} select`)!.getBoundingClientRect()
      return Math.max(0, field.right - box.right)
    }, form)

  await page.getByRole('button', { name: 'Export results…' }).click()
  await page
    .getByRole('combobox', { name: 'Lab pack' })
    .selectOption({ label: `${json.title} (1.0.0)` })
  expect(await overflow('#export-form')).toBe(0)

  await openInstructor(page, app.open)
  await page
    .getByRole('combobox', { name: 'Lab pack' })
    .selectOption({ label: `${json.title} (1.0.0)` })
  expect(await overflow('.grade-form')).toBe(0)
})

test('a bundle replaced by a later one of the same learner is counted beside graded and not graded', async ({
  app,
}) => {
  const { page } = app
  const [first] = classFiles()
  const later = JSON.parse(readFileSync(first, 'utf8')) as { exportedAt: string }
  later.exportedAt = '2099-01-01T00:00:00.000Z'
  const again = first.replace('learner0.json', 'learner0-again.json')
  writeFileSync(again, JSON.stringify(later))
  await openInstructor(page, app.open)
  await page.getByTestId('bundle-files').setInputFiles([first, again])
  await page.getByRole('button', { name: 'Grade 2 bundles' }).click()
  await expect(page.getByTestId('learner-row')).toHaveCount(2)
  // Two rows, and the totals said "Graded 1, Not graded 0": one bundle was in neither.
  const stats = page.getByTestId('class-stats')
  await expect(stats).toContainText(/Graded\s*1/)
  await expect(stats).toContainText(/Not graded\s*0/)
  await expect(stats).toContainText(/Replaced by a later bundle\s*1/)
})

test("a learner's HTML and PDF reports dropped with their bundle are left out, not graded as unreadable bundles", async ({
  app,
}) => {
  const { page } = app
  const [bundle] = classFiles()
  await openInstructor(page, app.open)
  // What Export results writes: the bundle and its report as HTML and PDF, dropped together.
  const dropped = await page.evaluateHandle(
    (text) => {
      const dt = new DataTransfer()
      dt.items.add(new File([text], 'results-ada.json', { type: 'application/json' }))
      dt.items.add(new File(['<!doctype html><title>r</title>'], 'results-ada.html'))
      dt.items.add(new File(['%PDF-1.7'], 'results-ada.pdf'))
      return dt
    },
    readFileSync(bundle, 'utf8'),
  )
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dropped })
  await expect(page.getByTestId('bundle-count')).toContainText('1 bundle added')
  await expect(page.getByRole('alert')).toContainText(
    'Left out 2 files that are not .json (results-ada.html, results-ada.pdf): only a results bundle (.json) is graded',
  )
  await page.getByRole('button', { name: 'Grade 1 bundle' }).click()
  await expect(page.getByTestId('learner-row')).toHaveCount(1)
  await expect(page.getByTestId('class-stats')).toContainText(/Not graded\s*0/)
})

test("a row's cells less what hints cost add up to its score", async ({ app }) => {
  const { page } = app
  await openInstructor(page, app.open)
  await page.getByTestId('bundle-files').setInputFiles(classFiles())
  await page.getByRole('button', { name: 'Grade 3 bundles' }).click()
  const rows = page.getByTestId('learner-row')
  await expect(rows).toHaveCount(3)
  // The cells are each objective's points before hints; the score is after them. With nothing to
  // say what hints took, a row's cells added up to more than its score.
  await expect(page.getByTestId('hint-cost').first()).toBeVisible()
  for (const row of await rows.all()) {
    const score = Number(await row.locator('td.total strong').innerText())
    const cells = await row.locator('td.cell.pass, td.cell.fail').allInnerTexts()
    const earned = cells.reduce((n, t) => n + Number(t.trim().split(/\s+/).pop()), 0)
    const hints = (await row.getByTestId('hint-cost').count())
      ? Number((await row.getByTestId('hint-cost').innerText()).replace('hints −', ''))
      : 0
    expect(earned - hints).toBeCloseTo(score, 5)
  }
})
