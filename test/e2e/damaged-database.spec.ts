// A damaged progress database, or one from a newer Portwise, is never overwritten: the app
// starts with a fresh one, keeps the old file aside unchanged and tells the learner where.
// Runs in the browser host, started on a data folder prepared by the test.
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, startHost, test } from './fixtures'

test('a truncated database is moved aside and the learner is told where', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'portwise-e2e-damaged-'))
  // The first 3 KB of a real database: a valid header, then nothing.
  const real = join(mkdtempSync(join(tmpdir(), 'portwise-e2e-real-')), 'progress.db')
  const db = new Database(real)
  db.exec('create table t (x); insert into t values (randomblob(20000));')
  db.close()
  const damaged = readFileSync(real).subarray(0, 3072)
  writeFileSync(join(dir, 'progress.db'), damaged)

  const host = await startHost(dir)
  try {
    await page.goto(host.url)
    const notice = page
      .getByRole('region', { name: 'Notices' })
      .filter({ hasText: 'kept, unchanged, at' })
    await expect(notice.first()).toBeVisible()
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.db.corrupt-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(dir, aside!))).toEqual(damaged)
    await expect(notice.first()).toContainText(join(dir, aside!))
    // The app works on its fresh database: the course is there.
    await expect(page.getByTestId('lab-item')).toHaveCount(11)
  } finally {
    await host.stop()
  }
})

test('a database from a newer Portwise is kept aside, not opened', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'portwise-e2e-newer-'))
  const db = new Database(join(dir, 'progress.db'))
  db.pragma('user_version = 9999')
  db.exec('create table future (x)')
  db.close()
  const host = await startHost(dir)
  try {
    await page.goto(host.url)
    const notice = page.getByText(/kept, unchanged, at .*progress\.db\.newer-v9999-/)
    await expect(notice.first()).toBeVisible()
    expect(readdirSync(dir).some((f) => f.startsWith('progress.db.newer-v9999-'))).toBe(true)
  } finally {
    await host.stop()
  }
})
